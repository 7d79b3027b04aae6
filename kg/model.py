"""The plain, typed records that flow between pipeline stages.

ingest → ``Document``; extract → ``Extraction`` (entities, facts, events, quotations, each
carrying its ``Evidence``); resolve → ``Extraction`` with cross-document keys; only the
graph stage turns these into RDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# Class local names of the ontology (ontology/kg.ttl) that entities may carry.
PERSON = "Person"
COUNTRY = "Country"
ORGANIZATION = "Organization"
GOVERNMENT_BODY = "GovernmentBody"
INTERNATIONAL_ORGANIZATION = "InternationalOrganization"
FRAMEWORK = "Framework"
FORUM = "Forum"
PROGRAMME = "Programme"
AGREEMENT = "Agreement"
POLICY = "Policy"
PLACE = "Place"
EVENT = "Event"
MEETING = "Meeting"
SUMMIT = "Summit"

MODALITIES = ("asserted", "planned", "proposed", "negated", "hedged")

# Each class's parent below the top classes, as in ontology/kg.ttl.
PARENT_CLASS = {
    GOVERNMENT_BODY: ORGANIZATION,
    INTERNATIONAL_ORGANIZATION: ORGANIZATION,
    FORUM: FRAMEWORK,
    PROGRAMME: FRAMEWORK,
    AGREEMENT: FRAMEWORK,
    POLICY: FRAMEWORK,
    MEETING: EVENT,
    SUMMIT: EVENT,
}
AGENT_CLASSES = frozenset(
    {PERSON, COUNTRY, ORGANIZATION, GOVERNMENT_BODY, INTERNATIONAL_ORGANIZATION}
)


def with_superclasses(classes: tuple[str, ...] | set[str]) -> set[str]:
    """The classes and every class above them (``GovernmentBody`` → also ``Organization``)."""
    closed = set(classes)
    for cls in classes:
        while cls in PARENT_CLASS:
            cls = PARENT_CLASS[cls]
            closed.add(cls)
    return closed


@dataclass(frozen=True)
class Document:
    """One ingested document: its text and what is known about it."""

    doc_id: str
    text: str
    path: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """A character range of a document's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a statement came from: its sentence and the rule that read it."""

    sentence: Span
    extractor: str


@dataclass(frozen=True)
class Entity:
    """A real-world thing the document names.

    ``key`` is ``"<kind>/<slug>"`` (``country/cambodia``); the graph stage puts it under
    the configured base IRI. ``types`` are ontology class local names, most specific first.
    """

    key: str
    types: tuple[str, ...]
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    iso_code: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Fact:
    """A binary relation between two entities (``predicate`` is a kg: local name).

    ``title`` holds a post's title for ``affiliatedWith``; ``date`` an ISO (partial) date.
    """

    subject: str
    predicate: str
    object: str
    evidence: Evidence
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class MonetaryAmount:
    value: Decimal
    currency: str
    text: str


@dataclass(frozen=True)
class Event:
    """A PLOVER-typed happening with its roles, all given as entity keys.

    ``about`` may also name other events of the same document by their ``key``.
    ``date`` is an ISO date, year-month, year or ``--MM-DD``.
    """

    key: str
    event_type: str
    trigger: str
    evidence: Evidence
    kind: str = EVENT
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    amount: MonetaryAmount | None = None
    date: str | None = None
    location: str | None = None
    mode: str | None = None
    modality: str = "asserted"


@dataclass(frozen=True)
class Quotation:
    speakers: tuple[str, ...]
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    extractor_version: str = field(default="")
