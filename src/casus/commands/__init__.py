"""The CLI commands, one module each; each module's `register(app)` adds its command (or
command group) to the casus app, and `casus.cli` calls them all."""
