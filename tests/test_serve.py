"""``kg serve`` in-process on an ephemeral port, spoken to by real SPARQL clients
(SPARQLWrapper, rdflib's SPARQLStore, plain urllib) and, for the pages, headless Chromium."""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AID_SENTENCE, BASE, CAMBODIA, fill_store, sample_extractions
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.model import COUNTRY, Document, Entity, Extraction
from kg.serve import KGServer, create_server, neighbourhood
from kg.store import open_store

ENDLESS = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } "
    "ORDER BY ?o ?l ?i ?f ?c"
)
TIMEOUT = 1.5
MAX_ROWS = 200
HOSTILE_TITLE = 'Talks <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
HOSTILE_SENTENCE = 'Atlantis <b>rose</b> <img src=x onerror="window.pwned = 3"> again.'


def start(store: Path, **options: Any) -> Iterator[KGServer]:
    server = create_server(store, BASE, port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KGServer]:
    """The sample store plus one document whose title and sentence are hostile markup."""
    from conftest import sentences

    from kg.graph import document_graph
    from kg.model import Evidence, Fact

    path = tmp_path_factory.mktemp("serve") / "store"
    text, (evidence,) = sentences(HOSTILE_SENTENCE)
    atlantis = Entity("country/atlantis", (COUNTRY,), "Atlantis")
    hostile = Extraction(
        Document("c-hostile", text, title=HOSTILE_TITLE),
        entities=(atlantis,),
        facts=(Fact("country/atlantis", "memberOf", "organization/asean", evidence),),
        extractor_version="test",
    )
    assert isinstance(evidence, Evidence)
    with open_store(path, BASE) as store:
        fill_store(store, sample_extractions())
        store.put_document("c-hostile", document_graph(hostile, BASE))
    yield from start(path, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)


@pytest.fixture
def endpoint(server: KGServer) -> str:
    return server.url + "sparql"


def wrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> Any:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """Status, headers and text of a request; an HTTP error status is an answer too."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def get(endpoint: str, query: str, accept: str | None = None) -> tuple[int, dict[str, str], str]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    return request(url, headers={"Accept": accept} if accept else None)


COUNTRIES = (
    "SELECT DISTINCT ?c ?label WHERE { ?c a kg:Country ; rdfs:label ?label } ORDER BY ?label"
)


# -- SELECT, ASK, CONSTRUCT in every format -----------------------------------------------
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(endpoint: str, method: str) -> None:
    data = wrapper(endpoint, COUNTRIES, JSON, method)
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert labels == ["Atlantis", "Australia", "Cambodia"]
    assert data["results"]["bindings"][2]["c"] == {"type": "uri", "value": BASE + CAMBODIA}


def test_sparqlwrapper_select_xml_csv_tsv(endpoint: str) -> None:
    xml = wrapper(endpoint, COUNTRIES, XML)
    literals = [n.firstChild.data for n in xml.getElementsByTagName("literal")]
    assert literals == ["Atlantis", "Australia", "Cambodia"]
    csv_text = wrapper(endpoint, COUNTRIES, CSV).decode()
    assert csv_text.splitlines()[0] == "c,label"
    assert f"{BASE}{CAMBODIA},Cambodia" in csv_text.splitlines()
    tsv_text = wrapper(endpoint, COUNTRIES, TSV).decode()
    assert tsv_text.splitlines()[0] == "?c\t?label"
    assert f'<{BASE}{CAMBODIA}>\t"Cambodia"' in tsv_text.splitlines()


def test_sparqlwrapper_ask(endpoint: str) -> None:
    assert wrapper(endpoint, "ASK { ?e kg:eventType plover:AID }", JSON)["boolean"] is True
    assert (
        wrapper(endpoint, "ASK { ?e kg:eventType plover:ASSAULT }", XML)
        .getElementsByTagName("boolean")[0]
        .firstChild.data
        == "false"
    )


CONSTRUCT = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a kg:Country ; rdfs:label ?l }"


# SPARQLWrapper parses JSON-LD into rdflib's deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:SPARQLWrapper.*")
def test_sparqlwrapper_construct_turtle_and_jsonld(endpoint: str) -> None:
    turtle = wrapper(endpoint, CONSTRUCT, TURTLE)
    graph = Graph().parse(data=turtle.decode(), format="turtle")
    assert (URIRef(BASE + CAMBODIA), None, Literal("Cambodia")) in graph
    assert len(graph) == 3
    jsonld = wrapper(endpoint, CONSTRUCT, JSONLD)  # parsed by SPARQLWrapper into a graph
    assert {str(subject) for subject, _, _ in jsonld} == {
        BASE + "country/" + c for c in ("atlantis", "australia", "cambodia")
    }


def test_construct_ntriples_and_describe_by_content_negotiation(endpoint: str) -> None:
    status, headers, text = get(endpoint, CONSTRUCT, "application/n-triples")
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert f'<{BASE}{CAMBODIA}> <http://www.w3.org/2000/01/rdf-schema#label> "Cambodia" .' in text
    status, headers, text = get(endpoint, f"DESCRIBE <{BASE}{CAMBODIA}>", "text/turtle")
    assert status == 200 and "Cambodian" in text


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint: str) -> None:
    store = SPARQLStore(endpoint, returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(COUNTRIES))
    assert [str(r.label) for r in rows] == ["Atlantis", "Australia", "Cambodia"]
    assert (URIRef(BASE + CAMBODIA), None, Literal("Cambodia")) in graph


def test_post_as_application_sparql_query(endpoint: str) -> None:
    status, headers, text = request(
        endpoint,
        data=b"ASK { ?s a kg:Country }",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert (status, text) == (200, "true")
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_is_answered(endpoint: str) -> None:
    req = urllib.request.Request(endpoint, method="OPTIONS", headers={"Origin": "http://yasgui"})
    with urllib.request.urlopen(req, timeout=10) as response:
        assert response.status == 204
        assert "POST" in response.headers["Access-Control-Allow-Methods"]


# -- hostile and mistaken requests --------------------------------------------------------
def test_an_update_is_forbidden(endpoint: str) -> None:
    for data, content_type in (
        (b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        (b"DROP ALL", "application/sparql-update"),
        (
            b"query=INSERT+DATA+%7B+%3Curn:a%3E+%3Curn:b%3E+%3Curn:c%3E+%7D",
            "application/x-www-form-urlencoded",
        ),
    ):
        status, _, text = request(endpoint, data=data, headers={"Content-Type": content_type})
        assert status == 403, text
        assert "read-only" in text
    assert wrapper(endpoint, "ASK { ?s a kg:Country }", JSON)["boolean"] is True


def test_service_and_load_are_refused_but_the_word_in_a_literal_is_not(endpoint: str) -> None:
    status, _, text = get(
        endpoint, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    )
    assert status == 403 and "SERVICE is refused" in text
    status, _, text = get(endpoint, "LOAD <http://example.org/data.ttl>")
    assert status == 403 and "LOAD is refused" in text
    status, _, text = get(endpoint, 'SELECT * WHERE { ?s rdfs:label "SERVICE and LOAD" }')
    assert status == 200, text


def test_a_malformed_query_is_400_with_the_parsers_message(endpoint: str) -> None:
    status, _, text = get(endpoint, "SELECT ?x WHERE { ?x a }")
    assert status == 400
    assert "SPARQL syntax error: error at 1:25" in text
    with pytest.raises(QueryBadFormed):
        wrapper(endpoint, "SELECT ?x WHERE { ?x a }", JSON)


def test_a_query_that_would_run_forever_is_stopped(endpoint: str) -> None:
    started = time.monotonic()
    status, _, text = get(endpoint, ENDLESS)
    elapsed = time.monotonic() - started
    assert status == 503
    assert "ran longer than 1.5 s" in text and "was stopped" in text
    assert elapsed < TIMEOUT + 5
    # SPARQLWrapper maps only some statuses to its own errors; a 503 reaches it as is.
    with pytest.raises(urllib.error.HTTPError) as caught:
        wrapper(endpoint, ENDLESS, JSON)
    assert caught.value.code == 503
    # Both killed workers are replaced: the endpoint still answers.
    assert wrapper(endpoint, "ASK { ?s a kg:Country }", JSON)["boolean"] is True


def test_a_result_over_the_cap_is_an_error(endpoint: str) -> None:
    status, _, text = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422
    assert f"more than {MAX_ROWS} rows" in text and "LIMIT" in text
    status, _, _ = get(endpoint, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200


def test_no_query_an_unreadable_body_and_an_unacceptable_format(endpoint: str) -> None:
    status, _, text = request(endpoint)
    assert status == 400 and "give exactly one SPARQL query" in text
    status, _, text = request(endpoint, data=b"<x/>", headers={"Content-Type": "text/xml"})
    assert status == 415
    status, _, text = get(endpoint, "ASK {}", "image/png")
    assert status == 406 and "cannot answer in 'image/png'" in text


def test_a_foreign_host_header_is_refused(server: KGServer) -> None:
    status, _, text = request(server.url, headers={"Host": "attacker.example:7878"})
    assert status == 403 and "unexpected Host" in text


def test_a_busy_port_is_a_clean_error(server: KGServer, sample_store_path: Path) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match=r"cannot listen on 127\.0\.0\.1:"):
        create_server(sample_store_path, BASE, port=server.server_address[1], workers=1)


def test_a_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="no kg store here"):
        create_server(tmp_path / "none", BASE, port=0)


# -- pages without a browser --------------------------------------------------------------
def test_pages_carry_a_csp_and_no_remote_reference(server: KGServer) -> None:
    for path in ("", "entity?iri=Cambodia", "assets/query.js", "assets/serve.css"):
        status, headers, text = request(server.url + path)
        assert status == 200, path
        assert "http://" not in text and "https://" not in text.replace(BASE, ""), path
        if path in ("", "entity?iri=Cambodia"):
            assert "default-src 'none'" in headers["Content-Security-Policy"]
            assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_the_entity_page_escapes_document_strings(server: KGServer) -> None:
    status, _, page = request(server.url + "entity?iri=" + urllib.parse.quote("Atlantis"))
    assert status == 200
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "&lt;b&gt;rose&lt;/b&gt;" in page


def test_an_unknown_entity_is_a_404_page(server: KGServer) -> None:
    status, _, page = request(server.url + "entity?iri=Lemuria")
    assert status == 404 and "no entity called &#39;Lemuria&#39;" in page


def test_the_neighbourhood_holds_the_entity_and_what_is_near_it(server: KGServer) -> None:
    network = server.pages._whole_network()
    near = neighbourhood(network, BASE + "person/kin-phea", 1)
    assert set(near) == {
        BASE + "person/kin-phea",
        BASE + "organization/international-relations-institute",
    }
    status, headers, page = request(server.url + "graph?iri=Cambodia&hops=2")
    assert status == 200 and "Cambodia — 2-hop neighbourhood" in page
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert request(server.url + "graph?iri=Cambodia&hops=9")[0] == 400


# -- in a browser -------------------------------------------------------------------------
@pytest.mark.browser
def test_the_query_page_runs_a_library_query(server: KGServer, online_page: Any) -> None:
    page = online_page
    page.goto(server.url)
    page.select_option("#library", "money")
    assert "kg:amount" in page.input_value("#editor")
    assert page.input_value("#param-country") == ""
    page.fill("#param-country", "Cambodia")
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    assert "1 row(s)" in page.inner_text("#status")
    headers = page.eval_on_selector_all("#results th", "cells => cells.map(c => c.textContent)")
    assert "country" not in headers and "amount" in headers
    assert "$28 million" in page.inner_text("#results")
    link = page.get_attribute("#results a", "href")
    assert link is not None and link.startswith("/entity?iri=")
    assert page.console_errors == []


@pytest.mark.browser
def test_the_query_page_shows_a_refusal(server: KGServer, online_page: Any) -> None:
    page = online_page
    page.goto(server.url)
    page.fill("#editor", "DROP ALL")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "403" in page.inner_text("#error") and "read-only" in page.inner_text("#error")


@pytest.mark.browser
def test_the_entity_page_shows_sources_and_follows_links(
    server: KGServer, online_page: Any
) -> None:
    page = online_page
    page.goto(server.url + "entity?iri=" + urllib.parse.quote(BASE + CAMBODIA))
    assert page.inner_text("h1").startswith("Cambodia")
    assert AID_SENTENCE in page.inner_text("#events")
    assert "Australia pledges $28 million to Cambodia (2024-02-03)" in page.inner_text("#events")
    page.click("#facts a:text('ASEAN')")
    page.wait_for_url(re.compile(r"/entity\?iri=.*asean"))
    assert page.inner_text("h1").startswith("ASEAN")
    assert page.console_errors == []


@pytest.mark.browser
def test_hostile_document_strings_are_inert_on_the_entity_page(
    server: KGServer, online_page: Any
) -> None:
    page = online_page
    page.goto(server.url + "entity?iri=Atlantis")
    assert page.evaluate("window.pwned") is None
    assert page.query_selector("main img") is None and page.query_selector("main b") is None
    text = page.inner_text("#facts")
    assert HOSTILE_SENTENCE in text and "<script>window.pwned = 1</script>" in text
    assert page.console_errors == []


@pytest.mark.browser
def test_the_neighbourhood_graph_page_draws(server: KGServer, online_page: Any) -> None:
    page = online_page
    page.goto(server.url + "graph?iri=Cambodia")
    page.wait_for_selector("canvas")
    assert page.console_errors == []


# -- the `kg serve` command ---------------------------------------------------------------
def test_kg_serve_serves_until_sigterm(sample_store_path: Path) -> None:
    import signal
    import subprocess
    import sys

    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen(
        [str(kg), "serve", "--store", str(sample_store_path), "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/) · SPARQL endpoint \1sparql", line)
        assert match, line
        status, _, text = get(match.group(1) + "sparql", "ASK { ?s a kg:Country }", "text/csv")
        assert (status, text) == (200, "true")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert stderr == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--store", "{missing}"], ["no kg store here"]),
        (["--store", "{store}", "--timeout", "0"], ["must be greater than zero"]),
    ],
)
def test_kg_serve_mistakes_are_one_line_errors(
    sample_store_path: Path, tmp_path: Path, args: list[str], words: list[str]
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    filled = [a.format(missing=tmp_path / "none", store=sample_store_path) for a in args]
    env = {"KG_STORE": None, "KG_BASE_IRI": None, "COLUMNS": "200"}
    result = CliRunner().invoke(app, ["serve", "--port", "0", *filled], env=env)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    for word in words:
        assert word in line
