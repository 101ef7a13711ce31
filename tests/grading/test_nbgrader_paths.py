"""Every path to a grade goes through the walls: formgrader's Autograde and ``nbgrader autograde``.

Both read the course directory's ``nbgrader_config.py`` (written by ``autograder init``), which
puts the isolated runner's sandbox where nbgrader's Execute step was. Is a cheat that earns full
marks under nbgrader's own execution (an input transformer that turns every check into
``pass``) held to zero there, while an honest learner keeps full marks, and does a submission
that reads the roster find nothing? And is ``autograder grade --runner nbgrader`` refused?
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from autograder.runner import sandbox
from tests.grading.adversarial import corpus
from tests.grading.adversarial.kit import ASSIGNMENT
from tests.grading.adversarial.run_corpus import Learner, build_course, write_submissions

pytestmark = pytest.mark.skipif(
    sandbox.isolation_problem() is not None and os.environ.get("CI") != "true",
    reason=f"{sandbox.isolation_problem()} (CI runs these)",
)

FORMGRADER_AUTOGRADE = """
import json, sys
from nbgrader.apps import NbGrader, NbGraderAPI
from nbgrader.coursedir import CourseDirectory

# As formgrader's handlers build their API: the app loads nbgrader_config.py from the folder
# formgrader runs in, and AutogradeHandler calls api.autograde(assignment, student).
app = NbGrader()
app.load_config_file()
api = NbGraderAPI(CourseDirectory(parent=app), parent=app)
print(json.dumps(api.autograde(sys.argv[1], sys.argv[2])))
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """An honest learner and two cases; each notebook below costs one sandboxed run."""
    root = tmp_path_factory.mktemp("nbgrader-paths")
    learners = [
        Learner("000-honest", "honest"),
        Learner("001-input-transformer", "case", corpus.by_id("input-transformer")),
        Learner("002-reader", "case", corpus.by_id("read-course-by-absolute-path")),
    ]
    course = build_course(root / "course", learners)
    scratch = root / "scratch"
    scratch.mkdir()
    write_submissions(course, learners, scratch, port=9)
    return course, {
        "honest": "000-honest",
        "cheat": "001-input-transformer",
        "reader": "002-reader",
    }


def score(course, learner: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        return float(gradebook.find_submission(ASSIGNMENT, learner).score)


def nbgrader_command(course, *arguments: str) -> subprocess.CompletedProcess:
    scripts = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    env.pop("COURSE_LEARNER_ID", None)
    return subprocess.run(
        [*arguments], cwd=course.root, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_course_settings_route_autograde_through_the_sandbox(course):
    course, _ = course
    text = course.config_file.read_text(encoding="utf-8")
    assert "route_through_sandbox(c)" in text


def test_plain_nbgrader_autograde_in_the_course_folder_is_sandboxed(course):
    course, ids = course
    done = nbgrader_command(
        course,
        sys.executable,
        "-m",
        "nbgrader",
        "autograde",
        ASSIGNMENT,
        "--student",
        ids["cheat"],
        "--force",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert score(course, ids["cheat"]) == 0


def test_formgraders_autograde_button_is_sandboxed(course):
    course, ids = course
    for learner, expected in ((ids["honest"], corpus.FULL), (ids["reader"], 0)):
        done = nbgrader_command(
            course, sys.executable, "-c", FORMGRADER_AUTOGRADE, ASSIGNMENT, learner
        )
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["success"], result.get("log", "")[-3000:]
        assert score(course, learner) == expected
    shown = (course.autograded(ids["reader"], ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_text()
    assert "not readable" in shown
    assert "@example.edu" not in shown and "BEGIN SOLUTION" not in shown


def test_the_same_cheat_earns_marks_without_the_sandbox(course):
    """The control: nbgrader's own execution (what the settings replace) is fooled by it."""
    from autograder.course_dir import nbgrader_api

    course, ids = course
    result = nbgrader_api(course).autograde(ASSIGNMENT, ids["cheat"], force=True)
    assert result["success"], result.get("log", "")[-3000:]
    assert score(course, ids["cheat"]) > 0


def test_autograder_grade_refuses_the_unprotected_runner(course, capsys):
    from autograder.cli import main

    course, _ = course
    status = main(["grade", ASSIGNMENT, "--course-dir", str(course.root), "--runner", "nbgrader"])
    assert status == 2
    assert "no sandbox" in capsys.readouterr().out
