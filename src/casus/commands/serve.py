"""`casus serve`: the web app and REST API over an event store."""

from __future__ import annotations

import ipaddress
import logging
import os
from typing import Annotated

import typer

from casus.commands.options import open_db

logger = logging.getLogger(__name__)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    db: Annotated[str, typer.Option(help="SQLite file or postgresql:// URL (made by ingest).")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_write: Annotated[
        bool,
        typer.Option(
            "--allow-write", help="Let the 'Code an article' page and the API store articles."
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (SQLite reads run in parallel).")
    ] = 1,
) -> None:
    """Serve the pages and the REST API (/api/v1; OpenAPI at /api/v1/openapi.json)."""
    import uvicorn

    from casus.web.app import create_app
    from casus.web.assets import missing_vendor_files

    store = open_db(db, create=False)
    missing = missing_vendor_files()
    if missing:
        typer.echo(
            "casus: front-end files missing (run `make install`): " + ", ".join(missing), err=True
        )
    if not _loopback(host):
        typer.echo(f"casus: warning: listening on {host}, reachable from other machines", err=True)
    mode = "read-write" if allow_write else "read-only"
    typer.echo(f"casus: serving {store.url} ({mode}) on http://{host}:{port}/", err=True)
    if workers == 1:
        try:
            uvicorn.run(
                create_app(store, allow_write=allow_write),
                host=host,
                port=port,
                log_level="warning",
                server_header=False,
            )
        finally:
            store.close()
        return
    store.close()
    # each worker process opens the store itself, from these settings
    os.environ["CASUS_WEB_DB"] = db
    os.environ["CASUS_WEB_ALLOW_WRITE"] = "1" if allow_write else "0"
    uvicorn.run(
        "casus.web.app:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    """Add `serve` to the casus CLI."""
    app.command("serve")(serve_command)
