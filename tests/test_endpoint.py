"""``kg.endpoint``: what the SPARQL endpoint refuses, which format it answers in, and how
a query runs in a worker that can be stopped."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.endpoint import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    Job,
    WorkerPool,
    choose_format,
    http_status,
    keywords,
    refuse_unsafe,
    run_job,
)
from kg.errors import (
    FormatNotAcceptable,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
)
from kg.query import load_query, run_library_query, store_prefixes
from kg.store import KGStore, oxigraph_path

# Five copies of every triple joined and sorted: on the sample store that is over 10^11
# rows, which no worker finishes.
ENDLESS = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } "
    "ORDER BY ?o ?l ?i ?f ?c"
)


# -- refusals -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sparql",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:x#>\ndelete where { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT * {} ; CREATE GRAPH <urn:g>",
    ],
)
def test_updates_are_refused(sparql: str) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        refuse_unsafe(sparql)


@pytest.mark.parametrize(
    ("sparql", "word"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent ?endpoint { ?s ?p ?o } }", "SERVICE"),
        ("SELECT*{SERVICE<http://h/>{?s ?p ?o}}", "SERVICE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("load silent <http://example.org/x> into graph <urn:g>", "LOAD"),
    ],
)
def test_service_and_load_are_refused(sparql: str, word: str) -> None:
    with pytest.raises(QueryRefused, match=f"^{word} is refused"):
        refuse_unsafe(sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT * WHERE { ?s ?p "the SERVICE was cancelled; LOAD and DROP ALL" }',
        "SELECT * WHERE { ?s ?p '''a long\nINSERT DATA string''' }",
        "SELECT ?service ?load WHERE { ?service <urn:load> ?load }",
        "PREFIX service: <urn:s#>\nSELECT * WHERE { ?s service:load ?o ; :drop ?x }",
        "SELECT * WHERE { ?s ?p ?o } # LOAD <http://example.org/> in a comment",
        'SELECT * WHERE { ?s ?p "x"@service }',
        "SELECT * WHERE { <http://example.org/SERVICE/INSERT> ?p ?o }",
    ],
)
def test_the_words_inside_strings_names_iris_and_comments_are_not_refused(sparql: str) -> None:
    refuse_unsafe(sparql)


def test_keywords_are_the_bare_words_only() -> None:
    text = 'PREFIX ex: <urn:x#> SELECT ?s WHERE { ?s ex:p "SERVICE" } # LOAD'
    assert keywords(text) == ["PREFIX", "SELECT", "WHERE"]


# -- formats ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "name"),
    [
        (None, "json"),
        ("*/*", "json"),
        ("application/sparql-results+json", "json"),
        ("application/json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("text/html, text/csv;q=0.5, application/sparql-results+xml;q=0.9", "xml"),
        ("text/*", "csv"),
        ("application/sparql-results+json;q=0, text/csv;q=0.1", "csv"),
    ],
)
def test_solution_formats_follow_the_accept_header(accept: str | None, name: str) -> None:
    assert choose_format(SOLUTION_FORMATS, accept).name == name


@pytest.mark.parametrize(
    ("accept", "name"),
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/n-triples", "ntriples"),
        ("application/rdf+xml", "rdfxml"),
    ],
)
def test_graph_formats_follow_the_accept_header(accept: str | None, name: str) -> None:
    assert choose_format(GRAPH_FORMATS, accept).name == name


def test_a_format_parameter_wins_and_an_unknown_one_is_an_error() -> None:
    assert choose_format(SOLUTION_FORMATS, "text/csv", "tsv").name == "tsv"
    with pytest.raises(FormatNotAcceptable, match="use one of json, xml, csv, tsv"):
        choose_format(SOLUTION_FORMATS, None, "yaml")
    with pytest.raises(FormatNotAcceptable, match="cannot answer in 'image/png'"):
        choose_format(SOLUTION_FORMATS, "image/png")


# -- running ------------------------------------------------------------------------------
@pytest.fixture
def oxigraph(sample_store: KGStore) -> ox.Store:
    store = ox.Store()
    store.extend(sample_store.quads())
    return store


def run(oxigraph: ox.Store, sample_store: KGStore, job: Job, max_rows: int = 100) -> bytes:
    return run_job(oxigraph, job, store_prefixes(sample_store), max_rows).body


def test_select_runs_over_the_union_graph_with_project_prefixes(
    oxigraph: ox.Store, sample_store: KGStore
) -> None:
    body = run(
        oxigraph, sample_store, Job("SELECT DISTINCT ?c WHERE { ?c a kg:Country } ORDER BY ?c")
    )
    data = json.loads(body)
    assert [b["c"]["value"] for b in data["results"]["bindings"]] == [
        "https://w3id.org/kgir/id/country/australia",
        "https://w3id.org/kgir/id/country/cambodia",
    ]


def test_typed_and_tagged_literals_keep_their_datatype_and_language(
    oxigraph: ox.Store, sample_store: KGStore
) -> None:
    sparql = 'SELECT ?v ?t WHERE { ?m schema:value ?v . BIND("hi"@en AS ?t) }'
    (binding,) = json.loads(run(oxigraph, sample_store, Job(sparql)))["results"]["bindings"]
    assert binding["v"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert binding["t"] == {"type": "literal", "value": "hi", "xml:lang": "en"}


def test_params_bind_projected_variables_as_the_library_does(
    oxigraph: ox.Store, sample_store: KGStore
) -> None:
    sparql = "SELECT ?s ?name WHERE { ?s rdfs:label ?l FILTER(lcase(?l) = lcase(?name)) }"
    job = Job(sparql, format="csv", params=(("name", "ASEAN"),))
    assert run(oxigraph, sample_store, job).splitlines()[1].startswith(b"https://w3id.org/kgir/id/")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("posts", {"person": "PHEA"}),
        ("money", {"country": "Kin Phea"}),
        ("frameworks", {"country": "Australia"}),
        ("provenance", {"doc": "b-aid"}),
    ],
)
def test_params_of_a_library_query_give_what_the_library_runner_gives(
    oxigraph: ox.Store, sample_store: KGStore, name: str, params: dict[str, str]
) -> None:
    # The serve page posts a library query's text with every one of its parameters (empty
    # when not filled in): a name is resolved to its nodes (?p_iri, ?p_key) as `kg query`
    # resolves it.
    query = load_query(name)
    given = tuple((p.name, params.get(p.name, p.default or "")) for p in query.params)
    job = Job(query.sparql, format="json", params=given)
    data = json.loads(run(oxigraph, sample_store, job))
    expected = run_library_query(sample_store, query, params)
    assert len(data["results"]["bindings"]) == len(expected)
    shown = [v for v in data["head"]["vars"] if v in expected.variables]
    assert shown == list(expected.variables)


def test_a_graph_named_as_default_graph_is_the_only_one_read(
    oxigraph: ox.Store, sample_store: KGStore
) -> None:
    graph = "https://w3id.org/kgir/id/graph/b-aid"
    job = Job("SELECT (COUNT(*) AS ?n) WHERE { ?e kg:eventType ?t }", default_graphs=(graph,))
    data = json.loads(run(oxigraph, sample_store, job))
    assert data["results"]["bindings"][0]["n"]["value"] == "3"


def test_too_many_rows_is_an_error_that_says_to_add_a_limit(
    oxigraph: ox.Store, sample_store: KGStore
) -> None:
    with pytest.raises(ResultTooLarge, match=r"more than 5 rows.*add a LIMIT"):
        run(oxigraph, sample_store, Job("SELECT * WHERE { ?s ?p ?o }"), max_rows=5)
    with pytest.raises(ResultTooLarge, match="more than 5 triples"):
        run(oxigraph, sample_store, Job("CONSTRUCT WHERE { ?s ?p ?o }"), max_rows=5)
    assert run(oxigraph, sample_store, Job("SELECT * WHERE { ?s ?p ?o } LIMIT 5"), max_rows=5)


def test_a_malformed_query_gives_the_parsers_message(
    oxigraph: ox.Store, sample_store: KGStore
) -> None:
    with pytest.raises(QuerySyntaxError, match="SPARQL syntax error: error at 1:25"):
        run(oxigraph, sample_store, Job("SELECT ?x WHERE { ?x a }"))


def test_errors_map_to_http_statuses() -> None:
    assert http_status(QueryRefused("x")) == 403
    assert http_status(QueryTimeout("x")) == 503
    assert http_status(ResultTooLarge("x")) == 422
    assert http_status(QuerySyntaxError("x")) == 400
    assert http_status(QueryError("x")) == 400
    assert http_status(FormatNotAcceptable("x")) == 406
    assert http_status(StoreError("x")) == 500


# -- workers ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pool(sample_store_path: Path) -> WorkerPool:
    from conftest import BASE

    from kg.graph import IRIs
    from kg.namespaces import PREFIXES

    prefixes = PREFIXES | {"kgid": IRIs(BASE).base}
    workers = WorkerPool(oxigraph_path(sample_store_path), prefixes, size=1, timeout=1.0)
    yield workers.start()
    workers.close()


def test_a_worker_answers_and_a_runaway_query_is_stopped_in_time(pool: WorkerPool) -> None:
    assert pool.run(Job("ASK { ?c a kg:Country }", format="csv")).body == b"true"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1 s"):
        pool.run(Job(ENDLESS))
    assert time.monotonic() - started < 5
    # The killed worker's replacement answers the next query.
    assert pool.run(Job("ASK { ?c a kg:Country }", format="csv")).body == b"true"


def test_a_query_that_outgrows_the_memory_limit_stops_its_worker(sample_store_path: Path) -> None:
    from kg.errors import EndpointUnavailable

    workers = WorkerPool(
        oxigraph_path(sample_store_path), {}, size=1, timeout=60, memory_limit=800 * 1024**2
    ).start()
    try:
        started = time.monotonic()
        with pytest.raises(EndpointUnavailable, match="more memory than this endpoint allows"):
            workers.run(Job(ENDLESS))
        assert time.monotonic() - started < 30
        assert workers.run(Job("ASK { ?s ?p ?o }", format="csv")).body == b"true"
    finally:
        workers.close()


def test_a_pool_over_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the store read-only"):
        WorkerPool(tmp_path / "nothing", {}, size=1).start()
