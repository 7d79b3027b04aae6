"""Check the store against the data contract's SHACL shapes (``ontology/shapes.ttl``).

The ontology (``kg.ttl``) and the PLOVER scheme (``plover.ttl``) go in as pyshacl's
``ont_graph``: they are mixed into a copy of the data, so ``rdfs:subClassOf`` is there for
``sh:targetClass``/``sh:class`` to follow and PLOVER concepts are known, without RDFS
inference adding types the extractor never asserted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pyshacl import validate as shacl_validate
from rdflib import RDF, BNode, Graph, Literal, URIRef, term
from rdflib.namespace import SH
from rdflib.term import Node

from kg.config import ontology_dir
from kg.errors import KGError
from kg.namespaces import bind_prefixes
from kg.store import KGStore

SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILES = ("kg.ttl", "plover.ttl")


class Violation(NamedTuple):
    """One SHACL result.

    ``focus`` is the full IRI (or ``_:id``) of the offending node, ready for a lookup;
    ``shape`` and ``path`` are compact names (``kgsh:EventShape``, ``prov:wasDerivedFrom``);
    ``path`` is ``None`` for node-level constraints.
    """

    focus: str
    shape: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    text: str  # pyshacl's own report, for the record

    def summary(self, limit: int | None = 20) -> str:
        """One line per result, at most ``limit`` of them (``None``: all)."""
        if self.conforms and not self.violations:
            return "conforms: no SHACL violations\n"
        shown = self.violations if limit is None else self.violations[:limit]
        errors = sum(1 for v in self.violations if v.severity == "Violation")
        lines = [
            f"{'conforms' if self.conforms else 'does not conform'}: "
            f"{errors} violation(s), {len(self.violations) - errors} other result(s)"
        ]
        for v in shown:
            where = f"{v.shape} {v.path}" if v.path else v.shape
            lines.append(f"  [{v.severity}] {v.focus} — {where}: {v.message}")
        if len(shown) < len(self.violations):
            lines.append(f"  … and {len(self.violations) - len(shown)} more")
        return "\n".join(lines) + "\n"


def _load(path: Path, what: str) -> Graph:
    if not path.is_file():
        raise KGError(f"{path}: {what} not found — is the ontology folder complete?")
    try:
        # Project prefixes first, so that paths and shapes print as prov:…, kg:… even
        # when the file does not declare them.
        return bind_prefixes(Graph()).parse(path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific types
        raise KGError(f"{path}: cannot parse {what} ({exc})") from None


def load_shapes(shapes_path: Path | None = None) -> Graph:
    return _load(shapes_path or ontology_dir() / SHAPES_FILE, "SHACL shapes")


def load_ontology(paths: Sequence[Path] | None = None) -> Graph:
    graph = Graph()
    for path in paths if paths is not None else [ontology_dir() / f for f in ONTOLOGY_FILES]:
        graph += _load(path, "ontology")
    return graph


def _shape_name(shapes: Graph, shape: Node) -> str:
    # Property shapes are usually anonymous; name them by the node shape that holds them.
    if isinstance(shape, BNode):
        parent = next(shapes.subjects(SH.property, shape), None)
        if isinstance(parent, URIRef):
            return shapes.namespace_manager.normalizeUri(parent)
        return "(anonymous shape)"
    return shapes.namespace_manager.normalizeUri(shape) if isinstance(shape, URIRef) else str(shape)


def _results(results: Graph, shapes: Graph) -> tuple[Violation, ...]:
    names = shapes.namespace_manager
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        severity = results.value(result, SH.resultSeverity)
        component = results.value(result, SH.sourceConstraintComponent)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        if messages:
            message = messages[0]
        else:
            message = str(component).rsplit("#", 1)[-1] if component else "constraint not met"
        value = results.value(result, SH.value)
        if value is not None and value != focus:
            message += f" (value: {value.n3(names)})"
        found.append(
            Violation(
                focus=f"_:{focus}" if isinstance(focus, BNode) else str(focus),
                shape=_shape_name(shapes, shape) if shape is not None else "?",
                path=path.n3(names) if isinstance(path, URIRef) else (str(path) if path else None),
                message=message,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return tuple(sorted(found, key=lambda v: (v.focus, v.shape, v.path or "", v.message)))


def undo_owlrl_datatype_leak() -> None:
    """Put rdflib's own lexical converters back where owlrl left its own.

    owlrl (pyshacl's RDFS reasoner) installs its converters in rdflib's global table while it
    reasons and, on the way out, restores only the datatypes rdflib itself converts. Its
    xsd:gMonthDay converter, which rejects every valid "--MM-DD", stays behind: any literal
    made afterwards in the process is ill-typed and fails sh:datatype. One run with
    ``inference="rdfs"`` is enough to break every later validation of a partial date.
    """
    mapping = term._toPythonMapping
    for datatype, convert in list(mapping.items()):
        if (getattr(convert, "__module__", None) or "").startswith("owlrl"):
            if datatype in term.XSDToPython:
                mapping[datatype] = term.XSDToPython[datatype]
            else:
                del mapping[datatype]


def _retyped(data: Graph) -> Graph:
    """``data``, with literals judged ill-typed re-made under the current converters."""
    if not any(isinstance(o, Literal) and o.ill_typed for o in data.objects()):
        return data
    copy = Graph()
    copy.namespace_manager = data.namespace_manager
    for s, p, o in data:
        if isinstance(o, Literal) and o.ill_typed:
            o = Literal(str(o), lang=o.language, datatype=o.datatype)
        copy.add((s, p, o))
    return copy


def validate_graph(
    data: Graph,
    *,
    shapes_path: Path | None = None,
    ontology_paths: Sequence[Path] | None = None,
) -> ValidationReport:
    """Validate one RDF graph (a document's, or a union) against the shapes."""
    undo_owlrl_datatype_leak()
    shapes = load_shapes(shapes_path)
    ontology = load_ontology(ontology_paths)
    conforms, results, text = shacl_validate(
        _retyped(data),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        # Warnings and infos are reported but only sh:Violation breaks conformance.
        allow_warnings=True,
        advanced=True,
    )
    assert isinstance(results, Graph)
    return ValidationReport(bool(conforms), _results(results, shapes), str(text))


def validate_store(
    store: KGStore,
    *,
    shapes_path: Path | None = None,
    ontology_paths: Sequence[Path] | None = None,
) -> ValidationReport:
    """Validate the union of every document graph in ``store``.

    Shapes default to ``ontology/shapes.ttl`` and the ontology to ``kg.ttl`` + ``plover.ttl``
    in ``kg.config.ontology_dir()``; a missing or unparsable file raises ``KGError``.
    """
    undo_owlrl_datatype_leak()  # before the union graph's literals are made
    return validate_graph(
        store.union_graph(), shapes_path=shapes_path, ontology_paths=ontology_paths
    )
