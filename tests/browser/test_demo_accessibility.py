"""Can anyone use the demo site: on a phone, with the keyboard alone, with a screen reader?

Each page (the landing page and every demo) is opened once in Chromium and checked at 1280 px
and at 390 px, light and dark:
- axe-core (tests/browser/axe/, the version pinned in AXE_VERSION) finds no violation of WCAG 2.1
  A/AA or of its best practices; everything on these pages is ours, so any violation fails;
- nothing is wider than the screen, every image has a text alternative, every slider handle
  and every control has an accessible name, and there is a way back to the list of demos;
- a screenshot of each is saved for a reviewer (tests/browser/screenshots/, not committed).
Then each demo is operated with the keyboard alone: Tab to a control, change it with a key,
and the view's result changes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from course.catalog import load_catalog
from tests.browser.conftest import screenshot_path

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "axe.min.js"
AXE_VERSION = "4.10.3"
AXE_SHA256 = "880970c081707360e64f34cea25ff91892f5bc95675b0776925b9709dd8a68bb"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CATALOG = load_catalog()
DEMOS = [module.id for module in CATALOG.modules if module.demo]
WIDTHS = (1280, 390)
PAGE_TIMEOUT_MS = 120_000
CONTROLS = "[role=slider], select, input, button, [contenteditable=true], textarea"


def test_the_vendored_axe_is_the_pinned_release_with_its_licence():
    """Is tests/browser/axe/axe.min.js the pinned axe-core, unaltered, with its MPL-2.0 text?"""
    source = AXE.read_bytes()
    assert source.startswith(f"/*! axe v{AXE_VERSION}".encode())
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; each violation with the elements it names."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map((v) => ({
                id: v.id, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )
    return found


def explain(violations: list[dict]) -> str:
    return json.dumps(violations, indent=1)[:4000]


def what_a_person_checks(page, width: int) -> None:
    """Nothing wider than the screen, images described, controls named, a way back."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, f"the page scrolls sideways at {width} px ({scroll_width})"
    unnamed = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((e) => e.closest('.course-widget-slot, body'))
            .filter((e) => !(e.getAttribute('aria-label') || e.labels?.length
                             || e.getAttribute('aria-labelledby') || e.textContent.trim()))
            .map((e) => e.outerHTML.slice(0, 120))""",
        CONTROLS,
    )
    assert not unnamed, f"controls without a name: {unnamed}"
    images = page.evaluate(
        "[...document.images].filter((i) => !i.alt || i.alt.length < 20).map((i) => i.alt)"
    )
    assert not images, f"images without a text alternative: {images}"
    text = page.inner_text("body")
    for raw in ("Traceback", "<Figure", "NaN", "True", "False", "()", "_"):
        assert raw not in text, f"{raw!r} is shown on the page"


def check_at_every_width(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme="light")
        violations = axe_violations(page)
        assert not violations, f"{name} at {width} px:\n{explain(violations)}"
        what_a_person_checks(page, width)
        page.screenshot(path=str(screenshot_path(f"a11y-{name}-{width}")), full_page=True)
    page.emulate_media(color_scheme="dark")
    violations = axe_violations(page)
    assert not violations, f"{name} in dark mode:\n{explain(violations)}"
    page.screenshot(path=str(screenshot_path(f"a11y-{name}-390-dark")), full_page=True)
    page.emulate_media(color_scheme="light")


def open_demo(browser, site: str, module_id: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/voila/render/{module_id}.ipynb", timeout=PAGE_TIMEOUT_MS)
    page.locator("body[data-course-demo=ready]").wait_for(state="attached", timeout=PAGE_TIMEOUT_MS)
    # A view's first result: a chart, a table, or (where nothing is chosen yet, as in the
    # challenges demo) a sentence saying what to do first.
    page.locator(
        ".course-output img, .course-output table, .course-output p"
    ).first.wait_for(timeout=PAGE_TIMEOUT_MS)
    return page


def test_the_landing_page_is_accessible_at_both_widths(browser, demo_site_url):
    """The list of demos: no axe violation, readable at 390 px, light and dark."""
    page = browser.new_page()
    try:
        page.goto(f"{demo_site_url}/")
        check_at_every_width(page, "landing")
    finally:
        page.close()


@pytest.mark.parametrize("module_id", DEMOS)
def test_every_demo_is_accessible_at_both_widths_and_leads_on(browser, demo_site_url, module_id):
    """A demo: no axe violation at 1280 and 390 px or in dark mode, nothing cut off, and links
    back to the list and on to the next demo (or back to the previous one on the last)."""
    page = open_demo(browser, demo_site_url, module_id)
    try:
        check_at_every_width(page, module_id)
        nav = page.get_by_role("navigation", name="Demos (top)")
        assert nav.get_by_role("link", name="All demos").get_attribute("href") == "/"
        position = DEMOS.index(module_id)
        if position + 1 < len(DEMOS):
            following = CATALOG.module(DEMOS[position + 1]).title
            link = nav.get_by_role("link", name=f"Next: {following}")
            assert link.get_attribute("href") == f"/voila/render/{DEMOS[position + 1]}.ipynb"
        else:
            previous = CATALOG.module(DEMOS[position - 1]).title
            assert nav.get_by_role("link", name=f"Previous: {previous}").count() == 1
    finally:
        page.close()


def focus_first_control(page, limit: int = 40) -> str:
    """Press Tab until a control inside a view has the focus; its kind."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        kind = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e || !e.closest('.course-widget-slot')) return '';
                if (e.getAttribute('role') === 'slider') return 'slider';
                if (e.tagName === 'SELECT') return 'select';
                if (e.type === 'checkbox') return 'checkbox';
                return '';
            }"""
        )
        if kind:
            return kind
    raise AssertionError(f"no control of a view took the focus in {limit} presses of Tab")


KEYS = {"slider": "ArrowLeft", "select": "ArrowDown", "checkbox": "Space"}
"""The key each kind of control answers, as a keyboard user would press it."""


@pytest.mark.parametrize("module_id", DEMOS)
def test_every_demo_works_with_the_keyboard_alone(browser, demo_site_url, module_id):
    """Tab to the first control, press its key: does the view's result change, and is the
    focused control visibly outlined?"""
    page = open_demo(browser, demo_site_url, module_id)
    try:
        outputs = page.locator(".course-widget-slot .widget-output").first
        before = outputs.inner_html()
        kind = focus_first_control(page)
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), f"the focused {kind} has no visible outline"
        page.keyboard.press(KEYS[kind])
        if kind == "slider" and outputs.inner_html() == before:
            page.keyboard.press("ArrowRight")  # already at the low end
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(before) => document.querySelector('.course-widget-slot .widget-output')"
            ".innerHTML !== before",
            arg=before,
            timeout=30_000,
        )
        page.screenshot(path=str(screenshot_path(f"keyboard-{module_id}")))
    finally:
        page.close()
