"""kg explain: which names from which documents make up an entity, and by which rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BASE
from resolution_helpers import CHEA, PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME, StandIn, write_corpus

from kg.build import build
from kg.errors import InputError
from kg.explain import Contribution, explain, format_explanation
from kg.store import KGStore, open_store

PRAK = BASE + "person/prak-sokhonn"


def built(folder: Path, *items: tuple) -> Iterator[KGStore]:
    stand_in = StandIn(write_corpus(folder, {i[1].document.doc_id: i for i in items}))
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        yield store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KGStore]:
    yield from built(tmp_path / "docs", PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME)


@pytest.fixture
def ambiguous(tmp_path: Path) -> Iterator[KGStore]:
    yield from built(tmp_path / "docs", PRAK_FULL, PRAK_SURNAME, CHEA)


def test_explain_lists_each_document_its_names_and_the_rule(store: KGStore) -> None:
    (explanation,) = explain(store, "Sokhonn")  # found by an alias, case-insensitively
    assert explanation.iri == PRAK
    assert explanation.label == "Prak Sokhonn"
    assert explanation.types == ("Person",)
    assert explanation.contributions == (
        Contribution("full", ("Prak Sokhonn",), "same-name"),
        Contribution("honorific", ("Prak Sokhonn",), "same-name"),
        Contribution("honorific", ("H.E. Prak Sokhonn",), "honorific"),
        Contribution("surname", ("Sokhonn",), "lone-name", BASE + "person/sokhonn"),
    )
    assert explanation.left_apart == ()
    text = format_explanation(explanation, BASE)
    assert text.splitlines()[0] == "Prak Sokhonn — kgid:person/prak-sokhonn (Person)"
    assert '"Sokhonn"' in text and "read as kgid:person/sokhonn" in text
    assert "lone-name: a lone given name or surname" in text


def test_explain_finds_an_entity_by_iri_key_or_a_merged_away_iri(store: KGStore) -> None:
    for name in (
        PRAK,
        f"<{PRAK}>",
        "kgid:person/prak-sokhonn",
        "person/prak-sokhonn",
        "PRAK sokhonn",
    ):
        assert [e.iri for e in explain(store, name)] == [PRAK]
    # the IRI the surname-only report would have given leads to what it became
    assert [e.iri for e in explain(store, "kgid:person/sokhonn")] == [PRAK]


def test_explain_says_when_a_name_was_left_apart(ambiguous: KGStore) -> None:
    (explanation,) = explain(ambiguous, "Sokhonn")
    assert explanation.iri == BASE + "person/sokhonn"
    (apart,) = explanation.left_apart
    assert apart.candidates == (BASE + "person/chea-sokhonn", PRAK)
    assert apart.rule == "lone-name"
    text = format_explanation(explanation, BASE)
    assert "not merged" in text and "kgid:person/chea-sokhonn or kgid:person/prak-sokhonn" in text
    # the candidates say so too
    (prak,) = explain(ambiguous, "Prak Sokhonn")
    assert [a.local for a in prak.left_apart] == [BASE + "person/sokhonn"]


def test_explain_a_ministry_placed_by_its_state(store: KGStore) -> None:
    (explanation,) = explain(store, "kgid:organization/cambodia-ministry-of-foreign-affairs")
    (contribution,) = explanation.contributions
    assert contribution.rule == "placed-by-state"
    assert contribution.local == BASE + "organization/ministry-of-foreign-affairs"


def test_explain_an_unknown_name_is_a_one_line_user_error(store: KGStore) -> None:
    with pytest.raises(InputError, match="no entity named 'Nobody' in the store") as info:
        explain(store, "Nobody")
    assert "\n" not in str(info.value)
    with pytest.raises(InputError):
        explain(store, "kgid:person/nobody")


def test_explain_lists_only_the_names_a_document_wrote(tmp_path: Path) -> None:
    from conftest import sentences

    from kg.model import FRAMEWORK, Document, Entity, Extraction, Span

    text, _ = sentences("ASEAN met in Vientiane.")
    asean = Entity(
        "framework/asean",
        (FRAMEWORK,),
        "Association of Southeast Asian Nations",
        ("ASEAN",),
        (Span(0, 5, "ASEAN"),),
    )
    extraction = Extraction(Document("bloc", text), entities=(asean,))
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "bloc.txt").write_text(text, encoding="utf-8")
    stand_in = StandIn({"bloc": extraction})
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        (explanation,) = explain(store, "asean")
        assert explanation.label == "Association of Southeast Asian Nations"
        assert explanation.contributions == (Contribution("bloc", ("ASEAN",), "in-document"),)
