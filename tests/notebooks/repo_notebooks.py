"""Which notebooks the repository holds, for the notebook tests.

Generated and learner folders are skipped; fixture submissions under ``tests/**/files`` are test
data (some are broken on purpose) and are tested where they are used.
"""

from __future__ import annotations

from pathlib import Path

from course.catalog import REPO_ROOT

SKIPPED_DIRS = {".venv", "build", "my-exercises", "course-work", ".ipynb_checkpoints", ".git"}


def committed_notebooks() -> list[Path]:
    """Every notebook of the course: start page, lessons, demos, exercise sources."""
    found = []
    for path in sorted(REPO_ROOT.rglob("*.ipynb")):
        parts = set(path.relative_to(REPO_ROOT).parts)
        if parts & SKIPPED_DIRS or "files" in parts and "tests" in parts:
            continue
        found.append(path)
    return found


def notebook_id(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))
