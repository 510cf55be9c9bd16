"""Dates: event dates from the date expressions of a sentence, else the publication date.

The spaCy model runs without NER, so date expressions are found by the patterns below and
resolved against the publication date with our own calendar arithmetic (no guessing of
the reader's "today"): weekdays mean the most recent such day on or before publication,
"last month" the month before it, "a couple of years ago" two years before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from casus.model import DateDetail

Precision = Literal["day", "week", "month", "year"]
# A date whose period ends this long before publication is background, not news.
HISTORICAL_DAYS = 183

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}  # fmt: skip
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 3, "some": 3,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Most specific first: the first pattern that matches a stretch of text wins it.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("month-day-year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
        ("day-month-year", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
        ("month-day", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)"),
        ("day-month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b"),
        ("month-year", rf"\b{_MONTH},?\s+{_YEAR}\b"),
        ("ago", rf"\b{_COUNT}\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
        ("relative-day", r"\b(?P<word>yesterday|today|tonight|last\s+night|this\s+morning)\b"),
        (
            "relative-period",
            r"\b(?P<which>last|this|earlier\s+this|later\s+this|past|previous)\s+"
            r"(?P<unit>week|month|year)\b",
        ),
        ("weekday", rf"\b(?:(?P<which>last|this|on|past)\s+)?{_WEEKDAY}\b"),
        (
            "prep-month",
            rf"\b(?P<prep>in|since|until|till|by|during|from|early|late|mid-?)\s+{_MONTH}\b",
        ),
        (
            "prep-year",
            rf"\b(?P<prep>in|since|until|till|through|by|during|from|before|after|early|late"
            rf"|mid-?)\s+(?:the\s+)?{_YEAR}\b(?![-/]\d)",
        ),
    )
)
# Patterns that cannot match a text without a digit (a day or a year): skipped for such text.
_NEED_DIGIT = frozenset(
    {"iso", "month-day-year", "day-month-year", "month-day", "day-month", "month-year", "prep-year"}
)
_DIGIT = re.compile(r"\d")
# Patterns that cannot match a text without a year (19xx, 20xx): skipped for such text,
# which is most text with a digit (a count, a day of the month).
_NEED_YEAR = frozenset({"iso", "month-day-year", "day-month-year", "month-year", "prep-year"})
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d", re.IGNORECASE)  # (the patterns' flags: same \d)
# Patterns whose month name must be capitalised to count (see `find_dates`): skipped for a
# text with no month name, as a whole word, that begins with a capital.
_NEED_MONTH = frozenset(
    {"month-day-year", "day-month-year", "month-day", "day-month", "month-year", "prep-month"}
)


def _capital_months() -> re.Pattern[str]:
    """A month name as a whole word, its first letter a capital, the rest in any case."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(_MONTHS, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name[1:])
    names = "|".join(f"{first.upper()}(?i:{'|'.join(rest)})" for first, rest in by_first.items())
    return re.compile(rf"\b(?:{names})\b")


_CAPITAL_MONTH = _capital_months()
# What a pattern cannot match without (cheap searches, in the patterns' own case rule): a
# pattern whose hint is not in the text is not tried.
_HINT_WORDS: dict[str, tuple[str, ...]] = {
    "ago": ("ago",),
    "relative-day": ("day", "night", "morning"),
    "relative-period": ("week", "month", "year"),
    "weekday": ("day",),
}
# The same as searches: in ASCII text a case-blind match is a match of the lower-cased
# text, which `in` finds at once; elsewhere a few letters match others ("ı" matches "i").
_HINTS: dict[str, re.Pattern[str]] = {
    name: re.compile("|".join(words), re.IGNORECASE) for name, words in _HINT_WORDS.items()
}
# "in March" needs "in": a bare "may" is a verb and "March" a walk.
_EXPLICIT_PAST = frozenset({"until", "till", "through", "before"})


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date expression in the text, resolved to a period start and its precision."""

    text: str
    start: int
    end: int
    date: dt.date
    precision: Precision
    historical: bool
    method: str = "sentence-span"

    def detail(self) -> DateDetail:
        """The event's `date_detail` when this expression dates it."""
        return DateDetail(
            text=self.text,
            start=self.start,
            end=self.end,
            precision=self.precision,
            historical=self.historical,
            method=self.method,
        )


def article_date_detail() -> DateDetail:
    """`date_detail` for an event dated by its article (no date expression in the sentence)."""
    return DateDetail(
        text=None, start=None, end=None, precision="day", historical=False, method="article-date"
    )


def _period_end(start: dt.date, precision: Precision) -> dt.date:
    if precision == "year":
        return dt.date(start.year, 12, 31)
    if precision == "month":
        return _add_months(start, 1) - dt.timedelta(days=1)
    if precision == "week":
        return start + dt.timedelta(days=6)
    return start


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _count(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else _NUMBERS.get(text, 1)


# A month and day at most this many days after publication is the coming one ("the summit
# will take place on March 28" in a story of March 10); news does not tell what happened
# on a day still ahead, and a day nearly a year back is rarely what a story means.
_COMING_DAYS = 45


def _before(published: dt.date | None, month: int, day: int = 1) -> dt.date | None:
    """The most recent given month (and day) on or before publication, unless that day of
    this year or the next comes within `_COMING_DAYS` after it."""
    if published is None:
        return None
    found = _safe_date(published.year, month, day)
    if found is None or found > published:
        for year in (published.year, published.year + 1):
            coming = _safe_date(year, month, day)
            if coming is not None and 0 < (coming - published).days <= _COMING_DAYS:
                return coming
        found = _safe_date(published.year - 1, month, day)
    return found


def _resolve(
    name: str, m: re.Match[str], published: dt.date | None
) -> tuple[dt.date, Precision] | None:
    g = m.groupdict()
    month = _MONTHS.get((g.get("month") or "").lower().rstrip("."))
    if name == "iso":
        found = _safe_date(int(g["year"]), int(g["month"]), int(g["day"]))
        return (found, "day") if found else None
    if name in {"month-day-year", "day-month-year"} and month:
        found = _safe_date(int(g["year"]), month, int(g["day"]))
        return (found, "day") if found else None
    if name in {"month-day", "day-month"} and month:
        found = _before(published, month, int(g["day"]))
        return (found, "day") if found else None
    if name == "month-year" and month:
        return dt.date(int(g["year"]), month, 1), "month"
    if name == "prep-year":
        return dt.date(int(g["year"]), 1, 1), "year"
    if name == "prep-month" and month:
        found = _before(published, month)
        return (found, "month") if found else None
    if published is None:
        return None  # everything below counts from the publication date
    if name == "ago":
        n, unit = _count(g["count"]), g["unit"].lower()
        if unit == "day":
            return published - dt.timedelta(days=n), "day"
        if unit == "week":
            return published - dt.timedelta(weeks=n), "day"
        if unit == "month":
            return _add_months(published.replace(day=1), -n), "month"
        years = n * (10 if unit == "decade" else 1)
        return dt.date(published.year - years, 1, 1), "year"
    if name == "relative-day":
        word = " ".join(g["word"].lower().split())
        back = 1 if word in {"yesterday", "last night"} else 0
        return published - dt.timedelta(days=back), "day"
    if name == "relative-period":
        which, unit = " ".join(g["which"].lower().split()), g["unit"].lower()
        back = 1 if which in {"last", "past", "previous"} else 0
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday())
            return monday - dt.timedelta(weeks=back), "week"
        if unit == "month":
            return _add_months(published.replace(day=1), -back), "month"
        return dt.date(published.year - back, 1, 1), "year"
    if name == "weekday":
        # "on Tuesday" in news is the most recent Tuesday, or publication day itself.
        days = (published.weekday() - _WEEKDAYS[g["weekday"].lower()]) % 7
        if (g.get("which") or "").lower() == "last" and days == 0:
            days = 7
        return published - dt.timedelta(days=days), "day"
    return None


def _plan(digits: bool, years: bool, months: bool) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The patterns, in order, that can match a text with or without a digit, a year and a
    capitalised month name (a month in lower case would be dropped: see `find_dates`)."""
    return tuple(
        (name, pattern)
        for name, pattern in _PATTERNS
        if (digits or name not in _NEED_DIGIT)
        and (years or name not in _NEED_YEAR)
        and (months or name not in _NEED_MONTH)
    )


# The plans for every text, by (digit, year, month): most sentences have no year and no month,
# and trying only their few patterns spares a test of each of the twelve per sentence.
_PLANS = {
    (digits, years, months): _plan(digits, years, months)
    for digits in (False, True)
    for years in (False, True)
    for months in (False, True)
}


def find_dates(text: str, *, published: dt.date | None, offset: int = 0) -> list[DateSpan]:
    """Date expressions in a text (e.g. one sentence), resolved against `published`.

    `offset` is added to the spans' positions (the sentence's start in the article).
    """
    taken: list[tuple[int, int]] = []
    found: list[DateSpan] = []
    digits = _DIGIT.search(text) is not None
    years = digits and _YEAR_DIGITS.search(text) is not None
    months = _CAPITAL_MONTH.search(text) is not None
    lower = text.lower() if text.isascii() else None
    for name, pattern in _PLANS[digits, years, months]:
        words = _HINT_WORDS.get(name)
        if words is not None:
            # a word the pattern cannot match without is not in the text: not tried
            if lower is None:
                if _HINTS[name].search(text) is None:
                    continue
            else:
                for word in words:  # (a loop: no generator per pattern and sentence)
                    if word in lower:
                        break
                else:
                    continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if name == "weekday" and not (m.group("which") or m.group("weekday")[0].isupper()):
                continue
            month = m.groupdict().get("month")
            if name != "iso" and month and not month[0].isupper():
                continue  # "may" the verb, "march" the walk: news capitalises month names
            resolved = _resolve(name, m, published)
            if resolved is None:
                continue
            day, precision = resolved
            taken.append((m.start(), m.end()))
            explicit = name == "prep-year" and m.group("prep").lower() in _EXPLICIT_PAST
            historical = False
            if published is not None:
                ends = _period_end(day, precision)
                historical = ends < published - dt.timedelta(days=HISTORICAL_DAYS) or (
                    explicit and ends < published
                )
            found.append(
                DateSpan(
                    text=m.group(0),
                    start=offset + m.start(),
                    end=offset + m.end(),
                    date=day,
                    precision=precision,
                    historical=historical,
                )
            )
    return sorted(found, key=lambda d: d.start)
