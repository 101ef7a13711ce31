"""The cohort's grades as pandas frames, read from nbgrader's gradebook (the grade of record).

Why frames: the export formats, the HTML report and the dashboard all need the same numbers; they
read them here, once, the way nbgrader's own ``extract_grades`` example does (a learner with no
submission scores 0). Failure messages are read from the autograded notebooks, where nbgrader
left the error each failing test cell raised.
"""

from __future__ import annotations

import nbformat
import pandas as pd

from autograder.course_dir import CourseDir
from course.catalog import Catalog, load_catalog

SCORE_COLUMNS = [
    "learner",
    "first",
    "last",
    "email",
    "assignment",
    "submitted",
    "timestamp",
    "late",
    "score",
    "max_score",
    "graded_max",
    "needs_manual_grade",
]
CHECK_COLUMNS = ["learner", "assignment", "notebook", "check", "score", "max_score", "passed"]
MESSAGE_COLUMNS = ["learner", "assignment", "check", "message"]


def assignment_scores(course: CourseDir, catalog: Catalog | None = None) -> pd.DataFrame:
    """One row per learner and catalog exercise (missing submissions: score 0, not submitted)."""
    from nbgrader.api import Gradebook, MissingEntry

    catalog = catalog or load_catalog()
    rows = []
    with Gradebook(course.db_url) as gradebook:
        known = {a.name: a for a in gradebook.assignments}
        for exercise in catalog.exercises:
            assignment = known.get(exercise.id)
            for student in gradebook.students:
                row = {
                    "learner": student.id,
                    "first": student.first_name or "",
                    "last": student.last_name or "",
                    "email": student.email or "",
                    "assignment": exercise.id,
                    "submitted": False,
                    "timestamp": None,
                    "late": False,
                    "score": 0.0,
                    "max_score": float(assignment.max_score) if assignment else 0.0,
                    "graded_max": float(assignment.max_score) if assignment else 0.0,
                    "needs_manual_grade": False,
                }
                if assignment is not None:
                    try:
                        submission = gradebook.find_submission(exercise.id, student.id)
                    except MissingEntry:
                        submission = None
                    if submission is not None:
                        row.update(
                            submitted=True,
                            timestamp=submission.timestamp,
                            late=bool(submission.total_seconds_late > 0),
                            score=float(submission.score),
                            graded_max=graded_max(submission),
                            needs_manual_grade=bool(submission.needs_manual_grade),
                        )
                rows.append(row)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def graded_max(submission) -> float:
    """The points a submission could have earned in the cells graded so far: written answers
    waiting for a hand grade are left out, so a full autograded score reads as 100%."""
    return float(
        sum(
            grade.max_score
            for notebook in submission.notebooks
            for grade in notebook.grades
            if not grade.needs_manual_grade
        )
    )


def released(scores: pd.DataFrame) -> pd.DataFrame:
    """Only the rows of assignments that are in play (generated into the gradebook)."""
    return scores[scores["max_score"] > 0]


def check_results(course: CourseDir, assignment: str) -> pd.DataFrame:
    """One row per submitted learner and autograded test cell of ``assignment``."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(course.db_url) as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry:
            return pd.DataFrame(columns=CHECK_COLUMNS)
        for submission in record.submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell.cell_type != "code" or grade.auto_score is None:
                        continue  # written answers are graded by hand
                    score = float(grade.score)
                    rows.append(
                        {
                            "learner": submission.student.id,
                            "assignment": assignment,
                            "notebook": notebook.name,
                            "check": grade.name,
                            "score": score,
                            "max_score": float(grade.max_score),
                            "passed": score >= float(grade.max_score),
                        }
                    )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def failure_messages(course: CourseDir, assignment: str) -> pd.DataFrame:
    """The message each failing test cell showed, read from the autograded notebooks."""
    rows = []
    root = course.root / "autograded"
    for path in sorted(root.glob(f"*/{assignment}/*.ipynb")) if root.is_dir() else []:
        learner = path.parent.parent.name
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:  # an unreadable autograded copy has no messages to offer
            continue
        for cell in notebook.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade"):
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    rows.append(
                        {
                            "learner": learner,
                            "assignment": assignment,
                            "check": meta.get("grade_id", "?"),
                            "message": short_message(output),
                        }
                    )
    return pd.DataFrame(rows, columns=MESSAGE_COLUMNS)


def short_message(output: dict) -> str:
    """The learner-facing message of an error output (its class name when it has no text)."""
    value = str(output.get("evalue", "")).strip()
    return value if value else str(output.get("ename", "Error"))


def learners_at_risk(scores: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Learners whose share of the points graded so far is under ``threshold`` (a missing
    submission counts as 0 of its points), or who missed more than one assignment: the ones
    an instructor should contact first."""
    scores = released(scores)
    if scores.empty:
        return pd.DataFrame(columns=["learner", "share", "missing"])
    per_learner = scores.groupby("learner").agg(
        score=("score", "sum"),
        graded_max=("graded_max", "sum"),
        missing=("submitted", lambda s: int((~s).sum())),
    )
    per_learner["share"] = per_learner["score"] / per_learner["graded_max"].where(
        per_learner["graded_max"] > 0
    )
    risky = per_learner[(per_learner["share"].fillna(0) < threshold) | (per_learner["missing"] > 1)]
    return risky.reset_index()[["learner", "share", "missing"]].sort_values("share")
