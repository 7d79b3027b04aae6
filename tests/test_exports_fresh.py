"""The committed seed exports (exports/) are exactly what scripts/make_exports.py writes now."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_exports.py"
EXPORTS = ROOT / "exports"
FILES = ("seed.ttl", "seed.trig", "seed.jsonld", "seed.html")
STALE = "exports are stale: run python scripts/make_exports.py"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exports regenerated into a temporary folder, in a fresh interpreter whose hash
    seed and KG_* settings differ from the developer's (neither may change the bytes)."""
    out = tmp_path_factory.mktemp("exports")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env |= {"PYTHONHASHSEED": "12345", "KG_BASE_IRI": "https://elsewhere.example/id/"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_script_writes_exactly_the_four_files(fresh: Path) -> None:
    assert sorted(p.name for p in fresh.iterdir()) == sorted(FILES)
    assert not (fresh / "kg-store").exists()  # the build used a temporary store


@pytest.mark.parametrize("name", FILES)
def test_committed_export_is_fresh(fresh: Path, name: str) -> None:
    committed = EXPORTS / name
    if not committed.is_file():
        pytest.fail(f"{STALE} (exports/{name} is missing)", pytrace=False)
    expected, actual = committed.read_bytes(), (fresh / name).read_bytes()
    if expected != actual:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.decode("utf-8", "replace").splitlines(keepends=True),
                    actual.decode("utf-8", "replace").splitlines(keepends=True),
                    f"exports/{name} (committed)",
                    f"{name} (regenerated)",
                    n=1,
                )
            )[:40]
        )
        pytest.fail(f"{STALE} (exports/{name} differs)\n{diff}", pytrace=False)


def test_graph_page_loads_nothing_from_the_network(fresh: Path) -> None:
    page = (fresh / "seed.html").read_text(encoding="utf-8")
    assert 'src="http://' not in page and 'src="https://' not in page
