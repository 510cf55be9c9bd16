"""The CAMEO event ontology, its PLOVER mapping and the actor-code vocabulary.

The data lives in ``casus/data/ontology/`` (``cameo_events.csv``, ``plover.csv``
and ``actor_codes.yml``) and is validated when loaded.
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Final, TypeAlias

import yaml

__all__ = [
    "ACTOR_CODES_FILE",
    "EVENTS_FILE",
    "PLOVER_EVENTS",
    "PLOVER_FILE",
    "QUAD_CLASS_NAMES",
    "EventType",
    "Ontology",
    "OntologyError",
    "default_ontology",
    "load_ontology",
    "quad_class_for_root",
]

logger = logging.getLogger(__name__)

EVENTS_FILE: Final = "cameo_events.csv"
PLOVER_FILE: Final = "plover.csv"
ACTOR_CODES_FILE: Final = "actor_codes.yml"

EVENTS_HEADER: Final = ("code", "name", "goldstein", "quad_class", "description")
PLOVER_HEADER: Final = ("cameo", "event", "mode")

#: PLOVER event types, plus OTHER for CAMEO codes PLOVER does not code (01x).
PLOVER_EVENTS: Final = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
        "OTHER",
    }
)

QUAD_CLASS_NAMES: Final[Mapping[int, str]] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)

GOLDSTEIN_MIN: Final = -10.0
GOLDSTEIN_MAX: Final = 10.0

_CODE_RE: Final = re.compile(r"[0-9]{2,4}")
_MODE_RE: Final = re.compile(r"[a-z][a-z0-9_-]*")
_ACTOR_PART_RE: Final = re.compile(r"[A-Z]{3}")

# YAML sections: required ones, then optional ones.
_YAML_REQUIRED: Final = ("countries", "international", "sectors")
_YAML_OPTIONAL: Final = ("extra_countries", "regions")


class OntologyError(ValueError):
    """Invalid ontology data; the message names the file, the line and the problem."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = source if line is None else f"{source}, line {line}"
        super().__init__(f"{where}: {problem}")


def quad_class_for_root(root: str) -> int:
    """Quad class of a CAMEO root: 01-05 → 1, 06-08 → 2, 09-13 → 3, 14-20 → 4."""
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 13:
        return 3
    return 4


@dataclass(frozen=True, slots=True)
class EventType:
    """One CAMEO event code with its weights and PLOVER equivalent."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str
    plover_mode: str | None
    description: str

    @property
    def root(self) -> str:
        """The two-digit root ("064" → "06")."""
        return self.code[:2]

    @property
    def level(self) -> int:
        """2 for a root, 3 for a three-digit code, 4 for a four-digit code."""
        return len(self.code)

    @property
    def parent(self) -> str | None:
        """The code one level up ("0841" → "084", "084" → "08"), None for a root."""
        if len(self.code) == 2:
            return None
        return self.code[:-1] if len(self.code) == 4 else self.code[:2]


@dataclass(frozen=True)
class Ontology:
    """Event types keyed by CAMEO code, and the actor-code vocabulary."""

    event_types: Mapping[str, EventType]
    countries: Mapping[str, str]
    international: Mapping[str, str]
    sectors: Mapping[str, str]
    regions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def event(self, code: str) -> EventType:
        """Return the event type for ``code``; KeyError if the code is unknown."""
        try:
            return self.event_types[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO event code {code!r}") from None

    def roots(self) -> list[EventType]:
        """Return the 20 root event types, in code order."""
        return [e for code, e in sorted(self.event_types.items()) if len(code) == 2]

    def children(self, code: str) -> list[EventType]:
        """Return the event types one level below ``code``, in code order."""
        return [e for c, e in sorted(self.event_types.items()) if e.parent == code]


# --------------------------------------------------------------------------- reading

DataDir: TypeAlias = Path | Traversable
_CodeLines: TypeAlias = dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class _EventTypeRow:
    line: int
    code: str
    name: str
    goldstein: float
    quad_class: int
    description: str


def _read_text(path: Traversable) -> str:
    if not path.is_file():
        raise OntologyError(str(path), "file not found")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OntologyError(str(path), f"cannot read file: {exc}") from exc


def _csv_rows(path: Traversable, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) per data row, skipping '#' lines and blanks."""
    source = str(path)
    header_seen = False
    for number, raw in enumerate(_read_text(path).splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = next(csv.reader([raw]))
        if not header_seen:
            if tuple(f.strip() for f in fields) != header:
                raise OntologyError(
                    source,
                    f"expected header {','.join(header)!r}, found {raw.strip()!r}",
                    number,
                )
            header_seen = True
            continue
        if len(fields) != len(header):
            raise OntologyError(
                source, f"expected {len(header)} fields, found {len(fields)}", number
            )
        yield number, [f.strip() for f in fields]
    if not header_seen:
        raise OntologyError(source, f"missing header {','.join(header)!r}")


def _check_code(source: str, code: str, line: int) -> None:
    if not _CODE_RE.fullmatch(code):
        raise OntologyError(
            source, f"bad CAMEO code format {code!r} (expected 2 to 4 digits)", line
        )
    if not 1 <= int(code[:2]) <= 20:
        raise OntologyError(source, f"CAMEO code {code!r} has no valid root (01-20)", line)


def _read_events(path: Traversable) -> dict[str, _EventTypeRow]:
    source = str(path)
    rows: dict[str, _EventTypeRow] = {}
    for line, (code, name, goldstein_text, quad_text, description) in _csv_rows(
        path, EVENTS_HEADER
    ):
        _check_code(source, code, line)
        if code in rows:
            raise OntologyError(
                source,
                f"duplicate CAMEO code {code!r} (first on line {rows[code].line})",
                line,
            )
        if not name:
            raise OntologyError(source, f"CAMEO code {code!r} has no name", line)
        try:
            goldstein = float(goldstein_text)
        except ValueError:
            raise OntologyError(
                source, f"goldstein value {goldstein_text!r} is not a number", line
            ) from None
        if not GOLDSTEIN_MIN <= goldstein <= GOLDSTEIN_MAX:
            raise OntologyError(
                source,
                f"goldstein value {goldstein} outside [-10, 10] for {code!r}",
                line,
            )
        try:
            quad_class = int(quad_text)
        except ValueError:
            raise OntologyError(
                source, f"quad class {quad_text!r} is not an integer", line
            ) from None
        expected = quad_class_for_root(code[:2])
        if quad_class != expected:
            raise OntologyError(
                source,
                f"quad class {quad_class} for {code!r} does not match its root "
                f"{code[:2]} (expected {expected})",
                line,
            )
        rows[code] = _EventTypeRow(line, code, name, goldstein, quad_class, description)
    for code, row in rows.items():
        parent = code[:2] if len(code) == 3 else code[:3] if len(code) == 4 else None
        if parent is not None and parent not in rows:
            kind = "root" if len(parent) == 2 else "3-digit parent"
            raise OntologyError(source, f"CAMEO code {code!r} has no {kind} {parent!r}", row.line)
    return rows


def _read_plover(
    path: Traversable, events: Mapping[str, _EventTypeRow], events_name: str
) -> dict[str, tuple[str, str | None]]:
    source = str(path)
    mapping: dict[str, tuple[str, str | None]] = {}
    lines: dict[str, int] = {}
    for line, (code, event, mode) in _csv_rows(path, PLOVER_HEADER):
        _check_code(source, code, line)
        if code in lines:
            raise OntologyError(
                source,
                f"duplicate PLOVER row for {code!r} (first on line {lines[code]})",
                line,
            )
        if code not in events:
            raise OntologyError(
                source,
                f"PLOVER row for unknown CAMEO code {code!r} (not in {events_name})",
                line,
            )
        if event not in PLOVER_EVENTS:
            raise OntologyError(source, f"unknown PLOVER event type {event!r}", line)
        if mode and not _MODE_RE.fullmatch(mode):
            raise OntologyError(source, f"bad PLOVER mode {mode!r}", line)
        lines[code] = line
        mapping[code] = (event, mode or None)
    for code, row in events.items():
        if code not in mapping:
            raise OntologyError(
                source,
                f"CAMEO code {code!r} ({events_name} line {row.line}) has no PLOVER mapping",
            )
    return mapping


def _key_lines(source: str, text: str) -> tuple[dict[str, int], _CodeLines]:
    """Return the line of each section and of each code; reject duplicate keys."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise OntologyError(source, f"invalid YAML: {exc}", line) from exc
    if not isinstance(root, yaml.MappingNode):
        raise OntologyError(source, "top level must be a mapping of sections")
    section_lines: dict[str, int] = {}
    code_lines: _CodeLines = {}
    for key_node, value_node in root.value:
        section = str(key_node.value)
        section_line = key_node.start_mark.line + 1
        if section in section_lines:
            raise OntologyError(source, f"duplicate section {section!r}", section_line)
        section_lines[section] = section_line
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null"):
            code_lines[section] = {}
            continue
        if not isinstance(value_node, yaml.MappingNode):
            raise OntologyError(
                source,
                f"section {section!r} must be a mapping of CODE: text",
                section_line,
            )
        seen: dict[str, int] = {}
        for code_node, _ in value_node.value:
            code = str(code_node.value)
            line = code_node.start_mark.line + 1
            if code in seen:
                raise OntologyError(
                    source,
                    f"duplicate code {code!r} in {section!r} (first on line {seen[code]})",
                    line,
                )
            seen[code] = line
        code_lines[section] = seen
    return section_lines, code_lines


def _read_section(
    source: str, section: str, entries: object, lines: Mapping[str, int]
) -> dict[str, str]:
    """Validate one YAML section of CODE: text entries."""
    table: dict[str, str] = {}
    if entries is None:
        return table
    if not isinstance(entries, dict):  # pragma: no cover - _key_lines checked it
        raise OntologyError(source, f"section {section!r} must be a mapping")
    for code, name in entries.items():
        line = lines.get(str(code))
        if not isinstance(code, str) or not _ACTOR_PART_RE.fullmatch(code):
            raise OntologyError(
                source,
                f"bad {section} code format {code!r} (expected 3 capital letters)",
                line,
            )
        if not isinstance(name, str) or not name.strip():
            raise OntologyError(source, f"{section} code {code!r} needs a non-empty text", line)
        table[code] = name.strip()
    return table


def _check_overlaps(
    source: str, tables: Mapping[str, Mapping[str, str]], lines: _CodeLines
) -> None:
    """First-part codes must be unambiguous; sectors must not look like them."""
    owners: dict[str, str] = {}
    for section in ("countries", "extra_countries", "regions", "international"):
        for code in tables[section]:
            if code in owners:
                raise OntologyError(
                    source,
                    f"code {code!r} is in both {owners[code]!r} and {section!r}",
                    lines[section].get(code),
                )
            owners[code] = section
    for code in tables["sectors"]:
        if code in owners:
            raise OntologyError(
                source,
                f"sector code {code!r} clashes with a {owners[code]} code",
                lines["sectors"].get(code),
            )


def _read_actor_codes(path: Traversable) -> dict[str, dict[str, str]]:
    source = str(path)
    text = _read_text(path)
    section_lines, lines = _key_lines(source, text)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):  # pragma: no cover - _key_lines checked it
        raise OntologyError(source, "top level must be a mapping of sections")
    known = _YAML_REQUIRED + _YAML_OPTIONAL
    tables: dict[str, dict[str, str]] = {}
    for section, entries in data.items():
        if section not in known:
            raise OntologyError(
                source,
                f"unknown section {section!r} (expected {', '.join(known)})",
                section_lines.get(str(section)),
            )
        tables[section] = _read_section(source, section, entries, lines[section])
    for section in _YAML_REQUIRED:
        if section not in tables:
            raise OntologyError(source, f"missing section {section!r}")
        if not tables[section]:
            raise OntologyError(source, f"section {section!r} is empty")
    for section in _YAML_OPTIONAL:
        tables.setdefault(section, {})
    _check_overlaps(source, tables, lines)
    return tables


def _package_data_dir() -> Traversable:
    return resources.files("casus") / "data" / "ontology"


def load_ontology(data_dir: DataDir | None = None) -> Ontology:
    """Load and validate the ontology from ``data_dir`` (default: the packaged data)."""
    base: Traversable = _package_data_dir() if data_dir is None else data_dir
    events_path = base / EVENTS_FILE
    events = _read_events(events_path)
    plover = _read_plover(base / PLOVER_FILE, events, EVENTS_FILE)
    actor_codes = _read_actor_codes(base / ACTOR_CODES_FILE)

    event_types = {
        code: EventType(
            code=code,
            name=row.name,
            goldstein=row.goldstein,
            quad_class=row.quad_class,
            plover_event=plover[code][0],
            plover_mode=plover[code][1],
            description=row.description,
        )
        for code, row in sorted(events.items())
    }
    countries = {**actor_codes["countries"], **actor_codes["extra_countries"]}
    ontology = Ontology(
        event_types=MappingProxyType(event_types),
        countries=MappingProxyType(countries),
        international=MappingProxyType(actor_codes["international"]),
        sectors=MappingProxyType(actor_codes["sectors"]),
        regions=MappingProxyType(actor_codes["regions"]),
    )
    logger.debug(
        "loaded ontology from %s: %d event codes, %d countries, %d sectors",
        base,
        len(event_types),
        len(countries),
        len(ontology.sectors),
    )
    return ontology


@functools.cache
def default_ontology() -> Ontology:
    """Return the packaged ontology, loaded once per process."""
    return load_ontology()
