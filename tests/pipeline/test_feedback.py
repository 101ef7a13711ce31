"""Can a learner read their feedback page, and does formgrader show checks the same way?

The fixed cohort of ``staged_cohort.py`` gets its first assignment's feedback after some memos
are graded by hand. Every page must name each check, give its points and its message in full,
show case tables as tables, say "not graded yet" where a person still has to grade, and carry
no grading machinery: no test code (visible or hidden), no traceback, no escaped HTML source.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from nbgrader.server_extensions.formgrader import handlers
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from autograder.check_cells import cell_message, check_name
from autograder.feedback import active_content, clean_html
from course.catalog import REPO_ROOT
from tests.pipeline.page_structure import assert_matches_golden, page_structure
from tests.pipeline.staged_cohort import FEEDBACK_LEARNER, FIRST, HAND_GRADED

MACHINERY = re.compile(
    r"sys\.modules|BEGIN HIDDEN|END HIDDEN|verify\(|check_answer\(|Traceback|"
    r"autograder/checks|&lt;(p|table|style|div)\b|<style scoped|Test cell|Score: 0\.0"
)


def page(staged_cohort, learner: str) -> str:
    path = staged_cohort.course.feedback(learner, FIRST) / f"{FIRST}.html"
    return path.read_text(encoding="utf-8")


def source_checks() -> list[tuple[str, str, float]]:
    """(grade id, name, points) of every autograded check, from the exercise's source."""
    notebook = nbformat.read(REPO_ROOT / "exercises" / FIRST / f"{FIRST}.ipynb", as_version=4)
    found = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            found.append(
                (meta["grade_id"], check_name(cell.source, meta["grade_id"]), meta["points"])
            )
    return found


def summary_items(html: str) -> list[str]:
    structure = page_structure(html)
    start = next(
        i for i, item in enumerate(structure) if item.get("h2") == "Your checks and answers"
    )
    return [item["li"] for item in structure[start + 1 :] if "li" in item][
        : len(source_checks()) + 1
    ]


def graded_learners(staged_cohort) -> list[str]:
    return sorted(p.name for p in (staged_cohort.course.root / "feedback").iterdir())


def test_every_graded_learner_gets_a_page_without_machinery(staged_cohort):
    """Does each page leave out test code, tracebacks, escaped tags and 'Test cell'?"""
    learners = graded_learners(staged_cohort)
    assert len(learners) == 8  # ten learners: one handed in nothing, one file was broken
    for learner in learners:
        html = page(staged_cohort, learner)
        found = MACHINERY.search(html.replace("Generic.Traceback", ""))
        assert not found, f"{learner}: {found.group(0)!r} on the page"
        assert active_content(html) == []
        assert "<script" not in html


def test_each_check_is_listed_by_name_with_its_points(staged_cohort):
    """Does the summary name every check as its docstring does, with its points?"""
    items = summary_items(page(staged_cohort, FEEDBACK_LEARNER))
    checks = source_checks()
    assert len(items) == len(checks) + 1  # and the memo
    for item, (_, name, points) in zip(items, checks, strict=False):
        assert item.startswith(f"{name}:"), item
        assert re.search(rf"\b(\d+) of {points:g} points?$", item), item
    assert items[-1].endswith("not graded yet (3 points)")


def test_failed_checks_show_their_whole_message(staged_cohort):
    """Is each failing check's teaching message on the page in full, as the grader raised it?"""
    learner = FEEDBACK_LEARNER
    graded = nbformat.read(
        staged_cohort.course.autograded(learner, FIRST) / f"{FIRST}.ipynb", as_version=4
    )
    text = " ".join(
        value
        for item in page_structure(page(staged_cohort, learner))
        for value in item.values()
        if isinstance(value, str)
    )
    messages = [cell_message(c.outputs) for c in graded.cells if c.cell_type == "code"]
    messages = [m for m in messages if m]
    assert len(messages) >= 2, "the plan gives this learner two misconceptions"
    for message in messages:
        assert " ".join(message.split()) in text


def test_written_answers_say_whether_a_person_graded_them(staged_cohort):
    """Is an ungraded memo 'not graded yet', and a graded one its points, never 'Score: 0.0'?"""
    pending = page(staged_cohort, FEEDBACK_LEARNER)
    assert "Not graded yet" in pending and "your instructor has not graded it yet" in pending
    assert "of written answers not graded yet" in pending
    for learner, points in HAND_GRADED[FIRST].items():
        html = page(staged_cohort, learner)
        assert "Not graded yet" not in html
        assert f"{points:g} of 3 points" in summary_items(html)[-1]


def test_case_tables_are_tables(staged_cohort):
    """Do the learner's case tables render as HTML tables, with no style block or raw tag?"""
    html = page(staged_cohort, FEEDBACK_LEARNER)
    tables = [item for item in page_structure(html) if "table" in item]
    assert len(tables) >= 3
    assert any("Service capability" in " ".join(map(" ".join, t["table"])) for t in tables)


def test_feedback_warns_about_written_answers_not_graded(staged_cohort):
    """Does `autograder feedback` name the learners whose memo still needs a hand grade?"""
    printed = staged_cohort.feedback_output
    warning = next(line for line in printed.splitlines() if "not graded yet" in line)
    assert FEEDBACK_LEARNER in warning and "formgrader" in warning
    assert not any(learner in warning for learner in HAND_GRADED[FIRST])


def test_feedback_page_matches_its_golden_structure(staged_cohort):
    """Does one learner's page read as the reviewed golden file? Compared: the summary, every
    check, answer and written-answer box, and how many tables and images the page shows (the
    exercise's own prose is the exercise's business, not the feedback's)."""
    structure = page_structure(page(staged_cohort, FEEDBACK_LEARNER))
    ours = [item for item in structure if "region" in item and "table" not in item]
    ours.append({"tables": sum("table" in item for item in structure)})
    ours.append({"images": sum("image" in item for item in structure)})
    assert_matches_golden(ours, f"feedback-{FIRST}-{FEEDBACK_LEARNER}")


def formgrader_exporter(course_root) -> HTMLExporter:
    """The exporter formgrader builds: its own settings, then the course's nbgrader_config.py."""
    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config())
    return HTMLExporter(config=config)


def test_formgrader_shows_checks_by_name_and_keeps_its_score_inputs(staged_cohort):
    """Does formgrader's grading view show checks as feedback does, with its score controls?"""
    course = staged_cohort.course
    resources = {
        "assignment_id": FIRST,
        "notebook_id": FIRST,
        "submission_id": "id",
        "index": 0,
        "total": 1,
        "base_url": "",
        "student": FEEDBACK_LEARNER,
        "last_name": "Chen",
        "first_name": "Bo",
        "notebook_path": "x",
    }
    path = course.autograded(FEEDBACK_LEARNER, FIRST) / f"{FIRST}.ipynb"
    html, _ = formgrader_exporter(course.root).from_filename(str(path), resources=resources)
    assert not MACHINERY.search(html.replace("Generic.Traceback", ""))
    for grade_id, name, _ in source_checks():
        assert f"Check: {name}" in html
        assert f'id="{grade_id}"' in html, "formgrader's score input for the check"
    assert 'id="memo"' in html and "formgrade.js" in html


@pytest.mark.parametrize(
    ("dirty", "kept", "gone"),
    [
        ("<style scoped>.x{}</style><table><tr><td>1</td></tr></table>", "<table>", ".x{}"),
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script>"),
        ('<img src="x" onerror="alert(1)">', "<img>", "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>", "javascript:"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', 'src="data:image/png', ""),
        ('<p id="x" style="color:red">t</p>', "<p>t</p>", "style="),
    ],
)
def test_clean_html_keeps_tables_and_text_and_nothing_that_runs(dirty, kept, gone):
    """Does the page sanitizer keep what a person reads and neutralise what could run?"""
    cleaned = clean_html(dirty)
    assert kept in cleaned
    if gone:
        assert gone not in cleaned
