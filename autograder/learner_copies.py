"""Build the learner copies of the exercises (``my-exercises/``) with nbgrader.

Why through nbgrader: the learner copy must be exactly what an instructor would release (solutions
stripped, hidden tests removed, cells locked), so a learner who works alone sees the same notebook
a cohort member does. A copy the learner changed is never overwritten: it holds their work.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.checks.answer_mode import write_check_mode
from course.catalog import LEARNER_COPIES_DIR, Catalog, Exercise
from course.learner import LEARNER_ID_FILE, hub_user
from course.workspace import Workspace, check_location, course_files, default_workspace


class BuildError(RuntimeError):
    """nbgrader could not generate an exercise; the message names it and shows nbgrader's words."""


@dataclass(frozen=True)
class CopyResult:
    """What happened to one file of one exercise."""

    exercise: str
    path: Path
    action: str  # "created", "updated" or "kept"


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


def release_fingerprint(source: Path) -> str:
    """What the release depends on: every source file's bytes, and nbgrader's version."""
    import nbgrader

    digest = hashlib.sha256(f"nbgrader {nbgrader.__version__}\n".encode())
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        if ".ipynb_checkpoints" in path.parts or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(source).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_release(exercise: Exercise, source_dir: Path, cache_dir: Path) -> Path:
    """The learner version of an exercise, regenerated only when its sources changed.

    Why a cache: nbgrader takes seconds per exercise, and ``make start`` runs every time a
    learner opens the course; an unchanged exercise is reused from ``cache_dir``.
    """
    release = cache_dir / exercise.id
    stamp = cache_dir / f"{exercise.id}.fingerprint"
    wanted = f"{release_fingerprint(source_dir / exercise.id)} {exercise.learner_checks}"
    if release.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return release
    generated = generate_release(exercise, source_dir, cache_dir / "nbgrader-work")
    shutil.rmtree(release, ignore_errors=True)
    shutil.copytree(generated, release)
    write_check_mode(release, exercise.learner_checks)
    stamp.write_text(wanted, encoding="utf-8")
    return release


def cached_releases(
    catalog: Catalog, cache_dir: Path, exercise_ids: list[str] | None = None
) -> dict[str, Path]:
    """Exercise id -> its learner version, for every (or the named) exercise."""
    chosen = [catalog.exercise(i) for i in exercise_ids] if exercise_ids else catalog.exercises
    source_dir = catalog.root / "exercises"
    return {e.id: cached_release(e, source_dir, cache_dir) for e in chosen}


def ensure_learner_id(destination: Path) -> str:
    """Give a learner working alone a stable id (``my-exercises/.learner-id``), once.

    The id picks the learner's case variant; keeping it in a file means the numbers stay the
    same from one session to the next. On a hub (``JUPYTERHUB_USER``) the file holds the hub
    user name, whatever it held before.
    """
    id_file = destination / LEARNER_ID_FILE
    on_hub = hub_user()
    if on_hub:  # the hub's name wins, so commands that read only this file agree with it
        destination.mkdir(parents=True, exist_ok=True)
        id_file.write_text(on_hub + "\n", encoding="utf-8")
        return on_hub
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
    workspace: Path | None = None,
    exercise_ids: list[str] | None = None,
) -> list[CopyResult]:
    """Bring every (or the named) exercise into the workspace's ``my-exercises/``.

    New exercises are added; a copy the learner has not changed is updated; a copy they
    changed is kept (see :mod:`course.workspace`).
    """
    for exercise_id in exercise_ids or []:
        catalog.exercise(exercise_id)  # an unknown id stops here, before anything is written
    root = check_location(workspace or default_workspace(), catalog.root)
    space = Workspace(root)
    ensure_learner_id(root / LEARNER_COPIES_DIR)
    releases = cached_releases(catalog, space.state_dir / "releases", exercise_ids)
    files = {
        rel: source
        for rel, source in course_files(catalog, releases).items()
        if rel.startswith(f"{LEARNER_COPIES_DIR}/")
    }
    report = space.sync(files)
    results = []
    for rel in files:
        action = (
            "created" if rel in report.created else "updated" if rel in report.updated else "kept"
        )
        results.append(CopyResult(rel.split("/")[1], root / rel, action))
    return results
