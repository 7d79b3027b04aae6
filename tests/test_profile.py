"""``kg.profile``: one entity's names, posts, facts and events, and ``kg show``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import (
    AID_SENTENCE,
    BASE,
    CAMBODIA,
    CHAIR_SENTENCE,
    MEETING_SENTENCE,
    RATHCHAVY,
    WELCOME_SENTENCE,
)
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EntityError
from kg.model import COUNTRY, Entity
from kg.profile import entity_profile, format_profile, resolve_entity
from kg.query import store_prefixes
from kg.store import KGStore

ENV = {"KG_STORE": None, "KG_PIPELINE": None, "KG_BASE_IRI": None, "COLUMNS": "200"}


@pytest.mark.parametrize(
    "name",
    [
        BASE + CAMBODIA,
        f"<{BASE}{CAMBODIA}>",
        f"kgid:{CAMBODIA}",
        CAMBODIA,
        "Cambodia",
        "CAMBODIA",
        "the kingdom",  # an alias
    ],
)
def test_an_entity_is_found_by_iri_id_or_label(sample_store: KGStore, name: str) -> None:
    assert resolve_entity(sample_store, name) == BASE + CAMBODIA


def test_an_unknown_entity_is_an_error_that_says_what_to_give(sample_store: KGStore) -> None:
    with pytest.raises(EntityError, match="no entity called 'Atlantis'"):
        resolve_entity(sample_store, "Atlantis")
    with pytest.raises(EntityError, match="no entity"):
        resolve_entity(sample_store, "country/atlantis")


def test_an_ambiguous_label_lists_the_candidates(sample_store: KGStore) -> None:
    from kg.graph import document_graph
    from kg.model import Document, Extraction

    twin = Entity("country/cambodia-2", (COUNTRY,), "Cambodia")
    sample_store.put_document(
        "c-twin",
        document_graph(
            Extraction(Document("c-twin", "Cambodia."), entities=(twin,), extractor_version="t"),
            BASE,
        ),
    )
    with pytest.raises(EntityError) as caught:
        resolve_entity(sample_store, "cambodia")
    message = str(caught.value)
    assert "names 2 entities" in message
    assert "kgid:country/cambodia)" in message and "kgid:country/cambodia-2)" in message


def test_a_label_wins_over_another_entitys_alias(sample_store: KGStore) -> None:
    # "Cambodian" is an alias of Cambodia only; "Phea" an alias of Kin Phea.
    assert resolve_entity(sample_store, "phea") == BASE + "person/kin-phea"


def test_a_country_profile_has_labels_facts_and_events_in_date_order(
    sample_store: KGStore,
) -> None:
    profile = entity_profile(sample_store, "Cambodia")
    assert profile.label == "Cambodia"
    assert profile.alt_labels == ("Cambodian", "the Kingdom")
    assert profile.types == ("Country",)
    facts = {(f.predicate, f.direction, f.other.label) for f in profile.facts}
    assert facts == {
        ("memberOf", "out", "ASEAN"),
        ("chairs", "out", "ASEAN"),
        ("partOf", "in", "Ministry of Foreign Affairs and International Cooperation"),
    }
    chairs = next(f for f in profile.facts if f.predicate == "chairs")
    assert chairs.date == "2025"
    assert [s.text for s in chairs.sources] == [CHAIR_SENTENCE]
    assert [(e.date, e.event_type) for e in profile.events] == [
        ("2024-01", "SUPPORT"),
        ("2024-02-03", "AID"),
        ("2024-02-03", "SUPPORT"),
        ("2025", "COOPERATE"),
    ]
    aid = profile.events[1]
    assert aid.roles == ("target",)
    assert [(p.role, p.entity.label) for p in aid.others] == [
        ("actor", "Australia"),
        ("topic", "demining"),
    ]
    assert (aid.modality, aid.amount, aid.trigger) == ("planned", "$28 million", "grant")
    (source,) = aid.sources
    assert source.text == AID_SENTENCE
    assert (source.document.doc_id, source.document.published) == ("b-aid", "2024-02-03")
    assert source.document.title == "Australia pledges $28 million to Cambodia"
    assert [d.doc_id for d in profile.documents] == ["a-talks", "b-aid"]


def test_a_person_profile_has_posts_from_position_nodes(sample_store: KGStore) -> None:
    profile = entity_profile(sample_store, RATHCHAVY)
    (post,) = profile.posts
    assert post.title == "secretary of state"
    assert post.organization.label == "Ministry of Foreign Affairs and International Cooperation"
    assert [s.text for s in post.sources] == [MEETING_SENTENCE]
    # A post is not listed a second time as an affiliatedWith fact.
    assert not profile.facts
    (meeting,) = profile.events
    assert (meeting.event_type, meeting.kinds, meeting.mode) == (
        "CONSULT",
        ("Meeting",),
        "video conference",
    )
    assert [(p.role, p.entity.label) for p in meeting.others] == [("target", "Justin Whyatt")]


def test_quotations_are_listed_with_their_sentence(sample_store: KGStore) -> None:
    (quotation,) = entity_profile(sample_store, "Kin Phea").quotations
    assert quotation.text == "Cambodia welcomed Australia's support"
    assert [s.text for s in quotation.sources] == [WELCOME_SENTENCE]


def test_the_profile_does_not_depend_on_insertion_order(make_store) -> None:  # type: ignore[no-untyped-def]
    forward, backward = make_store(), make_store(reverse=True)
    for name in ("Cambodia", "ASEAN", "Kin Phea", RATHCHAVY):
        assert entity_profile(forward, name) == entity_profile(backward, name)


def test_the_text_form_quotes_sources_under_their_items(sample_store: KGStore) -> None:
    text = format_profile(entity_profile(sample_store, "Cambodia"), store_prefixes(sample_store))
    assert text.startswith("Cambodia  (Country)\n  kgid:country/cambodia\n")
    assert "Events (4)" in text
    assert "  • 2024-02-03 · AID · as target · planned\n      actor: Australia\n" in text
    assert f"      “{AID_SENTENCE}”\n        — Australia pledges $28 million" in text


# -- the `kg show` command ----------------------------------------------------------------
def test_kg_show_prints_the_profile(sample_store_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["show", "kin phea", "--store", str(sample_store_path)], env=ENV
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Kin Phea  (Person)\n")
    assert "director, International Relations Institute" in result.stdout


def test_kg_show_json_is_the_profile_as_data(sample_store_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["show", "Cambodia", "--format", "json", "--store", str(sample_store_path)], env=ENV
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["iri"] == BASE + CAMBODIA
    assert data["events"][1]["sources"][0]["document"]["doc_id"] == "b-aid"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["Atlantis"], ["no entity called 'Atlantis'"]),
        (["Cambodia", "--format", "xml"], ["unknown --format 'xml'"]),
    ],
)
def test_kg_show_mistakes_are_one_line_errors(
    sample_store_path: Path, args: list[str], words: list[str]
) -> None:
    result = CliRunner().invoke(app, ["show", *args, "--store", str(sample_store_path)], env=ENV)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    for word in words:
        assert word in line
