"""The whole path for a batch: ingest → extract → resolve → graph → store.

Unchanged documents (same text hash, same extractor) are skipped without loading spaCy;
a changed one replaces its own named graph and nothing else. A document that cannot be
read is reported and the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DocumentError, KGError
from kg.graph import document_graph
from kg.ingest import ingest
from kg.model import Document
from kg.resolve import resolve
from kg.store import KGStore

if TYPE_CHECKING:  # spaCy loads lazily, only when a document needs reading
    from kg.extract import Extractor


@dataclass(frozen=True)
class BuildReport:
    read: int = 0
    skipped: int = 0
    failed: int = 0
    entities: int = 0
    facts: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: tuple[KGError, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        return (
            f"{self.read} documents read, {self.skipped} skipped (unchanged), "
            f"{self.failed} failed · {self.entities} entities, {self.facts} facts, "
            f"{self.events} events · {self.seconds:.1f} s"
        )


Progress = Callable[[int, int, str], None]


def build(
    paths: Iterable[str | Path],
    store: KGStore,
    extractor: Callable[[], Extractor],
    *,
    published: date | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every document under ``paths`` into ``store``.

    ``extractor`` is called (once) only when some document needs extracting, so a no-op
    rebuild never loads the spaCy pipeline.
    """
    started = time.perf_counter()
    documents: list[Document] = []
    errors: list[KGError] = []
    for item in ingest(paths, published=published):
        if isinstance(item, DocumentError):
            errors.append(item)
        else:
            documents.append(item)
    stored = store.documents()
    todo: list[Document] = []
    skipped = 0
    for document in documents:
        known = stored.get(document.doc_id)
        if not force and known is not None and known.sha256 == document.sha256:
            skipped += 1
        else:
            todo.append(document)
    counts = {"entities": 0, "facts": 0, "events": 0}
    total = len(documents)
    done = skipped
    if progress:
        progress(done, total, "")
    if todo:
        for extraction in extractor().pipe(todo):
            doc_id = extraction.document.doc_id
            try:
                resolved = resolve(extraction, store.labels, lambda k: str(store.iris.entity(k)))
                store.put_document(doc_id, document_graph(resolved, store.iris.base))
            except KGError as exc:
                errors.append(exc)
                continue
            counts["entities"] += len(resolved.entities)
            counts["facts"] += len(resolved.facts)
            counts["events"] += len(resolved.events)
            done += 1
            if progress:
                progress(done, total, doc_id)
    store.flush()
    return BuildReport(
        read=len(documents) - skipped,
        skipped=skipped,
        failed=len(errors),
        seconds=time.perf_counter() - started,
        errors=tuple(errors),
        **counts,
    )
