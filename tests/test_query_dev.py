"""The query library on the dev corpus gives the rows its plain forms give.

The library queries are written for speed (see the notes in kg/queries/meetings.rq); the
forms they had before, in tests/data/queries-before, say what they mean in plain patterns.
Both run here on the dev corpus's store with the same parameters, and must return the
same rows in the same order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query import load_query, run_library_query, run_query
from kg.store import KGStore, open_store

pytestmark = pytest.mark.slow

BEFORE = Path(__file__).parent / "data" / "queries-before"
BASE = "https://w3id.org/kgir/id/"


@pytest.fixture(scope="module")
def dev_store(dev_store_path: Path) -> Iterator[KGStore]:
    with open_store(dev_store_path, BASE, read_only=True) as store:
        yield store


def _first_column(store: KGStore, sparql: str) -> list[str]:
    return [row[0] or "" for row in run_query(store, sparql).rows]


def _countries(store: KGStore) -> list[str]:
    """The countries that take part in the most events, and then the rest by name."""
    return _first_column(
        store,
        "SELECT ?name WHERE { { SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {"
        " ?c a kg:Country . OPTIONAL { ?e kg:actor|kg:target|kg:participant ?c } } GROUP BY ?c }"
        " ?c rdfs:label ?name } ORDER BY DESC(?n) ?name",
    )


def _names(store: KGStore) -> list[str]:
    """Names to look countries up by: the busiest countries, then what else a user may
    give — a person, a body, a framework, an alias, a name several nodes share (as the
    key of all of them), an IRI, an unknown name, and nothing."""
    some = "SELECT DISTINCT ?name WHERE {{ ?x a kg:{0} ; rdfs:label ?name }} ORDER BY ?name LIMIT 2"
    shared = (
        "SELECT ?key WHERE { ?x kg:searchKey ?key } GROUP BY ?key"
        " HAVING (COUNT(DISTINCT ?x) > 1) ORDER BY ?key LIMIT 3"
    )
    aliases = "SELECT DISTINCT ?name WHERE { ?x a kg:Country ; skos:altLabel ?name } ORDER BY ?name"
    names = _countries(store)[:10]
    names += [
        n
        for cls in ("Person", "GovernmentBody", "Framework")
        for n in _first_column(store, some.format(cls))
    ]
    names += _first_column(store, aliases)[:3] + _first_column(store, shared)
    return [*names, "kgid:country/china", "Atlantis"]


def _same(store: KGStore, name: str, params: dict[str, str]) -> None:
    before = run_library_query(store, load_query(name, BEFORE), params)
    query = load_query(name)
    # Every row: the queries before had no limit.
    no_limit = {"limit": "1000000"} if any(p.name == "limit" for p in query.params) else {}
    now = run_library_query(store, query, params | no_limit)
    assert now.variables == before.variables
    assert now.rows == before.rows, (name, params)


@pytest.mark.parametrize("name", ["meetings", "money", "frameworks"])
def test_a_country_s_rows_are_as_before(dev_store: KGStore, name: str) -> None:
    names = _names(dev_store)
    assert len(names) > 15
    optional = [""] if name != "frameworks" else []
    for country in [*optional, *names]:
        _same(dev_store, name, {"country": country})


def test_acts_between_two_countries_are_as_before(dev_store: KGStore) -> None:
    names = _countries(dev_store)[:6] + _names(dev_store)[-6:-2]
    for a, b in itertools.product(names, repeat=2):
        _same(dev_store, "between", {"a": a, "b": b})


@pytest.mark.parametrize(
    "type_", ["", "Country", "kg:Person", "organization", "Framework", "Topic", "Event", "Place"]
)
def test_entities_are_as_before(dev_store: KGStore, type_: str) -> None:
    _same(dev_store, "entities", {"type": type_})
