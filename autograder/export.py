"""Export grades: nbgrader's own CSV, and the gradebook-import files of Canvas and Moodle.

Why three: ``csv`` is exactly what ``nbgrader export`` writes (scripts built on it keep working);
Canvas and Moodle each import grades from a CSV of their own shape, so the instructor uploads the
file as it is instead of retyping a cohort's grades.

- Canvas: the gradebook export/import layout: ``Student, ID, SIS User ID, SIS Login ID,
  Section``, then one column per assignment named ``<title> (<id>)``, and a second row
  ``Points Possible`` giving each assignment's maximum.
- Moodle: "Import grades from CSV": one identifier column (``Email address``, which Moodle can map
  to the user's e-mail), the learner's names, and one column per grade item.

Only a finished grade is ever written into an LMS file. Work that is collected but not graded,
could not be graded, or still has written answers to grade by hand is left blank (both LMSs read
an empty cell as "no grade" and leave what they hold alone), and so is a missing submission
unless the instructor asks for zeros (``missing="zero"``). An assignment with no grade at all is
left out of the file. Each blank is announced by :func:`export_warnings` before the file is
uploaded anywhere.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from autograder.cohort import HAS_GRADE, Status, assignment_scores, learners_by_status, released
from autograder.course_dir import CourseDir
from course.catalog import Catalog, load_catalog

FORMATS = ("csv", "canvas", "moodle")
MISSING_POLICIES = ("blank", "zero")
NAMES_SHOWN = 5
"""Learner ids named in one warning line; the rest are counted."""


class ExportError(ValueError):
    """The export cannot be written; the message says why and how to fix it."""


@dataclass(frozen=True)
class Export:
    """What ``export_grades`` wrote, and what the instructor should know before uploading it."""

    path: Path
    warnings: list[str]


def export_nbgrader_csv(course: CourseDir, destination: Path) -> None:
    """Write grades with nbgrader's own CSV exporter (the ``nbgrader export`` format)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    with Gradebook(course.db_url) as gradebook:
        CsvExportPlugin(to=str(destination)).export(gradebook)


def _points(value: float) -> str:
    return f"{value:g}"


def lms_value(status: str, score: float, missing: str) -> str:
    """The cell an LMS file gets: the score of finished work, otherwise blank ("no grade"),
    or 0 for missing work when the instructor chose ``missing="zero"``."""
    if status == Status.GRADED:
        return _points(score)
    if status == Status.MISSING and missing == "zero":
        return "0"
    return ""


def graded_assignments(scores: pd.DataFrame, catalog: Catalog) -> list:
    """The catalog exercises, in course order, with at least one grade: the LMS columns."""
    graded = set(scores.loc[scores["status"].isin(HAS_GRADE), "assignment"])
    return [e for e in catalog.exercises if e.id in graded]


def _table(scores: pd.DataFrame, missing: str) -> pd.DataFrame:
    """learner x assignment -> the LMS cell (see :func:`lms_value`)."""
    cells = scores.assign(
        cell=[
            lms_value(status, score, missing)
            for status, score in zip(scores["status"], scores["score"], strict=True)
        ]
    )
    return cells.pivot(index="learner", columns="assignment", values="cell")


def canvas_rows(scores: pd.DataFrame, catalog: Catalog, missing: str = "blank") -> list[list[str]]:
    """Rows of a Canvas gradebook import (header, points possible, one row per learner)."""
    exercises = graded_assignments(scores, catalog)
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    header += [f"{e.title} ({e.id})" for e in exercises]
    maxima = scores.groupby("assignment")["max_score"].max()
    possible = ["Points Possible", "", "", "", ""] + [_points(maxima[e.id]) for e in exercises]
    rows = [header, possible]
    table = _table(scores, missing)
    names = scores.drop_duplicates("learner").set_index("learner")
    for learner in table.index:
        person = names.loc[learner]
        display = f"{person['last']}, {person['first']}".strip(", ") or learner
        row = [display, "", learner, person["email"] or learner, ""]
        row += [table.loc[learner, e.id] for e in exercises]
        rows.append(row)
    return rows


def moodle_rows(scores: pd.DataFrame, catalog: Catalog, missing: str = "blank") -> list[list[str]]:
    """Rows of a Moodle grade import (one identifier column, names, one column per item)."""
    exercises = graded_assignments(scores, catalog)
    header = ["Email address", "ID number", "First name", "Last name"]
    header += [e.title for e in exercises]
    rows = [header]
    table = _table(scores, missing)
    names = scores.drop_duplicates("learner").set_index("learner")
    for learner in table.index:
        person = names.loc[learner]
        row = [person["email"], learner, person["first"], person["last"]]
        row += [table.loc[learner, e.id] for e in exercises]
        rows.append(row)
    return rows


def _named(learners: list[str]) -> str:
    shown = ", ".join(learners[:NAMES_SHOWN])
    more = len(learners) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def export_warnings(scores: pd.DataFrame, format: str, missing: str = "blank") -> list[str]:
    """One line per assignment and kind of unfinished grading, saying what the file holds for
    those learners and what to do; empty when every grade is final."""
    nbgrader = format == "csv"
    lines = []
    for assignment in dict.fromkeys(released(scores)["assignment"]):
        groups = learners_by_status(scores, assignment)
        kinds = (
            (
                Status.HAND_GRADING,
                "have written answers not graded yet",
                "the autograded part only" if nbgrader else "left blank",
                "grade them in formgrader, then export again",
            ),
            (
                Status.AWAITING_GRADING,
                "handed in work that is collected but not graded yet",
                "0" if nbgrader else "left blank",
                f"run `autograder grade {assignment}`",
            ),
            (
                Status.UNGRADABLE,
                "handed in work that could not be graded",
                "0" if nbgrader else "left blank",
                f"`autograder grade {assignment}` printed each reason",
            ),
            (
                Status.MISSING,
                "handed in nothing",
                "0" if nbgrader or missing == "zero" else "left blank; --missing zero writes 0",
                "",
            ),
        )
        for status, what, holds, fix in kinds:
            who = groups.get(status, [])
            if who:
                advice = f"; {fix}" if fix else ""
                lines.append(
                    f"{assignment}: {len(who)} learner(s) {what} ({holds}){advice}: {_named(who)}"
                )
        if not nbgrader and not any(groups.get(s) for s in HAS_GRADE):
            lines.append(f"{assignment}: no grades yet, so it is not in the file")
    return lines


def export_grades(
    course: CourseDir, format: str, destination: Path, missing: str = "blank"
) -> Export:
    """Write the grades in ``format`` to ``destination``; return the path and the warnings."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if missing not in MISSING_POLICIES:
        raise ExportError(f"--missing must be one of {', '.join(MISSING_POLICIES)}")
    catalog = load_catalog()
    scores = assignment_scores(course, catalog)
    if scores.empty:
        raise ExportError("the gradebook has no learners yet: import a roster first")
    warnings = export_warnings(scores, format, missing)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if format == "csv":
        export_nbgrader_csv(course, destination)
        return Export(destination, warnings)
    if format == "moodle" and (scores["email"] == "").any():
        missing_mail = sorted(set(scores.loc[scores["email"] == "", "learner"]))
        raise ExportError(
            "Moodle matches learners by e-mail, and these have none in the roster: "
            + ", ".join(missing_mail[:10])
            + "; add their e-mails to the roster CSV and import it again"
        )
    if not graded_assignments(scores, catalog):
        raise ExportError(
            "nothing is graded yet, so there is nothing to upload: run "
            "`autograder grade ASSIGNMENT` first"
        )
    rows = (canvas_rows if format == "canvas" else moodle_rows)(scores, catalog, missing)
    with destination.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return Export(destination, warnings)
