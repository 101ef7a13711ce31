"""Build the learner copies of the exercises (``my-exercises/``) with nbgrader.

Why through nbgrader: the learner copy must be exactly what an instructor would release (solutions
stripped, hidden tests removed, cells locked), so a learner who works alone sees the same notebook
a cohort member does. Existing copies are never overwritten: they hold the learner's work.
"""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from course.catalog import LEARNER_COPIES_DIR, Catalog, Exercise
from course.learner import LEARNER_ID_FILE


class BuildError(RuntimeError):
    """nbgrader could not generate an exercise; the message names it and shows nbgrader's words."""


@dataclass(frozen=True)
class CopyResult:
    """What happened to one file of one exercise."""

    exercise: str
    path: Path
    action: str  # "created" or "kept"


def generate_release(exercise: Exercise, source_dir: Path, work_dir: Path) -> Path:
    """Run ``nbgrader generate_assignment`` for one exercise; return its release folder."""
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        "generate_assignment",
        exercise.id,
        "--force",
        "--no-db",
        f"--CourseDirectory.root={work_dir}",
        f"--CourseDirectory.source_directory={source_dir}",
    ]
    work_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(command, cwd=work_dir, capture_output=True, text=True)
    release = work_dir / "release" / exercise.id
    if done.returncode != 0 or not release.is_dir():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise BuildError(
            f"nbgrader could not generate exercise '{exercise.id}' from "
            f"{source_dir / exercise.id}:\n{tail}"
        )
    return release


def copy_missing(release: Path, destination: Path, exercise_id: str) -> list[CopyResult]:
    """Copy every released file that the learner does not have yet; keep the ones they have."""
    results = []
    for source in sorted(p for p in release.rglob("*") if p.is_file()):
        target = destination / source.relative_to(release)
        if target.exists():
            results.append(CopyResult(exercise_id, target, "kept"))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        results.append(CopyResult(exercise_id, target, "created"))
    return results


def ensure_learner_id(destination: Path) -> str:
    """Give a learner working alone a stable id (``my-exercises/.learner-id``), once.

    The id picks the learner's case variant; keeping it in a file means the numbers stay the
    same from one session to the next. A cohort learner's id comes from their hub or grader.
    """
    id_file = destination / LEARNER_ID_FILE
    if id_file.is_file():
        return id_file.read_text(encoding="utf-8").strip()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        user = "learner"
    user = re.sub(r"[^A-Za-z0-9._-]", "-", user)
    learner_id = f"local-{user}"
    destination.mkdir(parents=True, exist_ok=True)
    id_file.write_text(learner_id + "\n", encoding="utf-8")
    return learner_id


def build_learner_copies(
    catalog: Catalog,
    destination: Path | None = None,
    work_dir: Path | None = None,
    exercise_ids: list[str] | None = None,
) -> list[CopyResult]:
    """Generate every (or the named) exercise and copy what is missing into ``my-exercises/``."""
    destination = destination or catalog.root / LEARNER_COPIES_DIR
    work_dir = work_dir or catalog.root / "build" / "learner-release"
    source_dir = catalog.root / "exercises"
    chosen = [catalog.exercise(i) for i in exercise_ids] if exercise_ids else catalog.exercises
    ensure_learner_id(destination)
    results: list[CopyResult] = []
    for exercise in chosen:
        release = generate_release(exercise, source_dir, work_dir)
        results += copy_missing(release, destination / exercise.id, exercise.id)
    return results
