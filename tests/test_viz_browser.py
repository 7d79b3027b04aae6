"""The graph page in headless Chromium, offline, used as an analyst would use it."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    AID_SENTENCE,
    BASE,
    IRI_INSTITUTE,
    KIN_PHEA,
    WELCOME_SENTENCE,
    fill_store,
    sample_extractions,
    sentences,
)

from kg.model import Document, Entity, Event, Extraction, Fact
from kg.store import KGStore, open_store
from kg.viz import render_html

pytestmark = pytest.mark.browser

SETTLED = "body[data-layout=frozen]"
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'
HOSTILE_SENTENCE = f"Cambodia thanked {SCRIPT_PAYLOAD} and {IMG_PAYLOAD} for its help."


def hostile_extraction() -> Extraction:
    text, (evidence,) = sentences(HOSTILE_SENTENCE)
    evil = f"Evil {IMG_PAYLOAD}"
    return Extraction(
        Document("doc-hostile", text, title=f"Hostile {SCRIPT_PAYLOAD}"),
        entities=(
            Entity("country/cambodia", ("Country",), "Cambodia"),
            Entity("organization/evil", ("Organization",), evil, (SCRIPT_PAYLOAD,)),
        ),
        facts=(Fact("organization/evil", "partOf", "country/cambodia", evidence),),
        events=(
            Event(
                "thanks",
                "SUPPORT",
                "thanked",
                evidence,
                actors=("country/cambodia",),
                targets=("organization/evil",),
            ),
        ),
    )


def write_page(path: Path, extractions: list[Extraction], **options: Any) -> str:
    with open_store(None, BASE) as store:
        fill_store(store, extractions)
        path.write_text(render_html(store, **options), encoding="utf-8")
    return path.as_uri()


@pytest.fixture
def open_graph(offline_page: Any, tmp_path: Path) -> Callable[..., Any]:
    """Render a page for these extractions, open it offline and wait for the layout."""

    def open_(extractions: list[Extraction] | None = None, **options: Any) -> Any:
        url = write_page(
            tmp_path / "graph.html", extractions or list(sample_extractions()), **options
        )
        offline_page.set_viewport_size({"width": 1000, "height": 700})
        offline_page.goto(url)
        offline_page.wait_for_selector(SETTLED, timeout=60_000)
        return offline_page

    return open_


def node_point(page: Any, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates (through the vis-network API)."""
    point = page.evaluate(
        """id => {
            const network = window.kgNetwork;
            const at = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        node_id,
    )
    return float(point[0]), float(point[1])


def click_node(page: Any, node_id: str) -> None:
    page.evaluate("id => window.kgNetwork.focus(id, {scale: 1.5})", node_id)
    x, y = node_point(page, node_id)
    page.mouse.click(x, y)


# -- a PNG decoder just big enough for Chromium's screenshots (Pillow is not a dependency)
def png_pixels(png: bytes) -> list[tuple[int, ...]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat = 8, b""
    width = height = channels = 0
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        body = png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, ...]] = []
    for row in range(height):
        start = row * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        pixels.extend(tuple(line[i : i + 3]) for i in range(0, stride, channels))
        previous = line
    return pixels


def panel_text(page: Any) -> str:
    return str(page.inner_text("#details-body"))


# -- tests --------------------------------------------------------------------------------
def test_page_loads_offline_and_draws_the_graph(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    assert page.console_errors == []
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 15
    pixels = png_pixels(page.locator("#graph").screenshot())
    colours = set(pixels)
    ink = sum(1 for p in pixels if p != (255, 255, 255))
    assert len(colours) > 50, len(colours)
    assert ink > len(pixels) // 100, ink
    # The country fill, the event fill and the person fill are all on the canvas.
    for fill in ((0xE1, 0x57, 0x59), (0xB0, 0x7A, 0xA1), (0x4E, 0x79, 0xA7)):
        assert fill in colours, fill


def test_clicking_a_node_shows_its_sentence_and_document(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    click_node(page, BASE + "event/b-aid/aid")
    text = panel_text(page)
    assert AID_SENTENCE in text
    assert "Australia pledges $28 million to Cambodia · 2024-02-03 · doc b-aid" in text
    assert "type: event AID" in text
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [BASE + "event/b-aid/aid"]


def test_clicking_an_edge_shows_why_it_is_there(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    edge_point = page.evaluate(
        """([from, to]) => {
            const network = window.kgNetwork;
            const edge = network.body.data.edges.get().find(e => e.from === from && e.to === to);
            network.focus(from, {scale: 1.5});
            const middle = network.body.edges[edge.id].edgeType.getPoint(0.5);
            const at = network.canvasToDOM(middle);
            const box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        [BASE + KIN_PHEA, BASE + IRI_INSTITUTE],
    )
    page.mouse.click(*edge_point)
    text = panel_text(page)
    assert text.startswith("Kin Phea — affiliatedWith → International Relations Institute")
    assert "title: director" in text
    assert WELCOME_SENTENCE in text
    assert "Australia pledges $28 million to Cambodia · 2024-02-03 · doc b-aid" in text


def test_search_selects_and_centres_a_node(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    kin_phea = BASE + KIN_PHEA
    page.fill("#node-search", "phea")
    page.press("#node-search", "Enter")
    page.wait_for_timeout(800)  # the focus animation
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [kin_phea]
    assert panel_text(page).startswith("Kin Phea")
    x, y = node_point(page, kin_phea)
    box = page.locator("#graph").bounding_box()
    assert abs(x - (box["x"] + box["width"] / 2)) < 5
    assert abs(y - (box["y"] + box["height"] / 2)) < 5


def test_toggles_hide_a_class_and_an_event_type(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    count = "window.kgNetwork.body.data.nodes.length"
    before = page.evaluate(count)
    page.uncheck("input[data-style=Person]")
    assert page.evaluate(count) == before - 3
    page.uncheck("input[data-event-type=SUPPORT]")
    assert page.evaluate(count) == before - 3 - 2
    page.check("input[data-style=Person]")
    page.check("input[data-event-type=SUPPORT]")
    assert page.evaluate(count) == before


def test_event_type_toggles_hide_collapsed_event_edges(open_graph: Callable[..., Any]) -> None:
    page = open_graph(collapse_events=True)
    count = "window.kgNetwork.body.data.edges.length"
    before = page.evaluate(count)
    page.uncheck("input[data-event-type=SUPPORT]")
    assert page.evaluate(count) == before - 2  # Australia → Cambodia, and back
    page.uncheck("input[data-event-type=AID]")
    assert page.evaluate(count) == before - 3


def test_freeze_button_starts_and_stops_the_layout(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    assert page.inner_text("#freeze") == "Unfreeze layout"
    page.click("#freeze")
    assert page.get_attribute("body", "data-layout") == "moving"
    assert page.evaluate("window.kgNetwork.physics.physicsEnabled") is True
    page.click("#freeze")
    assert page.get_attribute("body", "data-layout") == "frozen"
    assert page.evaluate("window.kgNetwork.physics.physicsEnabled") is False


def test_hostile_text_is_shown_and_never_run(open_graph: Callable[..., Any]) -> None:
    page = open_graph([hostile_extraction()])
    for node in ("organization/evil", "event/doc-hostile/thanks", "country/cambodia"):
        x, y = node_point(page, BASE + node)
        page.mouse.move(x, y)
        page.wait_for_timeout(400)  # the tooltip delay
        click_node(page, BASE + node)
        text = panel_text(page)
        assert SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text, text
    assert page.locator("div.vis-tooltip").count() == 1
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#details-body img, #details-body script").count() == 0
    assert page.locator("img").count() == 0
    assert page.console_errors == []


def test_a_big_graph_is_reduced_and_says_so(open_graph: Callable[..., Any]) -> None:
    page = open_graph(max_nodes=6)
    notice = page.locator("#reduction-notice")
    assert notice.is_visible()
    assert notice.inner_text().startswith("Reduced: the selection has 15 nodes")
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 6
    assert page.console_errors == []


def test_a_store_without_reduction_has_no_notice(open_graph: Callable[..., Any]) -> None:
    page = open_graph()
    assert page.locator("#reduction-notice").count() == 0


def test_the_page_opens_with_no_network_access(
    offline_page: Any, tmp_path: Path, sample_store: KGStore
) -> None:
    requests: list[str] = []
    offline_page.on("request", lambda request: requests.append(request.url))
    page_file = tmp_path / "graph.html"
    page_file.write_text(render_html(sample_store), encoding="utf-8")
    offline_page.goto(page_file.as_uri())
    offline_page.wait_for_selector(SETTLED, timeout=60_000)
    assert requests == [page_file.as_uri()]
