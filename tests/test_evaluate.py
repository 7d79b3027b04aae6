"""Scoring against gold: hand-made extractions → document graph → in-memory store → score."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF

from kg.errors import GoldError
from kg.evaluate import (
    CategoryScore,
    Counts,
    DocumentScore,
    Gold,
    evaluate,
    find_document,
    format_report,
    load_gold,
    micro_average,
    normalise,
    score_document,
)
from kg.graph import document_graph
from kg.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Fact,
    Quotation,
    Span,
)
from kg.namespaces import KG
from kg.store import KGStore, open_store

BASE = "https://example.org/id/"
SEED_GOLD = Path(__file__).resolve().parent.parent / "seeds" / "000_53a3ad9fd4ce603c.gold.json"
DOC = "d1"


def ev(text: str = "A sentence.") -> Evidence:
    return Evidence(Span(0, len(text), text), "test")


def country(key: str, label: str, *aliases: str) -> Entity:
    return Entity(f"country/{key}", ("Country",), label, aliases)


def org(key: str, label: str, *types: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(f"organization/{key}", types or ("Organization",), label, aliases)


def event(
    key: str,
    kind: str,
    actors: tuple[str, ...] = (),
    *,
    evidence: Evidence | None = None,
    **more: Any,
) -> Event:
    return Event(key, kind, "did", evidence or ev(), actors=actors, **more)


def extraction(*items: Entity | Fact | Event | Quotation, doc_id: str = DOC) -> Extraction:
    return Extraction(
        Document(doc_id, "text"),
        entities=tuple(i for i in items if isinstance(i, Entity)),
        facts=tuple(i for i in items if isinstance(i, Fact)),
        events=tuple(i for i in items if isinstance(i, Event)),
        quotations=tuple(i for i in items if isinstance(i, Quotation)),
    )


@pytest.fixture
def store() -> Iterator[KGStore]:
    with open_store(None, BASE) as s:
        yield s


def put(store: KGStore, x: Extraction, drop_types: tuple[tuple[str, str], ...] = ()) -> None:
    """Store ``x``; ``drop_types`` removes (entity key, class) typings graph.py adds."""
    graph = document_graph(x, BASE)
    for key, cls in drop_types:
        graph.remove((store.iris.entity(key), RDF.type, KG[cls]))
    store.put_document(x.document.doc_id, graph)


def write_gold(tmp_path: Path, name: str = "d1.gold.json", **parts: Any) -> Gold:
    data = {"doc": "d1.txt", "doc_date": None, **parts}
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_gold(path)


def ent(ident: str, kind: str, label: str, *aliases: str, **more: Any) -> dict[str, Any]:
    return {"id": ident, "type": kind, "label": label, "aliases": list(aliases), **more}


def counts(score: DocumentScore, category: str) -> tuple[int, int, int]:
    c = score.counts(category)
    return c.tp, c.fp, c.fn


# -- normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("The Kingdom", "kingdom"),
        ("the  UN", "un"),
        ("Cambodia's", "cambodia"),
        ("Cambodia’s government", "cambodia government"),
        ("U.N.", "un"),
        ("ASIA-EUROPE Meeting", "asia europe meeting"),
        ("Asia–Europe  Meeting", "asia europe meeting"),
        ("“ASEAN”", "asean"),
        ("Theatre Group", "theatre group"),  # only a whole leading word "the" goes
        ("  Kin   Phea ", "kin phea"),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert normalise(given) == expected


def test_entities_match_through_normalised_label_or_alias(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            country("cambodia", "Kingdom", "Cambodian"),  # gold alias "the Kingdom"
            org("un", "U.N.", "InternationalOrganization"),  # gold label "UN"
            org("mofa", "Cambodia’s Ministry of Foreign Affairs"),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=[
            ent("cambodia", "Country", "Cambodia", "the Kingdom"),
            ent("un", "Organization", "the UN"),
            ent("mofa", "Organization", "Cambodia's ministry of foreign affairs"),
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "entities") == (3, 0, 0)
    assert score.in_store


def test_type_must_agree(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(country("jordan", "Jordan")))
    gold = write_gold(tmp_path, entities=[ent("jordan", "Person", "Jordan")])
    score = score_document(store, gold)
    assert counts(score, "entities") == (0, 1, 1)
    assert score.categories["entities"].misses == ('Person "Jordan" (jordan)',)
    assert "Jordan" in score.categories["entities"].false_positives[0]


def test_subclass_counts_as_its_class(store: KGStore, tmp_path: Path) -> None:
    # graph.py also asserts the superclass; remove it to prove the scorer closes over it.
    put(
        store,
        extraction(
            org("mofa", "Ministry of Foreign Affairs", "GovernmentBody"),
            Entity("framework/map", ("Programme",), "Mekong-Australia Programme"),
            Entity("event/asem13", ("Summit",), "13th ASEM Summit"),
        ),
        drop_types=(
            ("organization/mofa", "Organization"),
            ("framework/map", "Framework"),
            ("event/asem13", "Event"),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=[
            ent("mofa", "Organization", "Ministry of Foreign Affairs"),
            ent("map", "Framework", "Mekong Australia Programme"),
            ent("asem13", "Event", "13th ASEM Summit"),
        ],
    )
    assert counts(score_document(store, gold), "entities") == (3, 0, 0)


def test_alt_types_are_accepted(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(org("asean", "ASEAN", "InternationalOrganization")))
    gold = write_gold(
        tmp_path, entities=[ent("asean", "Framework", "ASEAN", alt_types=["Organization"])]
    )
    assert counts(score_document(store, gold), "entities") == (1, 0, 0)


def test_non_entities_are_not_scored_as_entities(store: KGStore, tmp_path: Path) -> None:
    # A typed event (kg:Event with kg:eventType), its topic and the document node are not
    # entities, so they are neither matches nor false positives.
    x = extraction(
        country("cambodia", "Cambodia"),
        event("e1", "SUPPORT", ("country/cambodia",), topics=("Cambodia",)),
    )
    put(store, x)
    gold = write_gold(tmp_path, entities=[ent("cambodia", "Country", "Cambodia")])
    assert counts(score_document(store, gold), "entities") == (1, 0, 0)


def test_matching_is_one_to_one(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(country("cambodia", "Cambodia"), country("cambodia-2", "Cambodia")))
    gold = write_gold(tmp_path, entities=[ent("cambodia", "Country", "Cambodia")])
    score = score_document(store, gold)
    assert counts(score, "entities") == (1, 1, 0)


def test_matching_is_maximal_not_greedy(store: KGStore, tmp_path: Path) -> None:
    # kin_phea's best partner is person/a (label and alias agree), but person/a is the only
    # node "Phea" can match: best-first greedy would pair one gold item, the maximum
    # matching pairs both.
    put(
        store,
        extraction(
            Entity("person/a", ("Person",), "Kin Phea", ("Phea",)),
            Entity("person/b", ("Person",), "Kin Phea"),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=[ent("kin_phea", "Person", "Kin Phea", "Phea"), ent("sok", "Person", "Phea")],
    )
    assert counts(score_document(store, gold), "entities") == (2, 0, 0)


def test_optional_items_count_neither_way(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(country("cambodia", "Cambodia"), Entity("person/pm", ("Person",), "PM")))
    gold = write_gold(
        tmp_path,
        entities=[
            ent("cambodia", "Country", "Cambodia"),
            ent("pm", "Person", "prime minister", "PM", optional=True),  # produced: not a TP
            ent("basin", "Place", "Mekong basin", optional=True),  # not produced: not a FN
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "entities") == (1, 0, 0)


def test_required_gold_wins_over_optional(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(country("cambodia", "Cambodia")))
    gold = write_gold(
        tmp_path,
        entities=[
            ent("maybe", "Country", "Cambodia", optional=True),
            ent("cambodia", "Country", "Kingdom of Cambodia", "Cambodia"),
        ],
    )
    assert counts(score_document(store, gold), "entities") == (1, 0, 0)


# -- facts --------------------------------------------------------------------------------------

FACT_ENTITIES = [
    ent("dfat", "Organization", "Department of Foreign Affairs and Trade", "DFAT"),
    ent("australia", "Country", "Australia"),
    ent("iri", "Organization", "International Relations Institute"),
]


def test_fact_direction_matters(store: KGStore, tmp_path: Path) -> None:
    dfat, aus = org("dfat", "DFAT"), country("australia", "Australia")
    put(
        store,
        extraction(
            dfat,
            aus,
            Fact("country/australia", "partOf", "organization/dfat", ev()),  # reversed
            Fact("organization/dfat", "memberOf", "country/australia", ev()),  # wrong property
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=FACT_ENTITIES[:2],
        relations=[{"s": "dfat", "p": "partOf", "o": "australia"}],
    )
    score = score_document(store, gold)
    assert counts(score, "facts") == (0, 2, 1)
    assert score.categories["facts"].false_positives == (
        '"Australia" partOf "DFAT"',
        '"DFAT" memberOf "Australia"',
    )


def test_fact_matches_through_entity_pairing(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            org("dfat", "DFAT"),
            country("australia", "Australia"),
            Fact("organization/dfat", "partOf", "country/australia", ev()),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=FACT_ENTITIES,
        relations=[
            {"s": "dfat", "p": "partOf", "o": "australia"},
            {"s": "iri", "p": "partOf", "o": "australia"},  # iri was not found: a miss
            {"s": "iri", "p": "locatedIn", "o": "australia", "optional": True},
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "facts") == (1, 0, 1)
    assert "entity not found: iri" in score.categories["facts"].misses[0]


# -- events -------------------------------------------------------------------------------------

CAM, AUS, WHO = "country/cambodia", "country/australia", "organization/who"
EVENT_ENTITIES = [
    ent("cambodia", "Country", "Cambodia"),
    ent("australia", "Country", "Australia"),
    ent("who", "Organization", "WHO"),
]


def base_entities() -> tuple[Entity, ...]:
    return (country("cambodia", "Cambodia"), country("australia", "Australia"), org("who", "WHO"))


def gold_event(ident: str, types: list[str], actors: list[str], **more: Any) -> dict[str, Any]:
    return {"id": ident, "type": types, "actors": actors, **more}


def test_event_type_list(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            *base_entities(),
            event("a", "COOPERATE", (CAM, AUS)),  # second acceptable type
            event("b", "SUPPORT", (AUS,)),  # wrong type: untyped match only
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES,
        events=[
            gold_event("coop", ["AGREE", "COOPERATE"], ["cambodia", "australia"]),
            gold_event("aid", ["AID"], ["australia"]),
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "events_typed") == (1, 1, 1)
    assert counts(score, "events_untyped") == (2, 0, 0)
    assert score.event_types == {
        "AGREE": Counts(tp=1),
        "AID": Counts(fn=1),
        "SUPPORT": Counts(fp=1),
    }


def test_actor_and_target_overlap(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            *base_entities(),
            event("ok", "SUPPORT", (AUS,), targets=(CAM,)),  # one of two gold actors suffices
            event("wrong_actor", "AID", (CAM,), targets=(AUS,)),
            event("no_target", "REQUEST", (AUS,)),
            event("no_actor", "CONSULT", ()),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES,
        events=[
            gold_event("thanks", ["SUPPORT"], ["cambodia", "australia"], targets=["cambodia"]),
            gold_event("grant", ["AID"], ["australia"], targets=["cambodia"]),
            gold_event("ask", ["REQUEST"], ["australia"], targets=["cambodia"]),
            gold_event("talks", ["CONSULT"], []),  # no gold actors: none required
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "events_typed") == (2, 2, 2)
    missed = {m.split()[0] for m in score.categories["events_typed"].misses}
    assert missed == {"grant", "ask"}


def test_gold_actor_without_matched_entity_cannot_overlap(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(country("cambodia", "Cambodia"), event("e", "SUPPORT", (AUS,))))
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES[:2],
        events=[gold_event("e", ["SUPPORT"], ["australia"])],
    )
    assert counts(score_document(store, gold), "events_typed") == (0, 1, 1)


def test_about_overlap_with_entities_and_events(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            *base_entities(),
            event("grant", "AID", (AUS,), targets=(CAM,), about=("organization/who",)),
            event("thanks", "SUPPORT", (CAM,), targets=(AUS,), about=("event:grant",)),
            event("thanks2", "SUPPORT", (CAM,), targets=(AUS,), about=(CAM,)),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES,
        events=[
            gold_event("grant", ["AID"], ["australia"], targets=["cambodia"], about=["who"]),
            gold_event("thanks", ["SUPPORT"], ["cambodia"], targets=["australia"], about=["grant"]),
        ],
    )
    score = score_document(store, gold)
    # thanks2 is about the wrong thing, so the gold thanks pairs with the output thanks.
    assert counts(score, "events_typed") == (2, 1, 0)
    assert 'about: "Cambodia"' in score.categories["events_typed"].false_positives[0]


def test_about_event_without_counterpart_is_satisfied_by_any_about(
    store: KGStore, tmp_path: Path
) -> None:
    put(
        store,
        extraction(*base_entities(), event("thanks", "SUPPORT", (CAM,), about=(WHO,))),
    )
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES,
        events=[
            gold_event("grant", ["AID"], ["australia"]),
            gold_event("thanks", ["SUPPORT"], ["cambodia"], about=["grant"]),
        ],
    )
    assert counts(score_document(store, gold), "events_typed") == (1, 0, 1)


def test_evidence_decides_between_look_alike_events(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            *base_entities(),
            event("x", "SUPPORT", (CAM,), targets=(AUS,), evidence=ev("Cambodia welcomed it.")),
            event("y", "SUPPORT", (CAM,), targets=(AUS,), evidence=ev("Cambodia thanked them.")),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES,
        events=[
            gold_event("t", ["SUPPORT"], ["cambodia"], evidence="Cambodia thanked"),
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "events_typed") == (1, 1, 0)
    assert "welcomed" in score.categories["events_typed"].false_positives[0]


def test_optional_event_counts_neither_way(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(*base_entities(), event("r", "REJECT", (CAM,))))
    gold = write_gold(
        tmp_path,
        entities=EVENT_ENTITIES,
        events=[
            gold_event("r", ["REJECT"], ["cambodia"], optional=True),
            gold_event("s", ["SUPPORT"], ["cambodia"], optional=True),
        ],
    )
    score = score_document(store, gold)
    assert counts(score, "events_typed") == (0, 0, 0)
    assert score.event_types == {}


# -- quotations ---------------------------------------------------------------------------------


def test_quotations(store: KGStore, tmp_path: Path) -> None:
    put(
        store,
        extraction(
            Entity("person/kin-phea", ("Person",), "Kin Phea"),
            country("cambodia", "Cambodia"),
            Quotation(("person/kin-phea",), "Generally, Australia’s concerns were met.", ev()),
            Quotation(("country/cambodia",), "Something else entirely.", ev()),
        ),
    )
    gold = write_gold(
        tmp_path,
        entities=[ent("kin_phea", "Person", "Kin Phea"), ent("cambodia", "Country", "Cambodia")],
        quotations=[
            {"speaker": ["kin_phea"], "evidence": "Generally, Australia's concerns"},
            {"speaker": ["cambodia"], "evidence": "not said"},
        ],
    )
    assert counts(score_document(store, gold), "quotations") == (1, 1, 1)


# -- averaging and reporting --------------------------------------------------------------------


def doc_score(doc_id: str, **by_category: Counts) -> DocumentScore:
    return DocumentScore(
        doc_id, f"{doc_id}.gold.json", {name: CategoryScore(c) for name, c in by_category.items()}
    )


def test_micro_average_sums_counts() -> None:
    a = doc_score("a", entities=Counts(8, 2, 0), facts=Counts(0, 0, 4))
    b = doc_score("b", entities=Counts(2, 0, 10), facts=Counts(1, 1, 0))
    a = replace(a, event_types={"AID": Counts(1, 0, 1)})
    b = replace(b, event_types={"AID": Counts(0, 1, 0), "SUPPORT": Counts(2, 0, 0)})
    total = micro_average([a, b])
    assert total.documents == 2
    entities = total.categories["entities"]
    assert entities == Counts(10, 2, 10)
    assert entities.precision == pytest.approx(10 / 12)
    assert entities.recall == pytest.approx(0.5)
    assert entities.f1 == pytest.approx(2 * (10 / 12) * 0.5 / (10 / 12 + 0.5))
    # micro, not macro: the mean of per-document F1s would differ
    macro = (a.counts("entities").f1 + b.counts("entities").f1) / 2
    assert entities.f1 != pytest.approx(macro)
    assert total.categories["facts"] == Counts(1, 1, 4)
    assert total.categories["quotations"] == Counts()
    assert total.event_types == {"AID": Counts(1, 1, 1), "SUPPORT": Counts(2, 0, 0)}


def test_counts_edge_cases() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    assert (Counts(fn=3).precision, Counts(fn=3).f1) == (0.0, 0.0)
    assert (Counts(fp=3).recall, Counts(fp=3).f1) == (0.0, 0.0)


def test_format_report(store: KGStore, tmp_path: Path) -> None:
    put(store, extraction(country("cambodia", "Cambodia"), country("laos", "Laos")))
    gold = write_gold(
        tmp_path,
        entities=[ent("cambodia", "Country", "Cambodia"), ent("thailand", "Country", "Thailand")],
    )
    scores = [score_document(store, gold)]
    short = format_report(scores, verbose=False)
    assert "entities" in short and "quotations*" in short and DOC in short
    assert "Thailand" not in short
    long = format_report(scores, verbose=True)
    assert 'missed: Country "Thailand" (thailand)' in long
    assert 'extra:  Country "Laos"' in long


def test_document_absent_from_store(store: KGStore, tmp_path: Path) -> None:
    gold = write_gold(tmp_path, entities=[ent("cambodia", "Country", "Cambodia")])
    score = score_document(store, gold)
    assert not score.in_store
    assert counts(score, "entities") == (0, 0, 1)
    assert "not in the store" in format_report([score])


# -- the seed gold, end to end ------------------------------------------------------------------


def gold_to_extraction(gold: Gold) -> Extraction:
    """The extraction a perfect extractor would make of ``gold``."""
    keys = {e.id: f"{e.type.lower()}/{e.id}" for e in gold.entities}
    events = {e.id for e in gold.events}
    starts = iter(range(0, 100_000, 1000))  # distinct spans, so mentions do not merge

    def ev(text: str = "A sentence.") -> Evidence:
        start = next(starts)
        return Evidence(Span(start, start + len(text), text), "test")

    entities = tuple(
        Entity(keys[e.id], (e.type, *e.alt_types), e.label, e.aliases) for e in gold.entities
    )
    facts = tuple(Fact(keys[f.s], f.p, keys[f.o], ev(), title=f.role) for f in gold.relations)
    out_events = tuple(
        Event(
            e.id,
            e.types[0],
            "did",
            ev(e.evidence or ""),
            actors=tuple(keys[i] for i in e.actors),
            targets=tuple(keys[i] for i in e.targets),
            participants=tuple(keys[i] for i in e.participants),
            about=tuple(f"event:{i}" if i in events else keys[i] for i in e.about),
            topics=e.topics,
        )
        for e in gold.events
    )
    quotations = tuple(
        Quotation(tuple(keys[i] for i in q.speakers), q.evidence, ev()) for q in gold.quotations
    )
    return Extraction(Document(gold.doc_id, "text"), entities, facts, out_events, quotations)


def test_seed_gold_loads() -> None:
    gold = load_gold(SEED_GOLD)
    assert gold.doc_id == "000_53a3ad9fd4ce603c"
    assert len(gold.entities) == 19 and len(gold.events) == 15
    asean = next(e for e in gold.entities if e.id == "asean")
    assert asean.alt_types == ("Organization",)
    assert next(e for e in gold.events if e.id == "frameworks_coop").types == ("AGREE", "COOPERATE")


def test_perfect_output_scores_one(store: KGStore) -> None:
    gold = load_gold(SEED_GOLD)
    put(store, gold_to_extraction(gold))
    score = score_document(store, gold)
    for category in score.categories.values():
        assert category.counts.fp == category.counts.fn == 0, category
        assert category.counts.f1 == 1.0
    assert score.event_types["SUPPORT"] == Counts(tp=7)


def test_evaluate_builds_and_scores(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "d1.txt").write_text("Cambodia thanked Laos.", encoding="utf-8")
    gold_path = tmp_path / "d1.gold.json"
    gold_path.write_text(
        json.dumps({"doc": "d1.txt", "entities": [ent("cambodia", "Country", "Cambodia")]}),
        encoding="utf-8",
    )
    built: list[list[Path]] = []

    def build(paths: list[Path], store: KGStore) -> None:
        built.append(paths)
        put(store, extraction(country("cambodia", "Cambodia"), doc_id=paths[0].stem))

    with pytest.raises(GoldError, match="not found"):
        evaluate([gold_path], build=build)
    scores = evaluate([gold_path], docs, build=build, base_iri=BASE)
    assert built == [[docs / "sub" / "d1.txt"]]
    assert [counts(s, "entities") for s in scores] == [(1, 0, 0)]


def test_find_document_beside_gold(tmp_path: Path) -> None:
    (tmp_path / "d1.txt").write_text("x", encoding="utf-8")
    gold = write_gold(tmp_path)
    assert find_document(gold) == tmp_path / "d1.txt"


# -- malformed gold -----------------------------------------------------------------------------

GOOD_ENTITY = ent("a", "Country", "A")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "top level: expected a JSON object"),
        ({"entities": []}, "'doc' is missing"),
        ({"doc": "d.txt", "entities": {}}, "entities: expected a list"),
        ({"doc": "d.txt", "entities": [ent("a", "Nation", "A")]}, "type 'Nation'"),
        ({"doc": "d.txt", "entities": [{"id": "a", "type": "Country"}]}, "'label' is missing"),
        ({"doc": "d.txt", "entities": [GOOD_ENTITY, GOOD_ENTITY]}, "'a' is used twice"),
        ({"doc": "d.txt", "entities": [{**GOOD_ENTITY, "alias": ["B"]}]}, "did you mean 'aliases'"),
        ({"doc": "d.txt", "entities": [{**GOOD_ENTITY, "optional": "yes"}]}, "'optional' must"),
        (
            {"doc": "d.txt", "entities": [GOOD_ENTITY], "relations": [{"s": "a", "p": "partOf"}]},
            "'o' is missing",
        ),
        (
            {
                "doc": "d.txt",
                "entities": [GOOD_ENTITY],
                "relations": [{"s": "a", "p": "partOf", "o": "zz"}],
            },
            "'zz'",
        ),
        (
            {
                "doc": "d.txt",
                "entities": [GOOD_ENTITY],
                "relations": [{"s": "a", "p": "owns", "o": "a"}],
            },
            "p 'owns'",
        ),
        ({"doc": "d.txt", "events": [{"id": "e", "type": ["PRAISE"]}]}, "'PRAISE'"),
        ({"doc": "d.txt", "events": [{"id": "e", "type": []}]}, "at least one PLOVER"),
        ({"doc": "d.txt", "events": [{"id": "e", "type": ["AID"], "actors": ["x"]}]}, "'x'"),
        ({"doc": "d.txt", "events": [{"id": "e", "type": ["AID"], "about": ["x"]}]}, "about"),
        (
            {"doc": "d.txt", "events": [{"id": "e", "type": ["AID"], "date": "28 Jan"}]},
            "date '28 Jan'",
        ),
        (
            {
                "doc": "d.txt",
                "events": [{"id": "e", "type": ["AID"], "amount": {"value": "lots"}}],
            },
            "not a number",
        ),
        ({"doc": "d.txt", "quotations": [{"speaker": []}]}, "'evidence' is missing"),
    ],
)
def test_malformed_gold(tmp_path: Path, content: Any, problem: str) -> None:
    path = tmp_path / "bad.gold.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "nope.gold.json")
