"""Extraction: page chrome removed, metadata kept, bad input refused with a clear reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import trafilatura

from casus.extract import (
    InputError,
    article_id,
    clean_plain_text,
    decode,
    extract,
    page_metadata,
    read_file,
)
from casus.model import RawDoc

ROOT = Path(__file__).resolve().parents[1]

SCRAPED = """World / Opinion / Talks in Geneva
Home / Opinion / Talks in Geneva

Talks in Geneva

Norway's foreign minister met the Colombian delegation in Geneva on Monday.
Both sides said the talks were useful.

About editor

Check Also

Floods Hit Coastal Towns as Rains Continue

OSLO: Heavy rain flooded several coastal towns on Sunday, …
"""


def test_plain_text_chrome_is_removed_and_title_kept() -> None:
    body, title = clean_plain_text(SCRAPED)
    assert title == "Talks in Geneva"
    assert body.startswith("Norway's foreign minister met")
    assert "Check Also" not in body and "Floods" not in body and "About editor" not in body


def test_html_page_keeps_title_and_date_and_drops_navigation() -> None:
    html = (
        "<html><head><title>Envoys meet - The Daily Example</title>"
        '<meta property="article:published_time" content="2023-04-05T10:00:00Z"></head>'
        "<body><nav><a href='/'>Home</a> / <a>World</a></nav><article><h1>Envoys meet</h1>"
        "<p>Chile's ambassador met Peruvian officials in Lima on Tuesday to discuss "
        "border trade.</p>"
        "<p>The two governments agreed to hold further talks next month, a statement said.</p>"
        "</article><footer>Copyright The Daily Example. Cookie settings.</footer></body></html>"
    )
    article = extract(RawDoc("page.html", html.encode()))
    assert article.published == dt.date(2023, 4, 5)
    assert "Chile's ambassador" in article.text
    assert "Cookie" not in article.text and "Home" not in article.text


def test_article_id_ignores_whitespace_and_case() -> None:
    assert article_id("Rebels  attacked\nthe town.") == article_id("rebels attacked the town.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00data", "binary"),
        (b"   \n\t ", "empty"),
    ],
)
def test_bad_content_is_refused_with_reason(content: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        extract(RawDoc("x.txt", content))


def test_missing_and_huge_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="too large"):
        read_file(big, max_bytes=1024)


def test_non_english_text_is_refused() -> None:
    text = (
        "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les "
        "agriculteurs touchés par la sécheresse, selon un communiqué publié dans la soirée. "
        "Les syndicats ont salué une décision attendue depuis plusieurs mois par la profession."
    )
    with pytest.raises(InputError, match="English"):
        extract(RawDoc("fr.txt", text.encode()))


def test_latin1_text_is_decoded() -> None:
    text = "The minister of Côte d'Ivoire met his counterpart in Accra on Friday, officials said."
    article = extract(RawDoc("latin1.txt", text.encode("latin-1")))
    assert "Côte" in article.text


def test_a_record_is_coded_as_given_without_chrome_removal() -> None:
    text = "Home / World\nTroops Seal Border Crossing After Raid\nsoldiers closed the crossing"
    article = extract(RawDoc("dump.jsonl:3", text, record=True))
    assert article.text == text


def test_a_one_line_text_is_coded_as_given() -> None:
    article = extract(RawDoc("headline.txt", "Kenya Recalls Envoy From Somalia Over Border Row"))
    assert article.text == "Kenya Recalls Envoy From Somalia Over Border Row"


def test_a_page_line_lacking_its_full_stop_is_not_a_heading() -> None:
    text = (
        "Home / News / Region\n"
        "Police Raid Market\n"
        "police arrested five traders in the old city on tuesday after a clash with guards\n"
        "The traders were released on bail later that day.\n"
    )
    article = extract(RawDoc("page.txt", text))
    assert "police arrested five traders" in article.text
    assert "Police Raid Market" not in article.text and "Home /" not in article.text


@pytest.mark.parametrize(
    "teaser",
    [
        "[Read: Kenyan troops cross into Somalia after border raid]",
        "READ MORE: Kenyan troops cross into Somalia after border raid",
        "Also read: Kenyan troops cross into Somalia after border raid.",
        "Related: Kenyan troops cross into Somalia after border raid",
        "SEE MORE: Kenyan troops cross into Somalia after border raid",
    ],
)
def test_a_link_teaser_inside_the_body_is_chrome(teaser: str) -> None:
    # Outlets put links to other stories between paragraphs; they are headlines of other
    # articles, not this one's reporting.
    text = (
        "Kenya's defence minister visited Garissa on Monday.\n\n"
        f"{teaser}\n\n"
        "He met local officials and police commanders.\n"
    )
    body, _ = clean_plain_text(text)
    assert "Somalia" not in body
    assert "He met local officials" in body


def test_a_run_of_headlines_between_pipes_is_chrome() -> None:
    # Hover cards and link strips put other stories' headlines, pipe-separated, into the body.
    text = (
        "Kenya's defence minister visited Garissa on Monday.\n\n"
        "Weekly Digest: Senators call for new border fund | Kenyan troops cross into Somalia | "
        "Court jails former mayor MORE said on Tuesday.\n\n"
        "He met local officials and police commanders.\n"
    )
    body, _ = clean_plain_text(text)
    assert "Somalia" not in body and "Senators" not in body
    assert "He met local officials" in body and "Garissa" in body


def test_one_pipe_in_a_sentence_is_not_chrome() -> None:
    text = "Kenya's defence minister visited Garissa on Monday | a border town near Somalia.\n"
    body, _ = clean_plain_text(text + "He met local officials.\n")
    assert "Garissa" in body


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "demo" / "corpus").glob("*.html")) + sorted((ROOT / "tests").rglob("*.htm*")),
    ids=lambda p: p.name,
)
def test_page_metadata_is_trafilaturas(path: Path) -> None:
    """`page_metadata` finds the four fields casus reads as trafilatura's whole metadata
    search does (it leaves out the searches for fields casus does not read)."""
    try:
        html = decode(path.read_bytes())
    except InputError:
        return  # (a fixture of bad input)
    full = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if full is None:
        return
    fields = full if isinstance(full, dict) else full.as_dict()
    expected = {key: fields[key] for key in ("title", "date", "url", "sitename")}
    assert page_metadata(html) == expected
