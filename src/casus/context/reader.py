"""Where the context stage finds places: the datelines of an article and the place
names of a sentence, each in a place-like context or strong enough alone, and never a word
that is not a place here (`PlaceReader._not_a_place`)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from casus.actors.dictionary import ActorDictionary
from casus.context.mentions import (
    _AIMED_PREPOSITIONS,
    _BORDER,
    _CALENDAR_WORDS,
    _DATELINE_CHARS,
    _DATELINE_LINES,
    _DATELINES,
    _DEMONYM_ENDINGS,
    _PLACE_KINDS,
    _PLACE_PREPOSITIONS,
    _WORDS,
    Dateline,
    PlaceMention,
    _attachment,
    _Candidate,
    _head_text,
    _lower_case_word,
    _pair_qualifiers,
    _shouting,
)
from casus.context.places import (
    STRONG_CITY_POPULATION,
    Gazetteer,
    Place,
    PlaceWords,
    load_gazetteer,
    normalise,
    place_words,
)
from casus.spans import span_text, token_texts, tokens_of

# (gazetteer key, gazetteer readings, a non-place name, countries the dictionary gives,
# countries it names as places) of a name; see `PlaceReader._name`
_NameReadings = tuple[str, tuple[Place, ...], bool, frozenset[str], tuple[Place, ...]]
_NAMES_MAX = 50_000


class PlaceReader:
    """Find the places an article names: its dateline and the mentions of each sentence."""

    def __init__(
        self,
        *,
        dictionary: ActorDictionary | None = None,
        gazetteer: Gazetteer | None = None,
        words: PlaceWords | None = None,
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.dictionary = dictionary or ActorDictionary()
        self.words = words or place_words()
        # What the gazetteer and the dictionary say of a name (`_name`) and the countries a
        # word names (`_word_countries`): the same for every sentence that has the name, and
        # news repeats its names. Emptied when they grow past `_NAMES_MAX` (a stream of
        # articles brings new names without end).
        self._names: dict[str, _NameReadings] = {}
        self._word_countries: dict[str, frozenset[str]] = {}

    # -- places ------------------------------------------------------------------------

    def dateline(self, doc: Doc, text: str | None = None) -> Dateline | None:
        """The dateline opening one of the article's first paragraphs, if it names a place
        the gazetteer knows ("MINGORA, Pakistan —", "KABUL (Reuters) -", "baroda:").

        `text` is the doc's text if the caller has it (Doc.text rebuilds it from tokens)."""
        if not len(doc):
            return None
        last = doc[-1]
        if text is None or not text.startswith(last.text, last.idx):
            text = _head_text(doc, _DATELINE_CHARS)
        text = text[:_DATELINE_CHARS]
        offset = 0
        for number, line in enumerate(text.split("\n")):
            if number >= _DATELINE_LINES * 2:  # paragraphs are often separated by blank lines
                break
            stripped = line.lstrip()
            start = offset + len(line) - len(stripped)
            offset += len(line) + 1
            if not stripped:
                continue
            for pattern in _DATELINES:
                m = pattern.match(stripped)
                if m is None:
                    continue
                name = m.group("place").strip()
                if self._not_a_dateline(name):
                    continue
                readings = self.gazetteer.lookup(name)
                if not readings:
                    continue
                qualifier = m.groupdict().get("qualifier")
                qualified = self._qualifier_countries(qualifier) if qualifier else frozenset()
                return Dateline(
                    name,
                    start + m.start("place"),
                    start + m.end(),
                    start + m.end("place"),
                    tuple(readings),
                    qualified,
                )
        return None

    def _not_a_dateline(self, name: str) -> bool:
        lower = name.lower()
        return (
            lower in _CALENDAR_WORDS
            or bool(self.dictionary.sector_of(lower))
            or self.words.never_kind(name) is not None
        )

    def _qualifier_countries(self, text: str) -> frozenset[str]:
        """The countries a qualifier names: a country ("Lebanon", "Congo") or a subdivision
        ("Sindh", "Alabama")."""
        found = set(self._country_of(text))
        found.update(
            p.country for p in self.gazetteer.lookup(text) if p.kind == "admin1" and p.country
        )
        return frozenset(found)

    def _dictionary_places(self, text: str) -> tuple[bool, frozenset[str], list[Place]]:
        """What the actor dictionary says a name is: (a non-place name, the countries it stands
        for, the countries it names as places of their own)."""
        entries = self.dictionary.lookup(text)
        if not entries:
            return False, frozenset(), []
        places = [e for e in entries if e.kind in _PLACE_KINDS]
        if not places:
            return True, frozenset(), []
        countries = frozenset(e.actor.country for e in places if len(e.actor.country) == 3)
        named = [
            place
            for e in places
            if e.kind == "country" and (place := self.gazetteer.country(e.actor.country))
        ]
        return False, countries, named

    def _name(self, text: str) -> _NameReadings:
        """A name's gazetteer key and readings, and what the dictionary says of it
        (`_dictionary_places`), looked up once per name."""
        found = self._names.get(text)
        if found is None:
            key = normalise(text)
            non_place, countries, named = self._dictionary_places(text)
            found = (key, tuple(self.gazetteer.lookup_key(key)), non_place, countries, tuple(named))
            if len(self._names) >= _NAMES_MAX:
                self._names.clear()
            self._names[text] = found
        return found

    def _countries_of_word(self, word: str) -> frozenset[str]:
        """The countries a capitalised word names as a country or its adjective, by the
        dictionary or the gazetteer (see `_country_near`), looked up once per word."""
        found = self._word_countries.get(word)
        if found is None:
            countries: set[str] = set()
            for entry in self.dictionary.lookup(word):
                if entry.kind in {"country", "adjective"} and len(entry.actor.country) == 3:
                    countries.add(entry.actor.country)
            for place in self.gazetteer.lookup(word):
                if place.kind == "country" and place.country:
                    countries.add(place.country)
            found = frozenset(countries)
            if len(self._word_countries) >= _NAMES_MAX:
                self._word_countries.clear()
            self._word_countries[word] = found
        return found

    def _country_near(self, doc: Doc, start: int, end: int, sent: Span) -> set[str]:
        """Countries named within three tokens of a span: "Tripoli, Lebanon", "Lebanon's Tripoli",
        "the Lebanese city of Tripoli", "Tripoli in northern Lebanon"."""
        found: set[str] = set()
        window = [*range(max(sent.start, start - 4), start), *range(end, min(sent.end, end + 4))]
        texts = token_texts(doc)
        for i in window:
            text = texts[i]
            if text[:1].isupper():
                found.update(self._countries_of_word(text))
        return found

    def _mentions(
        self,
        sent: Span,
        *,
        skip: tuple[int, int] = (0, 0),
        persons: set[str] | None = None,
        caseless: bool = False,
    ) -> list[PlaceMention]:
        """The places a sentence names, each in a place-like context or strong enough alone.

        Characters in the range `skip` (the dateline) are not read. Names read as people's
        are added to `persons`.
        """
        doc = sent.doc
        found: list[PlaceMention] = []
        taken: set[int] = set()
        text = span_text(sent)
        # (the pattern needs one of its two words: most sentences have neither)
        borders = _BORDER.finditer(text) if "border" in text or "frontier" in text else ()
        for m in borders:
            a, b = self._country_of(m.group("a")), self._country_of(m.group("b"))
            if len(a) != 1 or len(b) != 1 or a == b:
                continue
            codes = (next(iter(a)), next(iter(b)))
            start = sent.start_char + m.start()
            span = doc.char_span(start, sent.start_char + m.end(), alignment_mode="expand")
            if span is None:
                continue
            name = f"{m.group('a')}-{m.group('b')} {m.group('what')}"
            region = Place(name=name, kind="region", country=None, countries=codes)
            taken.update(range(span.start, span.end))
            prep, _ = _attachment(span.root, self.words.place_nouns)
            found.append(
                PlaceMention(
                    span.text, span.start_char, span.end_char, span.root.i, (region,),
                    prep, frozenset(), frozenset(codes),
                )
            )  # fmt: skip
        candidates = self._candidates(sent, taken, skip, persons, caseless)
        _pair_qualifiers(doc, candidates)
        for c in candidates:
            if not (
                c.strong
                or c.named
                or c.qualifies
                or c.near
                or c.prep in _PLACE_PREPOSITIONS
                or c.prep in _AIMED_PREPOSITIONS
            ):
                continue  # a weak name with nothing around it that says it is a place
            near = c.near | self._country_near(doc, c.start, c.end, sent)
            start = doc[c.start].idx
            found.append(
                PlaceMention(
                    c.text, start, start + len(c.text), c.root, tuple(c.readings), c.prep,
                    frozenset(near), c.countries, c.qualifies,
                )
            )  # fmt: skip
        return sorted(found, key=lambda m: m.start)

    def _candidates(
        self,
        sent: Span,
        taken: set[int],
        skip: tuple[int, int],
        persons: set[str] | None,
        caseless: bool = False,
    ) -> list[_Candidate]:
        """Names the gazetteer or the dictionary know as places, minus those that are never
        places (the table, acronyms, currency prefixes, people's and organisations' names,
        demonyms), in order."""
        doc = sent.doc
        out: list[_Candidate] = []
        sent_text, base = span_text(sent), sent.start_char
        i = sent.start
        max_words = min(self.gazetteer.max_words, 6)
        shouting: bool | None = None  # computed on the first all-capitals name
        # A text all in lower case says nothing by case: names are tried without capitals
        # (and kept only where the context makes them places, see `_lower_case_place`).
        caseless = caseless and not _shouting(sent_text)
        never_places = self.words.never
        last_end = -1
        tokens = tokens_of(doc)
        texts = token_texts(doc)
        first, end = sent.start, sent.end
        while i < end:
            tok = tokens[i]
            if (
                not (texts[i][:1].isupper() or (caseless and _lower_case_word(tok)))
                or i in taken
                # "The", "Police" opening a sentence; Token.is_sent_start scans the whole doc.
                or (i == first and tok.pos_ != "PROPN")
                or skip[0] <= tok.idx < skip[1]
            ):
                i += 1
                continue
            hit: tuple[int, str, list[Place], frozenset[str], list[Place], bool] | None = None
            # (end, text, readings, countries the dictionary gives, countries it names as
            # places, whether the readings are the dictionary's own)
            never = 0  # end of a longer name that is no place ("Elizabeth Warren")
            for j in range(min(end, i + max_words), i, -1):
                last_text = texts[j - 1]
                if not (last_text[:1].isupper() or caseless or tokens[j - 1].is_digit):
                    continue
                # Slice the sentence: Doc.text rebuilds the whole article on every call.
                text = sent_text[tok.idx - base : tokens[j - 1].idx + len(last_text) - base]
                key, known, non_place, countries, named_places = self._name(text)
                if key in never_places:
                    never = j
                    break
                if j - i == 1 and (
                    tok.lower_ in _CALENDAR_WORDS
                    or self.dictionary.sector_of(tok.lower_)
                    or (tok.pos_ not in {"PROPN", "NOUN"} and not (caseless and tok.pos_ == "ADJ"))
                ):
                    continue
                readings = list(known)
                named = list(named_places)
                if non_place:
                    if j - i > 1:
                        never = j  # a multi-word actor's name claims its words
                        break
                    continue
                if (
                    countries
                    and readings
                    and all([countries.isdisjoint(p.countries) for p in readings])
                ):
                    readings = []  # "White House" is the US government, not Casablanca
                own = False
                if not readings and countries:
                    # The actor dictionary knows the place but the gazetteer does not
                    # ("Torkham", "Ogaden", "UK"): a country, else a named area of it (weak:
                    # "the Kremlin" is mostly an actor).
                    own = True
                    readings = named or [
                        Place(name=text, kind="region", country=c, countries=(c,))
                        for c in sorted(countries)
                    ]
                if readings:
                    hit = (j, text, readings, countries, named, own)
                    break
            if never:
                i = never
                continue
            if hit is None:
                i += 1
                continue
            j, text, readings, countries, named, own = hit
            strong = bool(named)
            if not own:
                strong = False
                for p in readings:  # (a loop: no generator per name)
                    if self.gazetteer.is_strong(text, p):
                        strong = True
                        break
            letters = [ch for ch in text if ch.isalpha()]
            if len(letters) >= 2 and all([ch.isupper() for ch in letters]):
                if shouting is None:
                    shouting = _shouting(sent_text)
                if not shouting:
                    # An acronym is a place only as a country's abbreviation ("UK", "UAE").
                    readings = named
                else:
                    readings = [p for p in readings if self.gazetteer.is_strong(text, p)]
                strong = strong and bool(readings)
            kind = (
                self._not_a_place(doc, sent, i, j, text, readings, last_end)
                if readings
                else "acronym"
            )
            if kind is not None:
                if kind == "person" and persons is not None:
                    persons.add(normalise(text))
                i = j
                continue
            root = doc[i:j].root if j - i > 1 else tok
            prep, named_as_place = _attachment(root, self.words.place_nouns)
            following = doc[j].lower_ if j < sent.end else ""
            if not tok.text[:1].isupper() and not self._lower_case_place(
                root, prep, named_as_place, strong, readings, single=j - i == 1
            ):
                i += 1
                continue
            out.append(
                _Candidate(
                    i, j, root.i, text, readings, countries, strong, prep,
                    named_as_place or following in self.words.place_nouns, set(),
                )
            )  # fmt: skip
            last_end = j
            i = j
        return out

    def _lower_case_place(
        self,
        root: Token,
        prep: str | None,
        named: bool,
        strong: bool,
        readings: Sequence[Place],
        *,
        single: bool,
    ) -> bool:
        """Whether a name found without capitals (lower-case text) is a place here: a
        well-known place after a place preposition or "of" or named as a place ("the city of
        x"), or one strong alone naming whose an agent is ("the x government")."""
        # A large city's other name counts too ("mysore"), if one word: two common words
        # ("old town") are another city's nickname more often than a place.
        known = strong or (
            single
            and any(p.kind == "city" and p.population >= STRONG_CITY_POPULATION for p in readings)
        )
        if not known:
            return False
        if named or prep in _PLACE_PREPOSITIONS or prep == "of":
            return True
        return (
            strong
            and root.dep_ in {"compound", "amod"}
            and bool(self.dictionary.sector_of(root.head.lemma_))
        )

    def _not_a_place(
        self,
        doc: Doc,
        sent: Span,
        i: int,
        j: int,
        text: str,
        readings: Sequence[Place],
        last_end: int,
    ) -> str | None:
        """Why the name doc[i:j] is no place here, or None: a currency prefix ("US$"), part of
        a person's name ("Senator Warren", "Elizabeth Warren"), of an organisation's name
        ("Washington Post"), or a demonym ("Gazan")."""
        last = doc[j - 1]
        after = doc[j] if j < sent.end else None
        if last.text.endswith("$") or (
            after is not None and not last.whitespace_ and after.text[:1] in "$€£¥"
        ):
            return "currency"
        before = doc[i - 1] if i > sent.start else None
        if before is not None and i - 1 != last_end - 1:
            title = before.lower_
            if title in self.dictionary.role_nouns or title in _WORDS.delegate_nouns:
                return "person"  # "police chief Ali", "former president Clinton"
            if (
                before.pos_ == "PROPN"
                and before.text[:1].isupper()
                and not before.is_stop
                and before.lower_.rstrip(".") not in self.words.place_modifiers
                and not self._country_of(before.text)
            ):
                return "person"  # "Senator Warren", "Elizabeth Warren", "Mr Hyde"
        if (
            after is not None
            and after.pos_ == "PROPN"
            and after.text.istitle()
            and after.is_alpha
            and after.lower_ not in self.words.place_nouns
            and after.lower_ not in _CALENDAR_WORDS
            and not self._country_of(after.text)
            and not self.dictionary.lookup(after.text)  # "in Kunduz Taliban fighters ..."
        ):
            return "organisation"  # "Washington Post", "Lincoln University", "Delhi Police"
        if j - i == 1 and self._demonym(text, readings):
            return "demonym"
        return None

    def _demonym(self, text: str, readings: Sequence[Place]) -> bool:
        """A place's name plus a demonym ending, where the name is of the same place or of a
        larger one than the word itself could be ("Kabuli", "Gazan"; not "Milan")."""
        lower = normalise(text)
        for p in readings:  # (a loop: no generator per name)
            if normalise(p.name) == lower:
                return False  # a place's own name ("Tbilisi", "Milan") is that place
        strong = any(self.gazetteer.is_strong(text, p) for p in readings)
        for ending in _DEMONYM_ENDINGS:
            stem = lower.removesuffix(ending)
            if stem == lower or len(stem) < 3:
                continue
            places = self.gazetteer.lookup(stem)
            if not places:
                continue
            if set(places) & set(readings):
                return True
            if not strong and max(p.population for p in places) >= max(
                p.population for p in readings
            ):
                return True
        return False

    def _country_of(self, word: str) -> frozenset[str]:
        """The one country a word names or describes ("Afghan", "Tajikistan"), if any."""
        found = {
            e.actor.country
            for e in self.dictionary.lookup(word)
            if e.kind in {"country", "adjective"} and len(e.actor.country) == 3
        }
        places = self.gazetteer.lookup(word)
        found.update(p.country for p in places if p.kind == "country" and p.country)
        return frozenset(found)
