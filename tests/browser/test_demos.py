"""Does the demo site serve every case demo, work in a real browser, and refuse everything else?

One `course demos` server on a free 127.0.0.1 port for the module. Each demo is opened in
Chromium, one control is changed, and the text the view shows is compared with what the model
computes for that change. A screenshot of each demo is saved for review.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Error as PlaywrightError

from course.cases import load_case
from course.catalog import load_catalog
from course.formatting import number
from course.models.leadership import TRAIT_IDS, self_assessment
from course.models.sourcing_cost import compare_to_baseline
from course.models.vendor import score_vendors
from course.notebook_files import new_notebook, write_notebook
from course.server_state import find_free_port
from course.widgets.vendor_scoring_view import scoring_matrix_for, weight_control
from tests.browser.conftest import screenshot_path, stop, wait_for_http

# One worker builds this module's servers once (run with --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]
CATALOG = load_catalog()
WIDGET_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def site(demo_site_url) -> str:
    return demo_site_url


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# --- what each demo is asked to do, and what the model says should then be shown -----------


def sourcing_cost(page) -> str:
    """Choose the offshore option: its break-even month must appear."""
    page.locator(".widget-dropdown select").first.select_option(label="Offshore provider")
    helios = load_case("helios-app-maintenance")
    offshore = helios.option("Offshore provider")
    month = compare_to_baseline(offshore, helios.baseline(), helios.years).break_even_month
    return f"breaks even in month {month}"


def set_slider(page, description: str, value: int) -> None:
    """Type a value into an ipywidgets slider's readout, as a keyboard user can."""
    slider = page.locator(".widget-slider").filter(has_text=description)
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def leadership(page) -> str:
    """Rate foresight 1: it must head the 'develop first' list, with the model's reason."""
    set_slider(page, "Foresight (1-5)", 1)
    ratings = {**dict.fromkeys(TRAIT_IDS, 3), "foresight": 1}
    first = self_assessment(ratings).develop_first[0]
    assert first.id == "foresight"
    return first.why.split(".")[0]


def negotiation(page) -> str:
    """Pick a five-year term in the offer builder: the model's score for Atlas must appear."""
    from course.models.negotiation import score_offer

    atlas = load_case("atlas-logistics-renewal")
    offer = {**atlas.proposal("Split the difference"), "term": "5 years"}
    select = page.locator(".widget-dropdown").filter(has_text="term").locator("select")
    select.select_option(label="5 years")
    return f"{score_offer(offer, atlas.client_preferences()):.1f} against its alternative"


def vendor_governance(page) -> str:
    """Switch the price rule: the model's new total for the winner must appear."""
    northwind = load_case("northwind-service-desk")
    other = "min-max" if northwind.price_rule == "ratio" else "ratio"
    page.locator(".widget-toggle-buttons button", has_text=other).first.click()
    values = {weight_control(c.name): c.weight for c in northwind.criteria}
    values |= {f"minimum: {c.name}": c.minimum for c in northwind.criteria if c.minimum}
    values["price_rule"] = other
    scores = [s for s in score_vendors(scoring_matrix_for(northwind, values)) if s.weighted_total]
    best = max(scores, key=lambda s: s.weighted_total)
    return f"{best.vendor}: {number(best.weighted_total, 2)}"


def challenges(page) -> str:
    """Tick the first symptom: the model's top challenge must appear with its match count."""
    from course.models.challenges import SYMPTOMS, diagnose

    page.locator(".widget-checkbox input").first.check()
    top = diagnose([SYMPTOMS[0].id])[0]
    return f"{top.challenge.name} ({len(top.matched)} of {len(top.challenge.symptoms)} symptoms)"


def transition_exit(page) -> str:
    """Raise reverse-shadowing quality to its target: every gate must say go, with the model's
    steady-state week."""
    from course.widgets.transition_view import readiness_control, timeline

    wrenfield = load_case("wrenfield-water-transition")
    name = readiness_control(wrenfield, "reverse-shadow-quality")
    set_slider(page, name, 90)
    planned = wrenfield.readiness[wrenfield.planned_cutover_week]
    judged = [c for ids in wrenfield.programme.required_gates.values() for c in ids]
    readiness = {c: planned.get(c, 100.0) for c in judged} | {"reverse-shadow-quality": 90.0}
    result = timeline(wrenfield, dict(wrenfield.programme.min_weeks), readiness)
    assert result.stopped_at is None
    steady = max(phase.end_week for phase in result.plan.phases) + 1
    return f"the service reaches steady state in week {steady}"
def distributed_teams(page) -> str:
    """Switch the week to July: the model's gap on the client's clock must appear."""
    from course.widgets.working_hours_view import DEFAULTS, roster_result

    week = "July (week of 12 July 2027)"
    select = page.locator(".widget-dropdown").filter(has_text="Week").locator("select")
    select.select_option(label=week)
    result = roster_result(week, "24 hours (00:00 to 24:00)", 30, list(DEFAULTS))
    start, end = result.cover.gaps[0].text()
    return f"nobody is on from {start} to {end}"
def capstone(page) -> str:
    """Choose the nearshore option: the model's break-even month must appear in the timeline."""
    ferncastle = load_case("ferncastle-lifecycle").decide
    page.locator(".widget-dropdown select").first.select_option(label="Nearshore provider")
    option = ferncastle.option("Nearshore provider")
    month = compare_to_baseline(option, ferncastle.baseline(), ferncastle.years).break_even_month
    return f"breaks even in month {month}"
def contracts_pricing(page) -> str:
    """Lower the first band's unit price: the model's quiet-to-busy range for it must appear."""
    from course.formatting import money
    from course.widgets.pricing_view import priced

    set_slider(page, "Unit price per ticket, first band", 20)
    case = load_case("brightwater-desk-pricing")
    values = {"swing": case.demand.swing, "effort": 1.0, "unit_price": 20.0}
    unit = priced(case, values | {"achievement": case.achievement}).views["unit-price"]
    return f"{money(unit.client_low, case.currency)} to {money(unit.client_high, case.currency)}"


ACTIONS: dict[str, Callable] = {
    "onshore-offshore": sourcing_cost,
    "leading-outsourcing": leadership,
    "negotiation": negotiation,
    "vendor-governance": vendor_governance,
    "challenges": challenges,
    "transition-exit": transition_exit,
    "distributed-teams": distributed_teams,
    "capstone": capstone,
    "contracts-pricing": contracts_pricing,
}


def test_every_demo_has_a_browser_check():
    """Is every demo in the catalog driven by a browser test below?"""
    assert {m.id for m in CATALOG.modules if m.demo} == set(ACTIONS)


def test_landing_page_lists_every_demo_with_its_pitch(browser, site):
    """Does the landing page link every demo with its one-line pitch?"""
    page = browser.new_page()
    try:
        page.goto(f"{site}/")
        links = page.locator("#demos a")
        assert links.count() == len(ACTIONS)
        for module in CATALOG.modules:
            link = page.get_by_role("link", name=module.title)
            assert link.get_attribute("href") == f"/voila/render/{module.id}.ipynb"
            assert module.pitch[:40] in page.content()
        page.screenshot(path=str(screenshot_path("demos-landing")))
    finally:
        page.close()


@pytest.mark.parametrize("module_id", list(ACTIONS))
def test_demo_reacts_to_its_controls_as_the_model_says(browser, site, module_id):
    """Open the demo, change one control: does the shown result match the model's?"""
    page = browser.new_page(viewport={"width": 1300, "height": 2200})
    try:
        page.goto(f"{site}/voila/render/{module_id}.ipynb", timeout=WIDGET_TIMEOUT_MS)
        page.locator(".jupyter-widgets").first.wait_for(timeout=WIDGET_TIMEOUT_MS)
        assert "Traceback" not in page.content()
        expected = ACTIONS[module_id](page)
        page.get_by_text(expected, exact=False).first.wait_for(timeout=30_000)
        assert "Traceback" not in page.content()
        assert "def " not in page.inner_text("body"), "code is visible"
        page.screenshot(path=str(screenshot_path(f"demo-{module_id}")), full_page=True)
    finally:
        page.close()


REFUSED = [
    "/tree",
    "/voila/tree",
    "/api/contents",
    "/api/contents/course/catalog.yml",
    "/voila/api/contents/",
    "/api/kernels",
    "/api/sessions",
    "/api/kernelspecs",
    "/terminals",
    "/api/terminals",
    "/lab",
    "/voila/files/README.md",
    "/voila/render/lesson.ipynb",
    "/voila/render/start-here.ipynb",
    "/voila/render/modules/03-negotiation/lesson.ipynb",
    "/voila/render/../course/catalog.yml",
    "/voila/render/%2e%2e/course/catalog.yml",
    "/voila/render/negotiation.ipynb/../../README.md",
    "/course-demo/static/build.json",
    "/voila/templates/foo",
    "/voila/templates/lab/static/../../../../README.md",
    "/voila/templates/lab/index.html.j2",
    "/voila/templates/classic/static/index.css",
    "/voila/static/voila.js",
    "/voila/api/themes/theme-light.css",
    "/course-demo/static/../index.html.j2",
    "/course-demo/static/%2e%2e/assets.html.j2",
]


@pytest.mark.parametrize("path", REFUSED)
def test_everything_but_the_demos_is_refused(site, path):
    """Are the file tree, contents, kernels, terminals, other notebooks and '..' paths refused?"""
    request = urllib.request.Request(f"{site}{path}")
    # urllib would normalise "..": send the raw path as a browser-less client can.
    request.selector = path
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            code = response.status
    except urllib.error.HTTPError as error:
        code = error.code
        assert "Traceback" not in error.read().decode("utf-8", "replace")
    assert code in (403, 404), f"{path} answered {code}"


def test_a_demo_page_loads_only_from_the_site_and_caches_its_script(site):
    """No CDN or other outside address in the page (visitors' browsers talk to this site only),
    and the script and styles, versioned by content, are cached by browsers for good."""
    with urllib.request.urlopen(f"{site}/voila/render/negotiation.ipynb", timeout=60) as response:
        page = response.read().decode()
    loads = re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"([^\"]*)\"", page)
    assert any("course-demo/static/demo.js?v=" in url for url in loads)
    outside = [url for url in loads if not url.startswith(("/", "data:"))]
    assert not outside, f"the page loads from outside the site: {outside}"
    for url in loads:
        if url.startswith("/course-demo/static/"):
            with urllib.request.urlopen(f"{site}{url}", timeout=10) as response:
                assert response.status == 200
                assert "max-age=" in response.headers["Cache-Control"]
    assert status(f"{site}/course-demo/static/demo.js.LICENSES.txt") == 200


@contextlib.contextmanager
def one_notebook_site(browser, folder, code: str, first_port: int) -> Iterator[object]:
    """The demo site serving one notebook of a test's own (not from the catalog), opened in a
    new page; yields the page and the server's process."""
    write_notebook(new_notebook([("code", code)]), folder / "test.ipynb")
    port = find_free_port(first_port)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from demo_site.server import DemoSite, Demo, demo_site_argv\n"
            "DemoSite.demos = [Demo('test', 'Test', 'x', 'test.ipynb')]\n"
            f"DemoSite.launch_instance(argv=demo_site_argv(sys.argv[1], {port}))",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    page = browser.new_page()
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
        page.goto(f"http://127.0.0.1:{port}/voila/render/test.ipynb", timeout=WIDGET_TIMEOUT_MS)
        yield page, process
    finally:
        page.close()
        stop(process)


def test_a_broken_demo_shows_a_friendly_message(browser, tmp_path):
    """Does an exception inside a demo show a short message, never a traceback?"""
    broken = "import course.widgets.base\n1 / 0"
    with one_notebook_site(browser, tmp_path, broken, 18966) as (page, _):
        page.wait_for_load_state("networkidle", timeout=WIDGET_TIMEOUT_MS)
        text = page.inner_text("body")
        assert "Traceback" not in text and "ZeroDivisionError" not in text
        assert "error" in text.lower()


CALLBACK_DEMO = """
import ipywidgets as widgets
shown = widgets.Output()
button = widgets.Button(description="run the callback")
def callback(_):
    with shown:
        print("printed inside the output widget")
        raise RuntimeError("a bug in a callback")
button.on_click(callback)
widgets.VBox([button, shown])
"""


def test_callback_output_errors_and_a_lost_server_show_on_the_page(browser, tmp_path):
    """Printed text and a callback's error appear in the Output widget (the error as one
    sentence, no traceback); when the server goes away, the page says so."""
    with one_notebook_site(browser, tmp_path, CALLBACK_DEMO, 19066) as (page, process):
        page.get_by_role("button", name="run the callback").click(timeout=WIDGET_TIMEOUT_MS)
        page.get_by_text("printed inside the output widget").wait_for(timeout=30_000)
        page.get_by_text("Something went wrong in this demo").wait_for(timeout=30_000)
        text = page.inner_text("body")
        assert "Traceback" not in text and "RuntimeError" not in text
        stop(process)
        page.get_by_text("lost its connection").wait_for(timeout=30_000)
        # The controls take no more input: out of the tab order and greyed, not left live.
        slot = page.locator(".course-widget-slot").first
        assert slot.evaluate("element => element.inert") is True
        assert slot.get_attribute("aria-disabled") == "true"
        with pytest.raises(PlaywrightError):
            page.get_by_role("button", name="run the callback").click(timeout=2_000)
