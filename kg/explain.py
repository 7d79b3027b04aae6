"""Why an entity is what it is: the names, from which documents, that made it one node.

``explain`` finds the entity (by IRI, key or any of its names, case-insensitively) and lists,
per document, the names that document used for it and the rule that took each to be this
entity. Cross-document merges and names left apart as ambiguous are read from the resolution
graph (``kg:Merge``, ``kg:AmbiguousName``); the names a document gives an entity under its own
key come from the store's ledger, which keeps each document's reading before any merge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.model import PARENT_CLASS
from kg.namespaces import ONTOLOGY_IRI
from kg.query import expand_iri, store_prefixes
from kg.resolve import RULE_TEXT, local_entities
from kg.store import KGStore


@dataclass(frozen=True)
class Contribution:
    """Names one document used, taken to be the entity by ``rule``; ``local`` is the IRI the
    document's own reading gave when that is another."""

    doc_id: str
    forms: tuple[str, ...]
    rule: str
    local: str | None = None


@dataclass(frozen=True)
class LeftApart:
    """A name the resolution did not merge because it fits several entities."""

    doc_id: str
    local: str
    forms: tuple[str, ...]
    rule: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    iri: str
    label: str
    types: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    left_apart: tuple[LeftApart, ...]


def explain(store: KGStore, name: str) -> tuple[Explanation, ...]:
    """The explanation of every entity ``name`` names (an IRI, ``kgid:…``, a key such as
    ``person/prak-sokhonn``, or a label or alias); an unknown name is an ``InputError``."""
    iris = _find(store, name)
    if not iris:
        raise InputError(
            f"no entity named {name!r} in the store — give a label, an alias or an IRI "
            "(`kg query entities` lists them)"
        )
    return tuple(_explain_one(store, iri) for iri in iris)


def _rows(store: KGStore, sparql: str, e: ox.NamedNode | None = None) -> list[Any]:
    """The solutions of ``sparql`` with ``?e`` written as the IRI ``e`` (an ``ox.NamedNode``
    is a checked IRI, so it cannot break out of its ``<…>``)."""
    if e is not None:
        sparql = sparql.replace("?e ", f"{e} ").replace("?e)", f"{e})")
    return list(store.query(sparql))


def _find(store: KGStore, name: str) -> list[str]:
    value = expand_iri(name, store_prefixes(store))
    candidates = [value, store.iris.base + value] if "://" not in value else [value]
    for iri in candidates:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue  # not an IRI: a name
        if bool(store.query(f"ASK {{ {node} rdfs:label ?x }}")) or _rows(
            store, "SELECT ?x WHERE { ?m a kg:AmbiguousName ; kg:localEntity ?e } LIMIT 1", e=node
        ):
            return [iri]
        # An IRI a document's reading gave, merged away since: what it became.
        targets = _rows(
            store,
            "SELECT DISTINCT ?x WHERE { ?m kg:localEntity ?e ; kg:mergedInto ?x } ORDER BY ?x",
            e=node,
        )
        if targets:
            return [r["x"].value for r in targets]
    rows = store.query(
        "SELECT DISTINCT ?e ?name WHERE { "
        "{ ?e rdfs:label|skos:altLabel ?l FILTER(isIRI(?e) && !STRSTARTS(STR(?e), STR(kgid:event))"
        " && !STRSTARTS(STR(?e), STR(kgid:topic))) } "
        "UNION { ?m a kg:AmbiguousName ; kg:localEntity ?e ; kg:surfaceForm ?l } "
        "FILTER(LCASE(STR(?l)) = LCASE(STR(?name))) } ORDER BY ?e",
        substitutions={"name": ox.Literal(name.strip())},
    )
    return [r["e"].value for r in rows]


def _doc_id(store: KGStore, iri: str) -> str:
    return iri.removeprefix(f"{store.iris.base}document/")


def _explain_one(store: KGStore, iri: str) -> Explanation:
    node = ox.NamedNode(iri)
    labels = sorted(
        r["l"].value for r in _rows(store, "SELECT ?l WHERE { ?e rdfs:label ?l }", e=node)
    )
    types = {
        r["t"].value.removeprefix(ONTOLOGY_IRI)
        for r in _rows(store, "SELECT DISTINCT ?t WHERE { ?e a ?t }", e=node)
        if r["t"].value.startswith(ONTOLOGY_IRI)
    }
    implied = {PARENT_CLASS[t] for t in types if t in PARENT_CLASS} | {"Agent"}
    shown = tuple(sorted(types - implied) or sorted(types))

    merged: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in _rows(
        store,
        "SELECT ?d ?local ?rule ?form WHERE { GRAPH kgid:resolution { ?m a kg:Merge ; "
        "kg:mergedInto ?e ; kg:localEntity ?local ; kg:resolutionRule ?rule ; "
        "kg:inDocument ?d ; kg:surfaceForm ?form } } ORDER BY ?d ?local ?rule ?form",
        e=node,
    ):
        doc, local = _doc_id(store, r["d"].value), r["local"].value
        merged[doc, local, r["rule"].value].append(r["form"].value)
    # Documents whose own entity under this key was merged into another.
    away = {
        _doc_id(store, r["d"].value)
        for r in _rows(
            store,
            "SELECT ?d WHERE { GRAPH kgid:resolution { ?m a kg:Merge ; kg:localEntity ?e ; "
            "kg:mergedInto ?o ; kg:inDocument ?d FILTER(?o != ?e) } }",
            e=node,
        )
    }

    contributions = []
    key = iri.removeprefix(store.iris.base)
    for doc_id, table in store.ledger.entity_tables():
        for entity in local_entities(doc_id, table):
            if entity.key != key or doc_id in away:
                continue
            other = tuple(f for f in entity.aliases if f != entity.label)
            # A gazetteer entity's label may be a name the document never wrote ("ASEAN" for
            # the Association of Southeast Asian Nations): list only what it wrote.
            if entity.written is None or entity.label in entity.written or not other:
                contributions.append(Contribution(doc_id, (entity.label,), "same-name"))
            if other:
                contributions.append(Contribution(doc_id, other, "in-document"))
    for (doc_id, local, rule), forms in merged.items():
        contributions.append(
            Contribution(doc_id, tuple(forms), rule, None if local == iri else local)
        )
    contributions.sort(key=lambda c: (c.doc_id, c.rule != "same-name", c.rule, c.forms))

    apart: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for r in _rows(
        store,
        "SELECT ?d ?local ?rule ?form ?c WHERE { GRAPH kgid:resolution { ?m a kg:AmbiguousName ; "
        "kg:localEntity ?local ; kg:resolutionRule ?rule ; kg:inDocument ?d ; "
        "kg:surfaceForm ?form ; kg:candidate ?c . "
        "FILTER(?local = ?e || EXISTS { ?m kg:candidate ?e }) } }",
        e=node,
    ):
        where = (_doc_id(store, r["d"].value), r["local"].value, r["rule"].value)
        names, candidates = apart.setdefault(where, (set(), set()))
        names.add(r["form"].value)
        candidates.add(r["c"].value)
    left = tuple(
        LeftApart(doc, local, tuple(sorted(f)), rule, tuple(sorted(c)))
        for (doc, local, rule), (f, c) in sorted(apart.items())
    )
    return Explanation(iri, labels[0] if labels else "", shown, tuple(contributions), left)


def format_explanation(explanation: Explanation, base: str) -> str:
    """The explanation as lines of text for the terminal, with the rules it names."""

    def short(iri: str) -> str:
        return "kgid:" + iri.removeprefix(base) if iri.startswith(base) else f"<{iri}>"

    head = f"{explanation.label} — {short(explanation.iri)} ({', '.join(explanation.types)})"
    rows = [("document", "name", "rule")]
    for c in explanation.contributions:
        forms = ", ".join(f'"{f}"' for f in c.forms)
        was = f" (read as {short(c.local)})" if c.local else ""
        rows.append((c.doc_id, forms, c.rule + was))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [head]
    lines += [f"  {d:<{widths[0]}}  {n:<{widths[1]}}  {r}".rstrip() for d, n, r in rows]
    for a in explanation.left_apart:
        forms = ", ".join(f'"{f}"' for f in a.forms)
        could = " or ".join(short(c) for c in a.candidates)
        lines.append(
            f"  not merged: {forms} in {a.doc_id} ({short(a.local)}) could be {could} "
            f"— {a.rule}: ambiguous"
        )
    used = dict.fromkeys(c.rule for c in explanation.contributions)
    used |= dict.fromkeys(a.rule for a in explanation.left_apart)
    lines.append("rules:")
    lines += [f"  {rule}: {RULE_TEXT[rule]}" for rule in used]
    return "\n".join(lines)
