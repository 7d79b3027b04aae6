"""The ``kg`` command: a thin adapter from the shell to the library.

It parses options, calls the library, prints, and turns a ``KGError`` into one line on
stderr and a non-zero exit code. No pipeline logic lives here.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.config import DEFAULT_STORE, Settings
from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Turn diplomatic news and statements into an RDF knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="KG_STORE", help="Store folder (created if missing)."),
]
BaseOption = Annotated[
    str | None,
    typer.Option("--base-iri", envvar="KG_BASE_IRI", help="Base IRI for entity IRIs."),
]
PipelineOption = Annotated[
    str | None,
    typer.Option("--pipeline", envvar="KG_PIPELINE", help="spaCy pipeline to load by name."),
]

F = TypeVar("F", bound=Callable[..., Any])
_CELL = 60  # characters of a table cell shown in the terminal


def _one_line(error: BaseException) -> str:
    """The error's message on one line (a parser's message may span several), as markup-safe
    text."""
    return escape(re.sub(r"\s*\n\s*", " ", str(error)).strip())


def friendly(func: F) -> F:
    """Run a command; a ``KGError`` becomes one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            err.print(f"[red]error:[/red] {_one_line(exc)}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _settings(store: Path, base_iri: str | None, pipeline: str | None = None) -> Settings:
    defaults = Settings()
    return Settings(
        base_iri=base_iri or defaults.base_iri, pipeline=pipeline or defaults.pipeline, store=store
    )


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date — use YYYY-MM-DD") from None


@app.command()
@friendly
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .jsonl).")],
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
    pipeline: PipelineOption = None,
    published: Annotated[
        str | None, typer.Option("--date", help="Publication date for every document.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild unchanged documents.")] = False,
    workers: Annotated[
        int, typer.Option("--workers", "-j", help="Processes that read documents.")
    ] = 1,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="local, processes or dask (default: by --workers)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (dask engine; else a local one)."),
    ] = None,
) -> None:
    """Read documents and write their knowledge graph into the store."""
    from kg.build import build as run_build
    from kg.engines import EngineOptions, default_engine
    from kg.errors import EngineError
    from kg.extract import Extractor
    from kg.store import open_store

    settings = _settings(store, base_iri, pipeline)
    options = EngineOptions(workers=workers, scheduler=scheduler)
    engine = engine or ("dask" if scheduler else default_engine(options))
    if scheduler and engine != "dask":
        raise EngineError(f"--scheduler is for the dask engine, not {engine!r} — add --engine dask")
    published_on = _parse_date(published)  # before the store is created
    columns = (
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with (
        open_store(store, settings.base_iri) as kg_store,
        Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar,
    ):
        task = bar.add_task("", total=None)

        def progress(done: int, total: int | None, doc_id: str) -> None:
            bar.update(task, completed=done, total=total, description=doc_id)

        report = run_build(
            paths,
            kg_store,
            lambda: Extractor(settings),
            published=published_on,
            force=force,
            progress=progress,
            engine=engine,
            options=options,
            settings=settings,
        )
    for error in report.errors:
        err.print(f"[red]error:[/red] {_one_line(error)}", highlight=False, soft_wrap=True)
    out.print(report.summary(), highlight=False, soft_wrap=True)
    if report.errors:
        raise typer.Exit(1)


@app.command()
@friendly
def query(
    sparql: Annotated[
        str | None, typer.Argument(help="SPARQL text, or the name of a library query.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("-f", "--file", help="Read SPARQL from a file.")
    ] = None,
    params: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Library query parameter k=v.")
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List library queries.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json.")] = "table",
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Run SPARQL over the store (or a named query from the library)."""
    from kg import query as q
    from kg.errors import QueryError
    from kg.store import open_store

    if list_queries:
        table = Table("name", "parameters", "what it answers")
        for library_query in q.list_queries():
            names = ", ".join(p.name for p in library_query.params)
            table.add_row(library_query.name, names, library_query.title)
        out.print(table)
        return
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{file}: cannot read the query ({exc.strerror})") from None
    if not sparql:
        raise QueryError("give a SPARQL query, -f FILE, a library query name, or --list")
    bound: dict[str, str] = {}
    for item in params or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param {item!r}: write it as name=value")
        bound[key.strip()] = value
    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        is_name = all(c.isalnum() or c in "-_" for c in sparql.strip())
        if is_name:
            result = q.run_library_query(kg_store, sparql.strip(), bound)
        else:
            result = q.run_query(kg_store, sparql, bound)
    formats = {"csv": q.to_csv, "tsv": q.to_tsv, "json": q.to_json}
    if fmt in formats:
        sys.stdout.write(formats[fmt](result))
        return
    if fmt != "table":
        raise QueryError(f"unknown --format {fmt!r} — use table, csv, tsv or json")
    headers, rows = q.table_rows(result)
    table = Table(*headers, show_lines=False)
    for row in rows:
        # Long cells (sentences) are shortened on screen; --format csv|tsv|json has them whole.
        table.add_row(*(c if len(c) <= _CELL else c[: _CELL - 1] + "…" for c in row))
    out.print(table)
    err.print(f"{len(rows)} row(s)")


@app.command()
@friendly
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, trig, nquads, jsonld, graphml.")],
    out_path: Annotated[Path, typer.Option("--out", help="File to write.")],
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Export the store (Turtle, TriG, N-Quads, JSON-LD, GraphML)."""
    from kg.exporters import export as run_export
    from kg.store import open_store

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        run_export(kg_store, fmt, out_path)
    out.print(f"wrote {out_path}", highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def viz(
    out_path: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    collapse_events: Annotated[
        bool, typer.Option("--collapse-events", help="Draw events as actor → target edges.")
    ] = False,
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "kg graph",
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Write an interactive HTML graph that works offline."""
    from kg.errors import ExportError
    from kg.store import open_store
    from kg.viz import render_html

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        page = render_html(kg_store, collapse_events=collapse_events, title=title)
    try:
        tmp = out_path.with_name(f".{out_path.name}.tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out_path)
    except OSError as exc:
        raise ExportError(
            f"{out_path}: cannot write ({exc.strerror}) — choose another --out"
        ) from None
    out.print(f"wrote {out_path}", highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (*.gold.json).")],
    docs: Annotated[
        Path | None, typer.Option("--docs", help="Folder to find the gold documents in.")
    ] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List misses and FPs.")] = False,
    pipeline: PipelineOption = None,
    base_iri: BaseOption = None,
) -> None:
    """Score the extractor against gold readings (precision / recall / F1)."""
    from kg.build import build as run_build
    from kg.evaluate import evaluate as run_evaluate
    from kg.evaluate import format_report
    from kg.extract import Extractor

    settings = _settings(Path(DEFAULT_STORE), base_iri, pipeline)
    extractor = functools.cache(lambda: Extractor(settings))

    def build_documents(paths: list[Path], kg_store: Any) -> None:
        report = run_build(paths, kg_store, extractor)
        if report.errors:
            raise report.errors[0]

    scores = run_evaluate(gold, docs, build=build_documents, base_iri=settings.base_iri)
    out.print(format_report(scores, verbose=verbose), highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def validate(
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Check the store against the SHACL shapes in ontology/shapes.ttl."""
    from kg.errors import ValidationFailed
    from kg.store import open_store
    from kg.validate import validate_store

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        report = validate_store(kg_store)
    if report.conforms:
        out.print("conforms: the store satisfies every shape")
        return
    out.print(report.summary(limit=None), highlight=False, markup=False, soft_wrap=True)
    count = sum(1 for v in report.violations if v.severity == "Violation")
    raise ValidationFailed(f"{count} SHACL violation(s)")


def main() -> None:  # pragma: no cover
    app()
