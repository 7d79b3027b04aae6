"""The query stage: ad-hoc SPARQL, the query library, and result formats (no spaCy)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import (
    AID_SENTENCE,
    BASE,
    CHAIR_SENTENCE,
    MEETING_SENTENCE,
    MEMBER_SENTENCE,
    MINISTRY,
    SUPPORT_SENTENCE,
    WELCOME_SENTENCE,
    sentences,
)
from rdflib import Dataset, Graph, URIRef
from rdflib.query import ResultRow

from kg.errors import QueryError, QuerySyntaxError
from kg.graph import document_graph
from kg.model import (
    COUNTRY,
    GOVERNMENT_BODY,
    PERSON,
    Document,
    Entity,
    Event,
    Extraction,
    Fact,
    MonetaryAmount,
)
from kg.namespaces import KG
from kg.query import (
    QueryResult,
    Term,
    has_library_header,
    library_sparql,
    list_queries,
    load_query,
    run_library_query,
    run_query,
    store_prefixes,
    table_rows,
    to_csv,
    to_json,
    to_tsv,
)
from kg.store import KGStore

LIBRARY = {
    "meetings",
    "between",
    "frameworks",
    "posts",
    "money",
    "provenance",
    "events-by-type",
    "entities",
}
HOSTILE = '"} ; DROP ALL #'
TALKS = "Cambodia and Australia hold talks"
PLEDGE = "Australia pledges $28 million to Cambodia"


def column(result: QueryResult, name: str) -> list[str | None]:
    return result.column(name)


# -- the library itself -------------------------------------------------------------------
def test_library_lists_every_query_with_title_description_and_params() -> None:
    queries = {q.name: q for q in list_queries()}
    assert set(queries) >= LIBRARY
    for query in queries.values():
        assert query.title and query.description, query.name
    between = queries["between"].params
    assert [(p.name, p.required, p.default) for p in between] == [
        ("a", True, None),
        ("b", True, None),
        ("limit", False, "100"),
    ]
    assert [(p.name, p.default) for p in queries["meetings"].params] == [
        ("country", None),
        ("limit", "100"),
    ]
    assert [(p.name, p.required) for p in queries["frameworks"].params] == [("country", True)]
    type_param, limit_param = queries["entities"].params
    assert type_param.name == "type" and not type_param.required
    assert "(optional)" not in type_param.description
    assert (limit_param.name, limit_param.default) == ("limit", "100")
    assert queries["events-by-type"].params == ()


def test_load_query_parses_defaults(tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text(
        "# title: T\n# description: D\n#   continued\n"
        "# param limit: how many (default: 5)\n# param who: a name\n"
        "SELECT ?limit ?who WHERE {}\n"
    )
    query = load_query("q", folder=tmp_path)
    assert query.description == "D continued"
    assert [(p.name, p.default, p.required) for p in query.params] == [
        ("limit", "5", False),
        ("who", None, True),
    ]
    assert query.bind({"who": "x"}) == {"limit": "5", "who": "x"}


def test_unknown_query_names_the_known_ones() -> None:
    with pytest.raises(QueryError) as info:
        load_query("no-such-query")
    assert "no-such-query" in str(info.value)
    for name in LIBRARY:
        assert name in str(info.value)
    assert info.value.exit_code == 2


def test_query_names_cannot_escape_the_library_folder() -> None:
    with pytest.raises(QueryError):
        load_query("../store")


def test_missing_required_param_is_named(sample_store: KGStore) -> None:
    with pytest.raises(QueryError, match="'b'"):
        run_library_query(sample_store, "between", {"a": "Cambodia"})
    with pytest.raises(QueryError, match="'country'"):
        run_library_query(sample_store, "frameworks")


def test_unknown_param_lists_the_query_params(sample_store: KGStore) -> None:
    with pytest.raises(QueryError, match=r"nation.*country"):
        run_library_query(sample_store, "frameworks", {"nation": "Cambodia"})


# -- each library query on the sample graph ----------------------------------------------
def test_meetings(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "meetings")
    assert result.records() == [
        {
            "date": "2024-01-12",
            "actors": "Soeung Rathchavy",
            "met": "Justin Whyatt",
            "participants": None,
            "mode": "video conference",
            "type": "plover:CONSULT",
            "sentence": MEETING_SENTENCE,
            "document": TALKS,
            "meeting": "kgid:event/a-talks/e1",
        }
    ]
    assert "country" not in result.variables  # parameter columns are dropped


@pytest.mark.parametrize(
    "country",
    [
        "Cambodia",
        "cambodia",
        "Cambodian",
        "Australia",
        "kgid:country/cambodia",
        f"<{BASE}country/australia>",
    ],
)
def test_meetings_of_a_country_through_its_people_and_bodies(
    sample_store: KGStore, country: str
) -> None:
    # Cambodia takes part through its ministry's secretary of state, Australia through its
    # ambassador: neither country is itself an actor or target of the meeting.
    result = run_library_query(sample_store, "meetings", {"country": country})
    assert column(result, "meeting") == ["kgid:event/a-talks/e1"]


def test_meetings_edge_cases(make_store: Callable[..., KGStore]) -> None:
    """A meeting with no known participants is listed but never matches a country; a
    person three affiliation steps from a country acts for it."""
    store = make_store()
    text, (talks, visit) = sentences(
        "Talks were held on Monday.", "A deputy director of the Asia Department visited."
    )
    department = "organization/asia-department"
    deputy = "person/deputy-director"
    extra = Extraction(
        document=Document("c-extra", text, title="Extra"),
        entities=(
            Entity(department, (GOVERNMENT_BODY,), "Asia Department"),
            Entity(deputy, (PERSON,), "Deputy director"),
        ),
        facts=(
            Fact(deputy, "affiliatedWith", department, visit),
            Fact(department, "partOf", MINISTRY, visit),
        ),
        events=(
            Event("talks", "CONSULT", "talks", talks),
            Event("visit", "CONSULT", "visited", visit, actors=(deputy,)),
        ),
    )
    store.put_document("c-extra", document_graph(extra, BASE))
    everything = column(run_library_query(store, "meetings"), "meeting")
    assert "kgid:event/c-extra/talks" in everything and len(everything) == 3
    cambodia = column(run_library_query(store, "meetings", {"country": "Cambodia"}), "meeting")
    assert cambodia == ["kgid:event/a-talks/e1", "kgid:event/c-extra/visit"]


def test_meetings_of_an_uninvolved_entity(sample_store: KGStore) -> None:
    assert len(run_library_query(sample_store, "meetings", {"country": "ASEAN"})) == 0


def test_between_either_direction(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "between", {"a": "Cambodia", "b": "Australia"})
    assert [(r["date"], r["type"], r["actors"], r["targets"]) for r in result.records()] == [
        ("2024-01", "plover:SUPPORT", "Australia", "Cambodia"),
        ("2024-01-12", "plover:CONSULT", "Soeung Rathchavy", "Justin Whyatt"),
        ("2024-02-03", "plover:AID", "Australia", "Cambodia"),
        ("2024-02-03", "plover:SUPPORT", "Cambodia", "Australia"),
    ]
    assert column(result, "sentence") == [
        SUPPORT_SENTENCE,
        MEETING_SENTENCE,
        AID_SENTENCE,
        WELCOME_SENTENCE,
    ]
    assert column(result, "document") == [TALKS, TALKS, PLEDGE, PLEDGE]
    swapped = run_library_query(sample_store, "between", {"a": "AUSTRALIA", "b": "the Kingdom"})
    assert swapped.rows == result.rows


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("meetings", {}),
        ("between", {"a": "Cambodia", "b": "Australia"}),
        ("entities", {}),
        ("entities", {"type": "Organization"}),
    ],
)
def test_a_limit_keeps_the_first_rows(
    sample_store: KGStore, name: str, params: dict[str, str]
) -> None:
    every = run_library_query(sample_store, name, params | {"limit": "1000"})
    assert len(every) >= 1
    for limit in (0, 1, 2):
        first = run_library_query(sample_store, name, params | {"limit": str(limit)})
        assert first.rows == every.rows[:limit]
    assert run_library_query(sample_store, name, params | {"limit": ""}).rows == every.rows


def test_between_a_country_and_itself_is_empty(sample_store: KGStore) -> None:
    assert len(run_library_query(sample_store, "between", {"a": "Cambodia", "b": "Cambodia"})) == 0


def test_frameworks(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "frameworks", {"country": "Cambodia"})
    rows = {
        (r["framework"], r["relation"], r["by"], r["date"], r["sentence"]) for r in result.records()
    }
    assert rows == {
        ("ASEAN", "kg:memberOf", "Cambodia", None, MEMBER_SENTENCE),
        ("ASEAN", "kg:chairs", "Cambodia", "2025", CHAIR_SENTENCE),
        ("ASEAN", "plover:SUPPORT", "Cambodia", "2024-01", SUPPORT_SENTENCE),
        ("ASEAN", "plover:COOPERATE", "Cambodia", "2025", CHAIR_SENTENCE),
    }
    assert len(result) == 4
    australia = run_library_query(sample_store, "frameworks", {"country": "Australia"})
    assert [(r["relation"], r["event"]) for r in australia.records()] == [
        ("plover:SUPPORT", "kgid:event/a-talks/e2")
    ]


def test_posts(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "posts")
    assert [(r["holder"], r["title"], r["organization"]) for r in result.records()] == [
        ("Justin Whyatt", "ambassador", "Australia"),
        ("Kin Phea", "director", "International Relations Institute"),
        (
            "Soeung Rathchavy",
            "secretary of state",
            "Ministry of Foreign Affairs and International Cooperation",
        ),
    ]
    assert column(result, "sentence") == [MEETING_SENTENCE, WELCOME_SENTENCE, MEETING_SENTENCE]
    assert all(p and p.startswith("kgid:fact/") for p in column(result, "position"))
    phea = run_library_query(sample_store, "posts", {"person": "PHEA"})  # an alt label
    assert column(phea, "holder") == ["Kin Phea"]


def test_money(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "money")
    assert result.records() == [
        {
            "date": "2024-02-03",
            "type": "plover:AID",
            "actors": "Australia",
            "targets": "Cambodia",
            "value": "28000000",
            "currency": "USD",
            "amount": "$28 million",
            "sentence": AID_SENTENCE,
            "document": PLEDGE,
            "event": "kgid:event/b-aid/aid",
        }
    ]
    (value,) = [row[result.variables.index("value")] for row in result.terms]
    assert isinstance(value, ox.Literal)
    assert value.datatype.value.endswith("#decimal")
    assert len(run_library_query(sample_store, "money", {"country": "Cambodia"})) == 1
    assert len(run_library_query(sample_store, "money", {"country": "Kin Phea"})) == 0


def test_money_lists_every_giver_and_receiver_in_order(make_store: Callable[..., KGStore]) -> None:
    """Several actors and targets are listed by name, sorted, each once; events without
    money stay out of the lists."""
    store = make_store()
    text, (loan,) = sentences("Japan and Korea will lend Laos and Cambodia $5 million.")
    names = {
        "country/japan": "Japan",
        "country/korea": "Korea",
        "country/laos": "Laos",
        "country/cambodia": "Cambodia",
    }
    extra = Extraction(
        document=Document("d-loan", text, title="Loan"),
        entities=tuple(Entity(key, (COUNTRY,), label) for key, label in names.items()),
        events=(
            Event(
                "loan",
                "AID",
                "lend",
                loan,
                actors=("country/korea", "country/japan"),
                targets=("country/laos", "country/cambodia"),
                amount=MonetaryAmount(Decimal("5000000"), "USD", "$5 million"),
            ),
        ),
    )
    store.put_document("d-loan", document_graph(extra, BASE))
    rows = {
        r["event"]: (r["actors"], r["targets"]) for r in run_library_query(store, "money").records()
    }
    assert rows == {
        "kgid:event/b-aid/aid": ("Australia", "Cambodia"),
        "kgid:event/d-loan/loan": ("Japan; Korea", "Cambodia; Laos"),
    }


def test_provenance(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "provenance")
    records = result.records()
    assert len(records) == 11  # 6 facts + 5 events
    facts = [r for r in records if (r["statement"] or "").startswith("kgid:fact/")]
    events = [r for r in records if (r["statement"] or "").startswith("kgid:event/")]
    assert len(facts) == 6 and len(events) == 5
    assert {(r["subject"], r["predicate"], r["object"]) for r in facts} == {
        (
            "Soeung Rathchavy",
            "kg:affiliatedWith",
            "Ministry of Foreign Affairs and International Cooperation",
        ),
        ("Ministry of Foreign Affairs and International Cooperation", "kg:partOf", "Cambodia"),
        ("Justin Whyatt", "kg:affiliatedWith", "Australia"),
        ("Cambodia", "kg:memberOf", "ASEAN"),
        ("Kin Phea", "kg:affiliatedWith", "International Relations Institute"),
        ("Cambodia", "kg:chairs", "ASEAN"),
    }
    cooperate = next(r for r in events if r["predicate"] == "plover:COOPERATE")
    assert (cooperate["subject"], cooperate["object"]) == ("Cambodia", "ASEAN")  # about
    for record in records:
        assert record["sentence"] and record["document"] in (TALKS, PLEDGE)
        # The offsets really locate the sentence in its document's text.
        assert int(record["end"] or 0) - int(record["begin"] or 0) == len(record["sentence"])
    # Oldest document first, then by position in the document.
    assert [r["published"] for r in records] == ["2024-01-15"] * 6 + ["2024-02-03"] * 5
    for doc in ("b-aid", PLEDGE.upper(), f"{BASE}document/b-aid"):
        only = run_library_query(sample_store, "provenance", {"doc": doc})
        assert set(column(only, "document")) == {PLEDGE}, doc
        assert len(only) == 5


def test_provenance_takes_at_most_its_limit_of_rows(sample_store: KGStore) -> None:
    (limit,) = [p for p in load_query("provenance").params if p.name == "limit"]
    assert not limit.required and limit.default is None
    every = run_library_query(sample_store, "provenance")
    first = run_library_query(sample_store, "provenance", {"limit": "3"})
    assert first.variables == every.variables and first.rows == every.rows[:3]
    assert run_library_query(sample_store, "provenance", {"limit": ""}).rows == every.rows
    pledge = run_library_query(sample_store, "provenance", {"doc": "b-aid", "limit": "2"})
    assert set(column(pledge, "document")) == {PLEDGE} and len(pledge) == 2
    with pytest.raises(QueryError, match="not a number of rows"):
        run_library_query(sample_store, "provenance", {"limit": "ten"})


def test_events_by_type(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "events-by-type")
    assert result.rows == (
        ("plover:SUPPORT", "2"),
        ("plover:AID", "1"),
        ("plover:CONSULT", "1"),
        ("plover:COOPERATE", "1"),
    )


def test_entities(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "entities")
    assert [(r["label"], r["class"]) for r in result.records()] == [
        ("ASEAN", "Framework, InternationalOrganization"),
        ("Australia", "Country"),
        ("Cambodia", "Country"),
        ("demining", "Topic"),
        ("International Relations Institute", "Organization"),
        ("Justin Whyatt", "Person"),
        ("Kin Phea", "Person"),
        ("Ministry of Foreign Affairs and International Cooperation", "GovernmentBody"),
        ("Soeung Rathchavy", "Person"),
        ("trade", "Topic"),
    ]
    assert column(result, "entity")[1] == "kgid:country/australia"


@pytest.mark.parametrize(
    ("type_", "labels"),
    [
        ("Country", ["Australia", "Cambodia"]),
        ("kg:Country", ["Australia", "Cambodia"]),
        (
            "https://w3id.org/kgir/ontology#Person",
            ["Justin Whyatt", "Kin Phea", "Soeung Rathchavy"],
        ),
        (
            "organization",  # a broader class takes in the narrower ones
            [
                "ASEAN",
                "International Relations Institute",
                "Ministry of Foreign Affairs and International Cooperation",
            ],
        ),
        ("Framework", ["ASEAN"]),
        ("Spaceship", []),
    ],
)
def test_entities_of_a_type(sample_store: KGStore, type_: str, labels: list[str]) -> None:
    result = run_library_query(sample_store, "entities", {"type": type_})
    assert column(result, "label") == labels


# -- safety -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("meetings", {"country": HOSTILE}),
        ("between", {"a": HOSTILE, "b": "Australia"}),
        ("frameworks", {"country": HOSTILE}),
        ("posts", {"person": HOSTILE}),
        ("money", {"country": HOSTILE}),
        ("provenance", {"doc": HOSTILE}),
        ("entities", {"type": HOSTILE}),
    ],
)
def test_params_are_bound_not_pasted(
    sample_store: KGStore, name: str, params: dict[str, str]
) -> None:
    size = len(sample_store)
    assert len(run_library_query(sample_store, name, params)) == 0
    assert len(sample_store) == size


def test_ad_hoc_params_are_literals(sample_store: KGStore) -> None:
    sparql = "SELECT DISTINCT ?entity ?name WHERE { ?entity rdfs:label ?name }"
    result = run_query(sample_store, sparql, {"name": "Cambodia"})
    assert result.rows == (("kgid:country/cambodia", "Cambodia"),)
    assert len(run_query(sample_store, sparql, {"name": HOSTILE})) == 0
    as_iri = run_query(sample_store, sparql, {"entity": f"<{BASE}country/australia>"})
    assert column(as_iri, "name") == ["Australia"]


def test_a_param_the_select_does_not_name_is_explained(sample_store: KGStore) -> None:
    with pytest.raises(QueryError, match="SELECT clause names"):
        run_query(sample_store, "SELECT ?s WHERE { ?s rdfs:label ?name }", {"name": "x"})
    with pytest.raises(QueryError, match="parameter name"):
        run_query(sample_store, "SELECT ?s WHERE { ?s ?p ?o }", {"not a name": "x"})


def test_syntax_error_carries_the_position(sample_store: KGStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        run_query(sample_store, "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert re.search(r"error at 3:\d+", str(info.value))
    assert info.value.exit_code == 2


def test_library_syntax_error_names_the_file(sample_store: KGStore, tmp_path: Path) -> None:
    (tmp_path / "broken.rq").write_text("# title: Broken\nSELECT ?s WHERE { ?s ?p }\n")
    query = load_query("broken", folder=tmp_path)
    with pytest.raises(QuerySyntaxError) as info:
        run_library_query(sample_store, query)
    assert re.search(r"broken\.rq: .*error at \d+:\d+", str(info.value))


# -- ad-hoc queries and formats ----------------------------------------------------------
def test_select_display_compacts_iris_and_keeps_terms(sample_store: KGStore) -> None:
    result = run_query(
        sample_store,
        "SELECT ?e ?t ?c WHERE { ?e kg:eventType ?t ; a ?c FILTER(?c != kg:Event) }",
    )
    assert result.kind == "solutions"
    assert result.rows == (("kgid:event/a-talks/e1", "plover:CONSULT", "kg:Meeting"),)
    assert result.terms[0][0] == ox.NamedNode(f"{BASE}event/a-talks/e1")


def test_ask_and_construct(sample_store: KGStore) -> None:
    yes = run_query(sample_store, "ASK { ?c kg:memberOf ?f }")
    assert (yes.kind, yes.boolean) == ("boolean", True)
    assert table_rows(yes) == (["result"], [["true"]])
    assert json.loads(to_json(yes)) == {"head": {}, "boolean": True}
    graph = run_query(sample_store, "CONSTRUCT { ?c kg:memberOf ?f } WHERE { ?c kg:memberOf ?f }")
    assert graph.kind == "triples"
    assert graph.rows == (("kgid:country/cambodia", "kg:memberOf", "kgid:organization/asean"),)


@pytest.fixture
def mixed(sample_store: KGStore) -> QueryResult:
    return run_query(
        sample_store,
        "SELECT ?event ?date ?mode ?text WHERE { ?event kg:eventType plover:CONSULT ; "
        "kg:date ?date . OPTIONAL { ?event kg:nothing ?mode } "
        'BIND("tab\\there, \\"quoted\\"\\nnew line"@en AS ?text) }',
    )


def test_to_csv(mixed: QueryResult) -> None:
    text = to_csv(mixed)
    assert text.startswith("event,date,mode,text\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["kgid:event/a-talks/e1", "2024-01-12", "", 'tab\there, "quoted"\nnew line']
    full = list(csv.reader(io.StringIO(to_csv(mixed, full_iris=True), newline="")))
    assert full[1][0] == f"{BASE}event/a-talks/e1"


def test_to_tsv_keeps_one_row_a_line(mixed: QueryResult) -> None:
    lines = to_tsv(mixed).splitlines()
    assert lines[0] == "event\tdate\tmode\ttext"
    assert lines[1].split("\t") == [
        "kgid:event/a-talks/e1",
        "2024-01-12",
        "",
        'tab\\there, "quoted"\\nnew line',
    ]
    assert len(lines) == 2


def test_to_json_is_w3c_sparql_results(mixed: QueryResult) -> None:
    document = json.loads(to_json(mixed))
    assert document["head"]["vars"] == ["event", "date", "mode", "text"]
    (binding,) = document["results"]["bindings"]
    assert binding["event"] == {"type": "uri", "value": f"{BASE}event/a-talks/e1"}
    assert binding["date"] == {
        "type": "literal",
        "value": "2024-01-12",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert "mode" not in binding  # unbound
    assert binding["text"]["xml:lang"] == "en"
    # pyoxigraph's own W3C parser reads it back to the same terms.
    parsed = ox.parse_query_results(to_json(mixed), format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [tuple(s) for s in parsed] == list(mixed.terms)


def test_table_rows_blank_unbound(mixed: QueryResult) -> None:
    headers, rows = table_rows(mixed)
    assert headers == ["event", "date", "mode", "text"]
    assert rows[0][2] == ""


def test_library_results_format(sample_store: KGStore) -> None:
    result = run_library_query(sample_store, "money")
    assert json.loads(to_json(result))["head"]["vars"] == list(result.variables)
    assert to_csv(result).count("\r\n") == 2


PORTABLE_PARAMS = {
    "between": {"a": "Cambodia", "b": "Australia"},
    "entities": {"type": "Organization"},
    "frameworks": {"country": "Cambodia"},
    "meetings": {"country": "Cambodia"},
    "money": {"country": "Australia"},
    "posts": {"person": "Kin Phea"},
    "provenance": {"doc": "b-aid"},
}


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_queries_are_standard_sparql(sample_store: KGStore, name: str) -> None:
    """rdflib's engine, given the same query text with the parameters written in, returns
    the same rows in the same order: the library relies on no Oxigraph extension (the
    benchmark runs it on both)."""
    dataset = Dataset(default_union=True)
    data = ox.serialize(sample_store.quads(), format=ox.RdfFormat.N_QUADS) or b""
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    query = load_query(name)
    prefixes = store_prefixes(sample_store)
    expected = run_library_query(sample_store, query, PORTABLE_PARAMS.get(name))
    assert len(expected) > 0
    sparql, _ = library_sparql(sample_store, query, PORTABLE_PARAMS.get(name))
    got = []
    for row in dataset.query(sparql, initNs=prefixes):
        assert isinstance(row, ResultRow)
        values = row.asdict()
        got.append(tuple(str(values[v]) if v in values else None for v in expected.variables))
    assert got == [tuple(plain(t) for t in row) for row in expected.terms]


def plain(term: Term | None) -> str | None:
    if term is None:
        return None
    return str(term) if isinstance(term, ox.Triple) else term.value


def test_library_sparql_resolves_a_name_to_its_node(
    make_store: Callable[..., KGStore], tmp_path: Path
) -> None:
    """One node is written in as ?who_iri; a name several nodes share is left to the query
    as ?who_key; a name no node has matches nothing."""
    store = make_store()
    path = tmp_path / "q.rq"
    path.write_text(
        "# title: t\n# param who: someone\n"
        "SELECT DISTINCT ?n ?who ?who_key ?who_iri WHERE {\n"
        "  { ?n kg:searchKey ?who_key } UNION { ?who_iri kg:searchKey ?k BIND(?who_iri AS ?n) }\n"
        "}\n",
        encoding="utf-8",
    )
    query = load_query("q", tmp_path)
    text, names = library_sparql(store, query, {"who": "The KINGDOM"})
    assert names == {"who", "who_key", "who_iri"}
    assert f'("" AS ?who_key) (<{BASE}country/cambodia> AS ?who_iri)' in text
    text, _ = library_sparql(store, query, {"who": "kgid:country/cambodia"})
    assert f"(<{BASE}country/cambodia> AS ?who_iri)" in text
    text, _ = library_sparql(store, query, {"who": "Atlantis"})
    assert '("" AS ?who_key) ("Atlantis" AS ?who_iri)' in text
    assert len(run_library_query(store, query, {"who": "Atlantis"})) == 0
    # A second entity that an alias of Cambodia also names.
    text, _ = sentences("The Kingdom of Thailand.")
    extra = Extraction(
        document=Document("e-th", text, title="Thailand"),
        entities=(Entity("country/thailand", (COUNTRY,), "Thailand", ("the Kingdom",)),),
    )
    store.put_document("e-th", document_graph(extra, BASE))
    text, _ = library_sparql(store, query, {"who": "the kingdom"})
    assert '("the kingdom" AS ?who_key) ("the kingdom" AS ?who_iri)' in text
    assert sorted(column(run_library_query(store, query, {"who": "the kingdom"}), "n")) == [
        "kgid:country/cambodia",
        "kgid:country/thailand",
    ]


def test_a_store_without_search_keys_asks_for_a_rebuild(sample_store: KGStore) -> None:
    # As an older kg wrote them: each document graph without its search keys.
    for document in sample_store.documents().values():
        graph = Graph()
        for triple in sample_store.graph_triples(document.graph):
            if triple.predicate.value != str(KG.searchKey):
                graph.parse(data=f"{triple} .", format="nt")
        sample_store.put_graph(URIRef(document.graph), graph)
    with pytest.raises(QueryError, match="kg build --force"):
        run_library_query(sample_store, "provenance", {"doc": "b-aid"})


def test_a_title_line_first_is_a_library_header() -> None:
    assert has_library_header("\n# title: My entities\nSELECT * WHERE { ?s ?p ?o }")


def test_a_comment_that_is_no_title_is_no_library_header() -> None:
    assert not has_library_header("# the title: of my notes\nSELECT * WHERE { ?s ?p ?o }")
    assert not has_library_header("SELECT * WHERE { ?s ?p ?o } # title: x")
