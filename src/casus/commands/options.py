"""What the corpus commands share: the database option, event filters, one-line failures."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from casus.store import EventFilter, Store

Db = Annotated[str, typer.Option(help="SQLite file or postgresql:// URL.")]
Out = Annotated[str, typer.Option("--out", help="Output file, or - for stdout.")]
Since = Annotated[str | None, typer.Option(help="First event date (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Last event date (YYYY-MM-DD).")]
ActorFilter = Annotated[
    str | None, typer.Option("--actor", help="Actor-code prefix on either side, e.g. RUSGOV.")
]
CountryFilter = Annotated[
    str | None, typer.Option("--country", help="Three-letter actor country on either side.")
]
Source = Annotated[str | None, typer.Option(help="Source actor-code prefix.")]
Target = Annotated[str | None, typer.Option(help="Target actor-code prefix.")]
Roots = Annotated[list[str] | None, typer.Option("--root", help="CAMEO root; repeatable.")]
Quads = Annotated[list[int] | None, typer.Option("--quad", help="Quad class 1-4; repeatable.")]
Modalities = Annotated[
    list[str] | None, typer.Option("--modality", help="Modality, e.g. asserted; repeatable.")
]


def fail(name: str, reason: str) -> None:
    """The one line a bad input or database gets on stderr."""
    typer.echo(f"casus: {name}: {reason}", err=True)


def open_db(db: str, *, create: bool) -> Store:
    """The store, or exit 2 with one line naming the database and the driver's reason."""
    from casus.store import open_store

    try:
        return open_store(db, create=create)
    except Exception as exc:  # any driver error: one line
        fail(db, f"cannot open the database: {exc}".splitlines()[0])
        raise typer.Exit(2) from None


def parse_day(value: str | None, hint: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=hint) from None


def event_filter(
    *,
    since: str | None,
    until: str | None,
    actor: str | None,
    country: str | None,
    source: str | None,
    target: str | None,
    root: list[str] | None,
    quad: list[int] | None,
    modality: list[str] | None,
) -> EventFilter:
    """The store filter of the command-line filter options, checked."""
    from casus.model import MODALITIES
    from casus.store import EventFilter

    for m in modality or ():
        if m not in MODALITIES:
            raise typer.BadParameter(
                f"{m!r} is not one of {', '.join(MODALITIES)}", param_hint="--modality"
            )
    return EventFilter(
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        actor=actor,
        source=source,
        target=target,
        country=country,
        roots=tuple(root or ()),
        quad_classes=tuple(quad or ()),
        modalities=tuple(modality or ()),
    )
