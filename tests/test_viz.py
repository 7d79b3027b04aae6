"""The graph page: what build_network holds, and that render_html stays inert and offline."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import networkx as nx
import pytest
from conftest import fill_store

from kg import viz
from kg.errors import ExportError, InputError
from kg.graph import document_graph
from kg.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Fact,
    MonetaryAmount,
    Span,
)
from kg.store import KGStore, open_store
from kg.viz import build_network, json_for_script, render_html

BASE = "https://example.org/kg/"
EVIL = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> "</script><script>alert(2)</script>'
    " see href=javascript:alert(3)"
)
LINE_SEPARATOR = "\u2028"


def iri(key: str) -> str:
    return BASE + key


def evidence(text: str, start: int = 0) -> Evidence:
    return Evidence(Span(start, start + len(text), text), "test")


S_POST = "Secretary of state Soeung Rathchavy of the Ministry of Foreign Affairs spoke."
S_ASEAN = "Cambodia, a member of ASEAN, will chair ASEAN next year."
S_SUMMIT = "Cambodia will host the 13th ASEM Summit."
S_THANKS = "Cambodia thanked Australia for its support to trade."
S_GRANT = "Australia granted Cambodia $28 million."
S_AGREE = "Both sides agreed to cooperate on demining."
S_REJECT = "Cambodia will not allow foreign bases."
S_AGAIN = "Cambodia again thanked Australia."
S_MUTUAL = "The two sides expressed mutual appreciation for each other's leadership."


def seed_extraction() -> Extraction:
    text = " ".join(
        (S_POST, S_ASEAN, S_SUMMIT, S_THANKS, S_GRANT, S_AGREE, S_REJECT, S_AGAIN, S_MUTUAL)
    )
    doc = Document(
        "doc-a", text, title="Cambodia and Australia hold talks", published=date(2021, 1, 29)
    )
    return Extraction(
        doc,
        entities=(
            Entity("country/cambodia", ("Country",), "Cambodia", ("the Kingdom", "Cambodian")),
            Entity("country/australia", ("Country",), "Australia"),
            Entity("org/asean", ("InternationalOrganization", "Framework"), "ASEAN"),
            Entity("person/soeung-rathchavy", ("Person",), "Soeung Rathchavy"),
            Entity("org/mfa", ("GovernmentBody",), "Ministry of Foreign Affairs"),
            Entity("event/13th-asem-summit", ("Summit",), "13th ASEM Summit"),
        ),
        facts=(
            Fact(
                "person/soeung-rathchavy",
                "affiliatedWith",
                "org/mfa",
                evidence(S_POST),
                title="secretary of state",
            ),
            Fact("org/mfa", "partOf", "country/cambodia", evidence(S_POST)),
            Fact("country/cambodia", "memberOf", "org/asean", evidence(S_ASEAN)),
            Fact("country/cambodia", "chairs", "org/asean", evidence(S_ASEAN), date="2022"),
            Fact("country/cambodia", "hosts", "event/13th-asem-summit", evidence(S_SUMMIT)),
        ),
        events=(
            Event(
                "thanks",
                "SUPPORT",
                "thanked",
                evidence(S_THANKS),
                actors=("country/cambodia",),
                targets=("country/australia",),
                about=("org/asean",),
                topics=("trade",),
            ),
            Event(
                "grant",
                "AID",
                "granted",
                evidence(S_GRANT),
                actors=("country/australia",),
                targets=("country/cambodia",),
                amount=MonetaryAmount(Decimal(28000000), "USD", "$28 million"),
            ),
            Event(
                "agree",
                "AGREE",
                "agreed",
                evidence(S_AGREE),
                actors=("country/cambodia", "country/australia"),
                topics=("demining",),
            ),
            Event("reject", "REJECT", "allow", evidence(S_REJECT), actors=("country/cambodia",)),
            Event(
                "mutual",
                "SUPPORT",
                "appreciation",
                evidence(S_MUTUAL),
                actors=("country/cambodia", "country/australia"),
                targets=("country/cambodia", "country/australia"),
            ),
            Event(
                "again",
                "SUPPORT",
                "thanked",
                evidence(S_AGAIN),
                actors=("country/cambodia",),
                targets=("country/australia",),
            ),
        ),
    )


EVIL_SENTENCE = f"Cambodia thanked {EVIL} for help.{LINE_SEPARATOR}"
EVIL_TITLE = f"Hostile {EVIL}"


def evil_extraction() -> Extraction:
    doc = Document(
        "doc-evil",
        EVIL_SENTENCE,
        title=EVIL_TITLE,
        url="https://example.com/news?a=1&b=<x>",
    )
    return Extraction(
        doc,
        entities=(
            Entity("country/cambodia", ("Country",), "Cambodia"),
            Entity("org/evil", ("Organization",), f"Evil {EVIL}", (EVIL,)),
        ),
        facts=(Fact("org/evil", "partOf", "country/cambodia", evidence(EVIL_SENTENCE)),),
        events=(
            Event(
                "thanks-evil",
                "SUPPORT",
                "thanked",
                evidence(EVIL_SENTENCE),
                actors=("country/cambodia",),
                targets=("org/evil",),
            ),
        ),
    )


@pytest.fixture
def store() -> Iterator[KGStore]:
    with open_store(None, BASE) as kg_store:
        for extraction in (seed_extraction(), evil_extraction()):
            graph = document_graph(extraction, BASE)
            kg_store.put_document(extraction.document.doc_id, graph)
        yield kg_store


def edges_between(graph: nx.MultiDiGraph, u: str, v: str) -> list[dict[str, object]]:
    return [data for _, data in graph.get_edge_data(u, v, default={}).items()]


# -- build_network ------------------------------------------------------------------------
ENTITY_KEYS = {
    "country/cambodia",
    "country/australia",
    "org/asean",
    "person/soeung-rathchavy",
    "org/mfa",
    "event/13th-asem-summit",
    "org/evil",
    "topic/trade",
    "topic/demining",
}
EVENT_KEYS = {"thanks", "grant", "agree", "reject", "mutual", "again"}


def test_expanded_network_has_entities_and_coded_events_as_nodes(store: KGStore) -> None:
    graph = build_network(store)

    events = {iri(f"event/doc-a/{key}") for key in EVENT_KEYS} | {iri("event/doc-evil/thanks-evil")}
    assert set(graph.nodes) == {iri(k) for k in ENTITY_KEYS} | events
    # 5 facts; roles: thanks 4, grant 2, agree 3, reject 1, mutual 4, again 2, thanks-evil 2;
    # the evil fact.
    assert graph.number_of_edges() == 5 + 18 + 1

    cambodia = graph.nodes[iri("country/cambodia")]
    assert cambodia["label"] == "Cambodia"
    assert cambodia["labels"] == ("Cambodia", "Cambodian", "the Kingdom")
    assert cambodia["types"] == ("Country",)
    assert cambodia["style"] == "Country"
    assert cambodia["kind"] == "entity"

    asean = graph.nodes[iri("org/asean")]
    assert asean["types"] == ("InternationalOrganization", "Framework")
    assert asean["style"] == "InternationalOrganization"
    assert graph.nodes[iri("org/mfa")]["types"] == ("GovernmentBody",)
    assert graph.nodes[iri("event/13th-asem-summit")]["style"] == "Summit"
    assert graph.nodes[iri("topic/trade")]["style"] == "Topic"

    thanks = graph.nodes[iri("event/doc-a/thanks")]
    assert thanks["kind"] == "event"
    assert thanks["style"] == "CodedEvent"
    assert thanks["event_type"] == "SUPPORT"
    assert [s.text for s in thanks["sources"]] == [S_THANKS]


def test_fact_and_role_edges_are_labelled_and_directed(store: KGStore) -> None:
    graph = build_network(store)
    thanks = iri("event/doc-a/thanks")

    [affiliation] = edges_between(graph, iri("person/soeung-rathchavy"), iri("org/mfa"))
    assert affiliation["label"] == "affiliatedWith"
    assert affiliation["kind"] == "fact"
    assert "title: secretary of state" in affiliation["tooltip"].lines

    assert [e["label"] for e in edges_between(graph, iri("country/cambodia"), thanks)] == ["actor"]
    assert [e["label"] for e in edges_between(graph, thanks, iri("country/australia"))] == [
        "target"
    ]
    assert [e["label"] for e in edges_between(graph, thanks, iri("org/asean"))] == ["about"]
    assert [e["label"] for e in edges_between(graph, thanks, iri("topic/trade"))] == ["topic"]
    # Nothing runs the other way.
    assert not edges_between(graph, thanks, iri("country/cambodia"))


def test_parallel_edges_between_the_same_nodes_are_all_kept(store: KGStore) -> None:
    graph = build_network(store)
    labels = sorted(
        e["label"] for e in edges_between(graph, iri("country/cambodia"), iri("org/asean"))
    )
    assert labels == ["chairs", "memberOf"]

    collapsed = build_network(store, collapse_events=True)
    supports = edges_between(collapsed, iri("country/cambodia"), iri("country/australia"))
    assert sorted(e["label"] for e in supports) == ["SUPPORT", "SUPPORT", "SUPPORT"]


def test_collapsing_turns_events_into_edges(store: KGStore) -> None:
    graph = build_network(store, collapse_events=True)

    assert set(graph.nodes) == {iri(k) for k in ENTITY_KEYS}
    assert all(d["kind"] != "event" for _, d in graph.nodes(data=True))

    # Co-actors pair up in IRI order: Australia before Cambodia.
    agree, aid, _mutual = sorted(
        edges_between(graph, iri("country/australia"), iri("country/cambodia")),
        key=lambda e: str(e["label"]),
    )
    assert aid["label"] == "AID"
    assert aid["kind"] == "event"
    assert aid["event"] == iri("event/doc-a/grant")
    assert "amount: $28 million" in aid["tooltip"].lines

    assert agree["label"] == "AGREE"
    assert agree["kind"] == "co-actor"
    assert "topic: demining" in agree["tooltip"].lines

    # REJECT has one actor and no target: no edge, but a note on its actor.
    assert not any(d["label"] == "REJECT" for _, _, d in graph.edges(data=True))
    notes = graph.nodes[iri("country/cambodia")]["notes"]
    assert any(note.startswith("REJECT “allow”") for note in notes)
    # Mutual appreciation: each side to the other, nobody to itself.
    mutual = [
        d for _, _, d in graph.edges(data=True) if d.get("event") == iri("event/doc-a/mutual")
    ]
    assert len(mutual) == 2
    assert not any(u == v for u, v in graph.edges())
    # 5 facts, thanks 1, grant 1, agree 1, mutual 2, again 1, thanks-evil 1, evil fact 1.
    assert graph.number_of_edges() == 5 + 7 + 1


def test_tooltips_carry_labels_type_and_source_sentences(store: KGStore) -> None:
    graph = build_network(store)

    tip = graph.nodes[iri("country/cambodia")]["tooltip"]
    assert tip.heading == "Cambodia"
    assert "also: Cambodian; the Kingdom" in tip.lines
    assert "type: Country" in tip.lines
    assert len(tip.sources) == viz.MAX_ENTITY_SOURCES
    assert tip.more > 0
    assert all(s.document for s in tip.sources)

    edge = next(iter(edges_between(graph, iri("org/mfa"), iri("country/cambodia"))))
    assert edge["tooltip"].heading == "Ministry of Foreign Affairs — partOf → Cambodia"
    assert "type: partOf (fact)" in edge["tooltip"].lines
    [source] = edge["tooltip"].sources
    assert source.text == S_POST
    assert source.document == "Cambodia and Australia hold talks (2021-01-29)"

    for _, data in graph.nodes(data=True):
        assert data["tooltip"].heading
    for _, _, data in graph.edges(data=True):
        assert data["tooltip"].sources, data["label"]


def test_entity_without_facts_or_events_names_its_document() -> None:
    doc = Document("lonely", "Laos was mentioned.", title="A note")
    extraction = Extraction(doc, entities=(Entity("country/laos", ("Country",), "Laos"),))
    with open_store(None, BASE) as kg_store:
        kg_store.put_document("lonely", document_graph(extraction, BASE))
        graph = build_network(kg_store)
    assert "in: A note" in graph.nodes[iri("country/laos")]["tooltip"].lines


# -- the page -----------------------------------------------------------------------------
class PageParser(HTMLParser):
    """Collects what a browser would see as elements, not what a regex would guess."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.metas: list[dict[str, str | None]] = []
        self.text_of: dict[str, str] = {}
        self.legend: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._capture: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend((tag, name, value) for name, value in attrs)
        attributes = dict(attrs)
        if tag == "script":
            self._script = attributes
            self._buffer = []
        elif tag == "meta":
            self.metas.append(attributes)
        elif tag in ("h1", "title") or attributes.get("class") == "legend-label":
            self._capture = tag if tag != "span" else "legend"
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None
        elif self._capture and tag in ("h1", "title", "span"):
            text = "".join(self._buffer)
            if self._capture == "legend":
                self.legend.append(text)
            else:
                self.text_of[self._capture] = text
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._script is not None or self._capture:
            self._buffer.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def graph_data(page: PageParser) -> dict[str, Any]:
    [(_, text)] = [(a, t) for a, t in page.scripts if a.get("id") == "graph-data"]
    data: dict[str, Any] = json.loads(text)
    return data


def sha256_source(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


@pytest.fixture
def page(store: KGStore) -> str:
    return render_html(store, title=f"Graph {EVIL}")


def test_no_markup_from_the_data_reaches_the_page(page: str) -> None:
    for payload in (
        "<script>alert",
        "<img src=x",
        "</script><script>alert(2)",
        "alert(2)</script>",
    ):
        assert payload not in page
        assert payload.upper() not in page.upper()
    # Nothing in the page turns a string into markup.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert sink not in page


def test_the_only_scripts_are_the_pages_own(page: str) -> None:
    assert len(re.findall(r"<script", page, re.IGNORECASE)) == 3
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 3
    parsed = parse(page)
    assert [attrs for attrs, _ in parsed.scripts] == [
        {"type": "application/json", "id": "graph-data"},
        {},
        {},
    ]
    assert "vis.Network" in parsed.scripts[2][1]


def test_nothing_is_fetched_from_the_network(page: str) -> None:
    assert "http://" not in page
    assert "https://" not in page
    parsed = parse(page)
    for tag, name, value in parsed.attributes:
        if name in ("src", "href", "action", "srcset", "poster", "data"):
            pytest.fail(f"<{tag} {name}={value!r}> would fetch something")
    assert "@import" not in page
    assert not re.search(r"url\(\s*(?!['\"]?data:)", page)


def test_content_security_policy_forbids_network_and_admits_only_own_scripts(page: str) -> None:
    parsed = parse(page)
    [csp] = [m for m in parsed.metas if m.get("http-equiv") == "Content-Security-Policy"]
    policy = str(csp["content"])
    for directive in (
        "default-src 'none'",
        "connect-src 'none'",
        "font-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
    ):
        assert directive in policy
    [script_src] = [d.strip() for d in policy.split(";") if d.strip().startswith("script-src")]
    executable = [text for attrs, text in parsed.scripts if "type" not in attrs]
    assert script_src.split()[1:] == [sha256_source(text) for text in executable]
    assert "unsafe-eval" not in policy


def test_heading_and_title_are_escaped_text(page: str) -> None:
    parsed = parse(page)
    assert parsed.text_of["h1"] == f"Graph {EVIL}"
    assert parsed.text_of["title"] == f"Graph {EVIL}"
    assert "<h1>Graph &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_graph_data_is_escaped_json_that_round_trips(page: str) -> None:
    parsed = parse(page)
    [(_, raw)] = [(a, t) for a, t in parsed.scripts if a.get("id") == "graph-data"]
    for character in ("<", ">", "&", LINE_SEPARATOR, "\u2029"):
        assert character not in raw
    data = graph_data(parsed)
    evil = next(n for n in data["nodes"] if n["id"] == iri("org/evil"))
    kg = evil["kg"]
    assert kg["label"] == f"Evil {EVIL}"
    assert "title" not in evil  # tooltips are built in the page, as text
    sources = kg["tip"]["sources"]
    assert sources[0]["text"] == EVIL_SENTENCE
    assert sources[0]["document"] == EVIL_TITLE


def test_the_page_carries_the_pyvis_network(store: KGStore, page: str) -> None:
    network = build_network(store)
    data = graph_data(parse(page))
    assert len(data["nodes"]) == network.number_of_nodes()
    assert len(data["edges"]) == network.number_of_edges()
    assert all(edge["arrows"] == "to" for edge in data["edges"])
    assert all(isinstance(edge["label"], str) for edge in data["edges"])
    shapes = {node["id"]: node["shape"] for node in data["nodes"]}
    assert shapes[iri("person/soeung-rathchavy")] == "dot"
    assert shapes[iri("country/cambodia")] == "diamond"
    assert shapes[iri("org/mfa")] == "box"
    assert shapes[iri("event/doc-a/thanks")] == "star"
    assert data["options"]["physics"]["enabled"] is True

    # Both parallel edges survive into vis-network, bowed apart.
    parallel = [
        e
        for e in data["edges"]
        if (e["from"], e["to"]) == (iri("country/cambodia"), iri("org/asean"))
    ]
    assert sorted(str(e["label"]) for e in parallel) == ["chairs", "memberOf"]
    assert len({json.dumps(e["smooth"], sort_keys=True) for e in parallel}) == 2


def test_collapsed_page_draws_events_as_edges(store: KGStore) -> None:
    data = graph_data(parse(render_html(store, collapse_events=True)))
    assert not any(node["shape"] == "star" for node in data["nodes"])
    labels = [e["label"] for e in data["edges"]]
    assert labels.count("SUPPORT") == 5
    [agree] = [e for e in data["edges"] if e["label"] == "AGREE"]
    assert agree["arrows"] == "to, from"
    assert agree["dashes"] is True


def test_legend_lists_the_classes_present(store: KGStore, page: str) -> None:
    assert parse(page).legend == [
        "Person",
        "Country",
        "Government body",
        "International organization",
        "Organization",
        "Summit",
        "Topic",
        "Event (PLOVER-coded)",
        "Fact between entities",
        "Event role",
    ]
    collapsed = parse(render_html(store, collapse_events=True)).legend
    assert "Event (PLOVER-coded)" not in collapsed
    assert "Event role" not in collapsed
    assert collapsed[-3:] == [
        "Fact between entities",
        "Event, actor → target",
        "Event between co-actors",
    ]
    assert "Place" not in collapsed


def test_select_menu_is_left_for_the_script_to_fill(page: str) -> None:
    assert page.count("<option") == 1
    assert "option.text = " in page


def test_empty_store_gives_an_empty_page() -> None:
    with open_store(None, BASE) as kg_store:
        page = render_html(kg_store)
    data = graph_data(parse(page))
    assert data["nodes"] == []
    assert data["edges"] == []
    assert "0 nodes, 0 edges" in page


def test_missing_vis_network_is_a_kg_error(store: KGStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viz, "_VIS_DIR", ("templates", "lib", "vis-0.0.0"))
    with pytest.raises(ExportError, match="vis-network"):
        render_html(store)


@pytest.mark.parametrize(
    "value",
    [
        "</script><script>alert(1)</script>",
        "<!-- x",
        "a & b > c",
        "line\u2028break\u2029",
        "https://x/y",
    ],
)
def test_json_for_script_is_inert_and_lossless(value: str) -> None:
    text = json_for_script({"v": value, "k": [value]})
    assert not set(text) & set("<>&\u2028\u2029")
    assert "</" not in text
    assert "://" not in text
    assert json.loads(text) == {"v": value, "k": [value]}


def test_tooltip_text_is_clipped_for_display_only() -> None:
    long = "word " * 400
    tip = viz.Tooltip("h", sources=(viz.Source("doc", 0, long),))
    shown = tip.as_dict()["sources"][0]["text"]
    assert len(shown) == viz.MAX_SENTENCE
    assert shown.endswith("…")
    assert tip.sources[0].text == long


# -- filters ------------------------------------------------------------------------------
SAMPLE = "https://w3id.org/kgir/id/"


def sample(key: str) -> str:
    return SAMPLE + key


def entity_keys(graph: nx.MultiDiGraph) -> set[str]:
    return {i.removeprefix(SAMPLE) for i, d in graph.nodes(data=True) if d["kind"] != "event"}


def event_keys(graph: nx.MultiDiGraph) -> set[str]:
    return {i.rsplit("/", 1)[-1] for i, d in graph.nodes(data=True) if d["kind"] == "event"}


def fact_labels(graph: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, _, d in graph.edges(data=True) if d["kind"] == "fact"}


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-12", date(2023, 12, 1), date(2023, 12, 31)),
        (" 2024-02-03 ", date(2024, 2, 3), date(2024, 2, 3)),
    ],
)
def test_periods_run_from_their_first_to_their_last_day(text: str, first: date, last: date) -> None:
    assert viz.parse_period(text) == (first, last)


@pytest.mark.parametrize("text", ["", "24", "2024-13", "2024-02-30", "2024/02", "--01-28", "soon"])
def test_a_bad_period_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="YYYY"):
        viz.parse_period(text)


def test_filter_options_are_checked_and_canonicalised() -> None:
    selection = viz.VizFilter.parse(
        classes=["country", "GOVERNMENTBODY"],
        event_types=["aid", "Support"],
        since="2024",
        until="2024-02",
        documents=[" b-aid "],
    )
    assert selection.classes == {"Country", "GovernmentBody"}
    assert selection.event_types == {"AID", "SUPPORT"}
    assert (selection.since, selection.until) == (date(2024, 1, 1), date(2024, 2, 29))
    assert selection.documents == {"b-aid"}
    assert selection.describe() == (
        "entities: Country, GovernmentBody",
        "events: AID, SUPPORT",
        "dated 2024-01-01 to 2024-02-29",
        "documents: b-aid",
    )
    assert viz.VizFilter.parse().is_empty


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"classes": ["Pirate"]}, "--type 'Pirate' is unknown — use one of: Person, Country"),
        ({"event_types": ["HUG"]}, "--event-type 'HUG' is unknown — use one of: AGREE"),
        ({"since": "2025", "until": "2024"}, "after --until"),
        ({"hops": -1}, "--hops -1"),
        ({"until": "next week"}, "YYYY-MM-DD"),
    ],
)
def test_bad_filter_options_are_input_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        viz.VizFilter.parse(**options)


def test_event_types_select_events_and_the_entities_they_touch(sample_store: KGStore) -> None:
    graph = build_network(sample_store, selection=viz.VizFilter.parse(event_types=["AID"]))
    assert event_keys(graph) == {"aid"}
    assert entity_keys(graph) == {"country/australia", "country/cambodia", "topic/demining"}
    assert fact_labels(graph) == set()  # no fact links Australia and Cambodia

    support = build_network(sample_store, selection=viz.VizFilter.parse(event_types=["SUPPORT"]))
    assert event_keys(support) == {"e2", "welcome"}
    # Facts stay as context between the entities the kept events touch.
    assert fact_labels(support) == {"memberOf", "chairs"}


def test_periods_select_by_event_date_then_fact_or_document_date(sample_store: KGStore) -> None:
    later = build_network(sample_store, selection=viz.VizFilter.parse(since="2025"))
    assert event_keys(later) == {"cooperate"}
    assert fact_labels(later) == {"chairs"}  # dated 2025 itself, though stated in February 2024
    assert entity_keys(later) == {"country/cambodia", "organization/asean", "topic/trade"}

    january = build_network(sample_store, selection=viz.VizFilter.parse(until="2024-01"))
    assert event_keys(january) == {"e1", "e2"}
    # Undated facts take their document's date: a-talks is of 2024-01-15, b-aid of February.
    assert fact_labels(january) == {"affiliatedWith", "partOf", "memberOf"}
    assert "person/kin-phea" not in entity_keys(january)

    # Overlap: SUPPORT is dated "2024-01", so a period starting mid-January keeps it.
    mid = build_network(
        sample_store, selection=viz.VizFilter.parse(since="2024-01-20", until="2024-01-31")
    )
    assert event_keys(mid) == {"e2"}


def test_documents_select_their_records_and_mentions(sample_store: KGStore) -> None:
    graph = build_network(sample_store, selection=viz.VizFilter.parse(documents=["b-aid"]))
    assert event_keys(graph) == {"aid", "welcome", "cooperate"}
    assert fact_labels(graph) == {"affiliatedWith", "chairs"}
    assert "person/soeung-rathchavy" not in entity_keys(graph)
    sources = {s.doc_id for _, d in graph.nodes(data=True) for s in d["sources"]}
    assert sources == {"b-aid"}

    with pytest.raises(InputError, match=r"--document nope: no such document .* a-talks, b-aid"):
        build_network(sample_store, selection=viz.VizFilter.parse(documents=["nope"]))


def test_a_document_alone_also_draws_entities_it_only_mentions() -> None:
    doc = Document("lonely", "Laos was mentioned.", title="A note")
    extraction = Extraction(doc, entities=(Entity("country/laos", ("Country",), "Laos"),))
    with open_store(None, BASE) as kg_store:
        kg_store.put_document("lonely", document_graph(extraction, BASE))
        graph = build_network(kg_store, selection=viz.VizFilter.parse(documents=["lonely"]))
    assert set(graph) == {iri("country/laos")}


def test_classes_keep_entities_of_the_class_and_its_subclasses(sample_store: KGStore) -> None:
    people = build_network(sample_store, selection=viz.VizFilter.parse(classes=["Person"]))
    assert entity_keys(people) == {
        "person/soeung-rathchavy",
        "person/justin-whyatt",
        "person/kin-phea",
    }
    assert event_keys(people) == {"e1"}  # the only event with a person in it

    organizations = build_network(
        sample_store, selection=viz.VizFilter.parse(classes=["Organization"]), collapse_events=True
    )
    assert entity_keys(organizations) == {
        "organization/asean",
        "organization/ministry-of-foreign-affairs-and-international-cooperation",
        "organization/international-relations-institute",
    }


def test_focus_draws_the_neighbourhood_counting_an_event_as_one_step(
    sample_store: KGStore,
) -> None:
    one = build_network(sample_store, selection=viz.VizFilter.parse(focus="Cambodia"))
    assert entity_keys(one) == {
        "country/cambodia",
        "country/australia",  # through SUPPORT, AID and the welcome: one step each
        "organization/asean",
        "organization/ministry-of-foreign-affairs-and-international-cooperation",
        "topic/demining",
        "topic/trade",
    }
    assert event_keys(one) == {"e2", "aid", "welcome", "cooperate"}
    assert one.graph["filters"] == ("within 1 step of Cambodia",)

    two = build_network(sample_store, selection=viz.VizFilter.parse(focus="Cambodia", hops=2))
    assert {"person/soeung-rathchavy", "person/justin-whyatt"} <= entity_keys(two)
    assert "e1" not in event_keys(two)  # it links two people who are each two steps away
    assert "person/kin-phea" not in entity_keys(two)

    collapsed = build_network(
        sample_store, selection=viz.VizFilter.parse(focus="Cambodia"), collapse_events=True
    )
    assert entity_keys(collapsed) == entity_keys(one) - {"topic/demining", "topic/trade"}

    alone = build_network(sample_store, selection=viz.VizFilter.parse(focus="Cambodia", hops=0))
    assert set(alone) == {sample("country/cambodia")}


@pytest.mark.parametrize(
    "name",
    [
        "country/cambodia",
        "kgid:country/cambodia",
        SAMPLE + "country/cambodia",
        "CAMBODIA",
        "the kingdom",
        " Cambodian ",
    ],
)
def test_focus_accepts_an_iri_an_id_a_label_or_an_alias(sample_store: KGStore, name: str) -> None:
    graph = build_network(sample_store, selection=viz.VizFilter.parse(focus=name, hops=0))
    assert set(graph) == {sample("country/cambodia")}


def test_an_ambiguous_focus_lists_its_candidates(sample_store: KGStore) -> None:
    doc = Document("c-other", "Phea Sok spoke.", title="Another Phea")
    other = Extraction(
        doc, entities=(Entity("person/phea-sok", ("Person",), "Phea Sok", ("Phea",)),)
    )
    fill_store(sample_store, [other])
    with pytest.raises(InputError) as caught:
        build_network(sample_store, selection=viz.VizFilter.parse(focus="phea"))
    message = str(caught.value)
    assert "ambiguous" in message
    assert "Kin Phea (person/kin-phea)" in message
    assert "Phea Sok (person/phea-sok)" in message


def test_an_unknown_focus_suggests_near_names(sample_store: KGStore) -> None:
    with pytest.raises(InputError, match=r"names nothing in the store — did you mean: Cambodia\?"):
        build_network(sample_store, selection=viz.VizFilter.parse(focus="Cambod"))


def test_a_focus_the_other_filters_exclude_is_an_input_error(sample_store: KGStore) -> None:
    selection = viz.VizFilter.parse(focus="Kin Phea", event_types=["AID"])
    with pytest.raises(InputError, match="not in the part the other filters select"):
        build_network(sample_store, selection=selection)


def test_sources_name_their_document_parts(sample_store: KGStore) -> None:
    graph = build_network(sample_store)
    [source] = graph.nodes[sample("event/b-aid/aid")]["sources"]
    assert (source.doc_id, source.title, source.date) == (
        "b-aid",
        "Australia pledges $28 million to Cambodia",
        "2024-02-03",
    )
    shown = graph.nodes[sample("event/b-aid/aid")]["tooltip"].as_dict()["sources"][0]
    assert shown["doc_id"] == "b-aid"
    assert shown["date"] == "2024-02-03"


# -- reduction ----------------------------------------------------------------------------
def test_a_graph_within_the_limit_is_not_reduced(store: KGStore) -> None:
    network = build_network(store)
    same, reduction = viz.reduce_network(network, max_nodes=network.number_of_nodes())
    assert same is network
    assert not reduction.reduced


def test_reduction_first_merges_events_into_weighted_edges(store: KGStore) -> None:
    network = build_network(store)
    before = network.number_of_nodes()
    reduced, reduction = viz.reduce_network(network, max_nodes=before - 1)

    assert network.number_of_nodes() == before  # the input is left as it was
    assert reduction.events_collapsed == len(EVENT_KEYS) + 1
    assert reduction.nodes_hidden == 0
    assert not any(d["kind"] == "event" for _, d in reduced.nodes(data=True))
    # Cambodia thanked Australia twice, and appreciated it once: one SUPPORT edge of weight 3.
    [support] = [
        d
        for d in edges_between(reduced, iri("country/cambodia"), iri("country/australia"))
        if d["event_type"] == "SUPPORT"
    ]
    assert support["weight"] == 3
    assert support["label"] == "SUPPORT ×3"
    assert {s.text for s in support["sources"]} == {S_THANKS, S_AGAIN, S_MUTUAL}
    assert support["tooltip"].heading == "Cambodia — SUPPORT ×3 → Australia"
    # REJECT has no counterpart: not drawn, but told on Cambodia.
    assert any("REJECT ×1" in note for note in reduced.nodes[iri("country/cambodia")]["notes"])
    # thanks, again and one side of mutual merge; AID; AGREE; the other side; the evil one.
    assert "7 events are drawn as 5 weighted edges" in reduction.describe()


def test_reduction_then_hides_the_least_linked_nodes_behind_their_neighbours(
    store: KGStore,
) -> None:
    network = build_network(store)
    reduced, reduction = viz.reduce_network(network, max_nodes=3)

    assert reduced.number_of_nodes() == 3
    assert iri("country/cambodia") in reduced
    assert reduction.nodes_hidden == len(ENTITY_KEYS) - 3
    notes = reduced.nodes[iri("country/cambodia")]["notes"]
    [hidden] = [n for n in notes if n.startswith("hidden neighbours")]
    assert "Australia" in hidden
    # The ministry has two links; among nodes of one link, ties go by label, so the
    # secretary of state (S…) outlasts ASEAN, Australia and the rest.
    assert set(reduced) == {
        iri(k) for k in ("country/cambodia", "org/mfa", "person/soeung-rathchavy")
    }
    assert any(
        line.startswith("hidden neighbours")
        for line in reduced.nodes[iri("country/cambodia")]["tooltip"].lines
    )
    text = reduction.describe()
    assert f"{reduction.nodes_hidden} nodes with at most {reduction.hidden_max_degree}" in text
    assert text.startswith(f"Reduced: the selection has {network.number_of_nodes()} nodes")


def test_a_reduction_that_hides_only_unlinked_nodes_says_so() -> None:
    reduction = viz.Reduction(10, 40, 3, nodes_hidden=30, hidden_max_degree=0)
    assert "so 30 nodes with no link are hidden." in reduction.describe()


def test_the_page_says_what_was_reduced(store: KGStore) -> None:
    small = render_html(store, max_nodes=5)
    assert 'id="reduction-notice"' in small
    data = graph_data(parse(small))
    assert len(data["nodes"]) == 5
    assert "reduction-notice" not in render_html(store)


def test_nodes_are_sized_by_degree_and_carry_what_the_toggles_need(store: KGStore) -> None:
    data = graph_data(parse(render_html(store)))
    nodes = {n["id"]: n for n in data["nodes"]}
    cambodia, laos_like = nodes[iri("country/cambodia")], nodes[iri("topic/trade")]
    assert cambodia["value"] > laos_like["value"] == 1
    assert cambodia["kg"]["style"] == "Country"
    assert nodes[iri("event/doc-a/grant")]["kg"]["eventType"] == "AID"
    assert all("eventType" in e["kg"] for e in data["edges"])
    assert data["options"]["nodes"]["scaling"]["label"]["enabled"] is True
    assert data["options"]["physics"]["stabilization"]["enabled"] is True


def test_event_types_are_listed_with_their_counts(store: KGStore) -> None:
    page = render_html(store)
    assert re.findall(r'data-event-type="(\w+)"', page) == ["AGREE", "AID", "REJECT", "SUPPORT"]
    assert 'data-style="Country"' in page
