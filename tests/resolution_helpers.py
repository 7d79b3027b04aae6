"""Small hand-made documents for the cross-document tests, and a stand-in extractor so that
``kg.build.build`` runs without spaCy.

Each document is a text file whose name is its id; the stand-in returns the extraction
``READINGS[doc_id]`` describes, with the document the build actually read.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from conftest import sentences

from kg.model import (
    COUNTRY,
    GOVERNMENT_BODY,
    PERSON,
    Document,
    Entity,
    Event,
    Extraction,
    Fact,
    Span,
)

CAMBODIA = Entity("country/cambodia", (COUNTRY,), "Cambodia", iso_code="KH")
JAPAN = Entity("country/japan", (COUNTRY,), "Japan", iso_code="JP")
MFA = "organization/ministry-of-foreign-affairs"


def person(key: str, label: str, *aliases: str, text: str = "") -> Entity:
    """A person, with one mention where its label first occurs in ``text``."""
    start = text.find(label)
    mentions = (Span(start, start + len(label), label),) if start >= 0 else ()
    return Entity(key, (PERSON,), label, aliases, mentions)


def reading(doc_id: str, *lines: str, people: Iterable[tuple[str, ...]] = (),
            ministry_of: str | None = None) -> tuple[str, Extraction]:  # fmt: skip
    """A document of ``lines``: the ``people`` (key, label, aliases...) it names, Cambodia
    and Japan, and, with ``ministry_of``, an unqualified Ministry of Foreign Affairs its
    text places in that state. Every person meets Cambodia (one CONSULT event)."""
    text, evidence = sentences(*lines)
    entities = [CAMBODIA, JAPAN]
    entities += [person(key, label, *aliases, text=text) for key, label, *aliases in people]
    facts = []
    if ministry_of:
        entities.append(Entity(MFA, (GOVERNMENT_BODY,), "Ministry of Foreign Affairs"))
        facts.append(Fact(MFA, "partOf", ministry_of, evidence[0]))
    events = tuple(
        Event(f"e{i}", "CONSULT", "met", evidence[0], actors=(key,), targets=(CAMBODIA.key,))
        for i, (key, *_) in enumerate(people)
    )
    extraction = Extraction(
        document=Document(doc_id, text),
        entities=tuple(sorted(entities, key=lambda e: e.key)),
        facts=tuple(facts),
        events=events,
        extractor_version="test",
    )
    return text, extraction


class StandIn:
    """Plays ``kg.extract.Extractor`` for ``build``: hands back the prepared readings."""

    def __init__(self, readings: dict[str, Extraction]) -> None:
        self.readings = readings
        self.read: list[str] = []
        self.nlp = _NoPipeline()

    def pipe(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            self.read.append(document.doc_id)
            yield dataclasses.replace(self.readings[document.doc_id], document=document)


class _NoPipeline:
    """What the build asks of a spaCy pipeline: a memory zone, here a no-op."""

    def memory_zone(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


def write_corpus(
    folder: Path, readings: dict[str, tuple[str, Extraction]]
) -> dict[str, Extraction]:
    """Write each reading's text to ``folder/<id>.txt``; the extractions by id."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, (text, _) in readings.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return {doc_id: extraction for doc_id, (_, extraction) in readings.items()}


# Three reports name Prak Sokhonn three ways; a fourth names another Sokhonn.
PRAK_FULL = reading(
    "full",
    "Prak Sokhonn met Japanese officials in Tokyo.",
    people=[("person/prak-sokhonn", "Prak Sokhonn")],
)
PRAK_HONORIFIC = reading(
    "honorific",
    "H.E. Prak Sokhonn received the Japanese ambassador.",
    people=[("person/prak-sokhonn", "Prak Sokhonn")],
    ministry_of="country/cambodia",
)
PRAK_SURNAME = reading(
    "surname",
    "Sokhonn told reporters Cambodia would host the meeting.",
    people=[("person/sokhonn", "Sokhonn")],
)
CHEA = reading(
    "chea",
    "Senator Chea Sokhonn visited Tokyo.",
    people=[("person/chea-sokhonn", "Chea Sokhonn")],
    ministry_of="country/japan",
)
