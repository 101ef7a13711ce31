"""One complete path through nbgrader's exchange for a cohort on one machine, three learners.

The instructor builds and releases an assignment; each learner, in a folder and home of their
own with the learner settings `autograder init` wrote, fetches it and submits their answers with
nbgrader's own commands (the ones JupyterLab's Assignment List runs); the instructor collects
from the exchange, grades and writes feedback, which is released to the exchange; each learner
fetches their own feedback page. On a shared machine each learner is their own account and
nbgrader names them by it; here one account plays three learners with ``--student``, so the
instructor collects with ``--one-account`` (owners cannot tell learners apart; see
docs/collect.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main
from autograder.cohort import assignment_scores
from autograder.course_dir import open_course
from autograder.demo_cohort import solution_sources, submission_notebook
from autograder.misconceptions import CATALOGUE
from course.catalog import REPO_ROOT

# One worker builds this module's expensive fixture once (run with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("exchange")

ASSIGNMENT = "score-a-vendor"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
LEARNERS = {
    "ana": ("Ana", "Silva", ()),
    "bo": ("Bo", "Chen", ("forgot to normalise the weights",)),
    "chidi": ("Chidi", "Okafor", ("ranked worst first", "gave totals as percentages")),
}


def answers_for(misconceptions: tuple[str, ...]) -> dict[str, str]:
    source = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    answers = solution_sources(source)
    by_name = {m.name: m for m in CATALOGUE[ASSIGNMENT]}
    for name in misconceptions:
        answers.update({k: v.strip() for k, v in by_name[name].replace.items()})
    return answers


class Learner:
    """One learner's own folder and home, and nbgrader's learner commands run as them."""

    def __init__(self, learner_id: str, root: Path, settings: Path) -> None:
        self.id = learner_id
        self.home = root / learner_id / "home"
        self.work = root / learner_id / "work"
        (self.home / ".jupyter").mkdir(parents=True)
        self.work.mkdir(parents=True)
        shutil.copyfile(settings, self.home / ".jupyter" / "nbgrader_config.py")

    def nbgrader(self, *args: str) -> str:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JUPYTER_", "NBGRADER"))
        }
        env["HOME"] = str(self.home)
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args, f"--student={self.id}"],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{self.id}: nbgrader {args[0]} failed:\n{done.stderr[-2000:]}"
        return done.stdout + done.stderr


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """The whole path, run once: instructor and three learners."""
    root = tmp_path_factory.mktemp("exchange")
    course_dir = root / "course-work"
    roster = root / "roster.csv"
    roster.write_text(
        "id,first,last,email\n"
        + "".join(f"{i},{f},{last},{i}@example.edu\n" for i, (f, last, _) in LEARNERS.items()),
        encoding="utf-8",
    )
    for step in (
        ["init"],
        ["roster", "import", str(roster)],
        ["build", ASSIGNMENT],
        ["release", ASSIGNMENT],
    ):
        assert main([*step, "--course-dir", str(course_dir)]) == 0, step
    course = open_course(course_dir)
    learners = {lid: Learner(lid, root / "learners", course.learner_config) for lid in LEARNERS}
    for learner in learners.values():
        learner.nbgrader("fetch_assignment", ASSIGNMENT)
        fetched = learner.work / ASSIGNMENT / NOTEBOOK
        released = nbformat.read(fetched, as_version=4)
        answers = answers_for(LEARNERS[learner.id][2])
        nbformat.write(submission_notebook(released, answers), fetched)
        learner.nbgrader("submit", ASSIGNMENT)
    for step in (
        ["collect", ASSIGNMENT, "--one-account"],
        ["grade", ASSIGNMENT],
        ["feedback", ASSIGNMENT],
    ):
        assert main([*step, "--course-dir", str(course_dir)]) == 0, step
    for learner in learners.values():
        learner.nbgrader("fetch_feedback", ASSIGNMENT)
    return course, learners


def test_init_writes_an_exchange_every_learner_can_write_to(cycle):
    """Does init make the exchange (mode 1777, like /tmp) and learner settings naming it?"""
    course, _ = cycle
    assert course.exchange.is_dir() and (course.exchange.stat().st_mode & 0o7777) == 0o1777
    settings = course.learner_config.read_text(encoding="utf-8")
    assert f"c.Exchange.root = {str(course.exchange)!r}" in settings
    assert f"c.Exchange.root = {str(course.exchange)!r}" in course.config_file.read_text()


def test_every_learner_submission_is_collected_and_graded(cycle):
    """Are the three submissions collected from the exchange and graded, right answers full?"""
    course, _ = cycle
    scores = assignment_scores(course)
    mine = scores[scores["assignment"] == ASSIGNMENT].set_index("learner")
    assert set(mine.index) == set(LEARNERS)
    assert (mine["status"] == "written answers to grade").all()
    assert mine.loc["ana", "score"] == mine.loc["ana", "graded_max"]
    assert mine.loc["bo", "score"] < mine.loc["ana", "score"]
    assert mine.loc["chidi", "score"] < mine.loc["ana", "score"]
    for learner in LEARNERS:
        assert (course.submitted(learner, ASSIGNMENT) / "submission_secret.txt").is_file()


def test_each_learner_fetches_their_own_feedback(cycle):
    """Does each learner's fetch_feedback bring back their own page from the exchange?"""
    _, learners = cycle
    for learner in learners.values():
        pages = sorted((learner.work / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(pages) == 1, f"{learner.id}: {pages}"
        html = pages[0].read_text(encoding="utf-8")
        assert "Feedback on score-a-vendor" in html
        assert f"Your case variant: <strong>{learner.id}</strong>" in html
        assert "sys.modules" not in html and "BEGIN HIDDEN" not in html
    bo = next((learners["bo"].work / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert "Divide each weight by the sum of all weights first" in bo.read_text("utf-8")
