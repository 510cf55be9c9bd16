"""Tests for casus.ontology: completeness of the packaged data and load-time checks."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import yaml

from casus.ontology import (
    ACTOR_CODES_FILE,
    EVENTS_FILE,
    PLOVER_EVENTS,
    PLOVER_FILE,
    EventType,
    Ontology,
    OntologyError,
    default_ontology,
    load_ontology,
    quad_class_for_root,
)

ROOTS = [f"{n:02d}" for n in range(1, 21)]
CORE_SECTORS = (
    *("GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "INS", "CVL", "BUS", "MED"),
    *("REF", "EDU", "HLH", "LAB", "ELI", "SPY", "AGR", "CRM", "DEV", "ENV", "HRI"),
    *("MOD", "RAD", "UAF"),
)


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return default_ontology()


@pytest.fixture(scope="module")
def package_dir() -> Path:
    return Path(str(resources.files("casus") / "data" / "ontology"))


# --------------------------------------------------------------- completeness


def test_default_ontology_is_cached(onto: Ontology) -> None:
    assert default_ontology() is onto


def test_all_twenty_roots_present(onto: Ontology) -> None:
    assert [e.code for e in onto.roots()] == ROOTS


def test_at_least_280_codes(onto: Ontology) -> None:
    assert len(onto.event_types) >= 280


def test_every_three_digit_code_has_its_root(onto: Ontology) -> None:
    three = [c for c in onto.event_types if len(c) == 3]
    assert len(three) >= 140
    for code in three:
        assert code[:2] in onto.event_types, code


def test_every_four_digit_code_has_its_parent(onto: Ontology) -> None:
    four = [c for c in onto.event_types if len(c) == 4]
    assert len(four) >= 140
    for code in four:
        assert code[:3] in onto.event_types, code


def test_every_root_has_an_unspecified_child(onto: Ontology) -> None:
    for root in ROOTS:
        assert f"{root}0" in onto.event_types, root


@pytest.mark.parametrize(
    "code",
    ["155", "176", "1834", "1951", "1952", "106", "0214", "0256", "1056", "1246"],
)
def test_cameo_1_1b3_codes_present(onto: Ontology, code: str) -> None:
    assert code in onto.event_types


def test_every_code_is_complete(onto: Ontology) -> None:
    for code, event in onto.event_types.items():
        assert event.code == code
        assert event.name.strip(), code
        assert event.description.strip(), code
        assert -10.0 <= event.goldstein <= 10.0, code
        assert event.quad_class in (1, 2, 3, 4), code
        assert event.quad_class == onto.event(event.root).quad_class, code
        assert event.plover_event in PLOVER_EVENTS, code
        assert event.plover_mode is None or event.plover_mode.strip(), code


@pytest.mark.parametrize(
    ("root", "quad"),
    [(r, 1) for r in ROOTS[0:5]]
    + [(r, 2) for r in ROOTS[5:8]]
    + [(r, 3) for r in ROOTS[8:13]]
    + [(r, 4) for r in ROOTS[13:20]],
)
def test_quad_class_of_each_root(onto: Ontology, root: str, quad: int) -> None:
    assert onto.event(root).quad_class == quad
    assert quad_class_for_root(root) == quad


def test_quad_class_for_root_rejects_non_roots() -> None:
    with pytest.raises(ValueError, match="not a CAMEO root"):
        quad_class_for_root("21")


# ---------------------------------------------------------------- spot checks


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("010", ("Make statement, not specified below", 0.0, 1, "OTHER")),
        ("020", ("Make an appeal or request, not specified below", 3.0, 1, "REQUEST")),
        ("036", ("Express intent to meet or negotiate", 4.0, 1, "AGREE")),
        ("042", ("Make a visit", 1.9, 1, "CONSULT")),
        ("057", ("Sign formal agreement", 8.0, 1, "SUPPORT")),
        ("064", ("Share intelligence or information", 7.0, 2, "COOPERATE")),
        ("073", ("Provide humanitarian aid", 7.4, 2, "AID")),
        ("0841", ("Return, release person(s)", 7.0, 2, "RETREAT")),
        ("0874", ("Retreat or surrender militarily", 10.0, 2, "RETREAT")),
        ("112", ("Accuse, not specified below", -2.0, 3, "ACCUSE")),
        ("130", ("Threaten, not specified below", -4.4, 3, "THREATEN")),
        ("141", ("Demonstrate or rally, not specified below", -6.5, 4, "PROTEST")),
        ("163", ("Impose embargo, boycott, or sanctions", -8.0, 4, "SANCTION")),
        ("173", ("Arrest, detain, or charge with legal action", -5.0, 4, "COERCE")),
        ("183", (None, -10.0, 4, "ASSAULT")),
        ("190", ("Use conventional military force, not specified below", -10.0, 4, "ASSAULT")),
        ("2042", ("Detonate nuclear weapons", -10.0, 4, "ASSAULT")),
    ],
)
def test_well_known_codes(
    onto: Ontology, code: str, expected: tuple[str | None, float, int, str]
) -> None:
    name, goldstein, quad, plover = expected
    event = onto.event(code)
    if name is not None:
        assert event.name == name
    assert event.goldstein == goldstein
    assert event.quad_class == quad
    assert event.plover_event == plover


@pytest.mark.parametrize(
    ("code", "mode"),
    [
        ("041", "phone"),
        ("173", "arrest"),
        ("1831", "suicide-attack"),
        ("193", "firearms"),
        ("195", "aerial"),
        ("1952", "drone"),
        ("064", None),
    ],
)
def test_plover_modes(onto: Ontology, code: str, mode: str | None) -> None:
    assert onto.event(code).plover_mode == mode


def test_event_type_hierarchy_properties(onto: Ontology) -> None:
    event = onto.event("0841")
    assert isinstance(event, EventType)
    assert (event.root, event.level, event.parent) == ("08", 4, "084")
    assert onto.event("084").parent == "08"
    assert onto.event("08").parent is None
    assert [e.code for e in onto.children("084")] == ["0841", "0842"]


def test_unknown_event_code_raises_clear_keyerror(onto: Ontology) -> None:
    with pytest.raises(KeyError, match="unknown CAMEO event code '999'"):
        onto.event("999")


# ---------------------------------------------------------------- actor codes


def test_all_iso_countries_present(package_dir: Path) -> None:
    data = yaml.safe_load((package_dir / ACTOR_CODES_FILE).read_text(encoding="utf-8"))
    assert len(data["countries"]) == 249


def test_country_codes(onto: Ontology) -> None:
    assert onto.countries["RUS"] == "Russia"
    assert onto.countries["AFG"] == "Afghanistan"
    assert onto.countries["SUN"] == "Soviet Union"
    assert "YUG" in onto.countries
    for code in ("IGO", "IMG", "GOV", "AFR"):  # international, sector and region codes
        assert code not in onto.countries, code


def test_international_and_sector_codes(onto: Ontology) -> None:
    for code in ("IGO", "NGO", "IMG", "MNC", "UIS", "UNK"):
        assert code in onto.international
    for code in CORE_SECTORS:
        assert code in onto.sectors, code
    assert "AFR" in onto.regions


def test_ontology_mappings_are_read_only(onto: Ontology) -> None:
    with pytest.raises(TypeError):
        onto.event_types["999"] = onto.event("010")  # type: ignore[index]


# ------------------------------------------------------- validation on broken copies


@pytest.fixture
def broken(package_dir: Path, tmp_path: Path) -> Callable[[str, Callable[[str], str]], Path]:
    """Copy the packaged data to tmp_path and rewrite one file with ``edit``."""

    def make(filename: str, edit: Callable[[str], str]) -> Path:
        target = tmp_path / "ontology"
        shutil.copytree(package_dir, target)
        path = target / filename
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        return target

    return make


def _replace_line(start: str, new: str | None) -> Callable[[str], str]:
    """Replace (or drop, if ``new`` is None) the first line starting with ``start``."""

    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith(start):
                if new is None:
                    del lines[i]
                else:
                    lines[i] = new + "\n"
                return "".join(lines)
        raise AssertionError(f"no line starts with {start!r}")

    return edit


def _append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


def test_copy_of_package_data_loads(
    broken: Callable[[str, Callable[[str], str]], Path],
) -> None:
    onto = load_ontology(broken(EVENTS_FILE, lambda text: text))
    assert onto.event("064").goldstein == 7.0


@pytest.mark.parametrize(
    ("filename", "edit", "problem"),
    [
        (EVENTS_FILE, _append("064,Duplicate,7.0,2,again\n"), "duplicate CAMEO code '064'"),
        (EVENTS_FILE, _append("06X,Bad,1.0,2,bad\n"), "bad CAMEO code format '06X'"),
        (EVENTS_FILE, _append("06412,Too long,1.0,2,bad\n"), "bad CAMEO code format"),
        (EVENTS_FILE, _append("215,No such root,1.0,4,bad\n"), "no valid root"),
        (EVENTS_FILE, _append("0991,Orphan,-2.0,3,no parent\n"), "no 3-digit parent '099'"),
        (EVENTS_FILE, _replace_line("15,", None), "has no root '15'"),
        (
            EVENTS_FILE,
            _replace_line("064,", "064,Share intelligence or information,12.0,2,x"),
            "outside [-10, 10]",
        ),
        (
            EVENTS_FILE,
            _replace_line("064,", "064,Share intelligence or information,high,2,x"),
            "is not a number",
        ),
        (
            EVENTS_FILE,
            _replace_line("064,", "064,Share intelligence or information,7.0,3,x"),
            "does not match its root 06",
        ),
        (EVENTS_FILE, _replace_line("064,", "064,,7.0,2,x"), "has no name"),
        (EVENTS_FILE, _replace_line("064,", "064,Share,7.0,2"), "expected 5 fields"),
        (EVENTS_FILE, _replace_line("code,", "code,title,goldstein"), "expected header"),
        (PLOVER_FILE, _replace_line("064,", None), "'064'"),
        (PLOVER_FILE, _append("0999,ACCUSE,\n"), "unknown CAMEO code '0999'"),
        (PLOVER_FILE, _append("064,COOPERATE,\n"), "duplicate PLOVER row"),
        (PLOVER_FILE, _replace_line("064,", "064,SHARE,"), "unknown PLOVER event type"),
        (PLOVER_FILE, _replace_line("064,", "064,COOPERATE,Bad Mode"), "bad PLOVER mode"),
        (ACTOR_CODES_FILE, _replace_line("  USA:", "  usa: United States"), "code format"),
        (ACTOR_CODES_FILE, _replace_line("  USA:", "  US: United States"), "code format"),
        (ACTOR_CODES_FILE, _replace_line("  GOV:", "  GOVT: Government"), "sectors code"),
        (ACTOR_CODES_FILE, _replace_line("  AFG:", "  USA: Afghanistan"), "duplicate code"),
        (ACTOR_CODES_FILE, _replace_line("  RUS:", "  RUS:"), "non-empty text"),
        (ACTOR_CODES_FILE, _replace_line("  MED:", "  USA: Media"), "clashes with"),
        (ACTOR_CODES_FILE, _replace_line("  AFR:", "  IGO: Africa"), "is in both"),
        (ACTOR_CODES_FILE, _replace_line("sectors:", "sector_types:"), "unknown section"),
        (ACTOR_CODES_FILE, _append("  bad: [unclosed\n"), "invalid YAML"),
    ],
)
def test_broken_data_is_rejected(
    broken: Callable[[str, Callable[[str], str]], Path],
    filename: str,
    edit: Callable[[str], str],
    problem: str,
) -> None:
    data_dir = broken(filename, edit)
    with pytest.raises(OntologyError) as info:
        load_ontology(data_dir)
    message = str(info.value)
    assert filename in message
    assert problem in message
    assert info.value.source.endswith(filename)


def test_missing_plover_mapping_names_both_files(
    broken: Callable[[str, Callable[[str], str]], Path],
) -> None:
    with pytest.raises(OntologyError) as info:
        load_ontology(broken(PLOVER_FILE, _replace_line("064,", None)))
    message = str(info.value)
    assert PLOVER_FILE in message
    assert EVENTS_FILE in message
    assert "has no PLOVER mapping" in message


def test_error_names_the_line(
    broken: Callable[[str, Callable[[str], str]], Path],
) -> None:
    data_dir = broken(EVENTS_FILE, _append("064,Duplicate,7.0,2,again\n"))
    last_line = len((data_dir / EVENTS_FILE).read_text(encoding="utf-8").splitlines())
    with pytest.raises(OntologyError) as info:
        load_ontology(data_dir)
    assert info.value.line == last_line
    assert f"line {last_line}" in str(info.value)


def test_missing_section_is_rejected(
    broken: Callable[[str, Callable[[str], str]], Path],
) -> None:
    def drop_sectors(text: str) -> str:
        return text[: text.index("\nsectors:")] + "\n"

    with pytest.raises(OntologyError, match=r"actor_codes\.yml: missing section 'sectors'"):
        load_ontology(broken(ACTOR_CODES_FILE, drop_sectors))


def test_missing_file_is_rejected(package_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "ontology"
    shutil.copytree(package_dir, target)
    (target / PLOVER_FILE).unlink()
    with pytest.raises(OntologyError, match=r"plover\.csv: file not found"):
        load_ontology(target)
