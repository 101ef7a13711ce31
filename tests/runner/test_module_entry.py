"""``python -m autograder`` works from the folder that holds a course folder named ``course``.

``python -m`` puts the current folder first on ``sys.path``, where a course folder named
``course`` (``autograder init course``) shadowed the course library: every learner's run failed
with a TypeError from the sandbox's allow-list.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from autograder.course_dir import init_course
from autograder.demo_cohort import build_demo_cohort
from autograder.runner import sandbox

pytestmark = pytest.mark.skipif(
    sandbox.isolation_problem() is not None and os.environ.get("CI") != "true",
    reason=f"{sandbox.isolation_problem()} (CI runs these as root)",
)


def test_grade_from_beside_a_course_folder_named_course(tmp_path):
    course = init_course(tmp_path / "course")
    build_demo_cohort(course, 2, exercise_ids=["score-a-vendor"])
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "score-a-vendor", "--course-dir", "course"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "the grading worker failed" not in done.stdout, done.stdout
    assert "2 graded" in done.stdout, done.stdout
