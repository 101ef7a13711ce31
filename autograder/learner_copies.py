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


def generate_releases(
    exercises: list[Exercise], source_dir: Path, work_dir: Path
) -> dict[str, Path]:
    """Run ``nbgrader generate_assignment`` once for these exercises; their release folders.

    Why once: each nbgrader run costs seconds to start, and a learner's first ``make start``
    builds every exercise. When the exercises are all of ``source_dir``, one run takes them all
    (nbgrader reads its assignment id as a pattern); otherwise each gets its own run.
    """
    ids = [exercise.id for exercise in exercises]
    everything = {p.name for p in source_dir.iterdir() if p.is_dir()} == set(ids)
    for pattern in ["*"] if everything and len(ids) > 1 else ids:
        _run_generate(pattern, ids if pattern == "*" else [pattern], source_dir, work_dir)
    return {i: work_dir / "release" / i for i in ids}


def _run_generate(pattern: str, ids: list[str], source_dir: Path, work_dir: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        "generate_assignment",
        pattern,
        "--force",
        "--no-db",
        f"--CourseDirectory.root={work_dir}",
        f"--CourseDirectory.source_directory={source_dir}",
    ]
    work_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(command, cwd=work_dir, capture_output=True, text=True)
    missing = [i for i in ids if not (work_dir / "release" / i).is_dir()]
    if done.returncode != 0 or missing:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        named = ", ".join(f"'{i}'" for i in (missing or ids))
        raise BuildError(f"nbgrader could not generate exercise {named} from {source_dir}:\n{tail}")


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


def cached_releases(
    catalog: Catalog, cache_dir: Path, exercise_ids: list[str] | None = None
) -> dict[str, Path]:
    """Exercise id -> its learner version, for every (or the named) exercise, regenerated only
    when its sources changed.

    Why a cache: nbgrader takes seconds, and ``make start`` runs every time a learner opens the
    course; an unchanged exercise is reused from ``cache_dir``.
    """
    chosen = [catalog.exercise(i) for i in exercise_ids] if exercise_ids else catalog.exercises
    source_dir = catalog.root / "exercises"
    wanted = {e.id: f"{release_fingerprint(source_dir / e.id)} {e.learner_checks}" for e in chosen}
    stale = [e for e in chosen if _stamp(cache_dir, e.id) != wanted[e.id]]
    if stale:
        generated = generate_releases(stale, source_dir, cache_dir / "nbgrader-work")
        for exercise in stale:
            release = cache_dir / exercise.id
            shutil.rmtree(release, ignore_errors=True)
            shutil.copytree(generated[exercise.id], release)
            write_check_mode(release, exercise.learner_checks)
            (cache_dir / f"{exercise.id}.fingerprint").write_text(
                wanted[exercise.id], encoding="utf-8"
            )
    return {e.id: cache_dir / e.id for e in chosen}


def _stamp(cache_dir: Path, exercise_id: str) -> str | None:
    """The fingerprint a cached release was built from, or None when there is none."""
    stamp = cache_dir / f"{exercise_id}.fingerprint"
    if (cache_dir / exercise_id).is_dir() and stamp.is_file():
        return stamp.read_text(encoding="utf-8")
    return None


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
