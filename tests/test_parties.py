"""Political parties: named parties get their country and the PTY sector; generic party
names ("Labour Party") take their country from the text; a bad parties file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from casus.actors.dictionary import ActorDictionaryError, add_user_file, load_actor_dictionary


@pytest.fixture(scope="module")
def dictionary():  # type: ignore[no-untyped-def]
    return load_actor_dictionary()


def actors(coder, text: str) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    events = coder.code(text)
    sources = {e.source.actor.code for e in events if e.source}
    targets = {e.target.actor.code for e in events if e.target}
    return sources, targets


def test_a_us_party_accusing_a_foreign_embassy_is_american(coder) -> None:  # type: ignore[no-untyped-def]
    sources, targets = actors(
        coder, "House Republicans accused the Chinese embassy of spying on American universities."
    )
    assert sources and all(s.startswith("USA") for s in sources), sources
    assert "CHNGOV" in targets


@pytest.mark.parametrize(
    ("text", "side", "code"),
    [
        ("The governor accused the Democrats of blocking the border bill.", "target", "USAPTY"),
        (
            "The Dems criticized the Israeli government over the settlement plan.",
            "source",
            "USAPTY",
        ),
        ("The GOP condemned the Iranian government on Monday.", "source", "USAPTY"),
        ("The BJP accused Pakistan of sheltering militants.", "source", "INDPTY"),
        ("Likud condemned the Iranian government on Sunday.", "source", "ISRPTY"),
        ("ZANU-PF accused the United States of meddling.", "source", "ZWEPTY"),
        ("Fidesz accused the European Commission of blackmail.", "source", "HUNPTY"),
        ("The Awami League accused the Pakistani army of genocide.", "source", "BGDPTY"),
        ("The Kuomintang criticized the Chinese government over the drills.", "source", "TWNPTY"),
        ("Morena accused the American ambassador of meddling.", "source", "MEXPTY"),
        # a longer name wins over "Democrats"
        ("Sweden Democrats criticized the Turkish government.", "source", "SWEPTY"),
        ("The Liberal Democrats accused the Chinese government of lying.", "source", "GBRPTY"),
        # India's Congress party, by its longer names only
        ("The Congress party accused the Modi government of hiding the truth.", "source", "INDPTY"),
    ],
)
def test_named_parties_have_their_country(coder, text: str, side: str, code: str) -> None:  # type: ignore[no-untyped-def]
    sources, targets = actors(coder, text)
    assert code in (sources if side == "source" else targets), (sources, targets)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "In Britain, the Labour Party criticized the Israeli government over the strikes.",
            "GBRPTY",
        ),
        ("Britain's Labour Party criticized the Israeli government over the strikes.", "GBRPTY"),
        ("Japan's Democratic Party accused the Chinese government of bullying.", "JPNPTY"),
        ("The Australian Labor Party criticized the Chinese government.", "AUSPTY"),
    ],
)
def test_a_generic_party_name_takes_its_country_from_the_text(coder, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    sources, _ = actors(coder, text)
    assert code in sources, sources


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Police in Sudan arrested leaders of the opposition Umma Party on Monday.", "SDNOPP"),
        ("The ruling BJP accused Pakistan of sheltering militants.", "INDGOV"),
    ],
)
def test_a_party_named_with_its_standing_takes_that_sector(coder, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    sources, targets = actors(coder, text)
    assert code in sources | targets, (sources, targets)


def test_a_sector_noun_around_a_party_name_is_no_party_of_its(coder) -> None:  # type: ignore[no-untyped-def]
    sources, targets = actors(
        coder, "Iraq's Republican Guard attacked Kurdish villages near Kirkuk."
    )
    assert "IRQMIL" in sources and not any(c.startswith("USA") for c in sources | targets)
    sources, _ = actors(coder, "BNP Paribas criticized the French government over the tax.")
    assert not any(c.startswith("BGD") for c in sources), sources


def test_congress_alone_stays_the_legislature(coder) -> None:  # type: ignore[no-untyped-def]
    sources, _ = actors(coder, "Congress condemned the Russian government for the invasion.")
    assert sources and all(s[3:6] == "LEG" for s in sources), sources


def test_party_members_in_a_role_keep_the_role(coder) -> None:  # type: ignore[no-untyped-def]
    sources, _ = actors(coder, "Republican senators accused the Chinese government of lying.")
    assert "USALEG" in sources, sources


def test_generic_party_names_are_sector_nouns_not_names(dictionary) -> None:  # type: ignore[no-untyped-def]
    for generic in ("democratic party", "labour party", "communist party", "socialist party"):
        assert dictionary.sector_of(generic) == "PTY"
        assert not dictionary.lookup(generic), generic
    assert dictionary.sector_of("ruling party") == "GOV"
    assert dictionary.sector_of("opposition party") == "OPP"
    assert {e.actor.code for e in dictionary.lookup("congress")} == set()


def test_parties_cover_many_countries(dictionary) -> None:  # type: ignore[no-untyped-def]
    parties = {
        e.actor.name: e.actor.country
        for entries in dictionary.phrases.values()
        for e in entries
        if e.actor.sector == "PTY"
    }
    assert len(parties) >= 250
    assert len(set(parties.values())) >= 90


def test_party_names_belong_to_no_other_actor(dictionary) -> None:  # type: ignore[no-untyped-def]
    for phrase, entries in dictionary.phrases.items():
        if any(e.actor.sector == "PTY" for e in entries):
            assert {e.actor.sector for e in entries} == {"PTY"}, (phrase, entries)


def _user_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.yml"
    path.write_text("parties:\n" + body)
    return path


def test_a_user_file_may_add_parties(tmp_path: Path) -> None:
    mine = _user_file(
        tmp_path, "  - {code: NERPTY, country: NER, name: Parti Lumiere, names: [Parti Lumiere]}\n"
    )
    dictionary = load_actor_dictionary(extra=[mine])
    assert {e.actor.code for e in dictionary.lookup("parti lumiere")} == {"NERPTY"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - {code: NERGOV, country: NER, name: Parti Lumiere}\n", r"entry 1.*PTY"),
        ("  - {code: NERPTY, country: NE, name: Parti Lumiere}\n", r"entry 1.*country"),
        ("  - {code: NERPTYLUMX, country: NER, name: Parti Lumiere}\n", r"entry 1.*code"),
        (
            "  - {code: NERPTY, country: NER, name: Parti Lumiere, names: [PL]}\n"
            "  - {code: BENPTY, country: BEN, name: Parti Libre, names: [PL]}\n",
            r"entry 2.*'PL'.*NERPTY",
        ),
        ("  - {code: NERPTY, country: NER}\n", r"entry 1.*name"),
    ],
)
def test_a_bad_parties_file_is_refused_naming_file_and_entry(
    tmp_path: Path, body: str, message: str
) -> None:
    dictionary = load_actor_dictionary()
    with pytest.raises(ActorDictionaryError, match=r"mine\.yml: " + message):
        add_user_file(dictionary, _user_file(tmp_path, body))


def test_a_body_of_a_party_is_the_party(coder) -> None:  # type: ignore[no-untyped-def]
    # "general secretariat" and "office" are also the state's: owned by a party, the party's.
    for text in (
        "A member of Ennahda's general secretariat condemned the attack.",
        "The ANC's national executive office condemned the attack.",
    ):
        sources, _ = actors(coder, text)
        assert sources and all(c.endswith("PTY") for c in sources), (text, sources)
