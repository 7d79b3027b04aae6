"""Screenshot a graph page (``kg viz``) in headless Chromium, offline, once its layout settles.

    python scripts/screenshot_page.py PAGE.html OUT.png [--click IRI] [--width W --height H]

``--click`` clicks a node first (by IRI, through the page's vis-network API), so that the
details panel shows its sentences. Used for the pictures in the README (docs/*.png). Needs
Debian's ``chromium`` (or ``KG_CHROMIUM``) and the dev extra's Playwright; nothing is
downloaded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SETTLED = "body[data-layout=frozen]"


def screenshot(page_file: Path, out: Path, *, click: str | None, width: int, height: int) -> None:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("KG_CHROMIUM") or shutil.which("chromium")
    if executable is None:
        raise SystemExit(
            "error: no Chromium found — install Debian's 'chromium' or set KG_CHROMIUM"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(page_file.resolve().as_uri())
            page.wait_for_selector(SETTLED, timeout=120_000)
            if click:
                point = page.evaluate(
                    """id => {
                        const network = window.kgNetwork;
                        const at = network.canvasToDOM(network.getPositions([id])[id]);
                        const box = document.getElementById("graph").getBoundingClientRect();
                        return [box.left + at.x, box.top + at.y];
                    }""",
                    click,
                )
                page.mouse.click(*point)
                # Onto empty canvas, so that no tooltip covers the picture.
                corner = page.locator("#graph").bounding_box()
                page.mouse.move(corner["x"] + 4, corner["y"] + 4)
            page.wait_for_timeout(300)
            page.screenshot(path=str(out))
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--click", help="IRI of a node to click first")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    screenshot(args.page, args.out, click=args.click, width=args.width, height=args.height)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
