"""Remote triple stores: pushing document graphs and querying over HTTP.

``push`` copies each document's named graph from the local store to a server that speaks
the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph server, Fuseki, GraphDB, Virtuoso),
replacing the remote graph with an HTTP PUT, so pushing again never duplicates anything.
Each pushed graph carries one extra triple, ``<graph IRI> kg:sha256 "…"``, the SHA-256 of
the graph's canonical N-Triples; ``changed_only`` reads those hashes back from the SPARQL
endpoint and skips the graphs whose content is already there.

``SparqlEndpoint`` runs queries through the SPARQL 1.1 Protocol and returns the same
``QueryResult`` as the local store, so the query library and every output format work
unchanged. A remote server cannot take pyoxigraph's ``substitutions``, so parameters are
written into the query as RDF terms serialised by pyoxigraph (escaped, never pasted as
raw text), with the same scope as the local binding: the outermost query only, not its
sub-SELECTs (see ``bind_parameters``).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from kg.binding import bind_parameters
from kg.errors import QuerySyntaxError, RemoteError
from kg.graph import IRIs
from kg.namespaces import KG, PREFIXES
from kg.query import QueryResult, Term, materialise
from kg.store import KGStore, StoredDocument

DEFAULT_TIMEOUT = 60.0  # seconds per HTTP request; a million-quad query can take a while
_NTRIPLES = "application/n-triples"
_RESULTS_JSON = "application/sparql-results+json"
_HASH_PREDICATE = str(KG.sha256)


def _redacted(url: httpx.URL | str) -> str:
    """The URL as it may be shown: without a password given in it (user:password@host)."""
    return str(httpx.URL(str(url)).copy_with(username=None, password=None))


def _first_line(text: str, limit: int = 200) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


# -- where the Graph Store lives ----------------------------------------------------------
@dataclass(frozen=True)
class ServerLayout:
    """How one server names its Graph Store endpoint after its SPARQL query endpoint."""

    server: str
    query_url: re.Pattern[str]
    graph_store: str  # replacement for ``query_url``


# Matched against the query endpoint's URL without its query string, first match wins.
# Oxigraph answers on /query at the root of its host, Fuseki on /DATASET/sparql or /query.
SERVER_LAYOUTS: tuple[ServerLayout, ...] = (
    ServerLayout("Oxigraph", re.compile(r"^(https?://[^/]+)/query$"), r"\1/store"),
    ServerLayout("Fuseki", re.compile(r"^(https?://[^/]+/.+)/(?:sparql|query)$"), r"\1/data"),
    ServerLayout("Virtuoso", re.compile(r"^(https?://[^/]+)/sparql$"), r"\1/sparql-graph-crud"),
    ServerLayout(
        "GraphDB / RDF4J",
        re.compile(r"^(https?://.+/repositories/[^/]+)$"),
        r"\1/rdf-graphs/service",
    ),
)


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL that goes with a SPARQL query endpoint."""
    url = httpx.URL(endpoint)
    bare = str(url.copy_with(query=None, fragment=None)).rstrip("/")
    for layout in SERVER_LAYOUTS:
        if layout.query_url.match(bare):
            return layout.query_url.sub(layout.graph_store, bare)
    known = ", ".join(layout.server for layout in SERVER_LAYOUTS)
    raise RemoteError(
        f"{_redacted(endpoint)}: cannot tell where its Graph Store endpoint is (known layouts: "
        f"{known}) — pass --graph-store URL"
    )


# -- HTTP ---------------------------------------------------------------------------------
def _client(timeout: float) -> httpx.Client:
    # Credentials written in a URL (https://user:password@host/…) are sent as basic auth.
    return httpx.Client(timeout=timeout, follow_redirects=True)


def _unreachable(url: str, exc: Exception) -> RemoteError:
    return RemoteError(
        f"{_redacted(url)}: cannot connect ({_first_line(str(exc)) or 'refused'}) — "
        "check the URL and that the server is running"
    )


def _send(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request; an unreachable server or a timeout becomes a ``RemoteError``."""
    try:
        return client.request(method, url, **kwargs)
    except httpx.ConnectError as exc:
        raise _unreachable(url, exc) from None
    except httpx.TimeoutException:
        raise RemoteError(
            f"{_redacted(url)}: no answer within {client.timeout.read:g} s — "
            "is the server overloaded, or the query too broad?"
        ) from None
    except httpx.HTTPError as exc:
        raise RemoteError(f"{_redacted(url)}: request failed ({_first_line(str(exc))})") from None


def _status_message(response: httpx.Response, url: str | None = None) -> str:
    reason = response.reason_phrase or ""
    detail = _first_line(response.text) if response.content else ""
    where = _redacted(url or response.request.url)
    text = f"{where}: HTTP {response.status_code} {reason}".rstrip()
    return f"{text} — {detail}" if detail else text


# -- querying -----------------------------------------------------------------------------
def _solutions(response: httpx.Response) -> Any:
    return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)


def _triples(rdf_format: ox.RdfFormat) -> Callable[[httpx.Response], Any]:
    def parse(response: httpx.Response) -> Any:
        return [quad.triple for quad in ox.parse(response.content, format=rdf_format)]

    return parse


# What each answer's media type is parsed into; the Accept header asks for these.
RESULT_PARSERS: dict[str, Callable[[httpx.Response], Any]] = {
    _RESULTS_JSON: _solutions,
    _NTRIPLES: _triples(ox.RdfFormat.N_TRIPLES),
    "text/turtle": _triples(ox.RdfFormat.TURTLE),
}
_ACCEPT = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9, text/turtle;q=0.8"


class SparqlEndpoint:
    """A remote SPARQL 1.1 Protocol query endpoint, queried like the local store.

    The server should answer over the union of its named graphs, as the local store does:
    start Oxigraph with ``--union-default-graph``; GraphDB and Virtuoso do it by default,
    Fuseki with ``unionDefaultGraph``.
    """

    def __init__(
        self,
        url: str,
        base_iri: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        client: httpx.Client | None = None,
    ) -> None:
        try:
            self.url = str(httpx.URL(url))
        except httpx.InvalidURL as exc:
            raise RemoteError(f"{url!r} is not a URL ({exc}) — write http(s)://host/path") from None
        if not self.url.startswith(("http://", "https://")):
            raise RemoteError(f"{_redacted(url)}: not an http(s) URL — write http(s)://host/path")
        self.iris = IRIs(base_iri)
        self._client = client or _client(timeout)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SparqlEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(
        self, sparql: str, substitutions: Mapping[str, Term], source: str | None = None
    ) -> QueryResult:
        """Run ``sparql`` with the project's prefixes and the bound parameters."""
        prefixes = PREFIXES | {"kgid": self.iris.base}
        # Declared first, so that a PREFIX in the query itself still wins, and on the
        # query's first line, so that a syntax error's line number is the user's.
        prologue = "".join(f"PREFIX {p}: <{ns}> " for p, ns in prefixes.items())
        text = prologue + bind_parameters(sparql, substitutions)
        response = _send(
            self._client, "POST", self.url, data={"query": text}, headers={"Accept": _ACCEPT}
        )
        if response.status_code == 400:
            where = f"{source}: " if source else ""
            raise QuerySyntaxError(f"{where}{_status_message(response)}")
        if response.is_error:
            raise RemoteError(_status_message(response))
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        parser = RESULT_PARSERS.get(media)
        if parser is None:
            raise RemoteError(
                f"{_redacted(self.url)}: answered in {media or 'an unnamed format'}, not SPARQL "
                "results — is this the server's SPARQL query endpoint?"
            )
        try:
            return materialise(parser(response), prefixes)
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(
                f"{_redacted(self.url)}: unreadable results ({_first_line(str(exc))})"
            ) from None

    def graph_hashes(self, prefix: str) -> dict[str, str]:
        """The content hash ``push`` left in each remote graph whose IRI starts with
        ``prefix``."""
        sparql = (
            "SELECT ?g ?sha WHERE { GRAPH ?g { ?g <" + _HASH_PREDICATE + "> ?sha } "
            "FILTER(STRSTARTS(STR(?g), " + str(ox.Literal(prefix)) + ")) }"
        )
        result = self.evaluate(sparql, {})
        return {
            str(row[0].value): str(row[1].value)  # type: ignore[union-attr]
            for row in result.terms
            if row[0] is not None and row[1] is not None
        }


# -- pushing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PushFailure:
    doc_id: str
    graph: str
    message: str

    def __str__(self) -> str:
        return f"{self.doc_id}: {self.message}"


@dataclass(frozen=True)
class PushReport:
    graph_store: str
    pushed: int
    skipped: int
    triples: int
    failures: tuple[PushFailure, ...]
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.pushed} graphs pushed ({self.triples} triples), {self.skipped} skipped "
            f"(unchanged), {len(self.failures)} failed · {_redacted(self.graph_store)} · "
            f"{self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class GraphPayload:
    """One document graph as it is sent: canonical N-Triples plus its own hash triple."""

    doc_id: str
    graph: str
    sha256: str
    body: bytes
    triples: int


def graph_payload(store: KGStore, doc_id: str, graph: str) -> GraphPayload:
    """The document graph's sorted N-Triples (no blank nodes, so sorting is canonical),
    hashed, with the hash added as ``<graph> kg:sha256 "…"``."""
    lines = sorted(f"{triple} ." for triple in store.graph_triples(graph))
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    marker = ox.Triple(ox.NamedNode(graph), ox.NamedNode(_HASH_PREDICATE), ox.Literal(digest))
    body = "\n".join([*lines, f"{marker} ."]) + "\n"
    return GraphPayload(doc_id, graph, digest, body.encode("utf-8"), len(lines) + 1)


def push(
    store: KGStore,
    graph_store: str,
    *,
    endpoint: SparqlEndpoint | None = None,
    changed_only: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> PushReport:
    """Replace each document's graph on the Graph Store at ``graph_store`` with the local one.

    A graph the server refuses (HTTP 4xx/5xx) or that times out is reported in the
    ``PushReport`` and the push goes on; a server that cannot be reached at all stops it
    with a ``RemoteError``. ``changed_only`` needs ``endpoint`` to read the remote hashes.
    """
    started = time.perf_counter()
    documents = sorted(store.documents().values(), key=lambda d: d.doc_id)
    remote: dict[str, str] = {}
    if changed_only:
        if endpoint is None:
            raise RemoteError("pushing only changed graphs needs the SPARQL --endpoint")
        remote = endpoint.graph_hashes(store.iris.base + "graph/")
    own_client = client is None
    http = client or _client(timeout)
    pushed = skipped = triples = 0
    failures: list[PushFailure] = []
    try:
        for done, payload in enumerate(_payloads(store, documents), start=1):
            if progress:
                progress(done, len(documents), payload.doc_id)
            if remote.get(payload.graph) == payload.sha256:
                skipped += 1
                continue
            failure = _put(http, graph_store, payload)
            if failure:
                failures.append(failure)
            else:
                pushed += 1
                triples += payload.triples
    finally:
        if own_client:
            http.close()
    return PushReport(
        graph_store, pushed, skipped, triples, tuple(failures), time.perf_counter() - started
    )


def _payloads(store: KGStore, documents: list[StoredDocument]) -> Iterator[GraphPayload]:
    for document in documents:
        yield graph_payload(store, document.doc_id, document.graph)


def _put(client: httpx.Client, graph_store: str, payload: GraphPayload) -> PushFailure | None:
    try:
        response = client.put(
            graph_store,
            params={"graph": payload.graph},
            content=payload.body,
            headers={"Content-Type": _NTRIPLES},
        )
    except httpx.ConnectError as exc:
        # Every other graph would fail the same way: stop with one line, not thousands.
        raise _unreachable(graph_store, exc) from None
    except httpx.TimeoutException:
        return PushFailure(payload.doc_id, payload.graph, "no answer in time (timeout)")
    except httpx.HTTPError as exc:
        return PushFailure(payload.doc_id, payload.graph, _first_line(str(exc)))
    if response.is_error:
        return PushFailure(payload.doc_id, payload.graph, _status_message(response, graph_store))
    return None
