"""Extraction quality, measured on gold readings with ``kg evaluate``'s scorer.

The seed must meet the bars the project set for it. The dev corpus (tests/data/dev) is held
to floors just under what the extractor scores today, so that no change makes it worse
unnoticed; the targets it has not reached yet are stated in the README.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.evaluate import evaluate, micro_average
from kg.store import open_store
from kg.validate import validate_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = sorted((ROOT / "seeds").glob("*.gold.json"))
DEV_GOLD = sorted((ROOT / "tests" / "data" / "dev").glob("*.gold.json"))
BASE_IRI = Settings().base_iri


def _f1(gold: list[Path], extractor_factory: object) -> dict[str, float]:
    def build_documents(paths: list[Path], store: object) -> None:
        report = build(paths, store, extractor_factory)  # type: ignore[arg-type]
        assert not report.errors, report.errors

    scores = evaluate(gold, build=build_documents)
    total = micro_average(scores)
    return {name: counts.f1 for name, counts in total.categories.items()}


@pytest.fixture(scope="module")
def extractor_factory(extractor: object) -> object:
    return lambda: extractor


def test_seed_meets_its_bars(extractor_factory: object) -> None:
    f1 = _f1(SEED_GOLD, extractor_factory)
    assert f1["entities"] >= 0.95, f1
    assert f1["facts"] >= 0.85, f1
    assert f1["events_typed"] >= 0.75, f1


def test_dev_corpus_meets_its_bars(extractor_factory: object) -> None:
    # The bars of "Extraction that holds on any diplomatic article" (which raised those of
    # the first issue: entities 0.85, facts 0.70, typed events 0.60).
    assert len(DEV_GOLD) >= 40
    f1 = _f1(DEV_GOLD, extractor_factory)
    assert f1["entities"] >= 0.90, f1
    assert f1["facts"] >= 0.80, f1
    assert f1["events_typed"] >= 0.70, f1


def test_dev_corpus_graph_satisfies_the_shapes(dev_store_path: Path) -> None:
    # The data contract holds on everything the rules read, not only on the seed.
    with open_store(dev_store_path, BASE_IRI, read_only=True) as store:
        assert len(store.documents()) == len(DEV_GOLD)
        validation = validate_store(store)
    assert validation.conforms, validation.summary()
