"""The browser fixtures themselves: an offline page loads local HTML and reports errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_offline_page_renders_local_file_and_collects_errors(
    offline_page: Any, tmp_path: Path
) -> None:
    page_file = tmp_path / "p.html"
    page_file.write_text(
        "<!doctype html><title>t</title><p id=x>hello</p><script>throw new Error('boom')</script>",
        encoding="utf-8",
    )
    offline_page.goto(page_file.as_uri())
    assert offline_page.inner_text("#x") == "hello"
    assert any("boom" in error for error in offline_page.console_errors)
