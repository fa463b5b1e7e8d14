"""The display wall read from five metres (ADR 1201): at 1920 × 1080, in both languages, every slide the wall
turns through (each page of counters, the map, each page of flows and of the latest items) is measured in
headless Chromium: counters at least 48 px, every other text at least 24 px (the map's labels too), nothing
outside the screen or overflowing its box, no two counters overlapping, and every counter shown on some page."""

import time
from pathlib import Path

import pytest
from django.test import override_settings

from innobelt.insights.wall import COUNTERS
from tests.conftest import browser_type_launch_args, console_errors, demo  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# One synchronous run in the page (the wall cannot turn in the middle of it): which slide is shown, and what
# on it is too small, outside the screen, overflowing its box or overlapping another counter.
MEASURE = """() => {
  const W = window.innerWidth, H = window.innerHeight, root = document.documentElement;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "")
    + (el.dataset.counter ? "[" + el.dataset.counter + "]" : "") + " «" + (el.textContent || "").trim().slice(0, 40) + "»";
  const out = { slide: "", small: [], outside: [], overflowing: [], overlapping: [], counters: [], texts: 0 };
  const panel = document.querySelector(".wall-panel:not([hidden])");
  const page = panel.querySelector(".wall-page:not([hidden])");
  out.slide = panel.dataset.panel + ":" + (page ? page.dataset.page : "");
  if (root.scrollHeight > H || root.scrollWidth > W) { out.outside.push("the page scrolls: " + root.scrollWidth + "x" + root.scrollHeight); }
  for (const el of document.querySelectorAll("#wall *")) {
    if (el.closest(".visually-hidden") || !el.getClientRects().length) { continue; }  // not on screen
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0) { continue; }
    if ([...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) {
      out.texts += 1;
      const min = el.closest(".wall-value") ? 48 : 24;
      if (parseFloat(style.fontSize) < min) { out.small.push(name(el) + " " + style.fontSize); }
    }
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) { out.outside.push(name(el)); }
    // wider than its own box (a number or a word that does not wrap), or a text outside the box it is in (a
    // counter's, a list item's): heights are compared as boxes, not glyphs, whose ink may pass the line's box
    if (style.display !== "inline" && !el.closest(".wall-map") && el.scrollWidth > el.clientWidth + 1) {
      out.overflowing.push(name(el) + " " + el.scrollWidth + " wide in " + el.clientWidth);
    }
    const box = el.parentElement.closest(".wall-counter, .wall-list li, .wall-panel");
    if (box) {
      const b = box.getBoundingClientRect();
      const inline = style.display === "inline";  // an inline box's height is its font's, not its line's
      if (r.left < b.left - 1 || r.right > b.right + 1 || (!inline && (r.top < b.top - 1 || r.bottom > b.bottom + 1))) {
        out.overflowing.push(name(el) + " out of " + name(box));
      }
    }
  }
  const boxes = [...document.querySelectorAll(".wall-counter")].filter((el) => el.getClientRects().length);
  boxes.forEach((a, i) => {
    out.counters.push(a.dataset.counter);
    const ra = a.getBoundingClientRect();
    boxes.slice(i + 1).forEach((b) => {
      const rb = b.getBoundingClientRect();
      if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom) { out.overlapping.push(name(a) + " / " + name(b)); }
    });
  });
  if (out.slide.startsWith("map")) {
    const chart = window.echarts && window.echarts.getInstanceByDom(document.getElementById("wall-map"));
    const labels = chart ? chart.getOption().series.filter((s) => s.label && s.label.show).map((s) => s.label.fontSize) : [];
    out.mapLabels = labels;
    labels.filter((size) => size < 24).forEach((size) => out.small.push("a label of the map " + size + "px"));
  }
  const slides = [...document.querySelectorAll(".wall-panel")].map((p) => Math.max(1, p.querySelectorAll(".wall-page").length));
  out.slides = slides.reduce((a, b) => a + b, 0);
  return out;
}"""


@override_settings(INSIGHTS_MIN_COUNT=1, INSIGHTS_WALL_POLL_SECONDS=3600, INSIGHTS_WALL_ROTATE_SECONDS=2)
def test_every_slide_of_the_wall_is_legible_at_1080p_in_both_languages(page, live_server, demo, console_errors):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1920, "height": 1080})
    for prefix, language in (("", "zh"), ("/en", "en")):
        page.goto(f"{live_server.url}{prefix}/insights/wall/")
        seen: dict[str, dict] = {}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            found = page.evaluate(MEASURE)
            if found["slide"] not in seen:
                if found["slide"].startswith("map"):
                    page.wait_for_function("document.querySelectorAll('#wall-map canvas').length >= 1")
                    found = page.evaluate(MEASURE)
                seen[found["slide"]] = found
                page.screenshot(path=str(SHOTS / f"insights-wall-{language}-{found['slide'].replace(':', '-').rstrip('-')}.png"))
            if len(seen) == found["slides"]:
                break
            page.wait_for_timeout(250)
        assert len(seen) == found["slides"] >= 6, sorted(seen)  # counters in pages, the map, flows, latest
        assert any(s.startswith("flows:") for s in seen) and any(s.startswith("latest:") for s in seen)
        for slide, found in seen.items():
            assert found["texts"] > 0, slide
            assert found["small"] == [], (language, slide, found["small"])
            assert found["outside"] == [], (language, slide, found["outside"])
            assert found["overflowing"] == [], (language, slide, found["overflowing"])
            assert found["overlapping"] == [], (language, slide, found["overlapping"])
        shown = [key for found in seen.values() for key in found["counters"]]
        assert sorted(shown) == sorted(COUNTERS), "every counter on exactly one page"
        assert [found["mapLabels"] for slide, found in seen.items() if slide.startswith("map")] == [[30]]
    assert console_errors == []
