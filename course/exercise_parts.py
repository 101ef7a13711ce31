"""The graded parts of an exercise and their points, read from its nbgrader source notebook.

Why from the notebook: the points of record live in the cells' nbgrader metadata (the gradebook
copies them from there). "Check my answer" and the progress page read the same metadata, so the
points a learner is shown are the points the grader gives.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.catalog import Catalog, Exercise

RELEASES_VARIABLE = "COURSE_HUB_RELEASES"
"""On a hub: the folder of the learner versions the hub released, one per exercise id."""


@dataclass(frozen=True)
class GradedPart:
    """One graded cell: its grade id, its points, and whether a person grades it."""

    grade_id: str
    points: float
    by_hand: bool


@cache
def _parts_of(notebook: Path, modified: float) -> tuple[GradedPart, ...]:
    del modified  # part of the cache key only: a changed notebook is read again
    data = json.loads(notebook.read_text(encoding="utf-8"))
    parts = []
    for cell in data.get("cells", []):
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if grading.get("grade") and grading.get("grade_id"):
            by_hand = cell.get("cell_type") == "markdown" or bool(grading.get("solution"))
            parts.append(GradedPart(grading["grade_id"], float(grading.get("points", 0)), by_hand))
    return tuple(parts)


def _notebook_to_read(catalog: Catalog, exercise: Exercise, notebook: str) -> Path | None:
    """The source notebook, or on a hub (where only the grader reads the sources, which hold
    the solutions) the learner version the hub released: nbgrader keeps each graded cell's
    grade id and points there. ``None``: the hub did not hand this exercise out."""
    path = catalog.root / notebook
    released = os.environ.get(RELEASES_VARIABLE)
    if not released or os.access(path, os.R_OK):
        return path
    copy = Path(released) / exercise.id / Path(notebook).name
    return copy if copy.is_file() else None


def graded_parts(catalog: Catalog, exercise: Exercise) -> tuple[GradedPart, ...]:
    """Every graded cell of the exercise's notebooks, in notebook order."""
    parts: list[GradedPart] = []
    for notebook in exercise.notebooks:
        path = _notebook_to_read(catalog, exercise, notebook)
        if path is not None:
            parts += _parts_of(path, path.stat().st_mtime)
    return tuple(parts)


def autograded_parts(catalog: Catalog, exercise: Exercise) -> dict[str, float]:
    """Grade id -> points of the parts the autograder scores (written answers left out)."""
    return {p.grade_id: p.points for p in graded_parts(catalog, exercise) if not p.by_hand}
