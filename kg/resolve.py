"""Stage 3: give each entity the identity it already has in the store.

Keys are deterministic slugs, so the same name gives the same IRI in every document and
every build. What this stage adds is one canonical label per IRI: when the store already
knows an entity, the stored label is kept and this document's label becomes an alias, so
the union graph never carries two ``rdfs:label`` values for one node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from kg.model import Extraction

LabelLookup = Callable[[Sequence[str]], dict[str, str]]


def resolve(
    extraction: Extraction, known_labels: LabelLookup, iri_of: Callable[[str], str]
) -> Extraction:
    """The extraction with stored labels for entities the store already holds."""
    iris = {entity.key: iri_of(entity.key) for entity in extraction.entities}
    stored = known_labels(sorted(iris.values()))
    entities = []
    for entity in extraction.entities:
        label = stored.get(iris[entity.key])
        if label and label != entity.label:
            aliases = tuple(sorted(set(entity.aliases) | {entity.label}))
            entity = dataclasses.replace(entity, label=label, aliases=aliases)
        entities.append(entity)
    return dataclasses.replace(extraction, entities=tuple(entities))
