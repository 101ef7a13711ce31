"""The whole instructor cycle on a synthetic cohort of 30, checked against a reference grader.

``autograder demo-cohort`` writes each synthetic learner's submission and records its kind. The
gradebook's totals after ``autograder grade`` must equal what the reference grader (the
repository's source notebook with the learner's answers, run outside nbgrader) gives each
learner; the exports, parsed back, must equal the gradebook; the report's figures must equal
what the plan and the reference grader say.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from autograder.cli import main
from autograder.cohort import HAS_GRADE, Status, assignment_scores
from autograder.course_dir import open_course
from autograder.demo_cohort import read_plans
from autograder.feedback import active_content
from autograder.grading import FAILED, GRADED, read_ledger
from autograder.report import cohort_figures
from course.catalog import REPO_ROOT, load_catalog
from tests.grading.notebook_grades import grade_as_the_grader

# One worker builds this module's expensive fixture once (run with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("cohort-cycle")

ASSIGNMENT = "score-a-vendor"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SIZE = 30
SCRIPT = "<script>document.title='owned'</script>"


def reference_grades(submission: Path, learner: str, workdir: Path):
    """Grade a submission's answers with the source notebook's hidden tests, outside nbgrader."""
    source = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nbformat.read(submission, as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in source.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    workdir.mkdir(parents=True, exist_ok=True)
    return grade_as_the_grader(source, learner, ASSIGNMENT, workdir)[0]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """A demo cohort, one learner's memo carrying a script, graded, with feedback and report."""
    root = tmp_path_factory.mktemp("cycle") / "course-work"
    assert (
        main(["demo-cohort", str(SIZE), "--course-dir", str(root), "--assignment", ASSIGNMENT]) == 0
    )
    course = open_course(root)
    plans = {p.learner: p for p in read_plans(course)}
    target = next(p.learner for p in plans.values() if p.kind == "full")
    path = course.submitted(target, ASSIGNMENT) / NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    memo = next(
        c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "memo"
    )
    memo.source = f"My memo {SCRIPT} <img src=x onerror=alert(1)>"
    nbformat.write(notebook, path)
    assert main(["grade", ASSIGNMENT, "--course-dir", str(root)]) == 0
    assert main(["feedback", ASSIGNMENT, "--course-dir", str(root)]) == 0
    expected = {}
    for learner, plan in plans.items():
        if plan.kind == "partial":
            submission = course.submitted(learner, ASSIGNMENT) / NOTEBOOK
            expected[learner] = reference_grades(submission, learner, root.parent / learner)
    return course, plans, target, expected


def auto_max() -> float:
    source = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    return sum(
        c.metadata["nbgrader"]["points"]
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    )


def test_the_cohort_has_every_kind_of_submission(cohort):
    """Does the synthetic cohort mix full, partial, wrong, broken, late and missing work?"""
    _, plans, _, _ = cohort
    kinds = {p.kind for p in plans.values()}
    assert len(plans) == SIZE
    assert kinds == {"full", "partial", "wrong", "broken", "late", "missing"}


def test_gradebook_totals_match_the_reference_grader(cohort):
    """Does every learner's gradebook score equal what the reference grader expects?"""
    course, plans, _, expected = cohort
    scores = assignment_scores(course).set_index("learner")
    scores = scores[scores["assignment"] == ASSIGNMENT]
    full = auto_max()
    ledger = read_ledger(course, ASSIGNMENT)
    for learner, plan in plans.items():
        row = scores.loc[learner]
        if plan.kind in ("full", "late"):
            assert row["score"] == full, learner
            assert ledger[learner].status == GRADED
        elif plan.kind == "partial":
            assert row["score"] == expected[learner].auto_score < full, learner
        elif plan.kind == "wrong":
            assert row["submitted"] and row["score"] == 0, learner
        elif plan.kind == "broken":
            assert row["status"] == Status.UNGRADABLE and pd.isna(row["score"]), learner
            assert ledger[learner].status == FAILED
            assert "JSON" in ledger[learner].reason or "notebook" in ledger[learner].reason
        else:
            assert not row["submitted"] and row["status"] == Status.MISSING, learner
            assert pd.isna(row["score"]), learner
        assert row["late"] == (plan.kind == "late"), learner


def test_regrading_without_changes_grades_nothing(cohort, capsys):
    """Does a second `grade` leave every graded submission alone (only the ones that could not
    be graded are tried again) and the gradebook unchanged?"""
    course, plans, _, _ = cohort
    before = assignment_scores(course)
    failed = [
        learner
        for learner, entry in read_ledger(course, ASSIGNMENT).items()
        if entry.status == FAILED
    ]
    assert main(["grade", ASSIGNMENT, "--course-dir", str(course.root)]) == 0
    submitted = sum(1 for p in plans.values() if p.kind != "missing")
    said = capsys.readouterr().out
    assert f"0 graded, {submitted - len(failed)} unchanged" in said, said
    assert f"{len(failed)} could not be graded" in said, said
    pd.testing.assert_frame_equal(before, assignment_scores(course))


def test_feedback_never_carries_a_learners_script(cohort):
    """Is the script in one learner's memo shown as text, with no active content on the page?"""
    course, plans, target, _ = cohort
    page = course.feedback(target, ASSIGNMENT) / f"{ASSIGNMENT}.html"
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title='owned'&lt;/script&gt;" in html
    assert active_content(html) == []
    graded = [p.learner for p in plans.values() if p.kind in ("full", "late", "partial", "wrong")]
    assert all(
        (course.feedback(lid, ASSIGNMENT) / f"{ASSIGNMENT}.html").is_file() for lid in graded
    )


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_exports_parse_back_to_the_gradebook(cohort, tmp_path):
    """Do the nbgrader, Canvas and Moodle files, read back, give every finished grade?"""
    course, plans, _, _ = cohort
    scores = assignment_scores(course)
    mine = scores[scores["assignment"] == ASSIGNMENT].set_index("learner")
    title = load_catalog().exercise(ASSIGNMENT).title
    for fmt in ("csv", "canvas", "moodle"):
        out = tmp_path / f"{fmt}.csv"
        assert (
            main(["export", "--format", fmt, "--out", str(out), "--course-dir", str(course.root)])
            == 0
        )
    nbgrader_csv = pd.read_csv(tmp_path / "csv.csv")
    nbgrader_csv = nbgrader_csv[nbgrader_csv["assignment"] == ASSIGNMENT].set_index("student_id")
    graded = mine[mine["status"].isin(HAS_GRADE)]["score"]
    assert nbgrader_csv["score"][graded.index].to_dict() == pytest.approx(graded.to_dict())
    expected = {
        learner: f"{row['score']:g}" if row["status"] == Status.GRADED else ""
        for learner, row in mine.iterrows()
    }
    canvas = read_csv(tmp_path / "canvas.csv")
    column = canvas[0].index(f"{title} ({ASSIGNMENT})")
    assert canvas[1][0] == "Points Possible" and float(canvas[1][column]) == 13
    assert {row[2]: row[column] for row in canvas[2:]} == expected
    moodle = read_csv(tmp_path / "moodle.csv")
    column = moodle[0].index(title)
    assert {row[1]: row[column] for row in moodle[1:]} == expected
    assert all(row[0] == f"{row[1]}@example.edu" for row in moodle[1:])
    assert len(moodle) - 1 == len(plans)


def test_report_figures_match_the_plan_and_the_reference(cohort, tmp_path):
    """Are the report's status counts, pass rates and messages those the plan implies?"""
    course, plans, _, expected = cohort
    figures = cohort_figures(course)
    mine = figures.scores[figures.scores["assignment"] == ASSIGNMENT]
    status = mine["status"].value_counts()
    kinds = pd.Series([p.kind for p in plans.values()]).value_counts()
    assert mine["late"].sum() == kinds.get("late", 0)
    assert status.get(Status.UNGRADABLE, 0) == kinds.get("broken", 0)
    assert status.get(Status.MISSING, 0) == kinds.get("missing", 0)
    graded = sum(kinds.get(k, 0) for k in ("full", "late", "partial", "wrong"))
    assert status.get(Status.GRADED, 0) + status.get(Status.HAND_GRADING, 0) == graded
    # Pass rate of each check: full and late pass everything, wrong passes nothing, partial
    # learners pass what the reference grader says.
    rates = figures.pass_rates.set_index("check")
    for check, row in rates.iterrows():
        passed = sum(1 for p in plans.values() if p.kind in ("full", "late"))
        passed += sum(
            1 for g in expected.values() if g.cell(check).score == g.cell(check).max_score
        )
        attempts = sum(1 for p in plans.values() if p.kind in ("full", "late", "wrong", "partial"))
        assert (row["passed"], row["attempts"]) == (passed, attempts), check
    # Each counted failure message is one a partial (or wrong) learner really got.
    for _, row in figures.messages.iterrows():
        seen = sum(1 for g in expected.values() if row["message"] in g.cell(row["check"]).message)
        wrong = sum(1 for p in plans.values() if p.kind == "wrong")
        assert seen <= row["count"] <= seen + wrong, row["message"]
    wrong_learners = {p.learner for p in plans.values() if p.kind in ("wrong", "broken", "missing")}
    assert wrong_learners <= set(figures.at_risk["learner"])
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out), "--course-dir", str(course.root)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 3
    assert "<script" not in html and "Content-Security-Policy" in html


def test_formgrader_exporter_sanitizes_learner_html(cohort):
    """Does the HTML exporter formgrader builds from the course settings neutralise the script?"""
    from nbconvert.exporters import HTMLExporter
    from traitlets.config.loader import PyFileConfigLoader

    course, _, target, _ = cohort
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course.root)).load_config()
    exporter = HTMLExporter(config=config)  # formgrader: HTMLExporter(config=self.config)
    html, _ = exporter.from_filename(str(course.autograded(target, ASSIGNMENT) / NOTEBOOK))
    assert "&lt;script&gt;document.title='owned'&lt;/script&gt;" in html
    assert active_content(html) == []
