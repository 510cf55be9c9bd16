"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casus.context import dates
from casus.context.dates import find_dates

PUBLISHED = dt.date(2016, 3, 10)  # a Thursday


def only(text: str, published: dt.date | None = PUBLISHED) -> tuple[str, str, bool]:
    (span,) = find_dates(text, published=published)
    assert text[span.start : span.end] == span.text
    return span.date.isoformat(), span.precision, span.historical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen stormed the depot on Tuesday.", ("2016-03-08", "day", False)),
        ("Gunmen stormed the depot on Thursday.", ("2016-03-10", "day", False)),  # same day
        ("Gunmen stormed the depot last Thursday.", ("2016-03-03", "day", False)),
        ("Gunmen stormed the depot on Friday.", ("2016-03-04", "day", False)),  # never ahead
        ("The envoys met last month.", ("2016-02-01", "month", False)),
        ("Talks opened earlier this week.", ("2016-03-07", "week", False)),
        ("The garrison stayed there till 2005.", ("2005-01-01", "year", True)),
        ("The base opened a couple of years ago.", ("2014-01-01", "year", True)),
        ("The envoys met three days ago.", ("2016-03-07", "day", False)),
        ("The ceasefire began on 5 March.", ("2016-03-05", "day", False)),
        ("The ceasefire began on December 24.", ("2015-12-24", "day", False)),
        # a month and day in the weeks after publication is the coming one
        ("The summit will take place on March 28.", ("2016-03-28", "day", False)),
        ("Talks are set for April 14 in Geneva.", ("2016-04-14", "day", False)),
        ("The ceasefire began on June 2.", ("2015-06-02", "day", True)),
        ("The ceasefire began on March 3, 2016.", ("2016-03-03", "day", False)),
        ("The ceasefire began in May 2011.", ("2011-05-01", "month", True)),
        ("The ceasefire began yesterday.", ("2016-03-09", "day", False)),
        ("The accord was signed on 2016-02-29 in the capital.", ("2016-02-29", "day", False)),
        ("Elections are due in 2016.", ("2016-01-01", "year", False)),
        # a year naming an event ("the 2003 invasion") dates the act told with it
        ("Iraq lost the province in the 2003 invasion.", ("2003-01-01", "year", True)),
        ("Turkey has held the town since the 1974 landings.", ("1974-01-01", "year", True)),
        ("He ran in the 2016 election.", ("2016-01-01", "year", False)),
    ],
)
def test_expressions(text: str, expected: tuple[str, str, bool]) -> None:
    assert only(text) == expected


def test_words_that_look_like_dates_are_not_dates() -> None:
    assert find_dates("Officials may march to the square.", published=PUBLISHED) == []
    assert find_dates("He sent 2005 troops.", published=PUBLISHED) == []


def test_relative_expressions_need_a_publication_date() -> None:
    assert find_dates("The envoys met last month and on Tuesday.", published=None) == []
    assert only("The accord of March 3, 2016 held.", published=None) == (
        "2016-03-03",
        "day",
        False,
    )


def test_offsets_are_shifted_into_the_article() -> None:
    (span,) = find_dates("It began on Monday.", published=PUBLISHED, offset=100)
    assert (span.start, span.end) == (109, 118)  # "on Monday" at 9..18


def test_digit_free_text_skips_only_patterns_that_need_a_digit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    published = dt.date(2024, 5, 1)
    texts = [
        "Talks began in March and ended last week, two years after the war.",
        "Since May the rebels have attacked on Tuesday, yesterday and this morning.",
        "A few months ago, early June, the army withdrew; in mid-December it returned.",
        "The ceasefire of 5 May 2023 held until 2024-01-15, officials said on Monday.",
    ]
    gated = [find_dates(t, published=published) for t in texts]
    monkeypatch.setattr(dates, "_DIGIT", re.compile(r""))  # every text "has a digit"
    assert [find_dates(t, published=published) for t in texts] == gated
    for name, pattern in dates._PATTERNS:
        if name in dates._NEED_DIGIT:
            assert not any(pattern.search(t) for t in texts[:3]), name


def test_month_and_hint_gates_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    published = dt.date(2024, 5, 1)
    texts = [
        "Talks began in March and ended last week, two years after the war.",
        "Since May the rebels have attacked on Tuesday, yesterday and this morning.",
        "A few months ago, early June, the army withdrew; in mid-December it returned.",
        "The ceasefire of 5 May 2023 held until 2024-01-15, officials said on Monday.",
        "They may march on 5 may 2023 or in june; it was decided two days ago.",
        "On SEPT. 3, 2021 and Sept.4 2022 the JAN 2020 plan, DEC 5, met in mAy 2020.",
        "Monday's talks and the holiday; last monday, a Sunday-school, ago, agog, Chicago.",
        "Markets in Maryland, Augustine, Junior, Decatur and Octavia fell 3% since Mayday.",
        "it happened three weeks\nago, on tuesday the 5th of march 2021 and in April.",
        "Shelling went on last night and this Morning; earlier this WEEK, past year, tonight.",
        "Yesterday's vote, today, the night shift, mornings, weekly and yearly reports.",
        "İstanbul talks ended last nıght; on MONDAY, two weeks ago, and a yeaR earlier.",
        "Kyiv was shelled ſince Tuesday, ſix dayſ ago, this morning and late last night.",
    ]
    gated = [find_dates(t, published=published) for t in texts]
    assert any(gated)
    # every text passes every gate
    monkeypatch.setattr(dates, "_CAPITAL_MONTH", re.compile(r""))
    monkeypatch.setattr(dates, "_HINTS", {name: re.compile(r"") for name in dates._HINTS})
    monkeypatch.setattr(dates, "_HINT_WORDS", {name: ("",) for name in dates._HINT_WORDS})
    assert [find_dates(t, published=published) for t in texts] == gated


def test_the_patterns_skipped_for_a_text_cannot_match_it() -> None:
    # Each plan keeps the patterns' order; a pattern left out of a plan needs a digit, a
    # year or a capitalised month the text lacks.
    texts = [
        "Troops withdrew on 3 May 2021 and again in 2022.",
        "Troops withdrew on 3 may, 12 days ago, in june.",
        "Troops withdrew in March, on the 3rd, and last week.",
        "2019-04-01: the accord of 1998 ended on Monday.",
        "Troops withdrew yesterday.",
    ]
    for text in texts:
        digits = re.search(r"\d", text) is not None
        years = re.search(r"(?:19|20)\d\d", text) is not None
        months = dates._CAPITAL_MONTH.search(text) is not None
        plan = dates._PLANS[digits, years, months]
        assert [p for p in dates._PATTERNS if p in plan] == list(plan)
        for name, pattern in dates._PATTERNS:
            if (name, pattern) not in plan and pattern.search(text):
                # the match would be dropped: its month is in lower case
                assert name in dates._NEED_MONTH and not months
