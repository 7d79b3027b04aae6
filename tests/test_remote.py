"""Remote stores: ``kg push`` and ``kg query --endpoint`` against a real Oxigraph server.

The server is the ``oxigraph`` binary from PyPI (the dev extra), started on 127.0.0.1 on a
free port with a temporary location, and emptied before each test. The parameter binding
and the URL conventions are also tested on their own, without a server.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import Result
from conftest import BASE, fill_store, sample_extractions
from test_cli import ENV, assert_one_line_error
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError, QuerySyntaxError, RemoteError
from kg.graph import IRIs
from kg.query import list_queries, run_library_query, run_query, to_json
from kg.remote import SparqlEndpoint, bind_parameters, graph_payload, graph_store_url, push
from kg.store import KGStore, open_store

HOSTILE = '"} ; DROP ALL #'
# Parameters for each library query on the sample graph: each returns some rows.
PARAMS: dict[str, dict[str, str]] = {
    "between": {"a": "Cambodia", "b": "Australia"},
    "entities": {"type": "Country"},
    "events-by-type": {},
    "frameworks": {"country": "Cambodia"},
    "meetings": {"country": "the Kingdom"},
    "money": {},
    "posts": {"person": "Phea"},
    "provenance": {"doc": "b-aid"},
}
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Oxigraph server; yields its base URL (``http://127.0.0.1:PORT``)."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install -e '.[dev]')")
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (location.parent / "oxigraph.log").open("w")
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(location / "db"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oxigraph server did not start; see {log.name}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def remote(server: str) -> Iterator[SparqlEndpoint]:
    """The server's query endpoint, emptied first."""
    httpx.post(f"{server}/update", data={"update": "DROP ALL"}).raise_for_status()
    with SparqlEndpoint(f"{server}/query", BASE) as endpoint:
        yield endpoint


def remote_count(endpoint: SparqlEndpoint) -> int:
    return int(run_query(endpoint, COUNT_ALL).rows[0][0] or 0)


def remote_graph(endpoint: SparqlEndpoint, doc_id: str) -> set[str]:
    sparql = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{IRIs(BASE).graph(doc_id)}> {{ ?s ?p ?o }} }}"
    result = run_query(endpoint, sparql)
    return {f"{s} {p} {o} ." for s, p, o in result.terms}


def local_graph(store: KGStore, doc_id: str) -> set[str]:
    return {f"{t} ." for t in store.graph_triples(str(IRIs(BASE).graph(doc_id)))}


def graph_store(endpoint: SparqlEndpoint) -> str:
    return graph_store_url(endpoint.url)


def disk_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with open_store(path, BASE) as store:
        fill_store(store, sample_extractions())
    return path


# -- push -----------------------------------------------------------------------------------
def test_push_sends_every_document_graph(sample_store: KGStore, remote: SparqlEndpoint) -> None:
    report = push(sample_store, graph_store(remote))
    assert (report.pushed, report.skipped, report.failures) == (2, 0, ())
    # each graph arrives whole, plus the one triple that records its hash
    for doc_id in ("a-talks", "b-aid"):
        extra = remote_graph(remote, doc_id) - local_graph(sample_store, doc_id)
        assert local_graph(sample_store, doc_id) <= remote_graph(remote, doc_id)
        assert len(extra) == 1 and "#sha256>" in extra.pop()
    assert remote_count(remote) == len(sample_store) + 2 == report.triples


def test_pushing_twice_never_duplicates(sample_store: KGStore, remote: SparqlEndpoint) -> None:
    push(sample_store, graph_store(remote))
    once = remote_count(remote)
    report = push(sample_store, graph_store(remote))
    assert report.pushed == 2
    assert remote_count(remote) == once


def test_a_changed_document_replaces_its_graph(remote: SparqlEndpoint) -> None:
    doc_a, doc_b = sample_extractions()
    with open_store(None, BASE) as store:
        fill_store(store, (doc_a, doc_b))
        push(store, graph_store(remote))
        before_a = remote_graph(remote, "a-talks")
        # b-aid is rebuilt without its AID event and its quotation
        changed = dataclasses.replace(doc_b, events=doc_b.events[1:], quotations=())
        fill_store(store, (changed,))
        report = push(store, graph_store(remote), endpoint=remote, changed_only=True)
        assert (report.pushed, report.skipped) == (1, 1)
        assert remote_graph(remote, "a-talks") == before_a
        assert local_graph(store, "b-aid") <= remote_graph(remote, "b-aid")
        assert len(remote_graph(remote, "b-aid") - local_graph(store, "b-aid")) == 1
        assert remote_count(remote) == len(store) + 2
        money = run_library_query(remote, "money")
        assert len(money) == 0
        again = push(store, graph_store(remote), endpoint=remote, changed_only=True)
        assert (again.pushed, again.skipped) == (0, 2)


def test_the_content_hash_ignores_insertion_order() -> None:
    with open_store(None, BASE) as forward, open_store(None, BASE) as backward:
        fill_store(forward, sample_extractions())
        fill_store(backward, sample_extractions(), reverse=True)
        graph = str(IRIs(BASE).graph("b-aid"))
        assert graph_payload(forward, "b-aid", graph) == graph_payload(backward, "b-aid", graph)


def test_refused_graphs_are_reported_and_the_push_goes_on(
    sample_store: KGStore, server: str
) -> None:
    report = push(sample_store, f"{server}/no-such-service")
    assert report.pushed == 0
    assert [f.doc_id for f in report.failures] == ["a-talks", "b-aid"]
    assert all("HTTP 404" in f.message for f in report.failures)


def test_an_unreachable_graph_store_stops_with_one_error(sample_store: KGStore) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(RemoteError, match=r"cannot connect .*server is running"):
        push(sample_store, url)


# -- query ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PARAMS))
def test_library_queries_answer_as_the_local_store(
    sample_store: KGStore, remote: SparqlEndpoint, name: str
) -> None:
    push(sample_store, graph_store(remote))
    local = run_library_query(sample_store, name, PARAMS[name])
    answer = run_library_query(remote, name, PARAMS[name])
    assert len(local) > 0
    assert answer.variables == local.variables
    assert answer.rows == local.rows
    assert to_json(answer) == to_json(local)


def test_every_library_query_has_test_parameters() -> None:
    assert {q.name for q in list_queries()} == set(PARAMS)


def test_ad_hoc_queries_ask_and_construct(sample_store: KGStore, remote: SparqlEndpoint) -> None:
    push(sample_store, graph_store(remote))
    sparql = "SELECT DISTINCT ?entity ?name WHERE { ?entity rdfs:label ?name } ORDER BY ?name"
    for params in ({}, {"name": "Kin Phea"}, {"entity": f"<{BASE}country/australia>"}):
        assert run_query(remote, sparql, params) == run_query(sample_store, sparql, params)
    assert run_query(remote, "ASK { ?x a kg:Country }").boolean is True
    construct = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a kg:Country ; rdfs:label ?l }"
    assert sorted(run_query(remote, construct).rows) == sorted(
        run_query(sample_store, construct).rows
    )


@pytest.mark.parametrize("name", sorted(n for n in PARAMS if PARAMS[n]))
def test_remote_params_are_bound_not_pasted(
    sample_store: KGStore, remote: SparqlEndpoint, name: str
) -> None:
    push(sample_store, graph_store(remote))
    size = remote_count(remote)
    hostile = {key: HOSTILE for key in PARAMS[name]}
    assert len(run_library_query(remote, name, hostile)) == 0
    assert remote_count(remote) == size


def test_remote_errors_are_one_line(remote: SparqlEndpoint, server: str) -> None:
    with pytest.raises(QuerySyntaxError, match=r"HTTP 400 .*error at 1:"):
        run_query(remote, "SELECT ?x WHERE { ?x a }")
    with (
        SparqlEndpoint(f"{server}/nowhere", BASE) as wrong,
        pytest.raises(RemoteError, match=r"/nowhere: HTTP 404"),
    ):
        run_query(wrong, "ASK {}")
    with (
        SparqlEndpoint(f"http://127.0.0.1:{free_port()}/query", BASE) as down,
        pytest.raises(RemoteError, match="cannot connect"),
    ):
        run_query(down, "ASK {}")
    with pytest.raises(QueryError, match="SELECT clause names"):
        run_query(remote, "SELECT ?s WHERE { ?s rdfs:label ?name }", {"name": "x"})


# -- the commands ---------------------------------------------------------------------------
def test_kg_push_and_query_endpoint(tmp_path: Path, remote: SparqlEndpoint) -> None:
    store = disk_store(tmp_path)
    first = invoke("push", "--store", store, "--endpoint", remote.url)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("2 graphs pushed (251 triples), 0 skipped (unchanged), 0 failed")
    again = invoke("push", "--store", store, "--endpoint", remote.url, "--changed-only")
    assert again.stdout.startswith("0 graphs pushed (0 triples), 2 skipped (unchanged), 0 failed")
    for name, params in PARAMS.items():
        options = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
        local = invoke("query", name, *options, "--store", store, "--format", "json")
        answer = invoke("query", name, *options, "--endpoint", remote.url, "--format", "json")
        assert answer.exit_code == 0, answer.output
        assert json.loads(answer.stdout) == json.loads(local.stdout), name
    table = invoke("query", "posts", "--endpoint", remote.url)
    assert "Kin Phea" in table.stdout and "director" in table.stdout


def test_kg_push_errors(tmp_path: Path, server: str) -> None:
    store = disk_store(tmp_path)
    down = f"http://127.0.0.1:{free_port()}/query"
    assert_one_line_error(invoke("push", "--store", store, "--endpoint", down), "cannot connect")
    assert_one_line_error(
        invoke("query", "money", "--endpoint", down), "cannot connect", "server is running"
    )
    assert_one_line_error(
        invoke("push", "--store", store, "--endpoint", "http://example.org/x/y.cgi"),
        "--graph-store",
    )
    assert_one_line_error(invoke("push", "--store", store), "--endpoint")
    refused = invoke("push", "--store", store, "--graph-store", f"{server}/nope")
    assert refused.exit_code == 1
    assert refused.stderr.count("HTTP 404") == 2 and "Traceback" not in refused.output
    assert refused.stdout.startswith("0 graphs pushed (0 triples), 0 skipped (unchanged), 2 failed")


# -- without a server -----------------------------------------------------------------------
def test_parameters_become_escaped_terms_where_oxigraph_would_bind_them() -> None:
    sparql = (
        "SELECT DISTINCT ?name ?x # ?name in a comment\n"
        "WHERE {\n"
        '  ?x rdfs:label ?l . FILTER(?l = ?name || "?name" = str(?x))\n'
        "  { SELECT ?y WHERE { ?y skos:altLabel ?name } }\n"
        "  { SELECT ?x ?name WHERE { ?x skos:altLabel ?name } }\n"
        "  <http://example.org/?name> ?p ?o .\n"
        "} ORDER BY ?name ?x"
    )
    bound = bind_parameters(sparql, {"name": ox.Literal(HOSTILE)})
    value = '"\\"} ; DROP ALL #"'
    assert bound == (
        f"SELECT DISTINCT ({value} AS ?name) ?x # ?name in a comment\n"
        "WHERE {\n"
        f'  ?x rdfs:label ?l . FILTER(?l = {value} || "?name" = str(?x))\n'
        "  { SELECT ?y WHERE { ?y skos:altLabel ?name } }\n"
        f"  {{ SELECT ?x  WHERE {{ ?x skos:altLabel {value} }} }}\n"
        "  <http://example.org/?name> ?p ?o .\n"
        f"}} ORDER BY ({value}) ?x"
    )
    iri = bind_parameters("SELECT * WHERE { $s ?p ?o }", {"s": ox.NamedNode("http://e.org/a")})
    assert iri == "SELECT * WHERE { <http://e.org/a> ?p ?o }"


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?name ?e WHERE { { SELECT ?e ?name WHERE { ?e skos:altLabel ?name } } }",
        "SELECT ?name ?e WHERE { ?e rdfs:label ?l { SELECT ?e WHERE { ?e skos:altLabel ?name } } }",
        "SELECT ?name (COUNT(?e) AS ?n) WHERE { ?e rdfs:label|skos:altLabel ?name } GROUP BY ?name",
    ],
)
def test_written_parameters_answer_as_oxigraph_substitutions(
    sample_store: KGStore, sparql: str
) -> None:
    local = run_query(sample_store, sparql, {"name": "Cambodian"})
    written = bind_parameters(sparql, {"name": ox.Literal("Cambodian")})
    assert run_query(sample_store, written) == local


def test_a_parameter_after_limit_is_a_number_and_an_empty_one_no_limit() -> None:
    sparql = (
        "SELECT ?x ?n WHERE { { SELECT ?x ?n WHERE { ?x ?p ?o } LIMIT ?n } } ORDER BY ?x LIMIT ?n"
    )
    assert bind_parameters(sparql, {"n": ox.Literal("007")}) == (
        'SELECT ?x ("007" AS ?n) WHERE { { SELECT ?x  WHERE { ?x ?p ?o } LIMIT 7 } } '
        "ORDER BY ?x LIMIT 7"
    )
    assert bind_parameters(sparql, {"n": ox.Literal("")}) == (
        'SELECT ?x ("" AS ?n) WHERE { { SELECT ?x  WHERE { ?x ?p ?o }  } } ORDER BY ?x '
    )
    for value in ("-1", "5 OFFSET 2", "٣", HOSTILE):
        with pytest.raises(QueryError, match="not a number of rows"):
            bind_parameters(sparql, {"n": ox.Literal(value)})


def test_a_parameter_must_be_projected() -> None:
    with pytest.raises(QueryError, match="SELECT clause names"):
        bind_parameters("SELECT ?s WHERE { ?s ?p ?name }", {"name": ox.Literal("x")})
    with pytest.raises(QueryError, match="ASK, CONSTRUCT"):
        bind_parameters("ASK { ?s ?p ?name }", {"name": ox.Literal("x")})
    assert bind_parameters("ASK {}", {}) == "ASK {}"


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("http://localhost:7878/query", "http://localhost:7878/store"),
        ("http://h:3030/ds/sparql", "http://h:3030/ds/data"),
        ("https://h/fuseki/ds/query?x=1", "https://h/fuseki/ds/data"),
        ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        ("http://h:7200/repositories/kg", "http://h:7200/repositories/kg/rdf-graphs/service"),
    ],
)
def test_graph_store_url_follows_each_server_layout(endpoint: str, expected: str) -> None:
    assert graph_store_url(endpoint) == expected


def test_an_unknown_layout_asks_for_the_graph_store() -> None:
    with pytest.raises(RemoteError, match="--graph-store"):
        graph_store_url("http://example.org/cgi-bin/x")


def test_passwords_in_urls_are_never_shown() -> None:
    url = f"http://kg:s3cret@127.0.0.1:{free_port()}/query"
    with SparqlEndpoint(url, BASE) as down, pytest.raises(RemoteError) as caught:
        run_query(down, "ASK {}")
    assert "s3cret" not in str(caught.value)
