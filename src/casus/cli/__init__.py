"""The casus command line: the `casus` app, wired from one module per command in this
package (`register(app)` adds it); `options` holds what the commands share. Command modules
import the library lazily, so that `casus --help` need not load spaCy."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from casus.cli import (
    actors,
    aggregate,
    code,
    dedup,
    evaluate,
    export,
    info,
    ingest,
    serve,
    stats,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Political event data from news text.",
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("casus")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown"
        typer.echo(f"casus {number}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Political event data from news text."""


# In the order `casus --help` lists them.
for _command in (code, evaluate, ingest, export, stats, info, dedup, aggregate, serve, actors):
    _command.register(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
