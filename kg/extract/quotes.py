"""Direct quotations and who said them ("…,” Phea said", "It continued: “…”")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extract.entities import EntityReading
from kg.extract.helpers import evidence, phrase_keys, subject_of
from kg.model import COUNTRY, ORGANIZATION, PERSON, Quotation

REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "continue",
        "state",
        "note",
        "stress",
        "emphasize",
        "emphasise",
        "write",
        "declare",
        "explain",
        "insist",
        "warn",
        "announce",
        "remark",
        "reply",
        "respond",
        "affirm",
    ]
)
_QUOTE = re.compile(r"“([^”]{12,}?)”|\"([^\"]{12,}?)\"")


def _sentence_at(doc: Doc, char: int) -> Span | None:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return None


def _speaker_near(sent: Span, reading: EntityReading, before: int, after: int) -> tuple[str, ...]:
    """The subject of a reporting verb in ``sent`` outside the quoted characters."""
    for token in sent:
        if before <= token.idx < after:
            continue
        if token.lemma_.lower() in REPORTING_VERBS and token.pos_ in {"VERB", "AUX"}:
            subject = subject_of(token)
            if subject is not None:
                keys = phrase_keys(subject, reading)
                speakers = tuple(k for k in keys if reading.is_a(k, PERSON, COUNTRY, ORGANIZATION))
                if speakers:
                    return speakers
    return ()


Quoted = list[tuple[re.Match[str], tuple[str, ...]]]


def find_quoted(doc: Doc, reading: EntityReading) -> Quoted:
    """Every quotation in the text with its speakers (empty where none is found), read once
    per document for both ``attribute_first_person`` and ``read_quotations``."""
    found = []
    for match in _QUOTE.finditer(doc.text):
        start, end = match.start(), match.end()
        speakers: tuple[str, ...] = ()
        for sent in (_sentence_at(doc, end - 1), _sentence_at(doc, start)):
            if sent is not None:
                speakers = _speaker_near(sent, reading, start, end)
                if speakers:
                    break
        found.append((match, speakers))
    return found


_FIRST_PERSON = frozenset(["i", "me", "my", "we", "us", "our"])


def attribute_first_person(doc: Doc, reading: EntityReading, quoted: Quoted) -> None:
    """ "“I would like to express our gratitude …,” said X": inside a quotation, "I" and
    "our" are its speaker."""
    for match, speakers in quoted:
        if not speakers:
            continue
        for token in doc.char_span(match.start(), match.end(), alignment_mode="expand") or ():
            if token.lower_ in _FIRST_PERSON and token.i not in reading.token_keys:
                reading.token_keys[token.i] = speakers


def read_quotations(doc: Doc, quoted: Quoted) -> list[Quotation]:
    quotations = []
    for match, speakers in quoted:
        text = match.group(1) or match.group(2)
        anchor = _sentence_at(doc, match.start()) or _sentence_at(doc, match.end() - 1)
        if speakers and anchor is not None:
            quotations.append(Quotation(speakers, text.strip(), evidence(anchor, "quotation")))
    return quotations
