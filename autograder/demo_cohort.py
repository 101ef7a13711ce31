"""A synthetic cohort: a roster and submissions with a realistic mix of outcomes.

Why: demos, tests and benchmarks need a cohort that looks like a real one without anyone's real
work. Each synthetic learner gets one kind of submission per assignment, drawn with a fixed seed
so the same command builds the same cohort:

- ``full``: the reference solution, written into the released notebook;
- ``partial``: the reference with one or two catalogued misconceptions
  (``autograder.misconceptions``), so the cohort fails real checks with real messages;
- ``wrong``: the release handed back unchanged;
- ``broken``: a damaged file (not JSON, or an empty file);
- ``late``: the reference, submitted after the due date;
- ``missing``: nothing submitted.

The kinds are recorded in ``demo-cohort.json`` in the course directory, so tests can check the
gradebook against what each synthetic learner should have earned.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat

from autograder.collect import TIMESTAMP_FORMAT
from autograder.course_dir import CourseDir, nbgrader_api
from autograder.misconceptions import CATALOGUE, Misconception
from autograder.roster import import_roster
from course.catalog import REPO_ROOT, Catalog, Exercise, load_catalog

KINDS = ("full", "partial", "wrong", "broken", "late", "missing")
MIX = {"full": 40, "partial": 30, "wrong": 8, "broken": 6, "late": 8, "missing": 8}
"""Percent of learners per kind: most do well, a third hold a misconception, a few fail."""

DUE_DATE = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
RECORD_FILE = "demo-cohort.json"
MEMO = "The plan follows the case: I weighed the figures against the risks the case names."
_SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.MULTILINE)


class DemoCohortError(RuntimeError):
    """The demo cohort cannot be built; the message says why."""


@dataclass(frozen=True)
class Planned:
    """What one synthetic learner hands in for one assignment."""

    learner: str
    assignment: str
    kind: str
    misconceptions: tuple[str, ...] = ()


def learner_ids(size: int) -> list[str]:
    width = max(3, len(str(size)))
    return [f"demo-{number:0{width}d}" for number in range(1, size + 1)]


def write_roster(path: Path, learners: list[str]) -> None:
    lines = ["id,first,last,email"]
    lines += [f"{lid},Demo,Learner {lid[5:]},{lid}@example.edu" for lid in learners]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def plan_cohort(learners: list[str], exercises: Iterable[Exercise], seed: int) -> list[Planned]:
    """Draw each learner's kind of submission per assignment (same seed, same cohort)."""
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    plans = []
    for exercise in exercises:
        catalogue: list[Misconception] = CATALOGUE.get(exercise.id, [])
        for learner in learners:
            kind = rng.choices(kinds, weights)[0]
            chosen: tuple[str, ...] = ()
            if kind == "partial":
                if not catalogue:
                    kind = "full"
                else:
                    count = min(len(catalogue), rng.choice((1, 1, 2)))
                    chosen = tuple(m.name for m in rng.sample(catalogue, count))
            plans.append(Planned(learner, exercise.id, kind, chosen))
    return plans


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solution_sources(source: nbformat.NotebookNode) -> dict[str, str]:
    """grade id -> the reference answer, as a learner would have typed it (no markers)."""
    found = {}
    for cell in source.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            found[meta["grade_id"]] = _SOLUTION_MARKERS.sub("", cell.source).strip()
        elif meta.get("solution") and cell.cell_type == "markdown":
            found[meta["grade_id"]] = MEMO
    return found


def submission_notebook(
    release: nbformat.NotebookNode, answers: dict[str, str]
) -> nbformat.NotebookNode:
    """The released notebook with ``answers`` typed into its answer cells."""
    notebook = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in notebook.cells:
        grade_id = _grade_id(cell)
        if grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def _answers_for(plan: Planned, reference: dict[str, str]) -> dict[str, str]:
    answers = dict(reference)
    by_name = {m.name: m for m in CATALOGUE.get(plan.assignment, [])}
    for name in plan.misconceptions:
        for grade_id, source in by_name[name].replace.items():
            answers[grade_id] = source.strip()
    return answers


def write_submission(
    course: CourseDir,
    plan: Planned,
    release_dir: Path,
    references: dict[str, dict[str, str]],
) -> None:
    """Write one planned submission into ``submitted/`` (nothing for ``missing``)."""
    if plan.kind == "missing":
        return
    folder = course.submitted(plan.learner, plan.assignment)
    folder.mkdir(parents=True, exist_ok=True)
    when = DUE_DATE + (timedelta(days=2) if plan.kind == "late" else -timedelta(days=1))
    (folder / "timestamp.txt").write_text(when.strftime(TIMESTAMP_FORMAT), encoding="utf-8")
    for path in sorted(release_dir.glob("*.ipynb")):
        target = folder / path.name
        if plan.kind == "broken":
            damaged = "" if sum(map(ord, plan.learner)) % 2 else '{"cells": [ {"cell_type": '
            target.write_text(damaged, encoding="utf-8")
            continue
        release = nbformat.read(path, as_version=4)
        if plan.kind == "wrong":
            nbformat.write(release, target)
            continue
        answers = _answers_for(plan, references[path.name])
        nbformat.write(submission_notebook(release, answers), target)


References = dict[str, dict[str, dict[str, str]]]
"""assignment -> notebook file name -> grade id -> the reference answer."""


def release_with_references(course: CourseDir, exercises: list[Exercise]) -> References:
    """Release each exercise (due ``DUE_DATE``) and read its reference answers."""
    from nbgrader.api import Gradebook

    api = nbgrader_api(course)
    references: References = {}
    for exercise in exercises:
        result = api.generate_assignment(exercise.id, force=True, create=True)
        if not result.get("success"):
            raise DemoCohortError(
                f"nbgrader could not release {exercise.id}: {result.get('error')}"
            )
        with Gradebook(course.db_url) as gradebook:
            gradebook.update_or_create_assignment(
                exercise.id, duedate=DUE_DATE.replace(tzinfo=None)
            )
        references[exercise.id] = {
            Path(nb).name: solution_sources(nbformat.read(REPO_ROOT / nb, as_version=4))
            for nb in exercise.notebooks
        }
    return references


def build_demo_cohort(
    course: CourseDir,
    size: int,
    seed: int = 2026,
    exercise_ids: list[str] | None = None,
    catalog: Catalog | None = None,
    progress: Callable[[Iterable[Planned]], Iterable[Planned]] = lambda items: items,
) -> list[Planned]:
    """Roster, releases and submissions for ``size`` synthetic learners; returns the plan."""
    if size < 1:
        raise DemoCohortError("a demo cohort needs at least one learner")
    catalog = catalog or load_catalog()
    exercises = [catalog.exercise(e) for e in exercise_ids] if exercise_ids else catalog.exercises
    learners = learner_ids(size)
    roster = course.root / "demo-roster.csv"
    write_roster(roster, learners)
    import_roster(course, roster)
    references = release_with_references(course, exercises)
    plans = plan_cohort(learners, exercises, seed)
    for plan in progress(plans):
        write_submission(course, plan, course.release(plan.assignment), references[plan.assignment])
    record_plans(course, seed, plans)
    return plans


def record_plans(course: CourseDir, seed: int, plans: list[Planned]) -> None:
    """Write the plan to ``demo-cohort.json`` so tests can check grades against it."""
    record = {"seed": seed, "due": DUE_DATE.isoformat(), "plans": [asdict(p) for p in plans]}
    (course.root / RECORD_FILE).write_text(json.dumps(record, indent=1), encoding="utf-8")


def read_plans(course: CourseDir) -> list[Planned]:
    """The plan ``build_demo_cohort`` recorded in the course directory."""
    raw = json.loads((course.root / RECORD_FILE).read_text(encoding="utf-8"))
    return [Planned(**{**p, "misconceptions": tuple(p["misconceptions"])}) for p in raw["plans"]]
