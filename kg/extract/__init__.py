"""Stage 2: read entities, facts, events and quotations out of a document.

``Extractor`` holds the loaded spaCy pipeline; ``extract`` reads one document and ``pipe``
streams many through ``nlp.pipe``. The output is a plain ``Extraction`` record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg import __version__
from kg.config import Settings
from kg.extract.entities import read_entities
from kg.extract.events import read_events
from kg.extract.facts import read_facts
from kg.extract.gazetteer import Gazetteer, default_gazetteer
from kg.extract.pipeline import load_pipeline
from kg.extract.quotes import attribute_first_person, find_quoted, read_quotations
from kg.model import Document, Extraction

__all__ = ["Extractor", "read_doc"]


def read_doc(doc: Doc, document: Document, gazetteer: Gazetteer, version: str) -> Extraction:
    """Everything the rules find in one parsed document."""
    reading = read_entities(doc, gazetteer)
    # The speakers are found outside the quotes, so pronouns inside them change nothing.
    quoted = find_quoted(doc, reading)
    attribute_first_person(doc, reading, quoted)
    facts = read_facts(doc, reading, gazetteer)
    events, engagement = read_events(doc, reading, facts)
    seen = {(f.subject, f.predicate, f.object) for f in facts}
    for fact in engagement:
        if (fact.subject, fact.predicate, fact.object) not in seen:
            seen.add((fact.subject, fact.predicate, fact.object))
            facts.append(fact)
    quotations = read_quotations(doc, quoted)
    return Extraction(
        document=document,
        entities=reading.frozen(),
        facts=tuple(facts),
        events=tuple(events),
        quotations=tuple(quotations),
        extractor_version=version,
    )


class Extractor:
    """Reads documents with one loaded pipeline; build it once and reuse it."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None) -> None:
        settings = settings or Settings()
        self.nlp = nlp or load_pipeline(settings.pipeline, settings.pipeline_candidates())
        self.gazetteer = default_gazetteer()
        meta = self.nlp.meta
        self.version = f"kg {__version__} / {meta.get('name', '?')} {meta.get('version', '?')}"

    def extract(self, document: Document) -> Extraction:
        return next(self.pipe([document]))

    def pipe(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Extraction]:
        docs = ((d.text, d) for d in documents)
        for doc, document in self.nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
            doc.user_data["published"] = document.published
            yield read_doc(doc, document, self.gazetteer, self.version)
