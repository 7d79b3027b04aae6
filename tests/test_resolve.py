"""Cross-document resolution: each rule with a case that triggers it and one that must not,
order independence, and applying a view to one document."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest
from conftest import BASE, sentences

from kg.errors import StoreError
from kg.model import (
    COUNTRY,
    GOVERNMENT_BODY,
    ORGANIZATION,
    PERSON,
    PLACE,
    Document,
    Entity,
    Event,
    Extraction,
    Fact,
    Quotation,
    Span,
)
from kg.resolve import (
    Ambiguity,
    LocalEntity,
    Merge,
    apply_view,
    entity_table,
    fingerprint,
    resolve_entities,
    resolve_store,
    strip_honorific,
)
from kg.store import KGStore, open_store


def person(doc: str, key: str, label: str, *aliases: str) -> LocalEntity:
    return LocalEntity(doc, key, (PERSON,), label, aliases)


def body(doc: str, key: str, label: str, state: str | None = None, *aliases: str) -> LocalEntity:
    return LocalEntity(doc, key, (GOVERNMENT_BODY,), label, aliases, state=state)


def key_of(entities: list[LocalEntity], doc: str, key: str) -> str:
    return resolve_entities(entities).keys[doc, key]


# -- lone names -----------------------------------------------------------------------------


def test_a_lone_surname_joins_the_one_full_name_that_holds_it() -> None:
    entities = [
        person("a", "person/prak-sokhonn", "Prak Sokhonn"),
        person("c", "person/sokhonn", "Sokhonn"),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["c", "person/sokhonn"] == "person/prak-sokhonn"
    assert resolution.merges == (
        Merge("c", "person/sokhonn", "person/prak-sokhonn", "lone-name", ("Sokhonn",)),
    )
    assert resolution.labels["person/prak-sokhonn"] == "Prak Sokhonn"


def test_a_lone_given_name_joins_too_but_not_a_part_of_a_word() -> None:
    entities = [
        person("a", "person/penny-wong", "Penny Wong"),
        person("b", "person/penny", "Penny"),
        person("c", "person/won", "Won"),
    ]
    assert key_of(entities, "b", "person/penny") == "person/penny-wong"
    assert key_of(entities, "c", "person/won") == "person/won"


def test_two_full_names_make_a_lone_name_ambiguous_and_it_stays_apart() -> None:
    entities = [
        person("a", "person/prak-sokhonn", "Prak Sokhonn"),
        person("b", "person/chea-sokhonn", "Chea Sokhonn"),
        person("c", "person/sokhonn", "Sokhonn"),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["c", "person/sokhonn"] == "person/sokhonn"
    assert resolution.ambiguities == (
        Ambiguity(
            "c",
            "person/sokhonn",
            "lone-name",
            ("person/chea-sokhonn", "person/prak-sokhonn"),
            ("Sokhonn",),
        ),
    )
    assert resolution.labels["person/sokhonn"] == "Sokhonn"


def test_the_full_name_in_the_same_document_wins_over_an_ambiguous_store() -> None:
    entities = [
        person("a", "person/prak-sokhonn", "Prak Sokhonn"),
        person("b", "person/chea-sokhonn", "Chea Sokhonn"),
        person("b", "person/sokhonn", "Sokhonn"),
    ]
    assert key_of(entities, "b", "person/sokhonn") == "person/chea-sokhonn"


def test_a_lone_name_never_joins_another_kind_of_entity() -> None:
    entities = [
        LocalEntity("a", "place/prey-veng", (PLACE,), "Prey Veng"),
        person("b", "person/veng", "Veng"),
        LocalEntity("c", "place/sokhonn", (PLACE,), "Sokhonn"),
        person("d", "person/prak-sokhonn", "Prak Sokhonn"),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["b", "person/veng"] == "person/veng"
    assert resolution.keys["c", "place/sokhonn"] == "place/sokhonn"


# -- honorifics -----------------------------------------------------------------------------


def test_an_honorific_left_in_a_name_is_stripped() -> None:
    entities = [person("b", "person/h-e-prak-sokhonn", "H.E. Prak Sokhonn")]
    resolution = resolve_entities([*entities, person("a", "person/prak-sokhonn", "Prak Sokhonn")])
    assert resolution.keys["b", "person/h-e-prak-sokhonn"] == "person/prak-sokhonn"
    assert resolution.merges[0].rule == "honorific"
    assert strip_honorific("Hector Prak") == "Hector Prak"  # "He" is a word of the name


def test_entity_table_records_the_honorific_the_extractor_trimmed() -> None:
    text = "H.E. Prak Sokhonn met THE Prak Sokhonn. HEPrak Sokhonn."
    mentions = (Span(5, 17, "Prak Sokhonn"), Span(26, 38, "Prak Sokhonn"))
    extraction = Extraction(
        Document("d", text),
        entities=(Entity("person/prak-sokhonn", (PERSON,), "Prak Sokhonn", mentions=mentions),),
    )
    (row,) = entity_table(extraction)
    assert row["honorific_forms"] == ["H.E. Prak Sokhonn"]


# -- bodies placed by state -------------------------------------------------------------------

MFA = "organization/ministry-of-foreign-affairs"


def test_unqualified_ministries_are_keyed_by_the_state_their_document_places_them_in() -> None:
    entities = [
        body("kh", MFA, "Ministry of Foreign Affairs", "country/cambodia"),
        body("jp", MFA, "Ministry of Foreign Affairs", "country/japan"),
        body(
            "kh2",
            "organization/cambodia-ministry-of-foreign-affairs",
            "Ministry of Foreign Affairs",
        ),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["kh", MFA] == "organization/cambodia-ministry-of-foreign-affairs"
    assert resolution.keys["jp", MFA] == "organization/japan-ministry-of-foreign-affairs"
    assert resolution.labels["organization/japan-ministry-of-foreign-affairs"] == (
        "Ministry of Foreign Affairs"
    )


def test_a_body_unplaced_or_already_named_for_its_state_keeps_its_key() -> None:
    named = "organization/ministry-of-foreign-affairs-of-japan"
    entities = [
        body("x", MFA, "Ministry of Foreign Affairs"),
        body("jp", named, "Ministry of Foreign Affairs of Japan", "country/japan"),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["x", MFA] == MFA
    assert resolution.keys["jp", named] == named
    assert resolution.merges == ()


def test_entity_table_places_only_government_bodies_in_one_state() -> None:
    text, (evidence,) = sentences("The ministry and the bank are Cambodian.")
    ministry = Entity(MFA, (GOVERNMENT_BODY,), "Ministry of Foreign Affairs")
    bank = Entity("organization/bank", (ORGANIZATION,), "Bank")
    extraction = Extraction(
        Document("d", text),
        entities=(ministry, bank),
        facts=(
            Fact(MFA, "partOf", "country/cambodia", evidence),
            Fact("organization/bank", "partOf", "country/cambodia", evidence),
        ),
    )
    rows = {row["key"]: row for row in entity_table(extraction)}
    assert rows[MFA]["state"] == "country/cambodia"
    assert rows["organization/bank"]["state"] is None
    two = Fact(MFA, "partOf", "country/japan", evidence)
    rows = {
        r["key"]: r
        for r in entity_table(
            Extraction(**{**extraction.__dict__, "facts": (*extraction.facts, two)})
        )
    }
    assert rows[MFA]["state"] is None  # placed in two states: no one's


# -- acronyms ---------------------------------------------------------------------------------

DFAT = "organization/department-of-foreign-affairs-and-trade"


def test_an_acronym_alone_joins_the_one_body_called_so_beside_its_full_name() -> None:
    entities = [
        body("a", DFAT, "Department of Foreign Affairs and Trade", None, "DFAT"),
        LocalEntity("b", "organization/dfat", (ORGANIZATION,), "DFAT"),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["b", "organization/dfat"] == DFAT
    assert resolution.merges[0].rule == "acronym"


def test_an_acronym_two_bodies_share_stays_apart() -> None:
    entities = [
        body("a", DFAT, "Department of Foreign Affairs and Trade", None, "DFA"),
        body(
            "b",
            "organization/department-of-foreign-affairs",
            "Department of Foreign Affairs",
            None,
            "DFA",
        ),
        LocalEntity("c", "organization/dfa", (ORGANIZATION,), "DFA"),
        LocalEntity("d", "place/dfa", (PLACE,), "DFA"),
    ]
    resolution = resolve_entities(entities)
    assert resolution.keys["c", "organization/dfa"] == "organization/dfa"
    assert resolution.keys["d", "place/dfa"] == "place/dfa"
    assert [a.rule for a in resolution.ambiguities] == ["acronym"]


# -- the whole ------------------------------------------------------------------------------


def test_resolution_does_not_depend_on_the_order_of_the_entities() -> None:
    entities = [
        person("a", "person/prak-sokhonn", "Prak Sokhonn"),
        person("b", "person/sokhonn", "Sokhonn"),
        person("c", "person/prak-sokhonn", "Prak  Sokhonn"),
        body("kh", MFA, "Ministry of Foreign Affairs", "country/cambodia"),
        LocalEntity("kh", "country/cambodia", (COUNTRY,), "Cambodia"),
    ]
    first = resolve_entities(entities)
    for seed in range(5):
        shuffled = entities[:]
        random.Random(seed).shuffle(shuffled)
        again = resolve_entities(shuffled)
        assert (again.keys, again.labels, again.merges) == (first.keys, first.labels, first.merges)
    views = {fingerprint(first.view("b", ["person/sokhonn"])) for _ in range(2)}
    assert len(views) == 1


def test_apply_view_merges_entities_and_rewrites_every_key() -> None:
    text, (evidence,) = sentences("Sokhonn met Prak Sokhonn in Tokyo.")
    lone = Entity("person/sokhonn", (PERSON,), "Sokhonn", mentions=(Span(0, 7, "Sokhonn"),))
    full = Entity(
        "person/prak-sokhonn", (PERSON,), "Prak Sokhonn", mentions=(Span(12, 24, "Prak Sokhonn"),)
    )
    japan = Entity("country/japan", (COUNTRY,), "Japan")
    extraction = Extraction(
        Document("d", text),
        entities=(lone, full, japan),
        facts=(Fact("person/sokhonn", "affiliatedWith", "country/japan", evidence),),
        events=(
            Event(
                "e",
                "CONSULT",
                "met",
                evidence,
                actors=("person/sokhonn", "person/prak-sokhonn"),
                about=("event:x", "person/sokhonn"),
                location="country/japan",
            ),
        ),
        quotations=(Quotation(("person/sokhonn",), "hello", evidence),),
    )
    view = {
        "person/sokhonn": ("person/prak-sokhonn", "Prak Sokhonn"),
        "person/prak-sokhonn": ("person/prak-sokhonn", "Prak Sokhonn"),
        "country/japan": ("country/japan", "Japan"),
    }
    applied = apply_view(extraction, view)
    assert [e.key for e in applied.entities] == ["country/japan", "person/prak-sokhonn"]
    merged = applied.entities[1]
    assert (merged.label, merged.aliases) == ("Prak Sokhonn", ("Sokhonn",))
    assert [m.start for m in merged.mentions] == [0, 12]
    assert applied.facts[0].subject == "person/prak-sokhonn"
    assert applied.events[0].actors == ("person/prak-sokhonn",)
    assert applied.events[0].about == ("event:x", "person/prak-sokhonn")
    assert applied.quotations[0].speakers == ("person/prak-sokhonn",)
    as_read = apply_view(extraction, {}).entities  # no view: as read, in key order
    assert as_read == tuple(sorted(extraction.entities, key=lambda e: e.key))


def test_a_body_whose_name_holds_its_state_or_demonym_keeps_its_key() -> None:
    entities = [
        body(
            "us",
            "organization/u-s-state-department",
            "U.S. State Department",
            "country/united-states",
        ),
        body(
            "ht", "organization/haitian-national-police", "Haitian National Police", "country/haiti"
        ),
        body("us2", "organization/state-department", "State Department", "country/united-states"),
    ]
    resolution = resolve_entities(entities)
    assert (
        resolution.keys["us", "organization/u-s-state-department"]
        == "organization/u-s-state-department"
    )
    assert resolution.keys["ht", "organization/haitian-national-police"] == (
        "organization/haitian-national-police"
    )
    assert resolution.keys["us2", "organization/state-department"] == (
        "organization/united-states-state-department"
    )


# -- the store-wide pass: incremental, and equal to counting everything again ---------------


def reading_of(doc_id: str, *entities: Entity, placed: str | None = None) -> Extraction:
    """A document that names ``entities`` (one mention each, where the text has its label),
    each of them meeting the first (an event, so that a merge shows in the graph), and
    with ``placed``, its ministry placed in that state."""
    text, (evidence,) = sentences(" ".join(e.label for e in entities) + ".")
    named = []
    for entity in entities:
        start = text.find(entity.label)
        named.append(
            dataclasses.replace(
                entity, mentions=(Span(start, start + len(entity.label), entity.label),)
            )
        )
    facts = (Fact(MFA, "partOf", placed, evidence),) if placed else ()
    events = tuple(
        Event(f"e{i}", "CONSULT", "met", evidence, actors=(e.key,), targets=(entities[0].key,))
        for i, e in enumerate(entities[1:])
    )
    return Extraction(
        Document(doc_id, text),
        entities=tuple(sorted(named, key=lambda e: e.key)),
        facts=facts,
        events=events,
        extractor_version="test",
    )


def _person(key: str, label: str, *aliases: str) -> Entity:
    return Entity(key, (PERSON,), label, aliases)


US = "country/united-states"
SKN = "organization/skn"
# Documents that share lone names, acronyms and labels, so that adding or removing one
# changes what others decide: "Sokhonn" is Prak Sokhonn until a second Sokhonn comes; "DFAT"
# is the department until a second body is called so; the United States' label is the name
# most documents give it; a person-and-body "Sokhonn" called "SKN" is what "SKN" means (its
# key, which the acronym rule finds, is what the lone-name rule made of it).
POOL: dict[str, tuple[Entity, ...]] = {
    "prak": (
        _person("person/prak-sokhonn", "Prak Sokhonn"),
        Entity(US, (COUNTRY,), "United States"),
    ),
    "prak-he": (_person("person/h-e-prak-sokhonn", "H.E. Prak Sokhonn"),),
    "chea": (_person("person/chea-sokhonn", "Chea Sokhonn"), Entity(US, (COUNTRY,), "U.S.")),
    "lone": (_person("person/sokhonn", "Sokhonn"), Entity(US, (COUNTRY,), "U.S.")),
    "lone-too": (
        _person("person/sokhonn", "Sokhonn"),
        Entity("organization/dfat", (ORGANIZATION,), "DFAT"),
    ),
    "dfat": (
        Entity(DFAT, (GOVERNMENT_BODY,), "Department of Foreign Affairs and Trade", ("DFAT",)),
    ),
    "dfat-other": (
        Entity(
            "organization/dfat-council", (ORGANIZATION,), "Development Finance and Trade", ("DFAT",)
        ),
        Entity(US, (COUNTRY,), "United States of America"),
    ),
    "acronym": (
        Entity("organization/dfat", (ORGANIZATION,), "DFAT"),
        Entity(US, (COUNTRY,), "U.S."),
    ),
    "both": (Entity("person/sokhonn", (PERSON, ORGANIZATION), "Sokhonn", ("SKN",)),),
    "skn": (Entity(SKN, (ORGANIZATION,), "SKN"),),
    "ministry": (
        Entity(MFA, (GOVERNMENT_BODY,), "Ministry of Foreign Affairs"),
        Entity(US, (COUNTRY,), "United States"),
    ),
}
PLACED = {"ministry": US}


def pool_reading(doc_id: str, variant: int = 0) -> Extraction:
    """The pool's document; variant 1 is the same document read again, without its last
    entity (a re-read that changes what it contributes)."""
    entities = POOL[doc_id]
    if variant and len(entities) > 1:
        entities = entities[:-1]
    return reading_of(doc_id, *entities, placed=PLACED.get(doc_id))


def put(store: KGStore, extraction: Extraction) -> None:
    store.ledger.put(extraction, entity_table(extraction), None)  # as kg.build does


def from_scratch(readings: dict[str, Extraction]) -> tuple[list[str], list[tuple]]:
    """The quads and the index of a store that counted ``readings`` all at once."""
    with open_store(None, BASE) as store:
        for extraction in readings.values():
            put(store, extraction)
        resolve_store(store)
        return quads(store), list(store.ledger.tallies())


def quads(store: KGStore) -> list[str]:
    return sorted(str(q) for q in store.quads())


@pytest.mark.parametrize("seed", range(8))
def test_an_incremental_pass_gives_what_counting_everything_again_gives(seed: int) -> None:
    rng = random.Random(seed)
    present: dict[str, Extraction] = {}
    with open_store(None, BASE) as store:
        for _ in range(14):
            for _ in range(rng.choice((1, 1, 1, 2, 3))):  # a build may read several
                doc_id = rng.choice(sorted(POOL))
                if doc_id in present and rng.random() < 0.6:
                    store.remove_document(doc_id)
                    del present[doc_id]
                else:
                    present[doc_id] = pool_reading(doc_id, rng.choice((0, 0, 1)))
                    put(store, present[doc_id])
            resolve_store(store)
            assert (quads(store), list(store.ledger.tallies())) == from_scratch(present)


def subjects(store: KGStore, doc_id: str) -> set[str]:
    graph = str(store.iris.graph(doc_id))
    return {q.subject.value for q in store.quads() if q.graph_name.value == graph}


def test_a_second_full_name_rewrites_only_the_documents_of_the_lone_name() -> None:
    with open_store(None, BASE) as store:
        for doc_id in ("prak", "lone", "dfat", "acronym", "skn"):
            put(store, pool_reading(doc_id))
        resolve_store(store)
        lone = str(store.iris.entity("person/sokhonn"))
        prak = str(store.iris.entity("person/prak-sokhonn"))
        assert prak in subjects(store, "lone") and lone not in subjects(store, "lone")
        put(store, pool_reading("chea"))
        report = resolve_store(store)
        assert report.rewritten == ("chea", "lone")  # "prak" reads no lone name
        assert (report.merges, report.ambiguities) == (1, 1)  # "DFAT"; "Sokhonn"
        assert lone in subjects(store, "lone") and prak not in subjects(store, "lone")
        store.remove_document("chea")
        report = resolve_store(store)
        assert report.rewritten == ("lone",)
        assert (report.merges, report.ambiguities) == (2, 0)
        assert prak in subjects(store, "lone") and lone not in subjects(store, "lone")


def test_a_label_that_changes_with_the_majority_rewrites_the_documents_that_show_it() -> None:
    with open_store(None, BASE) as store:
        us = [str(store.iris.entity(US))]
        for doc_id in ("prak", "ministry", "chea", "dfat"):
            put(store, pool_reading(doc_id))
        resolve_store(store)
        assert set(store.labels(us).values()) == {"United States"}
        put(store, pool_reading("acronym"))  # a second "U.S.": on a tie, the least name
        report = resolve_store(store)
        assert report.rewritten == ("acronym", "chea", "ministry", "prak")
        assert set(store.labels(us).values()) == {"U.S."}


def test_a_pass_stopped_while_writing_is_finished_by_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open_store(None, BASE) as store:
        for doc_id in ("prak", "lone"):
            put(store, pool_reading(doc_id))
        resolve_store(store)
        put(store, pool_reading("chea"))
        written: list[str] = []
        put_document = store.put_document

        def stop_after_one(doc_id: str, graph: Any) -> None:
            if written:
                raise StoreError("stopped")  # as if killed before the second graph
            written.append(doc_id)
            put_document(doc_id, graph)

        monkeypatch.setattr(store, "put_document", stop_after_one)
        with pytest.raises(StoreError):
            resolve_store(store)
        monkeypatch.undo()
        assert written == ["chea"]
        report = resolve_store(store)
        assert report.rewritten == ("lone",)  # "chea" was written, its records were not
        everything = {d: pool_reading(d) for d in ("prak", "lone", "chea")}
        assert quads(store) == from_scratch(everything)[0]


def test_an_index_that_disagrees_with_its_contributions_is_counted_again() -> None:
    with open_store(None, BASE) as store:
        for doc_id in ("prak", "lone", "chea"):
            put(store, pool_reading(doc_id))
        resolve_store(store)
        # lose a count, as a ledger edited by hand might: removing "chea" would go below zero
        store.ledger.add_to_tally({("lone-name", "sokhonn", "person/chea-sokhonn"): -1})
        store.remove_document("chea")
        resolve_store(store)
        expected = from_scratch({d: pool_reading(d) for d in ("prak", "lone")})
        assert (quads(store), list(store.ledger.tallies())) == expected
