"""Stage 5: the persistent store — Oxigraph on disk, one named graph per document.

Each document's graph is replaced in a single SPARQL update, which Oxigraph applies as one
transaction: a build interrupted at any moment leaves every document either as it was or
fully rewritten, never half-written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from kg.errors import QuerySyntaxError, StoreError
from kg.graph import IRIs, Triples
from kg.ledger import Ledger, open_ledger
from kg.namespaces import KG, PREFIXES, bind_prefixes

_STORE_MARKER = "kg-store.txt"

# Oxigraph (RocksDB) keeps writes in memory tables until they fill: with its many indexes
# that grew by about 100 MiB per 450 documents written. Flushing every so many documents
# keeps them small, at no measurable cost in speed.
FLUSH_EVERY = 250


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    graph: str
    sha256: str


class KGStore:
    """A knowledge-graph store; use ``open_store`` rather than constructing it directly."""

    def __init__(
        self,
        store: ox.Store,
        base_iri: str,
        path: Path | None = None,
        ledger: Ledger | None = None,
    ) -> None:
        self._store = store
        self.iris = IRIs(base_iri)
        self.path = path
        # Each document's own reading and source, for cross-document resolution and pruning.
        self.ledger = ledger or open_ledger(None)

    # -- documents ------------------------------------------------------------------------
    def documents(self) -> dict[str, StoredDocument]:
        """Every stored document by id, with its graph IRI and text hash."""
        rows = self._store.query(
            "SELECT ?g ?id ?sha WHERE { GRAPH ?g { ?d a kg:Document ; "
            "<http://purl.org/dc/terms/identifier> ?id ; kg:sha256 ?sha } }",
            prefixes={"kg": str(KG)},
        )
        return {
            r["id"].value: StoredDocument(r["id"].value, r["g"].value, r["sha"].value)
            for r in rows  # type: ignore[union-attr]
        }

    def put_document(self, doc_id: str, graph: Graph | Triples) -> None:
        """Replace the document's named graph with ``graph``, atomically."""
        self.put_graph(self.iris.graph(doc_id), graph, f"document {doc_id}")

    def put_graph(self, name: URIRef, graph: Graph | Triples, what: str = "") -> None:
        """Replace the named graph ``name`` with ``graph`` (an rdflib graph, or triples
        as ``kg.graph.document_triples`` makes them) in one transaction (an empty
        ``graph`` removes it)."""
        if isinstance(graph, Graph):
            body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        else:  # each triple once, written as rdflib's N-Triples serialiser writes it
            body = "".join(_nt_row(triple) for triple in dict.fromkeys(graph))
        update = f"DROP SILENT GRAPH <{name}>"
        if body.strip():
            update += f" ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}"
        try:
            self._store.update(update)
        except (OSError, SyntaxError, RuntimeError) as exc:  # RuntimeError: a read-only store
            raise StoreError(f"could not write {what or name}: {exc}") from exc

    def has_document(self, doc_id: str) -> bool:
        """Whether the document's graph is in the store (as ``documents`` would list it)."""
        found = self._store.quads_for_pattern(
            ox.NamedNode(self.iris.document(doc_id)),
            ox.NamedNode(KG.sha256),
            None,
            ox.NamedNode(self.iris.graph(doc_id)),
        )
        return next(iter(found), None) is not None

    def put_records(self, doc_ids: Sequence[str], graph: Graph) -> None:
        """Replace, in the resolution graph, the records of the documents ``doc_ids`` (the
        nodes ``kg:inDocument`` one of them) with ``graph``, in one transaction."""
        name = self.iris.resolution()
        documents = " ".join(self.iris.document(d).n3() for d in doc_ids)
        update = (
            f"DELETE {{ GRAPH <{name}> {{ ?r ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ "
            f"VALUES ?d {{ {documents} }} ?r <{KG.inDocument}> ?d . ?r ?p ?o }} }}"
        )
        body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        if body.strip():
            update += f" ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}"
        try:
            self._store.update(update)
        except (OSError, SyntaxError, RuntimeError) as exc:
            raise StoreError(f"could not write the resolution records: {exc}") from exc

    def remove_document(self, doc_id: str) -> None:
        """Drop the document's graph and the ledger's reading of it (resolution is the
        caller's next step: ``kg.resolve.resolve_store``, which also drops its records)."""
        self._store.update(f"DROP SILENT GRAPH <{self.iris.graph(doc_id)}>")
        self.ledger.remove([doc_id])

    def labels(self, iris: Sequence[str]) -> dict[str, str]:
        """The stored ``rdfs:label`` of each IRI that has one (first by value if several)."""
        if not iris:
            return {}
        values = " ".join(f"<{i}>" for i in iris)
        rows = self._store.query(
            "SELECT ?s (MIN(?l) AS ?label) WHERE { VALUES ?s { " + values + " } "
            "GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } } GROUP BY ?s"
        )
        return {r["s"].value: r["label"].value for r in rows if r["label"] is not None}  # type: ignore[union-attr]

    # -- queries --------------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict[str, Any] | None = None) -> Any:
        """Run SPARQL over the union of all document graphs, with the project's prefixes."""
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        try:
            return self._store.query(
                sparql,
                prefixes=PREFIXES | {"kgid": self.iris.base},
                use_default_graph_as_union=True,
                substitutions=subs or None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        """The triples of one named graph (a document's, by its graph IRI)."""
        quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return [quad.triple for quad in quads]

    def __len__(self) -> int:
        return len(self._store)

    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (for exports, SHACL and graph building)."""
        ds = Dataset()
        bind_prefixes(ds)
        ds.bind("kgid", self.iris.base)
        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        if data:
            ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds

    def union_graph(self) -> Graph:
        g = bind_prefixes(Graph())
        g.bind("kgid", self.iris.base)
        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        if data:
            ds = Dataset()
            ds.parse(data=data.decode("utf-8"), format="nquads")
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        return g

    def graph_of(self, doc_id: str) -> URIRef:
        return self.iris.graph(doc_id)

    def flush(self) -> None:
        self._store.flush()


class _ClosedStore:
    """Stands in for the Oxigraph store once ``open_store``'s ``with`` block has ended."""

    def __init__(self, path: Path) -> None:
        self._message = f"{path}: the store is closed — use it inside `with open_store(...)`"

    def __getattr__(self, name: str) -> Any:
        raise StoreError(self._message)

    def __iter__(self) -> Iterator[ox.Quad]:
        raise StoreError(self._message)

    def __len__(self) -> int:
        raise StoreError(self._message)


@contextmanager
def open_store(
    path: Path | str | None, base_iri: str, *, create: bool = True, read_only: bool = False
) -> Iterator[KGStore]:
    """Open the store at ``path`` (creating it unless ``create`` is false, as for commands
    that only read); ``None`` gives an in-memory store. ``read_only`` opens an existing
    store without taking its lock, so that several processes can read it at once (what
    they see is the store as it was when opened)."""
    if path is None:
        yield KGStore(ox.Store(), base_iri)
        return
    path = Path(path)
    if read_only:
        with _open_read_only(path, base_iri) as kg_store:
            yield kg_store
        return
    if not create and not (path / _STORE_MARKER).exists():
        raise StoreError(
            f"{path}: no kg store here — run `kg build` first, or pass --store / set KG_STORE"
        )
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder — choose another --store")
    if path.is_dir() and any(path.iterdir()) and not (path / _STORE_MARKER).exists():
        raise StoreError(
            f"{path}: is a folder that is not a kg store — choose an empty or new --store"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        (path / _STORE_MARKER).write_text("kg knowledge-graph store (Oxigraph)\n")
        store = ox.Store(str(path / "oxigraph"))
    except OSError as exc:
        hint = "another kg command may be using it" if "lock" in str(exc).lower() else ""
        raise StoreError(f"{path}: cannot open the store ({exc}) {hint}".strip()) from None
    kg_store = KGStore(store, base_iri, path, open_ledger(path))
    try:
        yield kg_store
    finally:
        store.flush()
        kg_store.ledger.close()
        # Oxigraph has no close(): its lock goes with the last reference, so take the store
        # away from the KGStore too, or a KGStore that outlives the ``with`` keeps it locked.
        kg_store._store = _ClosedStore(path)  # type: ignore[assignment]
        del store


def oxigraph_path(path: Path | str) -> Path:
    """The Oxigraph database inside a kg store folder."""
    return Path(path) / "oxigraph"


@contextmanager
def _open_read_only(path: Path, base_iri: str) -> Iterator[KGStore]:
    if not (path / _STORE_MARKER).exists():
        raise StoreError(
            f"{path}: no kg store here — run `kg build` first, or pass --store / set KG_STORE"
        )
    try:
        store = ox.Store.read_only(str(oxigraph_path(path)))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store read-only ({exc})") from None
    kg_store = KGStore(store, base_iri, path)
    try:
        yield kg_store
    finally:
        kg_store._store = _ClosedStore(path)  # type: ignore[assignment]
        del store
