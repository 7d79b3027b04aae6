"""Shared fixtures: a small, hand-made graph of two documents, built without spaCy.

Document ``a-talks``: a Cambodian secretary of state meets the Australian ambassador by
video conference (CONSULT), Cambodia is a member of ASEAN, Australia supports Cambodia
(SUPPORT, about ASEAN). Document ``b-aid``: Australia grants Cambodia $28 million for
demining (AID with a MonetaryAmount), Kin Phea of the International Relations Institute
speaks, Cambodia welcomes Australia's support (SUPPORT), and will chair ASEAN and cooperate
within it (COOPERATE, about ASEAN, no Australia).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, offline_page, online_page  # noqa: F401  (shared fixtures)

from kg.graph import document_graph
from kg.model import (
    COUNTRY,
    FRAMEWORK,
    GOVERNMENT_BODY,
    INTERNATIONAL_ORGANIZATION,
    MEETING,
    ORGANIZATION,
    PERSON,
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Fact,
    MonetaryAmount,
    Quotation,
    Span,
)
from kg.store import KGStore, open_store

BASE = "https://w3id.org/kgir/id/"
RULE = "test:hand-made"


def sentences(*sentences: str) -> tuple[str, list[Evidence]]:
    """A document text and one ``Evidence`` per sentence, with true character offsets."""
    text, evidence = "", []
    for sentence in sentences:
        if text:
            text += " "
        evidence.append(Evidence(Span(len(text), len(text) + len(sentence), sentence), RULE))
        text += sentence
    return text, evidence


CAMBODIA = "country/cambodia"
AUSTRALIA = "country/australia"
ASEAN = "organization/asean"
MINISTRY = "organization/ministry-of-foreign-affairs-and-international-cooperation"
IRI_INSTITUTE = "organization/international-relations-institute"
RATHCHAVY = "person/soeung-rathchavy"
WHYATT = "person/justin-whyatt"
KIN_PHEA = "person/kin-phea"

MEETING_SENTENCE = (
    "Cambodian Ministry of Foreign Affairs and International Cooperation secretary of state "
    "Soeung Rathchavy met Australian ambassador Justin Whyatt by video conference on January 12."
)
MEMBER_SENTENCE = "Cambodia is a member of ASEAN."
SUPPORT_SENTENCE = "Australia supported Cambodia's work in ASEAN."
AID_SENTENCE = "Australia will grant Cambodia $28 million for demining."
WELCOME_SENTENCE = (
    "Kin Phea, director of the International Relations Institute, said Cambodia welcomed "
    "Australia's support."
)
CHAIR_SENTENCE = "Cambodia will chair ASEAN in 2025 and cooperate with its members on trade."


def sample_extractions() -> tuple[Extraction, Extraction]:
    """The two documents of the sample graph, as the extract stage would hand them on."""
    text_a, (meeting, member, support) = sentences(
        MEETING_SENTENCE, MEMBER_SENTENCE, SUPPORT_SENTENCE
    )
    cambodia_a = Entity(CAMBODIA, (COUNTRY,), "Cambodia", ("Cambodian",), iso_code="KH")
    australia_a = Entity(AUSTRALIA, (COUNTRY,), "Australia", ("Australian",), iso_code="AU")
    asean = Entity(ASEAN, (INTERNATIONAL_ORGANIZATION, FRAMEWORK), "ASEAN", wikidata="Q7768")
    doc_a = Extraction(
        document=Document(
            "a-talks",
            text_a,
            title="Cambodia and Australia hold talks",
            published=date(2024, 1, 15),
        ),
        entities=(
            cambodia_a,
            australia_a,
            asean,
            Entity(
                MINISTRY,
                (GOVERNMENT_BODY,),
                "Ministry of Foreign Affairs and International Cooperation",
            ),
            Entity(RATHCHAVY, (PERSON,), "Soeung Rathchavy"),
            Entity(WHYATT, (PERSON,), "Justin Whyatt"),
        ),
        facts=(
            Fact(RATHCHAVY, "affiliatedWith", MINISTRY, meeting, title="secretary of state"),
            Fact(MINISTRY, "partOf", CAMBODIA, meeting),
            Fact(WHYATT, "affiliatedWith", AUSTRALIA, meeting, title="ambassador"),
            Fact(CAMBODIA, "memberOf", ASEAN, member),
        ),
        events=(
            Event(
                "e1",
                "CONSULT",
                "met",
                meeting,
                kind=MEETING,
                actors=(RATHCHAVY,),
                targets=(WHYATT,),
                date="2024-01-12",
                mode="video conference",
            ),
            Event(
                "e2",
                "SUPPORT",
                "supported",
                support,
                actors=(AUSTRALIA,),
                targets=(CAMBODIA,),
                about=(ASEAN,),
                date="2024-01",
            ),
        ),
        extractor_version="test",
    )

    text_b, (aid, welcome, chair) = sentences(AID_SENTENCE, WELCOME_SENTENCE, CHAIR_SENTENCE)
    doc_b = Extraction(
        document=Document(
            "b-aid",
            text_b,
            title="Australia pledges $28 million to Cambodia",
            published=date(2024, 2, 3),
        ),
        entities=(
            dataclasses.replace(cambodia_a, aliases=("the Kingdom",)),
            dataclasses.replace(australia_a, aliases=()),
            asean,
            Entity(KIN_PHEA, (PERSON,), "Kin Phea", ("Phea",)),
            Entity(IRI_INSTITUTE, (ORGANIZATION,), "International Relations Institute"),
        ),
        facts=(
            Fact(KIN_PHEA, "affiliatedWith", IRI_INSTITUTE, welcome, title="director"),
            Fact(CAMBODIA, "chairs", ASEAN, chair, date="2025"),
        ),
        events=(
            Event(
                "aid",
                "AID",
                "grant",
                aid,
                actors=(AUSTRALIA,),
                targets=(CAMBODIA,),
                topics=("demining",),
                amount=MonetaryAmount(Decimal("28000000"), "USD", "$28 million"),
                date="2024-02-03",
                modality="planned",
            ),
            Event(
                "welcome",
                "SUPPORT",
                "welcomed",
                welcome,
                actors=(CAMBODIA,),
                targets=(AUSTRALIA,),
                date="2024-02-03",
            ),
            Event(
                "cooperate",
                "COOPERATE",
                "cooperate",
                chair,
                actors=(CAMBODIA,),
                about=(ASEAN,),
                topics=("trade",),
                date="2025",
                modality="planned",
            ),
        ),
        quotations=(Quotation((KIN_PHEA,), "Cambodia welcomed Australia's support", welcome),),
        extractor_version="test",
    )
    return doc_a, doc_b


def _reversed(extraction: Extraction) -> Extraction:
    return dataclasses.replace(
        extraction,
        entities=extraction.entities[::-1],
        facts=extraction.facts[::-1],
        events=extraction.events[::-1],
    )


def fill_store(
    store: KGStore, extractions: Sequence[Extraction], *, reverse: bool = False
) -> KGStore:
    """Put each extraction's document graph in ``store``; ``reverse`` inverts every order."""
    ordered = [_reversed(e) for e in extractions[::-1]] if reverse else list(extractions)
    for extraction in ordered:
        store.put_document(extraction.document.doc_id, document_graph(extraction, BASE))
    return store


@pytest.fixture
def make_store() -> Iterator[Callable[..., KGStore]]:
    """A factory of fresh in-memory sample stores: ``make_store(reverse=True)``."""
    with ExitStack() as stack:

        def make(*, reverse: bool = False) -> KGStore:
            store = stack.enter_context(open_store(None, BASE))
            return fill_store(store, sample_extractions(), reverse=reverse)

        yield make


@pytest.fixture
def sample_store(make_store: Callable[..., KGStore]) -> KGStore:
    """The two-document sample graph in an in-memory store."""
    return make_store()


# --- the extractor, shared by the model-backed tests of kg.extract (tests/test_extract_*.py)


@pytest.fixture(scope="session")
def extractor() -> Any:
    """One ``kg.extract.Extractor`` (one spaCy pipeline load) for the whole session.

    Imported here, not at the top, so that sessions without extraction tests never load spaCy.
    """
    from kg.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def extract(extractor: Any) -> Callable[..., Extraction]:
    """``extract(text, published=None)`` → the ``Extraction`` of a one-off document (cached)."""
    cache: dict[tuple[str, date | None], Extraction] = {}

    def read(text: str, published: date | None = None) -> Extraction:
        if (text, published) not in cache:
            cache[text, published] = extractor.extract(Document("test", text, published=published))
        return cache[text, published]

    return read


@pytest.fixture(scope="session")
def dev_store_path(extractor: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev corpus (tests/data/dev) built into an on-disk store, closed again: its folder
    (shared by the session, so only read it). A build takes some seconds."""
    from kg.build import build

    documents = sorted((Path(__file__).parent / "data" / "dev").glob("*.txt"))
    path = tmp_path_factory.mktemp("dev") / "store"
    with open_store(path, BASE) as store:
        report = build(documents, store, lambda: extractor)
    assert not report.errors, report.errors
    return path


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The two-document sample graph in an on-disk store, closed again: its folder (shared
    by the session, so only read it)."""
    path = tmp_path_factory.mktemp("sample") / "store"
    with open_store(path, BASE) as store:
        fill_store(store, sample_extractions())
    return path
