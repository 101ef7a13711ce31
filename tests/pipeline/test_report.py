"""Does the cohort report tell the truth at every stage of a course, readably, with names?

The fixed cohort of ``staged_cohort.py`` is read at three stages: nothing graded, the first
assignment graded, both graded (some written answers graded by hand). At each stage the
report's figures must match what the plan implies, and its page must read as a person expects:
numbers as percentages, names, plots as images, a sentence where there is nothing to plot.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.cohort import HAS_GRADE, Status
from autograder.dashboard import resolve_course_dir
from course.catalog import REPO_ROOT
from tests.pipeline.page_structure import assert_matches_golden, page_structure
from tests.pipeline.staged_cohort import FIRST, ROSTER, SECOND, STAGES

NOTHING, ONE, ALL = STAGES
SUBMITTED = 9  # of 10: one learner hands in nothing, in both assignments
RAW_NUMBER = re.compile(r"\d\.\d{3,}")


def visible_text(html: str) -> str:
    return " ".join(
        value
        for item in page_structure(html)
        for value in (
            [cell for row in item["table"] for cell in row] if "table" in item else item.values()
        )
    )


def status_counts(figures, assignment: str) -> dict[str, int]:
    mine = figures.scores[figures.scores["assignment"] == assignment]
    return mine["status"].value_counts().to_dict()


def test_nothing_graded_is_awaiting_grading_not_missing(staged_cohort):
    """Before any grading, is collected work 'awaiting grading' and nobody at risk on scores?"""
    figures = staged_cohort.figures[NOTHING]
    for assignment in (FIRST, SECOND):
        assert status_counts(figures, assignment) == {
            Status.AWAITING_GRADING: SUBMITTED,
            Status.MISSING: 1,
        }
    assert figures.graded_assignments() == []
    assert figures.items.empty and figures.pass_rates.empty
    # the one learner who handed in nothing twice is listed, for that reason only
    assert figures.at_risk["learner"].tolist() == ["hmuller"]
    assert figures.at_risk["reasons"].tolist() == ["2 assignments missing"]
    html = staged_cohort.reports[NOTHING]
    assert html.count("<img ") == 1, "only the status plot: no empty score or check plots"
    assert "Nothing is graded yet" in html and "No assignment is graded yet." in html


def test_one_assignment_graded_shares_only_what_is_graded(staged_cohort):
    """With one assignment graded, are learners with full marks there not at risk?"""
    figures = staged_cohort.figures[ONE]
    first = status_counts(figures, FIRST)
    assert first[Status.UNGRADABLE] == 1 and first[Status.MISSING] == 1
    assert first.get(Status.GRADED, 0) + first.get(Status.HAND_GRADING, 0) == SUBMITTED - 1
    assert status_counts(figures, SECOND) == {Status.AWAITING_GRADING: SUBMITTED, Status.MISSING: 1}
    risky = figures.at_risk.set_index("learner")
    full = {
        p.learner
        for p in staged_cohort.plans
        if p.assignment == FIRST and p.kind in ("full", "late")
    }
    assert full and not full & set(risky.index), "full marks so far: not at risk"
    assert risky.loc["eberg", "share"] == 0  # handed the release back unchanged
    assert risky.loc["hmuller", "share"] == 0 and risky.loc["hmuller", "missing"] == 2
    assert "could not be graded" in risky.loc["gtan", "reasons"]
    assert len(risky) < len(ROSTER) / 2
    assert figures.graded_assignments() == [FIRST]
    assert set(figures.items["assignment"]) == {FIRST}
    assert (figures.items["attempts"] == SUBMITTED - 1).all()


def test_all_graded_counts_each_status(staged_cohort):
    """With both graded, is every learner's work counted once, in the right status?"""
    figures = staged_cohort.figures[ALL]
    for assignment in (FIRST, SECOND):
        counts = status_counts(figures, assignment)
        assert sum(counts.values()) == len(ROSTER)
        assert Status.AWAITING_GRADING not in counts
    assert status_counts(figures, FIRST)[Status.GRADED] == 4  # graded by hand: 4 memos
    graded = figures.scores[figures.scores["status"].isin(HAS_GRADE)]
    assert (graded["score"] <= graded["max_score"]).all()


@pytest.mark.parametrize("stage", [ONE, ALL])
def test_item_analysis_agrees_with_the_pass_rates(staged_cohort, stage):
    """Is each check's facility its pass rate (checks are all or nothing) and flagged by rule?"""
    figures = staged_cohort.figures[stage]
    items = figures.items.set_index(["assignment", "check"])
    rates = figures.pass_rates.set_index(["assignment", "check"])
    assert set(items.index) == set(rates.index)
    for key, item in items.iterrows():
        assert item["facility"] == pytest.approx(rates.loc[key, "rate"])
        assert item["name"] and not item["name"].startswith("Check")
        if item["facility"] > 0.95:
            assert "nearly everyone" in item["flag"]


@pytest.mark.parametrize("stage", STAGES)
def test_report_reads_as_a_person_expects(staged_cohort, stage):
    """Are numbers percentages (never raw floats, NaN or None), learners named, plots images?"""
    html = staged_cohort.reports[stage]
    text = visible_text(html)
    assert not RAW_NUMBER.search(text), RAW_NUMBER.search(text)
    assert not re.search(r"\bnan\b|\bNaN\b|<Figure", text)
    cells = {cell for item in page_structure(html) for row in item.get("table", []) for cell in row}
    assert not cells & {"None", "True", "False", "nan", "NaN", ""}, "a raw value in a table"
    assert "Hans Müller" in text
    assert "<script" not in html and "Content-Security-Policy" in html
    sources = re.findall(r'src="([^"]+)"', html)
    assert all(src.startswith("data:image/png;base64,") for src in sources)
    assert "Self-check questions in the lessons" in text


def test_small_cohorts_are_told_the_figures_are_hints(staged_cohort):
    """Does the item analysis warn that ten learners are too few for firm figures?"""
    text = visible_text(staged_cohort.reports[ALL])
    assert "only 8 learner(s) have a graded attempt" in text
    assert "docs/item-analysis.md" in text


def test_report_matches_its_golden_structure(staged_cohort):
    """Does the report with both assignments graded read as the reviewed golden file?"""
    assert_matches_golden(page_structure(staged_cohort.reports[ALL]), "report-all-graded")


def test_relative_course_dir_is_resolved_where_voila_started():
    """Is COURSE_DIR=course-work found in the folder Voila started in, not the notebook's?"""
    environ = {"PWD": str(REPO_ROOT)}
    found = resolve_course_dir("course-work", environ, cwd=REPO_ROOT / "autograder")
    assert found == REPO_ROOT / "course-work"
    assert resolve_course_dir("/srv/course", environ) == Path("/srv/course")
    assert resolve_course_dir(None, {}, cwd=REPO_ROOT) == REPO_ROOT / "course-work"


def test_dashboard_notebook_shows_charts_from_a_relative_course_dir(staged_cohort, tmp_path):
    """Run the dashboard as Voila does (kernel in autograder/, COURSE_DIR relative to where the
    server started): does it show the sections with images, and never a Figure's repr?"""
    notebook = nbformat.read(REPO_ROOT / "autograder" / "dashboard.ipynb", as_version=4)
    started_in = staged_cohort.course.root.parent
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(REPO_ROOT / "autograder")}},
    )
    client.execute(
        env={**os.environ, "PWD": str(started_in), "COURSE_DIR": staged_cohort.course.root.name}
    )
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not any("<Figure" in json.dumps(o) for o in outputs)
    state = json.dumps(notebook.metadata["widgets"])
    assert "No cohort to show" not in state
    assert state.count("data:image/png;base64,") >= 3
    assert "Where each assignment stands" in state and "Item analysis" in state
