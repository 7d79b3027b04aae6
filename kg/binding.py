"""Writing parameters into SPARQL text as escaped RDF terms.

Oxigraph plans a query before it applies ``substitutions``, so a parameter bound that way
cannot steer the plan: a document lookup that starts from the bound id took 4.5 s at a
million quads, and 0.9 ms with the same id written into the query as a constant. A remote
server cannot take substitutions at all. Both the local library runner
(``kg.query.run_library_query``) and ``kg.remote.SparqlEndpoint`` therefore write each
parameter into the query text, serialised by pyoxigraph (escaped, never pasted as raw text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pyoxigraph as ox

from kg.errors import QueryError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
# Runs a SELECT query and returns the values of its first column.
FirstColumn = Callable[[str], list[Term]]


# -- binding parameters into query text ---------------------------------------------------
# One token at a time: comments, strings and IRIs are skipped whole so that nothing in
# them is mistaken for a variable, brace or keyword.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_.-]*:[^\s(){}\[\],;]*|:[^\s(){}\[\],;]*|[A-Za-z_][A-Za-z0-9_]*)
    | (?P<punct>[(){}*])
    """,
    re.VERBOSE,
)
_MODIFIERS = {"ORDER", "GROUP"}  # followed by BY: a bare constant is not allowed there
_END_OF_MODIFIER = {"LIMIT", "OFFSET", "HAVING", "VALUES", "SELECT", "WHERE"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _unprojected(names: list[str]) -> QueryError:
    return QueryError(
        f"cannot bind parameter(s) {', '.join(sorted(names))}: a parameter must be a "
        "variable that the SELECT clause names (ASK, CONSTRUCT and DESCRIBE take no "
        "parameters)"
    )


def bind_parameters(sparql: str, terms: Mapping[str, Term]) -> str:
    """``sparql`` with each named variable replaced by its RDF term, as Oxigraph's
    ``substitutions`` bind it.

    As locally, a parameter must be a variable that the outermost SELECT projects; it is
    bound in the outermost query and in each sub-SELECT that projects it too, and left
    alone in a sub-SELECT that does not (there it is another variable). In the outermost
    projection ``?v`` becomes ``("value" AS ?v)``, so the column is still returned (a
    sub-SELECT's projection drops it: its value is known); after ORDER BY or
    GROUP BY, where a bare constant is not allowed, ``("value")``; after LIMIT, which takes
    only a number, the number, and an empty value drops the LIMIT (no limit); everywhere
    else (triple patterns, expressions) the term itself. Terms are written by pyoxigraph in
    N-Triples form, so quotes, braces and newlines in a value stay inside its literal.
    """
    if not terms:
        return sparql
    written = {name: str(term) for name, term in terms.items()}
    tokens = list(_TOKEN.finditer(sparql))
    out: list[str] = []
    position = 0
    form: str | None = None
    in_projection = False  # between a SELECT and its WHERE / first brace
    projected: set[str] = set()  # by the outermost SELECT
    star = False
    braces = parens = 0
    modifier = False  # after ORDER BY / GROUP BY, until the next clause or brace
    limit_at: int | None = None  # where the LIMIT keyword just read starts
    # (parameters bound here, brace depth below which this scope ends), innermost last
    scopes: list[tuple[frozenset[str], int]] = [(frozenset(written), -1)]
    for index, match in enumerate(tokens):
        kind, text = match.lastgroup, match.group()
        after_limit, limit_at = limit_at, None
        if kind == "punct":
            if text == "{":
                braces += 1
                in_projection = modifier = False
            elif text == "}":
                braces -= 1
                modifier = False
                while braces < scopes[-1][1]:
                    scopes.pop()
            elif text == "(":
                parens += 1
            elif text == ")":
                parens -= 1
            elif text == "*" and in_projection and parens == 0 and len(scopes) == 1:
                star = True
        elif kind == "word":
            keyword = text.upper()
            if keyword in _FORMS and form is None:
                form = keyword
                in_projection = keyword == "SELECT"
            elif keyword == "SELECT":
                sub_projection = _projection(tokens, index + 1)
                allowed = scopes[-1][0]
                scopes.append(
                    (allowed if sub_projection is None else allowed & sub_projection, braces)
                )
                in_projection = True
            elif keyword in _MODIFIERS:
                modifier = True
            elif keyword in _END_OF_MODIFIER:
                modifier = False
                in_projection = in_projection and keyword != "WHERE"
                limit_at = match.start() if keyword == "LIMIT" else None
        elif kind == "var" and text[1:] in scopes[-1][0]:
            name, value = text[1:], written[text[1:]]
            if after_limit is not None:
                rows = _row_count(name, terms[name])
                end = match.start() if rows else after_limit
                out.append(sparql[position:end] + rows)
                position = match.end()
                continue
            if in_projection and parens == 0 and len(scopes) > 1:
                # The outer query names the column; a sub-SELECT projecting it again
                # would clash with the outer ("value" AS ?v), and its value is known.
                replacement = ""
            elif in_projection and parens == 0:
                projected.add(name)
                replacement = f"({value} AS {text})"
            elif modifier and parens == 0:
                replacement = f"({value})"
            else:
                replacement = value
            out.append(sparql[position : match.start()] + replacement)
            position = match.end()
    out.append(sparql[position:])
    missing = [] if form == "SELECT" and star else sorted(set(written) - projected)
    if form != "SELECT" or missing:
        raise _unprojected(missing or list(written))
    return "".join(out)


def _row_count(name: str, term: Term) -> str:
    """The value of a parameter used as a LIMIT: digits, or "" for no limit."""
    value = term.value if isinstance(term, ox.Literal) else None
    if value is None or not (value == "" or (value.isascii() and value.isdigit())):
        raise QueryError(
            f"parameter {name}: {value or str(term)!r} is not a number of rows — give a whole "
            "number, or an empty value for no limit"
        )
    return str(int(value)) if value else ""


def _projection(tokens: list[re.Match[str]], start: int) -> frozenset[str] | None:
    """The variables a sub-SELECT projects (``None`` for ``*``): read from the tokens after
    its SELECT up to its WHERE or first brace."""
    names: set[str] = set()
    depth = 0
    after_as = False
    for match in tokens[start:]:
        kind, text = match.lastgroup, match.group()
        if (kind == "punct" and text == "{") or (kind == "word" and text.upper() == "WHERE"):
            break
        if kind == "punct" and text in "()":
            depth += 1 if text == "(" else -1
        elif kind == "punct" and text == "*" and depth == 0:
            return None
        elif kind == "var" and (depth == 0 or after_as):
            names.add(match.group()[1:])
        after_as = kind == "word" and text.upper() == "AS"
    return frozenset(names)


# -- names given as parameters ------------------------------------------------------------
def search_key(name: str) -> str:
    """The ``kg:searchKey`` form of a name: lower case, as SPARQL's ``LCASE`` writes it.

    The query library matches a parameter on these keys with an exact lookup, which an
    index answers, where lower-casing every label in the store took ~100 ms at a million
    quads before anything else ran. The graph stage writes the keys in this form too.
    """
    return name.lower()


_RESOLVE = """SELECT DISTINCT ?node ?key ?iri WHERE {
  { ?node kg:searchKey ?key } UNION { ?iri kg:searchKey ?anyKey BIND(?iri AS ?node) }
} LIMIT 2"""
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def parameter_terms(sparql: str, values: Mapping[str, str], select: FirstColumn) -> dict[str, Term]:
    """The RDF term of each parameter of ``sparql`` (values already IRI-expanded), with
    the nodes a name stands for, for ``bind_parameters``.

    Each parameter ``p`` binds ``?p`` to its value as a string. A query that looks a node
    up by name or IRI also projects ``?p_iri`` and ``?p_key``, and the value is first
    resolved, with one cheap query run through ``select``, to the nodes whose
    ``kg:searchKey`` is its lower-case form, or that are the IRI it names. One node (the
    usual case) is written in as ``?p_iri``, so that the query starts from that constant;
    several are left to the query through ``?p_key``, the key they share (``""`` when no
    node matches, which no node has). The form not used is bound to a value that matches
    nothing: ``?p_iri`` to the value as a string, which as a subject matches nothing.
    """
    terms: dict[str, Term] = {}
    for name, value in values.items():
        terms[name] = ox.Literal(value)
        key = search_key(value)
        if re.search(rf"[?$]{name}_iri\b", sparql):
            nodes = _resolve(select, key, _as_iri(value)) if value else []
            single = len(nodes) == 1
            terms[f"{name}_iri"] = nodes[0] if single else ox.Literal(value)
            key = "" if single or not nodes else key
        if re.search(rf"[?$]{name}_key\b", sparql):
            terms[f"{name}_key"] = ox.Literal(key)
    return terms


def _resolve(select: FirstColumn, key: str, iri: ox.NamedNode | ox.Literal) -> list[Term]:
    """Up to two nodes named ``key`` (a ``kg:searchKey``) or that are ``iri``: the label of
    an entity is repeated in every document graph that names it, so this reads an index
    and keeps each node once."""
    return select(bind_parameters(_RESOLVE, {"key": ox.Literal(key), "iri": iri}))


def _as_iri(value: str) -> ox.NamedNode | ox.Literal:
    if _ABSOLUTE_IRI.fullmatch(value):
        try:
            return ox.NamedNode(value)
        except ValueError:
            pass
    return ox.Literal(value)
