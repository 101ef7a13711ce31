"""What an instructor and a learner see: feedback page, report, dashboard and formgrader.

Each page is opened in Chromium at 1280 and 390 px wide on the fixed cohort of
``tests/pipeline/staged_cohort.py`` and checked for what a person would notice: no raw HTML
source, no ``<Figure ...>``, no traceback, no hidden-test line, every plot an image that
loaded, nothing running off the right edge (wide tables may scroll inside their own box).
Screenshots are saved in tests/browser/screenshots/ for review.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator

import pytest

from autograder.instructor_commands import lab_command
from course.catalog import REPO_ROOT
from tests.browser.conftest import screenshot_path, serving
from tests.pipeline.conftest import staged_cohort  # noqa: F401 (the shared cohort fixture)
from tests.pipeline.staged_cohort import FEEDBACK_LEARNER, FIRST, STAGES

# One worker builds this module's servers once (run with --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("instructor-browser")]
WIDTHS = (1280, 390)
LOAD_TIMEOUT_MS = 120_000
NOTICEABLE = (
    "<table",
    "<p>",
    "<style",
    "<div",
    "<Figure",
    "Traceback",
    "sys.modules",
    "BEGIN HIDDEN",
    "verify(",
    "NaN",
    "Test cell",
)

OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const offenders = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = element.parentElement, held = false;
    while (parent && parent !== document.body) {
      if (scrolls(parent) && parent.getBoundingClientRect().right <= width + 1) {
        held = true;
        break;
      }
      parent = parent.parentElement;
    }
    const where = element.tagName + '.' + element.className;
    if (!held) offenders.push(where + ' ' + Math.round(box.right));
  }
  return {page: document.documentElement.scrollWidth - width, offenders: offenders.slice(0, 5)};
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_readable(page, name: str, width: int) -> str:
    """The page's visible text, after asserting what a person would notice; saves a shot."""
    page.screenshot(path=str(screenshot_path(f"{name}-{width}")), full_page=True)
    text = page.inner_text("body")
    seen = [marker for marker in NOTICEABLE if marker in text]
    assert not seen, f"{name} at {width} px shows {seen}"
    images = page.evaluate(
        "() => Array.from(document.images).map(i => [i.alt, i.complete && i.naturalWidth > 0])"
    )
    assert all(loaded for _, loaded in images), f"{name}: an image did not load: {images}"
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    assert overflow["page"] <= 1 and not overflow["offenders"], f"{name} at {width} px: {overflow}"
    return text


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_feedback_page_reads_as_a_learner_expects(context, staged_cohort, width):  # noqa: F811
    """Does a learner see each check by name with its message, tables as tables, no machinery?"""
    path = staged_cohort.course.feedback(FEEDBACK_LEARNER, FIRST) / f"{FIRST}.html"
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())
    text = assert_readable(page, "feedback", width)
    assert "The weighted totals are right for your case" in text
    assert "Divide each weight by the sum of all weights first" in text
    assert "Not graded yet" in text
    messages = page.locator(".check .message")
    assert messages.count() >= 2
    for index in range(messages.count()):
        cut = messages.nth(index).evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not cut, "a check's message is cut off at the right edge"
    assert page.locator(".output_html table").count() >= 3
    page.close()


@pytest.mark.parametrize("stage", STAGES)
def test_report_reads_as_an_instructor_expects(context, staged_cohort, tmp_path, stage):  # noqa: F811
    """Is the report readable at both widths and at each stage, its plots images?"""
    report = tmp_path / "report.html"
    report.write_text(staged_cohort.reports[stage], encoding="utf-8")
    page = context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(report.as_uri())
        text = assert_readable(page, f"report-{stage.replace(' ', '-')}", width)
        assert "Hans Müller" in text and "Where each assignment stands" in text
        assert page.locator("img").count() == (1 if stage == STAGES[0] else 3)
    page.close()


@pytest.fixture(scope="module")
def dashboard(staged_cohort) -> Iterator[str]:  # noqa: F811
    """Voila started from the repository root, COURSE_DIR relative to it, as the README says."""
    port = free_port()
    relative = os.path.relpath(staged_cohort.course.root, REPO_ROOT)
    command = [sys.executable, "-m", "voila", "autograder/dashboard.ipynb", "--no-browser"]
    with serving(
        [*command, f"--port={port}", "--Voila.ip=127.0.0.1"],
        f"http://127.0.0.1:{port}",
        cwd=REPO_ROOT,
        env={**os.environ, "COURSE_DIR": relative, "PWD": str(REPO_ROOT)},
    ) as base:
        yield base


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_shows_charts_not_figure_reprs(context, dashboard, width):
    """Does the dashboard, started from the repository root, show the report's sections with
    their charts as images, and never '<Figure size ...>'?"""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(dashboard, timeout=LOAD_TIMEOUT_MS)
    page.get_by_text("Where each assignment stands").first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.get_by_text("Score distribution").first.click()
    page.locator("img[alt='score distribution per graded assignment']").wait_for(
        timeout=LOAD_TIMEOUT_MS
    )
    text = assert_readable(page, "dashboard", width)
    assert "No cohort to show" not in text
    assert page.locator("img").count() >= 2
    page.close()


@pytest.fixture(scope="module")
def formgrader(staged_cohort) -> Iterator[str]:  # noqa: F811
    """JupyterLab as `autograder lab` starts it (as root here, like a grading container)."""
    port = free_port()
    command = lab_command(staged_cohort.course, port, as_root=os.geteuid() == 0)
    with serving(
        [*command, "--IdentityProvider.token=instructor-test"],
        f"http://127.0.0.1:{port}",
        ready_path="/api",
        cwd=staged_cohort.course.root,
    ) as base:
        yield base


def submission_id(course, learner: str) -> str:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        return gradebook.find_submission_notebook(FIRST, FIRST, learner).id


@pytest.mark.parametrize("width", WIDTHS)
def test_formgrader_shows_checks_like_the_feedback(context, formgrader, staged_cohort, width):  # noqa: F811
    """Does formgrader's grading view name each check, give its message, hide its test code,
    and still load nbgrader's score controls?"""
    page = context.new_page()
    page.goto(f"{formgrader}/login?token=instructor-test")
    page.set_viewport_size({"width": width, "height": 900})
    submission = submission_id(staged_cohort.course, FEEDBACK_LEARNER)
    page.goto(f"{formgrader}/formgrader/submissions/{submission}/")
    page.wait_for_function(
        "() => document.querySelector('input.score') && "
        "document.querySelector('input.score').placeholder !== ''",
        timeout=LOAD_TIMEOUT_MS,
    )
    page.screenshot(path=str(screenshot_path(f"formgrader-{width}")), full_page=True)
    text = page.inner_text("body")
    assert not [marker for marker in NOTICEABLE if marker in text]
    assert "Check: The weighted totals are right for your case" in text
    assert "Divide each weight by the sum of all weights first" in text
    placeholders = page.evaluate(
        "() => Array.from(document.querySelectorAll('input.score')).map(e => e.placeholder)"
    )
    assert placeholders.count("") == 1, "every autograded check shows its score; the memo waits"
    page.close()


def test_formgrader_finds_the_exchange(context, formgrader):
    """Does formgrader's Manage Assignments page find the course's exchange (no warning
    banner), so that its Release and Collect buttons work?"""
    page = context.new_page()
    page.goto(f"{formgrader}/login?token=instructor-test")
    page.goto(f"{formgrader}/formgrader/manage_assignments")
    page.get_by_text(FIRST).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.screenshot(path=str(screenshot_path("formgrader-assignments-1280")), full_page=True)
    assert page.locator("#warning-exchange").count() == 0
    page.close()
