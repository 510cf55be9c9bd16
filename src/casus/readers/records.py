"""JSON Lines and CSV dumps: one document per record, streamed line by line."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from casus.model import RawDoc
from casus.readers.base import FieldMap, Item, Items, ReadFailure, parse_date


class Lines(Protocol):
    """What the record readers read from: a binary file, or a byte range of one."""

    def readline(self, size: int = -1, /) -> bytes: ...


def read_jsonl(
    name: str, stream: Lines, *, fields: FieldMap, max_bytes: int, first_line: int = 1
) -> Items:
    """One RawDoc per JSON object line; a bad line is a failure named `name:LINE`.

    `first_line`: the number of the stream's first line (a byte range of a bigger file)."""
    for lineno, line in _lines(stream, max_bytes, first_line):
        where = f"{name}:{lineno}"
        if line is None:
            yield ReadFailure(where, f"record longer than {max_bytes:,} bytes", "too-large")
            continue
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield ReadFailure(where, f"not valid UTF-8 (byte {exc.start})", "encoding")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadFailure(where, f"broken JSON: {exc.msg} (column {exc.colno})", "broken-json")
            continue
        if not isinstance(obj, dict):
            yield ReadFailure(
                where, f"expected a JSON object, got {type(obj).__name__}", "bad-record"
            )
            continue
        yield make_record(where, obj, fields)


def read_csv(
    name: str, stream: Lines, *, fields: FieldMap, max_bytes: int, first_line: int = 1
) -> Items:
    """One RawDoc per row of a CSV/TSV file with a header row; bad rows name `name:LINE`.

    `first_line`: the number of the stream's first line (casus.readers.ranges gives a byte
    range of a bigger file as its header line, numbered to come just before the range)."""
    # The default field limit (128 KiB) is below a long article; the limit is process-wide.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    overlong: set[int] = set()
    lines = _decoded(stream, max_bytes, overlong, first_line)
    first = next(lines, None)
    # blank lines before the header, which the csv reader does not count; and the lines
    # before the stream, for a range
    skipped = first_line - 1
    while first is not None and not first.strip():
        first, skipped = next(lines, None), skipped + 1
    if first is None:
        yield ReadFailure(name, "empty file", "empty")
        return
    delimiter = _delimiter(name, first)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except csv.Error as exc:
        yield ReadFailure(name, f"broken CSV header ({exc})", "broken-csv")
        return
    if fields.text not in header:
        columns = ", ".join(header[:10])
        yield ReadFailure(name, f'no "{fields.text}" column (columns: {columns})', "broken-csv")
        return
    while True:
        start = reader.line_num + 1 + skipped
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadFailure(f"{name}:{start}", f"broken CSV ({exc})", "broken-csv")
            continue
        where = f"{name}:{start}"
        end = reader.line_num + skipped
        if overlong & set(range(start, end + 1)):
            yield ReadFailure(where, f"line longer than {max_bytes:,} bytes", "too-large")
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(header):
            span = f" (lines {start}-{end}: unbalanced quote?)" if end > start else ""
            reason = f"broken CSV: expected {len(header)} fields, found {len(row)}{span}"
            yield ReadFailure(where, reason, "broken-csv")
            continue
        if any(_has_surrogates(value) for value in row):
            yield ReadFailure(where, "not valid UTF-8", "encoding")
            continue
        yield make_record(where, dict(zip(header, row, strict=True)), fields)


def make_record(where: str, obj: Mapping[str, Any], fields: FieldMap) -> Item:
    """A RawDoc from a record's mapped fields, or why the record cannot be one.

    Title and URL must be strings (or absent/null); an id may also be a number.
    """
    for key, numbers in ((fields.title, False), (fields.url, False), (fields.id, True)):
        value = obj.get(key)
        if value is None or isinstance(value, str):
            continue
        if numbers and isinstance(value, int | float) and not isinstance(value, bool):
            continue
        return ReadFailure(where, f'"{key}" is not a string ({_json_type(value)})', "bad-record")
    text = obj.get(fields.text)
    if text is None:
        return ReadFailure(where, f'no "{fields.text}" field', "bad-record")
    if not isinstance(text, str):
        return ReadFailure(
            where, f'"{fields.text}" is not a string ({_json_type(text)})', "bad-record"
        )
    if not text.strip():
        return ReadFailure(where, "empty text", "empty")
    date = None
    raw_date = obj.get(fields.date)
    if raw_date not in (None, ""):
        date = parse_date(raw_date)
        if date is None:
            return ReadFailure(where, f"bad date {str(raw_date)[:40]!r}", "bad-date")
    return RawDoc(
        name=where,
        content=text,
        date=date,
        title=_optional(obj.get(fields.title)),
        url=_optional(obj.get(fields.url)),
        id=_optional(obj.get(fields.id)),
        record=True,
    )


def _optional(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _lines(stream: Lines, limit: int, first: int = 1) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; None stands for a line over `limit` bytes, skipped without keeping it."""
    lineno = first - 1
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line


def _decoded(stream: Lines, limit: int, overlong: set[int], first: int = 1) -> Iterator[str]:
    # Undecodable bytes survive as surrogates so that only their row fails, not the file.
    for lineno, line in _lines(stream, limit, first):
        if line is None:
            overlong.add(lineno)
            yield "\n"
            continue
        text = line.decode("utf-8", "surrogateescape")
        yield text.removeprefix("\ufeff") if lineno == 1 else text


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _delimiter(name: str, header: str) -> str:
    if name.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in value)
