"""Dates: what a sentence says about when, resolved against the document's date.

A date the text gives in full is kept; "January 28" takes the document's year, or stays a
``--01-28`` month-day when the document is undated; "next year", "on Tuesday" need the
document's date and are dropped without one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

MONTHS = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for m in names
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_AFTER = r"(?:,?\s+(?P<year>\d{4}))?"
_DAY_MONTH_YEAR = [
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + _YEAR_AFTER, re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)" + _YEAR_AFTER, re.I),
]
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>\d{4})", re.I)
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
_RELATIVE_YEAR = re.compile(r"\b(?P<rel>next|this|last|previous|coming)\s+year\b", re.I)
_RELATIVE_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1}


def published_of(doc: Doc) -> date | None:
    value = doc.user_data.get("published")
    return value if isinstance(value, date) else None


def normalise(text: str, published: date | None, future: bool = False) -> str | None:
    """An ISO (partial) date for a date expression, or ``None`` when it cannot be placed."""
    lowered = text.lower().strip()
    for pattern in _DAY_MONTH_YEAR:
        match = pattern.search(text)
        if match:
            month, day = MONTHS[match.group("month").lower()], int(match.group("day"))
            if not 1 <= day <= 31:
                continue
            if match.group("year"):
                return _iso(int(match.group("year")), month, day)
            if published is None:
                # 2000 is a leap year, so only days no year has ("--02-30") are refused.
                return f"--{month:02d}-{day:02d}" if _iso(2000, month, day) else None
            return _iso(published.year, month, day)
    match = _MONTH_YEAR.search(text)
    if match:
        return f"{int(match.group('year')):04d}-{MONTHS[match.group('month').lower()]:02d}"
    match = _RELATIVE_YEAR.search(text)
    if match:
        if published is None:
            return None
        shift = {"next": 1, "coming": 1, "this": 0, "last": -1, "previous": -1}
        return str(published.year + shift[match.group("rel").lower()])
    match = _YEAR.search(text)
    if match and lowered.strip("in ").isdigit():
        return match.group("year")
    for word, offset in _RELATIVE_DAY.items():
        if word in lowered and published:
            return (published + timedelta(days=offset)).isoformat()
    for index, weekday in enumerate(WEEKDAYS):
        if weekday in lowered and published:
            delta = (published.weekday() - index) % 7
            if future:
                return (
                    published + timedelta(days=(index - published.weekday()) % 7 or 7)
                ).isoformat()
            return (published - timedelta(days=delta)).isoformat()
    if match:
        return match.group("year")
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def resolve_date(sent: Span, anchor: Token, doc: Doc, future: bool = False) -> str | None:
    """The date that goes with ``anchor``: a DATE entity in its subtree, else the sentence's
    only DATE entity."""
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    if not dates:
        return None
    subtree = {t.i for t in anchor.subtree}
    own = [e for e in dates if e.root.i in subtree or e.root.head.i == anchor.i]
    chosen = own or (dates if len(dates) == 1 else [])
    for ent in chosen:
        value = normalise(ent.text, published_of(doc), future)
        if value:
            return value
    return None
