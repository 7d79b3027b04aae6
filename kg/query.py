"""Stage 6: asking the graph — ad-hoc SPARQL, the query library, and result formats.

Results are materialised into a frozen ``QueryResult`` that keeps both the raw pyoxigraph
terms (for the W3C JSON format, which needs datatypes and full IRIs) and display strings
(prefixed names, bare literal values) for the terminal table and spreadsheet exports.

Parameters are never pasted into query text as raw strings. An ad-hoc query's parameters
are bound to the SPARQL variables of the same name through pyoxigraph's ``substitutions``;
a library query's are written into its text as escaped RDF terms by
``kg.binding.bind_parameters`` (as for a remote endpoint), because Oxigraph plans a query
before it substitutes, and only a constant lets it start from the few matching nodes. Either
way a parameter must be a variable that the outermost SELECT projects, bound outside any
sub-SELECT that does not project it too; the library runner drops those constant columns
from the result. (``kg/queries/meetings.rq`` notes how the library queries are written to
stay fast on a large store.)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import pyoxigraph as ox

from kg.binding import Term, bind_parameters, parameter_terms
from kg.errors import QueryError, QuerySyntaxError, StoreError
from kg.graph import IRIs
from kg.namespaces import PREFIXES
from kg.sparql_results import json_term
from kg.store import KGStore

ResultKind = Literal["solutions", "boolean", "triples"]

QUERIES_DIR = Path(__file__).parent / "queries"

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PREFIXED_NAME = re.compile(r"([A-Za-z][A-Za-z0-9_.-]*)?:(\S*)")
_TRIPLE_VARIABLES = ("subject", "predicate", "object")


class QueryEngine(Protocol):
    """Anything else that answers SPARQL like the local store: ``kg.remote.SparqlEndpoint``."""

    iris: IRIs

    def evaluate(
        self,
        sparql: str,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal],
        source: str | None = None,
    ) -> QueryResult: ...


Target = KGStore | QueryEngine


# -- results ------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueryResult:
    """What a query returned.

    ``kind`` is ``"solutions"`` (SELECT), ``"boolean"`` (ASK: see ``boolean``) or
    ``"triples"`` (CONSTRUCT/DESCRIBE: the variables are subject, predicate, object).
    ``rows`` hold display strings (``None`` for unbound); ``terms`` the same cells as
    pyoxigraph terms.
    """

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    terms: tuple[tuple[Term | None, ...], ...] = field(default=(), repr=False)
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[str | None]:
        """The display strings of one variable, row by row."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, str | None]]:
        """Each row as a ``{variable: display string}`` dict."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def without(self, names: Collection[str]) -> QueryResult:
        """The same result minus the named columns."""
        keep = [i for i, v in enumerate(self.variables) if v not in names]
        return QueryResult(
            kind=self.kind,
            variables=tuple(self.variables[i] for i in keep),
            rows=tuple(tuple(row[i] for i in keep) for row in self.rows),
            terms=tuple(tuple(row[i] for i in keep) for row in self.terms),
            boolean=self.boolean,
        )


def compact_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` as ``prefix:local`` under the longest matching namespace, else unchanged."""
    best: tuple[str, str] | None = None
    for prefix, namespace in prefixes.items():
        if (
            iri.startswith(namespace)
            and len(iri) > len(namespace)
            and (best is None or len(namespace) > len(best[1]))
        ):
            best = (prefix, namespace)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def display(term: Term | None, prefixes: Mapping[str, str]) -> str | None:
    """How a term reads in a table: prefixed names, bare literal values, ``_:`` blank nodes."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    parts = (display(term.subject, prefixes), display(term.predicate, prefixes))
    return f"<< {parts[0]} {parts[1]} {display(term.object, prefixes)} >>"


def store_prefixes(store: Target) -> dict[str, str]:
    """The project prefixes plus ``kgid:`` for this store's instance base."""
    return PREFIXES | {"kgid": store.iris.base}


def materialise(raw: Any, prefixes: Mapping[str, str]) -> QueryResult:
    """A ``QueryResult`` from pyoxigraph's answer: a boolean, solutions, or any iterable of
    triples (``QueryTriples``, or triples parsed from a remote server's answer)."""
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult(kind="boolean", boolean=bool(raw))
    terms: list[tuple[Term | None, ...]]
    if isinstance(raw, ox.QuerySolutions):
        variables = tuple(v.value for v in raw.variables)
        terms = [tuple(solution) for solution in raw]
        kind: ResultKind = "solutions"
    else:
        variables = _TRIPLE_VARIABLES
        terms = [(t.subject, t.predicate, t.object) for t in raw]
        kind = "triples"
    rows = tuple(tuple(display(t, prefixes) for t in row) for row in terms)
    return QueryResult(kind=kind, variables=variables, rows=rows, terms=tuple(terms))


# -- running ------------------------------------------------------------------------------
def run_query(store: Target, sparql: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a SPARQL query over the union of the store's document graphs (or on a remote
    endpoint, which binds the parameters the same way).

    Each ``params`` entry binds the variable of that name — which the SELECT clause must
    project — to a plain string literal, or to an IRI when the value is written ``<...>``.
    """
    substitutions = {name: _param_term(name, value) for name, value in (params or {}).items()}
    return _execute(store, sparql, substitutions)


def _param_term(name: str, value: str) -> ox.NamedNode | ox.Literal:
    if not _VARIABLE.fullmatch(name):
        raise QueryError(
            f"parameter name {name!r} is not a SPARQL variable name — use letters, digits and _"
        )
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise QueryError(f"parameter {name}: {value} is not a valid IRI ({exc})") from None
    return ox.Literal(value)


def _execute(
    store: Target,
    sparql: str,
    substitutions: Mapping[str, ox.NamedNode | ox.Literal],
    source: str | None = None,
) -> QueryResult:
    if not isinstance(store, KGStore):
        return store.evaluate(sparql, substitutions, source)
    prefixes = store_prefixes(store)
    try:
        # Oxigraph evaluates lazily, so errors can surface while iterating: keep it inside.
        return materialise(store.query(sparql, dict(substitutions)), prefixes)
    except QuerySyntaxError as exc:
        if source is None:
            raise
        raise QuerySyntaxError(f"{source}: {exc}") from None
    except RuntimeError as exc:
        message = str(exc)
        if "projection" in message and substitutions:
            names = ", ".join(sorted(substitutions))
            raise QueryError(
                f"cannot bind parameter(s) {names}: {message} — a parameter must be a variable "
                "that the SELECT clause names (ASK, CONSTRUCT and DESCRIBE take no parameters)"
            ) from None
        raise QueryError(f"query failed: {message}") from None
    except OSError as exc:
        raise StoreError(f"query failed: {exc}") from exc


# -- the library --------------------------------------------------------------------------
@dataclass(frozen=True)
class QueryParam:
    """One ``# param NAME: description (default: value)`` line of a library query.

    A parameter is required unless it has a default or is marked ``(optional)``. An
    optional parameter that is not given is bound to the empty string, which the library
    queries read as "no filter" (``FILTER(?p = "" || ...)``, or a UNION branch guarded by
    ``FILTER(?p = "")``), and as no limit after LIMIT (``kg.binding``). ``!BOUND(?p)``
    cannot serve: Oxigraph's optimiser folds BOUND of a variable that no pattern binds to
    false before the substitution is seen.
    """

    name: str
    description: str
    default: str | None = None
    required: bool = True


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    sparql: str
    path: Path = field(repr=False)

    def bind(self, values: Mapping[str, str] | None = None) -> dict[str, str]:
        """The parameter values to use: given ones, then defaults; unknown/missing raise."""
        given = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            expected = ", ".join(sorted(known)) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} — "
                f"its parameters are: {expected}"
            )
        bound: dict[str, str] = {}
        for param in self.params:
            if param.name in given:
                bound[param.name] = given[param.name]
            elif param.default is not None:
                bound[param.name] = param.default
            elif not param.required:
                bound[param.name] = ""
            else:
                raise QueryError(
                    f"query {self.name!r} needs parameter {param.name!r} ({param.description}) "
                    f"— pass --param {param.name}=VALUE"
                )
        return bound


_HEADER_FIELD = re.compile(r"(title|description|param\s+(\S+?))\s*:\s*(.*)")
_PARAM_TAIL = re.compile(r"\s*\((?:default:\s*(?P<default>.*?)|(?P<optional>optional))\)\s*$")


def has_library_header(text: str) -> bool:
    """Whether a query text opens with a library query's ``# title:`` header."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first.startswith("#") and re.match(r"title\s*:", first.lstrip("#").strip()) is not None


def parse_library_query(name: str, text: str, path: Path) -> LibraryQuery:
    """Read the ``# title:``, ``# description:`` and ``# param`` header of a ``.rq`` file.

    A field continues on comment lines indented by two spaces or more (``#   more``); the
    header ends at the first line that is not a comment or is a bare ``#``, so comments
    further down are the query's own.
    """
    fields: dict[str, str] = {}
    param_text: dict[str, str] = {}
    current: tuple[str, str] | None = None  # ("field" | "param", key) being continued
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#") or not stripped.lstrip("#").strip():
            break  # the header ends at the query or at a bare "#" line
        after_hash = stripped.lstrip("#")
        body = after_hash.strip()
        match = _HEADER_FIELD.fullmatch(body)
        if match and match.group(2):
            if not _VARIABLE.fullmatch(match.group(2)):
                raise QueryError(f"{path}: parameter {match.group(2)!r} is not a variable name")
            current = ("param", match.group(2))
            param_text[match.group(2)] = match.group(3)
        elif match:
            current = ("field", match.group(1))
            fields[match.group(1)] = match.group(3)
        elif current and after_hash.startswith("  "):  # an indented continuation line
            store = fields if current[0] == "field" else param_text
            store[current[1]] = f"{store[current[1]]} {body}".strip()
    if "title" not in fields:
        raise QueryError(f"{path}: a library query must start with a '# title: ...' line")
    params = []
    for param_name, description in param_text.items():
        tail = _PARAM_TAIL.search(description)
        default = tail.group("default") if tail else None
        optional = bool(tail and tail.group("optional"))
        clean = description[: tail.start()].strip() if tail else description.strip()
        params.append(
            QueryParam(param_name, clean, default, required=default is None and not optional)
        )
    return LibraryQuery(
        name=name,
        title=fields["title"],
        description=fields.get("description", ""),
        params=tuple(params),
        sparql=text,
        path=path,
    )


def list_queries(folder: Path = QUERIES_DIR) -> list[LibraryQuery]:
    """Every library query, by name."""
    return [
        parse_library_query(p.stem, p.read_text(encoding="utf-8"), p)
        for p in sorted(folder.glob("*.rq"))
    ]


def load_query(name: str, folder: Path = QUERIES_DIR) -> LibraryQuery:
    """The library query called ``name``; an unknown name lists the known ones."""
    path = folder / f"{name}.rq"
    if not _VARIABLE.fullmatch(name.replace("-", "_")) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
        raise QueryError(f"no library query named {name!r} — known queries: {known}")
    return parse_library_query(name, path.read_text(encoding="utf-8"), path)


def run_library_query(
    store: Target, query: str | LibraryQuery, params: Mapping[str, str] | None = None
) -> QueryResult:
    """Run a library query by name (or as loaded) with its parameters bound safely.

    A value may be a name (matched regardless of case on ``kg:searchKey`` by the query
    itself) or an IRI, written in full, as ``<...>``, or as a prefixed name with a project
    prefix or ``kgid:``. The parameter columns are not returned.
    """
    library_query = load_query(query) if isinstance(query, str) else query
    sparql, names = library_sparql(store, library_query, params)
    if any(name.endswith("_key") for name in names) and isinstance(store, KGStore):
        _check_search_keys(store)
    result = _execute(store, sparql, {}, str(library_query.path))
    return result.without(names)


def _check_search_keys(store: KGStore) -> None:
    """A store built before the graph stage wrote ``kg:searchKey`` would match no name:
    say so instead of answering nothing (two index lookups)."""
    keyed = "ASK { ?node kg:searchKey ?key }"
    if not bool(store.query(keyed)) and bool(store.query("ASK { ?doc a kg:Document }")):
        raise QueryError(
            "this store has no kg:searchKey names (it was built by an older kg), so a name "
            "given as a parameter cannot be found — rebuild it with `kg build --force`"
        )


def library_sparql(
    store: Target, query: LibraryQuery, params: Mapping[str, str] | None = None
) -> tuple[str, set[str]]:
    """The text of a library query with its parameters written in, and the names of the
    variables bound (the columns to drop from the result).

    Each parameter ``p`` binds ``?p`` to its value as a string (an IRI expanded); a name is
    resolved to the nodes it stands for as ``?p_iri`` or ``?p_key`` when the query uses
    them (``kg.binding.parameter_terms``).
    """
    prefixes = store_prefixes(store)
    values = {name: expand_iri(value, prefixes) for name, value in query.bind(params).items()}
    terms = parameter_terms(query.sparql, values, lambda text: _first_column(store, text))
    # Written into the text, not substituted: Oxigraph plans before it substitutes, and a
    # constant lets it start from the few matching nodes (see kg/binding.py).
    return bind_parameters(query.sparql, terms), set(terms)


def _first_column(store: Target, sparql: str) -> list[Term]:
    return [row[0] for row in _execute(store, sparql, {}).terms if row[0] is not None]


def expand_iri(value: str, prefixes: Mapping[str, str]) -> str:
    """``<iri>`` → ``iri``; ``prefix:local`` with a known prefix → full IRI; else unchanged."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    match = _PREFIXED_NAME.fullmatch(value)
    if match and (match.group(1) or "") in prefixes:
        return prefixes[match.group(1) or ""] + match.group(2)
    return value


# -- formats ------------------------------------------------------------------------------
def table_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows for a terminal table: unbound cells are empty, ASK gives one cell."""
    if result.kind == "boolean":
        return ["result"], [["true" if result.boolean else "false"]]
    return list(result.variables), [[cell or "" for cell in row] for row in result.rows]


def _cells(result: QueryResult, full_iris: bool) -> Iterable[list[str]]:
    if not full_iris:
        yield from ([cell or "" for cell in row] for row in result.rows)
        return
    for row in result.terms:
        yield ["" if t is None else display(t, {}) or "" for t in row]


def to_csv(result: QueryResult, *, full_iris: bool = False) -> str:
    """CSV (RFC 4180, CRLF lines). ``full_iris`` writes IRIs unabbreviated, as the W3C
    SPARQL CSV format does; by default cells read as in the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "boolean":
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        return buffer.getvalue()
    writer.writerow(result.variables)
    writer.writerows(_cells(result, full_iris))
    return buffer.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(result: QueryResult, *, full_iris: bool = False) -> str:
    """Tab-separated cells, one row a line; tabs, newlines and backslashes in a value are
    written as ``\\t``, ``\\n``, ``\\\\`` so that every line stays one row."""
    if result.kind == "boolean":
        return "boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(result.variables)]
    for row in _cells(result, full_iris):
        lines.append("\t".join(cell.translate(_TSV_ESCAPES) for cell in row))
    return "\n".join(lines) + "\n"


def to_json(result: QueryResult) -> str:
    """The W3C SPARQL 1.1 Query Results JSON format (CONSTRUCT triples as s/p/o rows)."""
    document: dict[str, Any]
    if result.kind == "boolean":
        document = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.terms
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
