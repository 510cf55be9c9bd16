"""`casus aggregate series|network|places`: thin layers over the library."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casus.analysis.aggregate_io import GRAPH_FORMATS, TABLE_FORMATS
from casus.analysis.charts import CHART_FORMATS, chart, render
from casus.cli.options import FACTUAL, FILTER_OPTIONS, Out, with_filters
from casus.cli.options import fail as _fail
from casus.cli.options import open_db as _open

if TYPE_CHECKING:
    from casus.analysis.aggregate import EventSource
    from casus.store import EventFilter

logger = logging.getLogger(__name__)


class Interval(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class SeriesBy(StrEnum):
    total = "total"
    country = "country"
    actor = "actor"


class Side(StrEnum):
    either = "either"
    source = "source"
    target = "target"


class Level(StrEnum):
    actor = "actor"
    country = "country"


class Measure(StrEnum):
    events = "count"  # `count` would shadow str.count
    goldstein_sum = "goldstein_sum"
    goldstein_mean = "goldstein_mean"


# The choices of --format: the file formats of casus.analysis.aggregate_io, then the chart formats.
# (mypy cannot see the members of an enum built from a table.)
_TABLE = (*TABLE_FORMATS, *CHART_FORMATS)
_GRAPH = (*GRAPH_FORMATS, *CHART_FORMATS)
TableFormat = StrEnum("TableFormat", [(f, f) for f in _TABLE])  # type: ignore[misc]
GraphFormat = StrEnum("GraphFormat", [(f, f) for f in _GRAPH])  # type: ignore[misc]
CSV, GRAPHML = TableFormat("csv"), GraphFormat("graphml")


AggregateDb = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or postgresql:// URL (made by ingest), or --parquet."),
]
Parquet = Annotated[
    Path | None,
    typer.Option(
        "--parquet",
        help="Count a Parquet event dataset (`casus ingest --out`, read with DuckDB) "
        "instead of --db.",
    ),
]
Dedup = Annotated[
    bool, typer.Option("--dedup", help="Count canonical events (run `casus dedup` first).")
]
PerPhrase = Annotated[bool, typer.Option("--per-phrase", help="Count a coordinated phrase once.")]


def _emit(output: str, fmt: str, write: Any) -> None:
    """Run `write(target)` on the --out file or on stdout (binary formats: not a terminal)."""
    binary = fmt in ("parquet", "png")
    if output != "-":
        write(Path(output))
        return
    if binary and sys.stdout.isatty():
        _fail("-", f"will not write {fmt} to a terminal; use --out FILE")
        raise typer.Exit(2)
    write(sys.stdout.buffer if binary else sys.stdout)
    sys.stdout.flush()


def _write(
    kind: str, data: Any, fmt: str, output: str, write_file: Any, **chart_options: Any
) -> None:
    """Write an aggregate's `data` with `write_file(data, target, fmt=fmt)`, or, in a chart
    format, its chart of `kind` (a key of `casus.analysis.charts.CHART_KINDS`)."""
    if fmt not in CHART_FORMATS:
        _emit(output, fmt, lambda target: write_file(data, target, fmt=fmt))
        return
    drawn = chart(kind, data, **chart_options)
    _emit(output, fmt, lambda target: _write_chart(drawn, fmt, target))


def _write_chart(drawn: Any, fmt: str, target: Any) -> None:
    data = render(drawn, fmt)
    if isinstance(target, Path):
        target.write_bytes(data)
    elif hasattr(target, "encoding"):
        target.write(data.decode("utf-8"))
    else:
        target.write(data)


@contextlib.contextmanager
def _events(db: str | None, parquet: Path | None, *, dedup: bool) -> Iterator[EventSource]:
    """The database of --db or the dataset of --parquet, for an aggregate."""
    if parquet is not None:
        from casus.dataset import NO_CANONICAL, ParquetEvents

        if db is not None:
            _fail("aggregate", "give --db or --parquet, not both")
            raise typer.Exit(2)
        try:
            dataset = ParquetEvents(parquet)
        except FileNotFoundError as exc:
            _fail("aggregate", str(exc))  # names the dataset
            raise typer.Exit(2) from None
        if dedup and not dataset.has_dedup:
            _fail(str(parquet), NO_CANONICAL)
            raise typer.Exit(2)
        yield dataset
        return
    if db is None:
        _fail("aggregate", "give --db DATABASE or --parquet DATASET")
        raise typer.Exit(2)
    with _open(db, create=False) as store:
        yield store


def series_command(
    db: AggregateDb = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = CSV,
    output: Out = "-",
    interval: Annotated[Interval, typer.Option(help="Bucket size.")] = Interval.month,
    by: Annotated[SeriesBy, typer.Option(help="One series, or one per country/actor.")] = (
        SeriesBy.total
    ),
    dyad: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Source and target actor-code prefixes, e.g. --dyad RUS UKR."),
    ] = None,
    key: Annotated[
        list[str] | None, typer.Option("--key", help="With --by: only these keys; repeatable.")
    ] = None,
    top: Annotated[int | None, typer.Option(min=1, help="With --by: the N busiest keys.")] = None,
    side: Annotated[Side, typer.Option(help="With --by: which actor side.")] = Side.either,
    measure: Annotated[Measure, typer.Option(help="The measure a chart shows.")] = (Measure.events),
    zeros: Annotated[
        bool | None,
        typer.Option(
            "--zeros/--no-zeros",
            help="List periods without events as zero rows (default: yes for one series, "
            "no with --by).",
        ),
    ] = None,
    dedup: Dedup = False,
    per_phrase: PerPhrase = False,
    *,
    filters: EventFilter,
    parquet: Parquet = None,
) -> None:
    """Event counts, Goldstein sum/mean and quad-class counts per day, week or month."""
    from casus.analysis import aggregate
    from casus.analysis.aggregate_io import write_table

    if dyad is not None and by is not SeriesBy.total:
        filters = _with_dyad(filters, dyad)
    common: dict[str, Any] = {
        "interval": interval.value,
        "filters": filters,
        "dedup": dedup,
        "per_phrase": per_phrase,
    }
    if zeros is not None:
        common["fill"] = zeros
    with _events(db, parquet, dedup=dedup) as store:
        if by is SeriesBy.total:
            points = aggregate.time_series(store, dyad=_dyad(dyad), **common)
        elif by is SeriesBy.country:
            points = aggregate.country_series(
                store, side=side.value, countries=tuple(key or ()), top=top, **common
            )
        else:
            points = aggregate.actor_series(
                store, side=side.value, actors=tuple(key or ()), top=top, **common
            )
    _write("series", points, fmt.value, output, write_table, measure=measure.value)
    typer.echo(f"casus: {len(points):,} series points", err=True)


def _dyad(dyad: tuple[str, str] | None) -> tuple[str, str] | None:
    """The dyad of the options: two code prefixes, upper case."""
    if dyad is None:
        return None
    source, target = (side.strip().upper() for side in dyad)
    if not source or not target:
        raise typer.BadParameter("give two actor-code prefixes", param_hint="--dyad")
    return source, target


def _with_dyad(filters: EventFilter, dyad: tuple[str, str]) -> EventFilter:
    import dataclasses

    return dataclasses.replace(filters, source=dyad[0], target=dyad[1])


def network_command(
    db: AggregateDb = None,
    fmt: Annotated[GraphFormat, typer.Option("--format", help="Output format.")] = GRAPHML,
    output: Out = "-",
    level: Annotated[Level, typer.Option(help="Nodes are actor codes or countries.")] = (
        Level.actor
    ),
    min_count: Annotated[int, typer.Option(min=1, help="Drop edges with fewer events.")] = 1,
    dedup: Dedup = False,
    per_phrase: PerPhrase = False,
    *,
    filters: EventFilter,
    parquet: Parquet = None,
) -> None:
    """The actor network: edges weighted by events, mean Goldstein and quad classes."""
    from casus.analysis.aggregate import actor_network
    from casus.analysis.aggregate_io import write_network

    with _events(db, parquet, dedup=dedup) as store:
        graph = actor_network(
            store,
            filters=filters,
            level=level.value,
            dedup=dedup,
            min_count=min_count,
            per_phrase=per_phrase,
        )
    _write("network", graph, fmt.value, output, write_network)
    typer.echo(
        f"casus: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges", err=True
    )


def places_command(
    db: AggregateDb = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = CSV,
    output: Out = "-",
    dedup: Dedup = False,
    per_phrase: PerPhrase = False,
    *,
    filters: EventFilter,
    parquet: Parquet = None,
) -> None:
    """Events per resolved place, with coordinates (png/svg: a map of the places)."""
    from casus.analysis.aggregate import place_counts
    from casus.analysis.aggregate_io import write_table

    with _events(db, parquet, dedup=dedup) as store:
        places = place_counts(store, filters=filters, dedup=dedup, per_phrase=per_phrase)
    _write("places", places, fmt.value, output, write_table)
    typer.echo(f"casus: {len(places):,} places", err=True)


def register(app: typer.Typer) -> None:
    """Add the `aggregate` group to the casus CLI."""
    group = typer.Typer(no_args_is_help=True, help="Time series, actor networks and place counts.")
    # No --min-confidence: the aggregates never took one.
    options = [name for name in FILTER_OPTIONS if name != "min_confidence"]
    for name, command in (
        ("series", series_command),
        ("network", network_command),
        ("places", places_command),
    ):
        group.command(name)(with_filters(command, options=options, modalities=FACTUAL))
    app.add_typer(group, name="aggregate")
