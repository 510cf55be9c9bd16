"""What the commands share: the database option, event filters, the coding options of
`code` and `ingest`, the console for results and one-line failures on stderr."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from casus.model import FACTUAL_MODALITIES

if TYPE_CHECKING:
    from casus.store import EventFilter, Store

stdout = Console(emoji=False)  # names like "dump.jsonl:100:" are not emoji codes

Db = Annotated[str, typer.Option(help="SQLite file or postgresql:// URL.")]
Out = Annotated[str, typer.Option("--out", help="Output file, or - for stdout.")]
Since = Annotated[str | None, typer.Option(help="First event date (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Last event date (YYYY-MM-DD).")]


def modality_option(default: str) -> Any:
    """--modality, whose help says what no --modality means to the command."""
    return Annotated[
        list[str] | None,
        typer.Option(
            "--modality", help=f"Modality, e.g. asserted; repeatable (default: {default})."
        ),
    ]


# The event filter options, in the order `--help` lists them: `with_filters` gives them to a
# command, so that every command that filters events names, explains and defaults them alike.
FILTER_OPTIONS: dict[str, Any] = {
    "since": Since,
    "until": Until,
    "actor": Annotated[
        str | None, typer.Option("--actor", help="Actor-code prefix on either side, e.g. RUSGOV.")
    ],
    "country": Annotated[
        str | None, typer.Option("--country", help="Three-letter actor country on either side.")
    ],
    "source": Annotated[str | None, typer.Option(help="Source actor-code prefix.")],
    "target": Annotated[str | None, typer.Option(help="Target actor-code prefix.")],
    "root": Annotated[list[str] | None, typer.Option("--root", help="CAMEO root; repeatable.")],
    "quad": Annotated[list[int] | None, typer.Option("--quad", help="Quad class 1-4; repeatable.")],
    "modality": modality_option("all"),
    "min_confidence": Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Only events at least this confident (0-1)."),
    ],
}
_FILTER_DEFAULTS: dict[str, Any] = {"min_confidence": 0.0}
# What no --modality means to a command that counts what the text says happened.
FACTUAL = ", ".join(FACTUAL_MODALITIES)

# The coding options of `code` and `ingest`.
# Seconds one document may take (kept in step with casus.pipeline.DEFAULT_TIME_BUDGET, which
# is not imported here so that `casus --help` need not load spaCy).
DEFAULT_TIME_BUDGET = 60.0
TimeBudget = Annotated[
    float,
    typer.Option(
        min=0,
        help="Seconds one document may take; over it, it fails and the rest go on (0: none).",
    ),
]
MinConfidence = Annotated[
    float, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence (0-1).")
]
Conventions = Annotated[
    str, typer.Option(help="Coding conventions profile: casus (default) or phoenix.")
]
Ner = Annotated[
    bool,
    typer.Option(
        "--ner/--no-ner", help="Run the model's NER to tell unknown organisations from people."
    ),
]


def fail(name: str, reason: str) -> None:
    """The one line a bad input or database gets on stderr."""
    typer.echo(f"casus: {name}: {reason}", err=True)


@contextmanager
def open_db(db: str, *, create: bool) -> Iterator[Store]:
    """`with open_db(...) as store:` the store, closed at the end. A database that cannot be
    opened or used, then or later (read-only, damaged, locked, disk full), gets one line
    naming it, what is wrong and what to do, and exit status 2; never a traceback."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from casus.store import StoreError, open_store

    try:
        store = open_store(db, create=create)
    except Exception as exc:  # any driver error: one line
        fail(db, f"cannot open the database: {database_problem(exc)}")
        raise typer.Exit(2) from None
    try:
        yield store
    except (SQLAlchemyError, sqlite3.Error, StoreError) as exc:
        fail(db, database_problem(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()


# What a driver's message means, and what to do about it: (words in the message, advice).
_PROBLEMS = (
    (
        ("readonly", "read-only", "read only", "permission denied"),
        "the database is read-only ({reason}); use a copy you can write to",
    ),
    (
        ("malformed", "not a database", "file is encrypted", "corrupt"),
        "the database file is damaged ({reason}); restore it from a backup, or ingest into "
        "a new file",
    ),
    (
        ("disk is full", "database or disk is full", "no space left"),
        "the disk is full ({reason}); free some space and run the same command to resume",
    ),
    (
        ("database is locked", "busy"),
        "the database is busy ({reason}); run the same command again when the other writer is done",
    ),
)


def database_problem(exc: BaseException, *, resumable: bool = False) -> str:
    """One line for a database error: the driver's reason and the advice that fits it.

    `resumable`: the command can be run again to go on (ingest); only said where a rerun
    can help, never for a damaged or read-only database.
    """
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split())[:200] or type(orig).__name__
    lowered = reason.lower()
    for words, advice in _PROBLEMS:
        if any(word in lowered for word in words):
            return advice.format(reason=reason)
    return f"{reason}; run the same command to resume" if resumable else reason


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
    min_confidence: float | None = None,
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
        min_confidence=min_confidence or None,
    )


def with_filters(
    command: Callable[..., None],
    *,
    options: Sequence[str] = tuple(FILTER_OPTIONS),
    modalities: str = "all",
) -> Callable[..., None]:
    """`command`, which takes `filters: EventFilter`, as a command with the filter options
    `options` (names of `FILTER_OPTIONS`) in that parameter's place; they reach it as one
    checked `EventFilter` (see `event_filter`).

    `modalities`: what no --modality means to the command, as its help says ("all", or
    `FACTUAL` where the library counts only what the text says happened).
    """
    # The commands import EventFilter for type checking only, so that `casus --help` does not
    # load the store; the annotation of `filters` is replaced here, so any name resolves it.
    hints = typing.get_type_hints(command, localns={"EventFilter": object}, include_extras=True)
    chosen_options = FILTER_OPTIONS | {"modality": modality_option(modalities)}
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=_FILTER_DEFAULTS.get(name),
            annotation=chosen_options[name],
        )
        for name in FILTER_OPTIONS
        if name in options
    ]
    parameters: list[inspect.Parameter] = []
    for param in inspect.signature(command).parameters.values():
        if param.name == "filters":
            parameters.extend(added)
        else:
            parameters.append(
                param.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints[param.name])
            )
    names = [param.name for param in added]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        chosen = {name: values.pop(name) for name in names}
        unset = dict.fromkeys(FILTER_OPTIONS)
        command(**values, filters=event_filter(**(unset | chosen)))

    # Typer reads the parameters of the signature, not those of the function.
    run.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    run.__annotations__ = {param.name: param.annotation for param in parameters}
    return run
