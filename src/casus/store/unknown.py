"""Unknown actors: the names in actor slots that no dictionary resolved, most frequent first.

An event's `source` or `target` with an empty code but a text (a proper-name doer the
dictionaries lack, kept by the coder as an unknown actor) and an `attribution` without a
code but with a text (the unresolved speaker of a reported claim) are unresolved names.
So are people the dictionaries do not list whose title gave their code ("Foreign Minister
Jane Roe" coded XXXGOV from "Foreign Minister"): the coder marks such a slot (`method`
"title", see `casus.model.Resolution`) with the bare name ("Jane Roe"), and so are later
mentions of the surname alone; they are listed by that name, kind "titled", with the code
their title gave as the suggestion.

Names are grouped by a normalised name (leading "the"/"a"/"an", possessive "'s" and extra
whitespace dropped, case ignored) and each gets a count, one example sentence (that of its
first event by row id) and a suggested actor code: a sector from a title or noun in the name
(the sector dictionary, `casus/data/actors/sectors.yml`) after an owner: the first country,
international organisation or world region the name itself names ("US Central Command" →
USA, "Council of the EU" → IGO + EUR, "Europe" → EUR, the region codes of
`casus/data/ontology/actor_codes.yml`), else the most frequent state among the other actors
of the same articles, else `---`.

`casus actors unknown` and the web app (`/actors/unknown`, `GET /api/v1/actors/unknown`)
read the same function, `unknown_actors`; `dictionary_yaml` writes its result as a user
actor dictionary that `casus code --dictionary` and `casus ingest --dictionary` load.

The counting runs in the database (GROUP BY over the unresolved slots, bound parameters
only); Python merges the spellings of one name and reads the example sentences and article
countries of the names it returns.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, select, union_all

from casus.lexicon import singulars
from casus.model import UNKNOWN_COUNTRY, is_state
from casus.store.schema import events
from casus.store.store import EventFilter, Store, filter_conditions

if TYPE_CHECKING:
    from casus.actors.dictionary import ActorDictionary

SLOTS = ("source", "target", "attribution")
MAX_NAME_WORDS = 10  # longer texts are clauses or headlines, not names
_CHUNK = 500  # values per IN (...) list
_DETERMINERS = frozenset({"the", "a", "an"})
_SOURCE_WORDS = frozenset({"from", "by"})
_PRONOUNS = frozenset(
    {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "who", "this"}
)
_EDGE_PUNCTUATION = ' ,;:!?"“”‘()[]{}«»'
_POSSESSIVE = re.compile(r"['’]s?$")
_CODE3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class UnknownActor:
    """One unresolved name: how often it fills an actor slot, an example, a suggested code."""

    name: str  # the most frequent spelling, without a leading "the" or a final "'s"
    events: int  # events naming it (an event counts once per slot it fills)
    slots: dict[str, int]  # source / target / attribution: events per slot
    spellings: tuple[str, ...]  # every spelling, most frequent first
    country: str  # suggested country part, UNKNOWN_COUNTRY ("---") when none is known
    sector: str  # suggested sector, "" when the name has no title or sector noun
    example: str  # the sentence of its first event (by row id)
    article_id: str
    event_id: str | None
    org: str = ""  # suggested organisation part ("EUR" of IGOEUR), usually ""
    # "unresolved": no code at all; "titled": a person coded only from a title
    kind: str = "unresolved"

    @property
    def code(self) -> str:
        """The suggested actor code: country + sector + organisation ("SENAGR", "---GOV",
        "IGOEUR", "---")."""
        return f"{self.country}{self.sector}{self.org}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "events": self.events,
            "slots": dict(self.slots),
            "spellings": list(self.spellings),
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "org": self.org,
            "kind": self.kind,
            "example": self.example,
            "article_id": self.article_id,
            "event_id": self.event_id,
        }


@dataclass
class _Group:
    key: str
    events: int = 0
    first_id: int | None = None
    slots: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)
    texts: set[tuple[str, str]] = field(default_factory=set)  # (slot, stored text)
    titled: Counter[str] = field(default_factory=Counter)  # codes a title gave: events

    def add(self, slot: str, text: str, n: int, first_id: int) -> None:
        self.events += n
        self.slots[slot] += n
        self.spellings[display_name(text)] += n
        self.texts.add((slot, text))
        self._first(first_id)

    def add_titled(self, slot: str, person: str, code: str, n: int, first_id: int) -> None:
        self.events += n
        self.slots[slot] += n
        self.spellings[person] += n
        self.titled[code] += n
        self._first(first_id)

    def _first(self, first_id: int) -> None:
        if self.first_id is None or first_id < self.first_id:
            self.first_id = first_id


# -- names -----------------------------------------------------------------------------


def display_name(text: str) -> str:
    """A stored slot text as a name: one line, no leading determiner, no final "'s"."""
    words = text.split()
    # "a statement from the Council of the EU": the speaker is the Council
    lead = next((i for i, w in enumerate(words) if w in _SOURCE_WORDS), None)
    if lead is not None and lead + 1 < len(words) and all(w.islower() for w in words[:lead]):
        words = words[lead + 1 :]
    while words and words[0].lower() in _DETERMINERS and len(words) > 1:
        words = words[1:]
    name = " ".join(words).strip(_EDGE_PUNCTUATION)
    if name.endswith(("'s", "’s", "'", "’")) and len(name) > 2:
        name = _POSSESSIVE.sub("", name).rstrip()
    return name


def name_key(text: str) -> str:
    """The grouping key: the display name in lower case, possessives dropped everywhere."""
    words = [_POSSESSIVE.sub("", w) for w in display_name(text).lower().split()]
    return " ".join(w for w in words if w)


def _singular_forms(word: str) -> list[str]:
    men = [word[:-3] + "man"] if word.endswith("men") else []  # fishermen, servicemen
    return men + singulars(word)


def _variants(words: Sequence[str]) -> list[str]:
    """The phrase, its last word singular, and without an abbreviation's full stop."""
    head = list(words[:-1])
    last = words[-1]
    forms = [last, *_singular_forms(last)]
    if last.endswith(".") and len(last) > 1:
        forms.append(last[:-1])
    return [" ".join([*head, form]) for form in forms]


def _tokens(name: str) -> list[str]:
    words = [_POSSESSIVE.sub("", w.lower().strip(_EDGE_PUNCTUATION)) for w in name.split()]
    return [w for w in words if w]


def suggest_sector(name: str, sectors: ActorDictionary) -> str:
    """The sector of the longest title or sector noun in a name, the rightmost (the head)
    first: "Gov. Jane Roe" → GOV, "Teachers' Union" → LAB; "" when there is none."""
    tokens = _tokens(name)
    for n in (3, 2, 1):
        for i in range(len(tokens) - n, -1, -1):
            for phrase in _variants(tokens[i : i + n]):
                found = sectors.sector_of(phrase)
                if found:
                    return found
    return ""


def _is_name(text: str, sectors: ActorDictionary) -> bool:
    """Whether a slot's text looks like a name: capitalised beyond its first word or led by a
    country's name or adjective (or one capitalised word that is no pronoun or sector noun),
    and not a clause or headline."""
    words = display_name(text).split()
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
    if not capitals:
        return False  # "a joint statement", "local officials"
    if len(words) > 1:
        # "Security sources" is no name; "Zorvan Telek" and "Kenyan interior ministry" are
        return capitals != [0] or bool(named_country(words[0], sectors))
    key = name_key(text)
    return key not in _PRONOUNS and not any(
        sectors.sector_of(form) for form in (key, *_singular_forms(key))
    )


@functools.cache
def actor_dictionary() -> ActorDictionary:
    """The packaged actor dictionary (sector nouns, countries), loaded once per process."""
    from casus.actors.dictionary import load_actor_dictionary

    return load_actor_dictionary()


_COUNTRY_KINDS = frozenset({"country", "adjective", "metonym", "region"})
_INTERNATIONAL = frozenset({"IGO", "NGO"})


@functools.cache
def region_codes() -> dict[str, str]:
    """World regions by lower-case name ("europe" → EUR, "the west" → WST): the CAMEO-style
    region codes of the ontology (`casus/data/ontology/actor_codes.yml`)."""
    from casus.ontology import default_ontology

    return {
        meaning.split("(")[0].strip().lower(): code
        for code, meaning in default_ontology().regions.items()
    }


def _owner(phrase: str, dictionary: ActorDictionary) -> tuple[str, str]:
    """(country part, organisation part) of what a phrase names: a state, an international
    organisation (IGO/NGO) or a world region; ("", "") when it is none of them."""
    region = region_codes().get(phrase.lower())
    if region:
        return region, ""
    for entry in dictionary.lookup(phrase):
        actor = entry.actor
        if entry.kind in _COUNTRY_KINDS and is_state(actor.country) and _CODE3.match(actor.country):
            return actor.country, ""
        if entry.kind == "organisation" and actor.country in _INTERNATIONAL:
            return actor.country, actor.organisation
    return "", ""


def named_owner(name: str, dictionary: ActorDictionary) -> tuple[str, str]:
    """(country part, organisation part) of the first state, international organisation or
    world region the name itself names, the longest phrase at each word: "US Central
    Command" → (USA, ""), "Council of the EU" → (IGO, EUR), "UN Verification Mission in
    Colombia" → (IGO, UNO), "Europe" → (EUR, ""); ("", "") when it names none."""
    words = [_POSSESSIVE.sub("", w.strip(_EDGE_PUNCTUATION)) for w in name.split()]
    words = [w for w in words if w]
    region = region_codes().get(f"the {' '.join(words).lower()}")
    if region:
        return region, ""  # "West", a whole name without its "the"
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            if i + n <= len(words):
                found = _owner(" ".join(words[i : i + n]), dictionary)
                if found[0]:
                    return found
    return "", ""


def named_country(name: str, dictionary: ActorDictionary) -> str:
    """A state the name itself names ("US Central Command" → USA, "the Kenyan interior
    ministry" → KEN, "the presidential office in Taipei" → TWN), the longest first; else ""."""
    words = [_POSSESSIVE.sub("", w.strip(_EDGE_PUNCTUATION)) for w in name.split()]
    words = [w for w in words if w]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            for entry in dictionary.lookup(" ".join(words[i : i + n])):
                country = entry.actor.country
                if entry.kind in _COUNTRY_KINDS and is_state(country) and _CODE3.match(country):
                    return country
    return ""


# -- the query -------------------------------------------------------------------------


def _slot_columns() -> list[tuple[str, Any, Any]]:
    c = events.c
    return [
        ("source", c.source_code, c.source_text),
        ("target", c.target_code, c.target_text),
        ("attribution", c.attribution_code, c.attribution_text),
    ]


def _unresolved(code: Any, text: Any) -> ColumnElement[bool]:
    return and_(func.coalesce(code, "") == "", text.is_not(None), text != "")


def _titled_counts(conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """(slot, person, code, events, first row id) of every slot the coder filled with a
    person the dictionaries lack, coded from the title ("title" slots)."""
    c = events.c
    sides = []
    for slot in SLOTS:
        method, person, code = c[f"{slot}_method"], c[f"{slot}_person"], c[f"{slot}_code"]
        side = select(
            literal(slot).label("slot"),
            person.label("person"),
            code.label("code"),
            c.id.label("id"),
        ).where(method == "title", person.is_not(None), person != "", *conditions)
        sides.append(side)
    u = union_all(*sides).subquery()
    n = func.count().label("n")
    return select(u.c.slot, u.c.person, u.c.code, n, func.min(u.c.id)).group_by(
        u.c.slot, u.c.person, u.c.code
    )


def _slot_counts(conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """(slot, text, events, first row id) of every unresolved slot text."""
    sides = []
    for slot, code, text in _slot_columns():
        side = select(
            literal(slot).label("slot"), text.label("text"), events.c.id.label("id")
        ).where(_unresolved(code, text), *conditions)
        sides.append(side)
    u = union_all(*sides).subquery()
    n = func.count().label("n")
    return select(u.c.slot, u.c.text, n, func.min(u.c.id)).group_by(u.c.slot, u.c.text)


def unknown_actors(
    store: Store,
    filters: EventFilter | None = None,
    *,
    limit: int = 50,
    min_count: int = 1,
) -> list[UnknownActor]:
    """The `limit` most frequent unresolved names with at least `min_count` events, most
    frequent first (then by name), each with an example sentence and a suggested code."""
    if limit < 1 or min_count < 1:
        raise ValueError("limit and min_count must be >= 1")
    dictionary = actor_dictionary()
    conditions = filter_conditions(filters or EventFilter())
    groups: dict[str, _Group] = {}
    with store.engine.connect() as conn:
        for slot, text, n, first_id in conn.execute(_slot_counts(conditions)):
            if not _is_name(str(text), dictionary):
                continue
            key = name_key(str(text))
            groups.setdefault(key, _Group(key)).add(str(slot), str(text), int(n), int(first_id))
        for slot, person, code, n, first_id in conn.execute(_titled_counts(conditions)):
            key = name_key(str(person))
            group = groups.setdefault(key, _Group(key))
            group.add_titled(str(slot), str(person), str(code or ""), int(n), int(first_id))
        chosen = sorted(
            (g for g in groups.values() if g.events >= min_count),
            key=lambda g: (-g.events, g.key),
        )[:limit]
        if not chosen:
            return []
        examples = _examples(conn, [g.first_id for g in chosen if g.first_id is not None])
        countries = _context_countries(conn, chosen, conditions)
    found = []
    for group in chosen:
        sentence, article_id, event_id = examples.get(group.first_id or 0, ("", "", None))
        counts = group.spellings
        spellings = tuple(sorted(counts, key=lambda s: (-counts[s], s)))
        name = spellings[0]
        if group.titled:
            # the code the title gave, the most frequent (then the first in order)
            code = min(group.titled, key=lambda c: (-group.titled[c], c))
            country, sector, org = code[:3] or UNKNOWN_COUNTRY, code[3:6], code[6:]
            kind = "titled"
        else:
            country, org = named_owner(name, dictionary)
            country = country or countries.get(group.key) or UNKNOWN_COUNTRY
            sector = suggest_sector(name, dictionary)
            kind = "unresolved"
        found.append(
            UnknownActor(
                name=name,
                events=group.events,
                slots={slot: group.slots[slot] for slot in SLOTS if group.slots[slot]},
                spellings=spellings,
                country=country,
                sector=sector,
                example=sentence,
                article_id=article_id,
                event_id=event_id,
                org=org,
                kind=kind,
            )
        )
    return found


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _examples(conn: Any, ids: list[int]) -> dict[int, tuple[str, str, str | None]]:
    found: dict[int, tuple[str, str, str | None]] = {}
    c = events.c
    for chunk in _chunks(ids):
        stmt = select(c.id, c.sentence, c.article_id, c.event_id).where(c.id.in_(chunk))
        for row_id, sentence, article_id, event_id in conn.execute(stmt):
            found[int(row_id)] = (" ".join(str(sentence).split()), str(article_id), event_id)
    return found


def _context_countries(
    conn: Any, groups: list[_Group], conditions: list[ColumnElement[bool]]
) -> dict[str, str]:
    """Each name's most frequent state among the actors of the articles that name it."""
    owner: dict[tuple[str, str], str] = {t: g.key for g in groups for t in g.texts}
    articles_of: dict[str, set[str]] = {g.key: set() for g in groups}
    for slot, code, text in _slot_columns():
        texts = sorted({t for s, t in owner if s == slot})
        for chunk in _chunks(texts):
            stmt = (
                select(text, events.c.article_id)
                .where(_unresolved(code, text), text.in_(chunk), *conditions)
                .distinct()
            )
            for name, article_id in conn.execute(stmt):
                articles_of[owner[(slot, str(name))]].add(str(article_id))
    wanted = sorted({a for ids in articles_of.values() for a in ids})
    by_article: dict[str, Counter[str]] = {}
    for chunk in _chunks(wanted):
        sides = union_all(
            *(
                select(events.c.article_id, country.label("country")).where(
                    events.c.article_id.in_(chunk), country.is_not(None)
                )
                for country in (events.c.source_country, events.c.target_country)
            )
        ).subquery()
        stmt = select(sides.c.article_id, sides.c.country, func.count()).group_by(
            sides.c.article_id, sides.c.country
        )
        for article_id, country, n in conn.execute(stmt):
            country = str(country)
            if is_state(country) and _CODE3.match(country):
                by_article.setdefault(str(article_id), Counter())[country] += int(n)
    chosen: dict[str, str] = {}
    for key, article_ids in articles_of.items():
        total: Counter[str] = Counter()
        for article_id in article_ids:
            total.update(by_article.get(article_id, Counter()))
        if total:
            chosen[key] = min(total, key=lambda code: (-total[code], code))
    return chosen


# -- as a user dictionary --------------------------------------------------------------


def _comment(text: str, limit: int = 300) -> str:
    """One line of printable text for a YAML comment (YAML refuses control characters)."""
    line = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def dictionary_yaml(actors: Sequence[UnknownActor], *, source: str = "") -> str:
    """The names as a user actor dictionary (`people` entries) for `--dictionary`.

    Each entry has the suggested code as `country` + `sector` and a comment with its count,
    slots and example sentence. Entries without a known country are written commented
    out (a dictionary needs a three-letter country): set one and remove the `# `.
    """
    import yaml

    lines = [
        "# casus user actor dictionary: names in actor slots that no dictionary resolved,"
        "\n# and people no dictionary lists whom only their title coded"
        + (f" ({_comment(source, 200)})" if source else ""),
        "# written by `casus actors unknown --format yaml`. Check each suggested code",
        "# (country + sector, sectors in casus/data/actors/sectors.yml), correct it, delete what",
        "# is not an actor, then load the file: casus code|ingest --dictionary THIS_FILE ...",
        "# Entries without a known country are commented out: set `country`, remove the `# `.",
    ]
    active = [a for a in actors if a.country != UNKNOWN_COUNTRY]
    lines.append("people:" if active else "people: []")
    for actor in actors:
        slots = ", ".join(f"{slot} {n}" for slot, n in actor.slots.items())
        lines.append(
            f"# {actor.events} event{'s' if actor.events != 1 else ''} ({slots}); "
            f"suggested {actor.code}"
        )
        lines.append(f"# e.g. {_comment(actor.example)}")
        names = list(dict.fromkeys(s for s in actor.spellings if s))
        entry = {
            "name": actor.name,
            "names": names,
            "country": actor.country,
            "sector": actor.sector,
            "org": actor.org,
        }
        body = yaml.safe_dump(
            [entry], allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
        )
        prefix = "" if actor.country != UNKNOWN_COUNTRY else "# "
        lines.extend(prefix + line for line in body.splitlines())
    return "\n".join(lines) + "\n"
