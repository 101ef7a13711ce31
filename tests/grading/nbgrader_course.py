"""A throw-away nbgrader course around the repository's exercises, for the grading tests.

It runs the real nbgrader commands (generate_assignment, autograde) in a temporary course
directory whose source folder is the repository's ``exercises/``, the way an instructor would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from course.catalog import REPO_ROOT


@dataclass
class NbgraderCourse:
    """Paths and commands of one temporary course."""

    root: Path
    _generated: set[str] = field(default_factory=set)

    @property
    def db(self) -> Path:
        return self.root / "gradebook.db"

    def nbgrader(self, *args: str) -> subprocess.CompletedProcess:
        command = [
            sys.executable,
            "-m",
            "nbgrader",
            *args,
            f"--CourseDirectory.root={self.root}",
            f"--CourseDirectory.source_directory={REPO_ROOT / 'exercises'}",
            f"--CourseDirectory.db_url=sqlite:///{self.db}",
        ]
        # nbgrader runs `alembic` as a command to create the gradebook: it must be on PATH even
        # when the tests run through .venv/bin/python without an activated environment.
        bin_dir = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
        done = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=900, env=env
        )
        assert done.returncode == 0, (
            f"nbgrader {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
        )
        return done

    def generate(self, exercise_id: str) -> Path:
        """Release one exercise, once per course: each nbgrader command costs seconds to start."""
        release = self.root / "release" / exercise_id
        if exercise_id not in self._generated:
            self.nbgrader("generate_assignment", exercise_id, "--force")
            self._generated.add(exercise_id)
        return release

    def submit(self, student: str, exercise_id: str, notebooks: dict[str, Path]) -> None:
        folder = self.root / "submitted" / student / exercise_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in notebooks.items():
            shutil.copy(path, folder / name)

    def autograde(self, exercise_id: str, students: list[str]) -> None:
        """Add the students through nbgrader's Gradebook API (in this process: one
        ``nbgrader db student add`` each would cost a Python start-up), then autograde."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.db}") as gradebook:
            for student in students:
                gradebook.update_or_create_student(student)
        self.nbgrader("autograde", exercise_id, "--force")

    def scores(self, exercise_id: str, notebook: str) -> dict[str, dict[str, float | None]]:
        """student -> grade cell -> auto score, read through nbgrader's Gradebook API."""
        from nbgrader.api import Gradebook

        found: dict[str, dict[str, float | None]] = {}
        with Gradebook(f"sqlite:///{self.db}") as gradebook:
            for student in gradebook.students:
                submission = gradebook.find_submission_notebook(notebook, exercise_id, student.id)
                found[student.id] = {grade.name: grade.auto_score for grade in submission.grades}
        return found
