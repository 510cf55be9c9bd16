"""`casus serve`: the web app and REST API over an event store."""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
import threading
from typing import Annotated, Any

import typer

from casus.cli.options import open_db

logger = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 5  # how long a stopping server waits for requests in flight


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
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Host name clients use besides 127.0.0.1/localhost/--host; repeatable; "
            "* accepts any (behind a proxy that checks Host).",
        ),
    ] = None,
) -> None:
    """Serve the pages and the REST API (/api/v1; OpenAPI at /api/v1/openapi.json)."""
    import uvicorn

    from casus.web.app import create_app, serve_hosts
    from casus.web.assets import missing_vendor_files

    hosts = serve_hosts(host, allowed_host or ())

    with open_db(db, create=False) as store:
        missing = missing_vendor_files()
        if missing:
            typer.echo(
                "casus: front-end files missing (run `make install`): " + ", ".join(missing),
                err=True,
            )
        if not _loopback(host):
            typer.echo(
                f"casus: warning: listening on {host}, reachable from other machines", err=True
            )
            if not hosts:
                typer.echo(
                    "casus: only requests for 127.0.0.1/localhost are answered: add "
                    "--allowed-host NAME for the name other machines use",
                    err=True,
                )
        mode = "read-write" if allow_write else "read-only"
        typer.echo(f"casus: serving {store.url} ({mode}) on http://{host}:{port}/", err=True)
        # On SIGTERM or Ctrl-C uvicorn waits for requests in flight to finish; one still
        # coding after this many seconds is abandoned so that the server stops.
        settings: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_level": "warning",
            "server_header": False,
            "timeout_graceful_shutdown": SHUTDOWN_SECONDS,
        }
        if workers == 1:
            app = create_app(store, allow_write=allow_write, allowed_hosts=hosts)
            uvicorn.run(app, **settings)
    if workers == 1:
        _exit_if_threads_remain()
        return
    # each worker process opens the store itself, from these settings
    os.environ["CASUS_WEB_DB"] = db
    os.environ["CASUS_WEB_ALLOW_WRITE"] = "1" if allow_write else "0"
    os.environ["CASUS_WEB_ALLOWED_HOSTS"] = ",".join(hosts)
    uvicorn.run("casus.web.app:app_from_environment", factory=True, workers=workers, **settings)


def _exit_if_threads_remain() -> None:
    """The server has stopped; a request thread still coding would keep the process alive
    (Python waits for its threads), so leave without waiting for it."""
    others = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and not t.daemon and t.is_alive()
    ]
    for thread in others:
        thread.join(timeout=1.0)
    if any(t.is_alive() for t in others):
        logger.warning("stopping with a request still being coded")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def register(app: typer.Typer) -> None:
    """Add `serve` to the casus CLI."""
    app.command("serve")(serve_command)
