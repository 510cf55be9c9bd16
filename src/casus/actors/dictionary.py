"""Load and validate the actor dictionaries (countries, sectors, organisations, groups, people)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from casus.model import Actor
from casus.yamlio import load_yaml

logger = logging.getLogger(__name__)

EntryKind = Literal[
    "country", "adjective", "metonym", "organisation", "group", "person", "ambiguous", "region"
]
_CODE3 = re.compile(r"^[A-Z]{3}$")
_ORG3 = re.compile(r"^[A-Z0-9]{3}$")
_SECTOR = re.compile(r"^([A-Z]{3})?$")
# Kinds listed first win when one phrase names several things ("Georgia" the country beats a
# person called Georgia); a named organisation beats a country adjective inside its name.
_KIND_RANK: dict[str, int] = {
    "group": 0,
    "organisation": 1,
    "person": 2,
    "country": 3,
    "metonym": 4,
    "adjective": 5,
    "ambiguous": 6,
    "region": 7,
}


class ActorDictionaryError(ValueError):
    """A dictionary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One phrase's meaning: the actor it names and what kind of name it is."""

    actor: Actor
    kind: EntryKind
    phrase: str
    role: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def in_office(self, on: dt.date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass
class ActorDictionary:
    """All actor phrases, sector nouns and roles, ready to build matchers from."""

    phrases: dict[str, list[ActorEntry]] = field(default_factory=dict)
    sector_nouns: dict[str, str] = field(default_factory=dict)
    role_nouns: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)

    def add(self, entry: ActorEntry, *, exact: bool = False) -> None:
        """Index a phrase: lower-cased, unless it is an abbreviation or marked exact."""
        exact = exact or _is_abbreviation(entry.phrase)
        key = entry.phrase if exact else entry.phrase.lower()
        bucket = self.phrases.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
            bucket.sort(key=lambda e: _KIND_RANK[e.kind])

    def lookup(self, phrase: str) -> list[ActorEntry]:
        return self.phrases.get(phrase, []) or self.phrases.get(phrase.lower(), [])

    def sector_of(self, lemma: str) -> str | None:
        return self.role_nouns.get(lemma) or self.sector_nouns.get(lemma)


def _is_abbreviation(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _data_dir() -> Path:
    return Path(str(resources.files("casus") / "data" / "actors"))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return load_yaml(fh.read())
    except yaml.YAMLError as exc:
        raise ActorDictionaryError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise ActorDictionaryError(f"{path}: cannot read: {exc.strerror}") from exc


def _strings(path: Path, where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorDictionaryError(f"{path}: {where}: expected a list of non-empty strings")
    return [" ".join(v.split()) for v in value]


def _code3(
    path: Path, where: str, value: Any, *, allow_empty: bool = False, digits: bool = False
) -> str:
    text = "" if value is None else str(value)
    if allow_empty and text == "":
        return ""
    if not (_ORG3 if digits else _CODE3).match(text):
        raise ActorDictionaryError(f"{path}: {where}: {text!r} is not a 3-letter code")
    return text


def _date(path: Path, where: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ActorDictionaryError(f"{path}: {where}: {value!r} is not an ISO date") from exc


def _entries(path: Path, data: Any, key: str) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        data = data.get(key, [])
    if not isinstance(data, list) or not all(isinstance(e, Mapping) for e in data):
        raise ActorDictionaryError(f"{path}: expected a list of mappings")
    return data


# A country's bodies named by their own names ("the Kremlin", "the Pentagon", "the FBI",
# "Mossad"): the key in countries.yml, the sector, and what the actor's name calls it.
_SECTOR_METONYMS = (
    ("government_metonyms", "GOV", "government"),
    ("military_metonyms", "MIL", "military"),
    ("police_metonyms", "COP", "police"),
    ("intelligence_metonyms", "SPY", "intelligence"),
)


def add_countries(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    for i, entry in enumerate(_entries(path, data, "countries")):
        where = f"entry {i + 1}"
        code = _code3(path, f"{where}: code", entry.get("code"))
        name = str(entry.get("name") or code)
        where = f"entry {i + 1} ({code})"
        dictionary.country_names[code] = name
        country = Actor(code, name=name)
        for phrase in [*_strings(path, f"{where}: names", entry.get("names")), name]:
            dictionary.add(ActorEntry(country, "country", phrase))
        for key in ("adjectives", "demonyms"):
            for phrase in _strings(path, f"{where}: {key}", entry.get(key)):
                dictionary.add(ActorEntry(country, "adjective", phrase))
        capital = _strings(path, f"{where}: capital", entry.get("capital"))
        for phrase in [*capital, *_strings(path, f"{where}: metonyms", entry.get("metonyms"))]:
            dictionary.add(ActorEntry(country, "metonym", phrase))
        for key, sector, kind in _SECTOR_METONYMS:
            actor = Actor(code, sector, name=f"{name} {kind}")
            for phrase in _strings(path, f"{where}: {key}", entry.get(key)):
                dictionary.add(ActorEntry(actor, "metonym", phrase))
        for phrase in _strings(path, f"{where}: ambiguous", entry.get("ambiguous")):
            dictionary.add(ActorEntry(country, "ambiguous", phrase))
        # Places inside the country ("New Mexico"): never actors, but they locate events.
        for phrase in _strings(path, f"{where}: regions", entry.get("regions")):
            dictionary.add(ActorEntry(country, "region", phrase))


def add_sectors(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    if not isinstance(data, Mapping):
        raise ActorDictionaryError(f"{path}: expected a mapping of sector code to nouns")
    seen: dict[str, str] = {}
    for sector, body in data.items():
        sector = _code3(path, f"sector {sector!r}", sector)
        if not isinstance(body, Mapping):
            raise ActorDictionaryError(f"{path}: sector {sector}: expected collective/roles lists")
        for key, target in (
            ("collective", dictionary.sector_nouns),
            ("roles", dictionary.role_nouns),
        ):
            for noun in _strings(path, f"sector {sector}: {key}", body.get(key)):
                noun = noun.lower()
                if noun in seen and seen[noun] != sector:
                    raise ActorDictionaryError(
                        f"{path}: {noun!r} is listed under both {seen[noun]} and {sector}"
                    )
                seen[noun] = sector
                target[noun] = sector


def add_organisations(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    for i, entry in enumerate(_entries(path, data, "organisations")):
        code = str(entry.get("code") or "")
        where = f"entry {i + 1} ({code or 'no code'})"
        if not re.fullmatch(r"(IGO|NGO)[A-Z0-9]{3}", code):
            raise ActorDictionaryError(f"{path}: {where}: code must be IGO or NGO + 3 letters")
        sector = str(entry.get("sector") or "")
        if not _SECTOR.match(sector):
            raise ActorDictionaryError(f"{path}: {where}: bad sector {sector!r}")
        name = str(entry.get("name") or code)
        actor = Actor(code[:3], sector, code[3:], name=name)
        for phrase in [*_strings(path, f"{where}: names", entry.get("names")), name]:
            dictionary.add(ActorEntry(actor, "organisation", phrase))


def add_armed_groups(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    owner: dict[str, str] = {}
    for i, entry in enumerate(_entries(path, data, "armed_groups")):
        code = str(entry.get("code") or "")
        where = f"entry {i + 1} ({code or 'no code'})"
        country = _code3(path, f"{where}: country", entry.get("country"))
        sector = _code3(path, f"{where}: sector", entry.get("sector"), allow_empty=True)
        org = _code3(path, f"{where}: org", entry.get("org"), allow_empty=True, digits=True)
        if code != country + sector + org:
            raise ActorDictionaryError(
                f"{path}: {where}: code must equal country + sector + org ({country}{sector}{org})"
            )
        name = str(entry.get("name") or code)
        actor = Actor(country, sector, org, name=name)
        for phrase in [*_strings(path, f"{where}: names", entry.get("names")), name]:
            key = phrase.lower()
            if owner.get(key, code) != code:
                raise ActorDictionaryError(
                    f"{path}: {where}: name {phrase!r} already belongs to {owner[key]}"
                )
            owner[key] = code
            dictionary.add(ActorEntry(actor, "group", phrase))
        # Spellings that are also ordinary words ("Dash") match only as written.
        for phrase in _strings(path, f"{where}: names_exact", entry.get("names_exact")):
            dictionary.add(ActorEntry(actor, "group", phrase), exact=True)


def add_parties(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    """Political parties: their country's party sector (PTY), an organisation part only
    where one country's parties must be told apart. Names shared by several countries'
    parties ("Labour Party") are sector nouns instead (sectors.yml, PTY)."""
    owner: dict[str, tuple[int, str]] = {}  # a lower-cased (or exact) name: its entry
    for i, entry in enumerate(_entries(path, data, "parties")):
        code = str(entry.get("code") or "")
        where = f"entry {i + 1} ({code or 'no code'})"
        country = _code3(path, f"{where}: country", entry.get("country"))
        if not re.fullmatch(rf"{country}PTY([A-Z0-9]{{3}})?", code):
            raise ActorDictionaryError(
                f"{path}: {where}: code must be the country + PTY (+ a 3-character org part),"
                f" e.g. {country}PTY"
            )
        name = str(entry.get("name") or "")
        if not name:
            raise ActorDictionaryError(f"{path}: {where}: missing name")
        actor = Actor(country, "PTY", code[6:], name=name)
        exact = _strings(path, f"{where}: names_exact", entry.get("names_exact"))
        names = _strings(path, f"{where}: names", entry.get("names"))
        if both := set(names) & set(exact):
            raise ActorDictionaryError(
                f"{path}: {where}: {sorted(both)[0]!r} is in both names and names_exact"
            )
        # the readable name is a name too, unless it is an ordinary phrase ("Popular Will")
        names += [] if name in exact else [name]
        for phrase, is_exact in [(n, False) for n in names] + [(n, True) for n in exact]:
            key = phrase if is_exact else phrase.lower()
            first = owner.setdefault(key, (i, f"entry {i + 1} ({code}, {name})"))
            if first[0] != i:
                raise ActorDictionaryError(
                    f"{path}: {where}: name {phrase!r} already belongs to {first[1]}"
                )
            # Spellings that are also ordinary words ("One Nation") match only as written.
            dictionary.add(ActorEntry(actor, "organisation", phrase), exact=is_exact)


def add_media(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    """News outlets: their country's media (sector MED), whatever country their name holds.

    An official agency has an organisation part: it speaks for its state, so what it says
    is a statement; a private outlet's report is only how news is made.
    """
    for i, entry in enumerate(_entries(path, data, "media")):
        name = str(entry.get("name") or "")
        where = f"entry {i + 1} ({name or 'no name'})"
        if not name:
            raise ActorDictionaryError(f"{path}: {where}: missing name")
        country = _code3(path, f"{where}: country", entry.get("country"))
        org = _code3(path, f"{where}: org", entry.get("org"), allow_empty=True, digits=True)
        actor = Actor(country, "MED", org, name=name)
        for phrase in _strings(path, f"{where}: names", entry.get("names")):
            dictionary.add(ActorEntry(actor, "organisation", phrase))
        for phrase in _strings(path, f"{where}: names_exact", entry.get("names_exact")):
            dictionary.add(ActorEntry(actor, "organisation", phrase), exact=True)


def add_people(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    for i, entry in enumerate(_entries(path, data, "people")):
        name = str(entry.get("name") or "")
        where = f"entry {i + 1} ({name or 'no name'})"
        if not name:
            raise ActorDictionaryError(f"{path}: {where}: missing name")
        country = _code3(path, f"{where}: country", entry.get("country"))
        sector = _code3(path, f"{where}: sector", entry.get("sector"), allow_empty=True)
        org = _code3(path, f"{where}: org", entry.get("org"), allow_empty=True, digits=True)
        start = _date(path, f"{where}: start", entry.get("start"))
        end = _date(path, f"{where}: end", entry.get("end"))
        if start and end and end < start:
            raise ActorDictionaryError(f"{path}: {where}: end {end} is before start {start}")
        actor = Actor(country, sector, org, name=name)
        role = str(entry.get("role") or "")
        for phrase in [*_strings(path, f"{where}: names", entry.get("names")), name]:
            dictionary.add(ActorEntry(actor, "person", phrase, role=role, start=start, end=end))


def add_non_actors(dictionary: ActorDictionary, path: Path, data: Any) -> None:
    for i, entry in enumerate(_entries(path, data, "regions")):
        where = f"entry {i + 1}"
        name = str(entry.get("name") or "")
        if not name:
            raise ActorDictionaryError(f"{path}: {where}: missing name")
        country = _code3(path, f"{where}: country", entry.get("country"), allow_empty=True)
        dictionary.add(ActorEntry(Actor(country, name=name), "region", name))


_LOADERS = {
    "countries": add_countries,
    "sectors": add_sectors,
    "organisations": add_organisations,
    "armed_groups": add_armed_groups,
    "parties": add_parties,
    "media": add_media,
    "people": add_people,
    "non_actors": add_non_actors,
}


def add_user_file(dictionary: ActorDictionary, path: Path) -> None:
    """Add a user's dictionary: a YAML mapping with any of the section keys above."""
    data = _read_yaml(path)
    if not isinstance(data, Mapping) or not set(data) & set(_LOADERS):
        raise ActorDictionaryError(
            f"{path}: expected a mapping with one of the keys {', '.join(sorted(_LOADERS))}"
        )
    for key, loader in _LOADERS.items():
        if key in data:
            loader(dictionary, path, data[key])


def load_actor_dictionary(
    *, data_dir: Path | None = None, extra: Iterable[Path] = ()
) -> ActorDictionary:
    """Load the packaged actor dictionaries (or those in data_dir) plus the user's extra files."""
    directory = data_dir or _data_dir()
    dictionary = ActorDictionary()
    for key, loader in _LOADERS.items():
        # A section may be split by region: people.yml, people_africa.yml, ...
        paths = sorted(directory.glob(f"{key}.yml")) + sorted(directory.glob(f"{key}_*.yml"))
        if not paths:
            raise ActorDictionaryError(f"{directory / key}.yml: missing actor dictionary file")
        for path in paths:
            loader(dictionary, path, _read_yaml(path))
    for path in extra:
        add_user_file(dictionary, Path(path))
    logger.debug("actor dictionary: %d phrases", len(dictionary.phrases))
    return dictionary
