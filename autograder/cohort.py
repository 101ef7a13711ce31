"""The cohort's grades as pandas frames, read from nbgrader's gradebook (the grade of record).

Why frames: the export formats, the HTML report and the dashboard all need the same numbers; they
read them here, once, from the Gradebook API as nbgrader's own ``extract_grades`` example does.
Unlike that example, a learner without a grade does not score 0 here: each row carries a
:class:`Status` (missing, awaiting grading, could not be graded, written answers to grade,
graded, ...) so that no view or export turns work nobody has graded yet into a zero. Failure
messages are read from the autograded notebooks, where nbgrader left the error each failing
test cell raised.
"""

from __future__ import annotations

import math

import nbformat
import pandas as pd

from autograder.check_cells import cell_message, check_name
from autograder.course_dir import CourseDir
from autograder.grading import FAILED, fingerprint, read_ledger, submitted_learners
from course.catalog import Catalog, load_catalog


class Status:
    """Where one learner's work on one assignment stands; every view and export reads this.

    Why one list: the report, the dashboard, the exports and the CLI warnings must agree on what
    "missing" or "graded" means. Work that was handed in but has no grade yet is never missing,
    and an assignment nobody's work was collected for yet is not missing for anyone.
    """

    NOT_RELEASED = "not released"  # the assignment was never built (no points in the gradebook)
    NOT_COLLECTED = "not collected"  # released, but no one's work was collected yet
    MISSING = "missing"  # others' work was collected, this learner handed in nothing
    AWAITING_GRADING = "awaiting grading"  # collected (or collected again) since the last grade
    UNGRADABLE = "could not be graded"  # `autograder grade` failed on it (damaged file, ...)
    HAND_GRADING = "written answers to grade"  # autograded; a person still has to grade some
    GRADED = "graded"


HAS_GRADE = (Status.GRADED, Status.HAND_GRADING)
"""Statuses with a score in the gradebook (for HAND_GRADING, only the autograded part)."""
HANDED_IN = (Status.AWAITING_GRADING, Status.UNGRADABLE, *HAS_GRADE)

SCORE_COLUMNS = [
    "learner",
    "first",
    "last",
    "name",
    "email",
    "assignment",
    "status",
    "submitted",
    "timestamp",
    "late",
    "score",
    "max_score",
    "graded_max",
    "needs_manual_grade",
]
CHECK_COLUMNS = [
    "learner",
    "assignment",
    "notebook",
    "check",
    "name",
    "score",
    "max_score",
    "passed",
]
MESSAGE_COLUMNS = ["learner", "assignment", "check", "message"]


def person_name(first: str, last: str, learner: str) -> str:
    """How a learner is named to people: first and last name, or the id when the roster has
    neither."""
    return f"{first} {last}".strip() or learner


def _collected(course: CourseDir, assignment: str) -> dict[str, str]:
    """learner -> how their collected files relate to ``autograder grade``'s ledger: "new"
    (never graded by it), "changed" (collected again since), "failed" (the last run failed on
    these very files) or "same" (graded as they are now)."""
    ledger = read_ledger(course, assignment)
    states = {}
    for learner in submitted_learners(course, assignment):
        entry = ledger.get(learner)
        if entry is None:
            states[learner] = "new"
        elif entry.fingerprint != fingerprint(course.submitted(learner, assignment)):
            states[learner] = "changed"
        else:
            states[learner] = "failed" if entry.status == FAILED else "same"
    return states


def _status(in_gradebook: bool, needs_hand: bool, collected: str | None, any_work: bool) -> str:
    """The Status of one learner's assignment from what the gradebook and course folder hold.

    A gradebook grade without a ledger entry ("new") was made by nbgrader itself (formgrader or
    ``nbgrader autograde``) and counts; files collected again after a grade wait for grading.
    """
    if collected == "failed":
        return Status.UNGRADABLE
    if collected == "changed" or (collected == "new" and not in_gradebook):
        return Status.AWAITING_GRADING
    if in_gradebook:
        return Status.HAND_GRADING if needs_hand else Status.GRADED
    return Status.MISSING if any_work else Status.NOT_COLLECTED


def assignment_scores(course: CourseDir, catalog: Catalog | None = None) -> pd.DataFrame:
    """One row per learner and catalog exercise, with its Status; ``score`` is NaN where there
    is no grade (missing, awaiting grading, not collected), never a false 0."""
    from nbgrader.api import Gradebook, MissingEntry

    catalog = catalog or load_catalog()
    rows = []
    with Gradebook(course.db_url) as gradebook:
        known = {a.name: a for a in gradebook.assignments}
        students = sorted(gradebook.students, key=lambda s: s.id)
        for exercise in catalog.exercises:
            assignment = known.get(exercise.id)
            max_score = float(assignment.max_score) if assignment else 0.0
            collected = _collected(course, exercise.id)
            submissions = {}
            if assignment is not None:
                for student in students:
                    try:
                        submissions[student.id] = gradebook.find_submission(exercise.id, student.id)
                    except MissingEntry:
                        continue
            any_work = bool(collected or submissions)
            for student in students:
                submission = submissions.get(student.id)
                first, last = student.first_name or "", student.last_name or ""
                row = {
                    "learner": student.id,
                    "first": first,
                    "last": last,
                    "name": person_name(first, last, student.id),
                    "email": student.email or "",
                    "assignment": exercise.id,
                    "status": Status.NOT_RELEASED,
                    "submitted": student.id in collected or submission is not None,
                    "timestamp": None,
                    "late": False,
                    "score": float("nan"),
                    "max_score": max_score,
                    "graded_max": float("nan"),
                    "needs_manual_grade": False,
                }
                if max_score > 0:
                    row["status"] = _status(
                        submission is not None,
                        bool(submission is not None and submission.needs_manual_grade),
                        collected.get(student.id),
                        any_work,
                    )
                if submission is not None and row["status"] in HAS_GRADE:
                    row.update(
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
    return scores[scores["status"] != Status.NOT_RELEASED]


def learners_by_status(scores: pd.DataFrame, assignment: str) -> dict[str, list[str]]:
    """Status -> learner ids (sorted) for one assignment: what the CLI's warnings count."""
    mine = scores[scores["assignment"] == assignment]
    return {
        status: sorted(group["learner"]) for status, group in mine.groupby("status", sort=False)
    }


def check_results(course: CourseDir, assignment: str) -> pd.DataFrame:
    """One row per submitted learner and autograded test cell of ``assignment``, with the
    check's name for people (:func:`autograder.check_cells.check_name`)."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(course.db_url) as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry:
            return pd.DataFrame(columns=CHECK_COLUMNS)
        names = {
            (notebook.name, cell.name): check_name(cell.source, cell.name)
            for notebook in record.notebooks
            for cell in notebook.source_cells
        }
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
                            "name": names.get((notebook.name, grade.name), grade.name),
                            "score": score,
                            "max_score": float(grade.max_score),
                            "passed": score >= float(grade.max_score),
                        }
                    )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def failure_messages(course: CourseDir, assignment: str) -> pd.DataFrame:
    """The message each failing test cell showed (:func:`autograder.check_cells.cell_message`),
    read from the autograded notebooks."""
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
            message = cell_message(cell.get("outputs", []))
            if message:
                rows.append(
                    {
                        "learner": learner,
                        "assignment": assignment,
                        "check": meta.get("grade_id", "?"),
                        "message": message,
                    }
                )
    return pd.DataFrame(rows, columns=MESSAGE_COLUMNS)


AT_RISK_SHARE = 0.5
"""Under this share of the points graded so far, a learner is among those to contact first."""
AT_RISK_COLUMNS = ["learner", "name", "share", "missing", "ungradable", "reasons"]


def learners_at_risk(
    scores: pd.DataFrame,
    titles: dict[str, str] | None = None,
    threshold: float = AT_RISK_SHARE,
) -> pd.DataFrame:
    """The learners an instructor should contact first, with the reasons in words.

    A learner is listed when their share of the points graded so far is under ``threshold``
    (graded work counts its graded points; missing work counts 0 of its points once others'
    work in that assignment is graded; work not graded yet does not count either way), when
    more than one assignment is missing, or when their work could not be graded (someone has
    to ask for a readable file). ``titles`` names the assignments in the reasons (ids
    otherwise).
    """
    titles = titles or {}
    scores = released(scores)
    in_grading = set(scores.loc[scores["status"].isin(HAS_GRADE), "assignment"])
    rows = []
    for learner, mine in scores.groupby("learner", sort=True):
        graded = mine[mine["status"].isin(HAS_GRADE)]
        missing = mine[mine["status"] == Status.MISSING]
        zeros = missing[missing["assignment"].isin(in_grading)]
        possible = float(graded["graded_max"].sum() + zeros["max_score"].sum())
        share = float(graded["score"].sum()) / possible if possible > 0 else math.nan
        ungradable = [
            titles.get(a, a) for a in mine.loc[mine["status"] == Status.UNGRADABLE, "assignment"]
        ]
        reasons = []
        if not math.isnan(share) and share < threshold:
            reasons.append(f"{share:.1%} of the points graded so far")
        if len(missing) > 1:
            reasons.append(f"{len(missing)} assignments missing")
        if ungradable:
            reasons.append("work that could not be graded: " + ", ".join(ungradable))
        if reasons:
            rows.append(
                {
                    "learner": learner,
                    "name": mine["name"].iloc[0],
                    "share": share,
                    "missing": len(missing),
                    "ungradable": len(ungradable),
                    "reasons": "; ".join(reasons),
                }
            )
    frame = pd.DataFrame(rows, columns=AT_RISK_COLUMNS)
    return frame.sort_values(["share", "learner"], na_position="last").reset_index(drop=True)
