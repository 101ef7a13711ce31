"""Export grades: nbgrader's own CSV, and the gradebook-import files of Canvas and Moodle.

Why three: ``csv`` is exactly what ``nbgrader export`` writes (scripts built on it keep working);
Canvas and Moodle each import grades from a CSV of their own shape, so the instructor uploads the
file as it is instead of retyping a cohort's grades.

- Canvas: the gradebook export/import layout: ``Student, ID, SIS User ID, SIS Login ID,
  Section``, then one column per assignment named ``<title> (<id>)``, and a second row
  ``Points Possible`` giving each assignment's maximum.
- Moodle: "Import grades from CSV": one identifier column (``Email address``, which Moodle can map
  to the user's e-mail), the learner's names, and one column per grade item.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from autograder.cohort import assignment_scores
from autograder.course_dir import CourseDir
from course.catalog import Catalog, load_catalog

FORMATS = ("csv", "canvas", "moodle")


class ExportError(ValueError):
    """The export cannot be written; the message says why and how to fix it."""


def export_nbgrader_csv(course: CourseDir, destination: Path) -> None:
    """Write grades with nbgrader's own CSV exporter (the ``nbgrader export`` format)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    with Gradebook(course.db_url) as gradebook:
        CsvExportPlugin(to=str(destination)).export(gradebook)


def _points(value: float) -> str:
    return f"{value:g}"


def canvas_rows(scores: pd.DataFrame, catalog: Catalog) -> list[list[str]]:
    """Rows of a Canvas gradebook import (header, points possible, one row per learner)."""
    exercises = [e for e in catalog.exercises if e.id in set(scores["assignment"])]
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    header += [f"{e.title} ({e.id})" for e in exercises]
    maxima = scores.groupby("assignment")["max_score"].max()
    possible = ["Points Possible", "", "", "", ""] + [_points(maxima[e.id]) for e in exercises]
    rows = [header, possible]
    table = scores.pivot(index="learner", columns="assignment", values="score")
    names = scores.drop_duplicates("learner").set_index("learner")
    for learner in table.index:
        person = names.loc[learner]
        display = f"{person['last']}, {person['first']}".strip(", ") or learner
        row = [display, "", learner, person["email"] or learner, ""]
        row += [_points(table.loc[learner, e.id]) for e in exercises]
        rows.append(row)
    return rows


def moodle_rows(scores: pd.DataFrame, catalog: Catalog) -> list[list[str]]:
    """Rows of a Moodle grade import (one identifier column, names, one column per item)."""
    exercises = [e for e in catalog.exercises if e.id in set(scores["assignment"])]
    header = ["Email address", "ID number", "First name", "Last name"]
    header += [e.title for e in exercises]
    rows = [header]
    table = scores.pivot(index="learner", columns="assignment", values="score")
    names = scores.drop_duplicates("learner").set_index("learner")
    for learner in table.index:
        person = names.loc[learner]
        row = [person["email"], learner, person["first"], person["last"]]
        row += [_points(table.loc[learner, e.id]) for e in exercises]
        rows.append(row)
    return rows


def export_grades(course: CourseDir, format: str, destination: Path) -> Path:
    """Write the grades in ``format`` to ``destination``; return the path written."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if format == "csv":
        export_nbgrader_csv(course, destination)
        return destination
    catalog = load_catalog()
    scores = assignment_scores(course, catalog)
    if scores.empty:
        raise ExportError("the gradebook has no learners yet: import a roster first")
    if format == "moodle" and (scores["email"] == "").any():
        missing = sorted(set(scores.loc[scores["email"] == "", "learner"]))
        raise ExportError(
            "Moodle matches learners by e-mail, and these have none in the roster: "
            + ", ".join(missing[:10])
            + "; add their e-mails to the roster CSV and import it again"
        )
    rows = canvas_rows(scores, catalog) if format == "canvas" else moodle_rows(scores, catalog)
    with destination.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return destination
