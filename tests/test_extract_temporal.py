"""Dates (kg/extract/temporal.py): normalising date expressions against the document's date,
and choosing the date that goes with a trigger.

Pure: ``normalise`` is plain Python; ``resolve_date`` is fed a hand-built parse on a blank
spaCy vocabulary, so no statistical pipeline is loaded.
"""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from kg.extract.temporal import normalise, published_of, resolve_date

THURSDAY = date(2024, 3, 14)


# --- normalise: absolute dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 March 2024", "2024-03-05"),
        ("5th of March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Sept. 30 2023", "2023-09-30"),
        ("March 2024", "2024-03"),
        ("in 2023", "2023"),
    ],
)
def test_full_dates_do_not_need_the_document_date(text: str, expected: str) -> None:
    assert normalise(text, None) == expected
    assert normalise(text, date(2030, 1, 1)) == expected


@pytest.mark.parametrize("text", ["January 28", "28 January", "Jan. 28", "the 28th of January"])
def test_month_day_takes_the_document_year(text: str) -> None:
    assert normalise(text, date(2024, 2, 10)) == "2024-01-28"


@pytest.mark.parametrize("text", ["January 28", "28 January", "Jan. 28"])
def test_month_day_of_an_undated_document_stays_month_day(text: str) -> None:
    assert normalise(text, None) == "--01-28"


def test_impossible_day_with_a_document_date_is_dropped() -> None:
    assert normalise("February 30", date(2024, 3, 1)) is None


def test_impossible_day_without_a_document_date_is_dropped() -> None:
    assert normalise("February 30", None) is None


# --- normalise: relative dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next year", "2025"),
        ("the coming year", "2025"),
        ("this year", "2024"),
        ("last year", "2023"),
        ("yesterday", "2024-03-13"),
        ("today", "2024-03-14"),
        ("tomorrow", "2024-03-15"),
    ],
)
def test_relative_dates_count_from_the_document_date(text: str, expected: str) -> None:
    assert normalise(text, THURSDAY) == expected


@pytest.mark.parametrize("text", ["next year", "last year", "yesterday", "on Tuesday"])
def test_relative_dates_of_an_undated_document_are_dropped(text: str) -> None:
    assert normalise(text, None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Tuesday", "2024-03-12"),
        ("Monday", "2024-03-11"),
        ("on Friday", "2024-03-08"),
        ("on Thursday", "2024-03-14"),
    ],
)
def test_weekday_is_the_last_such_day_up_to_the_document_date(text: str, expected: str) -> None:
    assert normalise(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("on Tuesday", "2024-03-19"), ("on Friday", "2024-03-15"), ("on Thursday", "2024-03-21")],
)
def test_future_weekday_is_the_next_such_day_after_the_document_date(
    text: str, expected: str
) -> None:
    assert normalise(text, THURSDAY, future=True) == expected


@pytest.mark.parametrize("text", ["in the spring", "soon", "recently", "the following week"])
def test_vague_times_are_dropped(text: str) -> None:
    assert normalise(text, THURSDAY) is None


# --- resolve_date: which date goes with a trigger ---------------------------------------------

_VOCAB = spacy.blank("en").vocab


def _parsed(published: date | None = None) -> Doc:
    """ "Chile met Peru on Monday and will meet Bolivia on May 2." with a hand-made parse."""
    words = ["Chile", "met", "Peru", "on", "Monday", "and", "will", "meet", "Bolivia", "on"]
    words += ["May", "2", "."]
    heads = [1, 1, 1, 1, 3, 1, 7, 1, 7, 7, 9, 10, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "aux", "conj", "dobj", "prep"]
    deps += ["pobj", "nummod", "punct"]
    ents = ["B-GPE", "O", "B-GPE", "O", "B-DATE", "O", "O", "O", "B-GPE", "O"]
    ents += ["B-DATE", "I-DATE", "O"]
    spaces = [True] * len(words)
    spaces[-2] = spaces[-1] = False
    doc = Doc(_VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, ents=ents)
    doc.user_data["published"] = published
    return doc


def test_published_of_reads_the_document_date() -> None:
    assert published_of(_parsed(THURSDAY)) == THURSDAY
    assert published_of(_parsed()) is None


def test_a_trigger_takes_the_date_in_its_own_subtree() -> None:
    doc = _parsed(THURSDAY)
    sent = next(iter(doc.sents))
    assert resolve_date(sent, doc[7], doc) == "2024-05-02"  # "meet … on May 2"


def test_a_trigger_takes_its_first_own_date() -> None:
    doc = _parsed(THURSDAY)
    sent = next(iter(doc.sents))
    assert resolve_date(sent, doc[1], doc) == "2024-03-11"  # "met … on Monday"


def test_a_word_without_own_date_among_two_dates_gets_none() -> None:
    doc = _parsed(THURSDAY)
    sent = next(iter(doc.sents))
    assert resolve_date(sent, doc[2], doc) is None  # "Peru"


def test_the_sentence_only_date_goes_with_any_trigger() -> None:
    words = ["Chile", "met", "Peru", "on", "January", "28", "."]
    heads = [1, 1, 1, 1, 3, 4, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "pobj", "nummod", "punct"]
    ents = ["B-GPE", "O", "B-GPE", "O", "B-DATE", "I-DATE", "O"]
    spaces = [True] * 5 + [False, False]
    doc = Doc(_VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, ents=ents)
    sent = next(iter(doc.sents))
    assert resolve_date(sent, doc[2], doc) == "--01-28"  # undated document
    doc.user_data["published"] = date(2024, 2, 10)
    assert resolve_date(sent, doc[2], doc) == "2024-01-28"


def test_a_sentence_without_dates_gives_none() -> None:
    words = ["Chile", "met", "Peru", "."]
    doc = Doc(_VOCAB, words=words, heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"])
    doc.user_data["published"] = THURSDAY
    assert resolve_date(next(iter(doc.sents)), doc[1], doc) is None
