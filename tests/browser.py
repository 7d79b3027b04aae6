"""Headless Chromium for tests that use the pages as an analyst would.

Debian's ``chromium`` package is driven through Playwright's Python API with
``executable_path``, so no browser is ever downloaded. The flags keep Chromium from
reaching for Google's hosts, which this machine's closed network refuses. Tests that use
these fixtures are marked ``browser``; where no Chromium is installed they are skipped
with the package to install, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def chromium_path() -> str | None:
    configured = os.environ.get("KG_CHROMIUM")
    if configured:
        return configured
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A running headless Chromium (a Playwright ``Browser``)."""
    executable = chromium_path()
    if executable is None:
        message = "no Chromium found: install Debian's 'chromium' package or set KG_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_FLAGS),
        )
        try:
            yield browser
        finally:
            browser.close()


def _page(chromium: Any, **context_options: Any) -> Iterator[Any]:
    """A fresh page in its own context; ``page.console_errors`` lists the text of every
    console error and uncaught exception, so a test can assert that a page loaded cleanly."""
    context = chromium.new_context(**context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[Any]:
    """A fresh page whose context has networking switched off."""
    yield from _page(chromium, offline=True)


@pytest.fixture
def online_page(chromium: Any) -> Iterator[Any]:
    """A fresh page that may reach localhost (for pages served by ``kg serve``)."""
    yield from _page(chromium)
