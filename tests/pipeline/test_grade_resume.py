"""Does a grading run killed half-way lose nothing, and resume where it stopped?"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from autograder.cli import main
from autograder.cohort import assignment_scores
from autograder.course_dir import open_course
from autograder.demo_cohort import read_plans
from autograder.grading import GRADED, ledger_path, read_ledger

ASSIGNMENT = "score-a-vendor"


def scores_of(course):
    scores = assignment_scores(course)
    return scores[scores["assignment"] == ASSIGNMENT].set_index("learner")


def test_killed_run_resumes_and_keeps_finished_grades(tmp_path, capsys):
    """Kill `autograder grade` after its first learner; does the re-run grade only the rest?"""
    root = tmp_path / "course-work"
    assert (
        main(
            [
                "demo-cohort",
                "6",
                "--seed",
                "7",
                "--course-dir",
                str(root),
                "--assignment",
                ASSIGNMENT,
            ]
        )
        == 0
    )
    course = open_course(root)
    submitted = sorted(p.learner for p in read_plans(course) if p.kind != "missing")
    command = [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--course-dir", str(root)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 300
    while not read_ledger(course, ASSIGNMENT) and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = read_ledger(course, ASSIGNMENT)
    assert 1 <= len(finished) < len(submitted)
    assert not ledger_path(course, ASSIGNMENT).with_suffix(".tmp").exists()
    kept = scores_of(course)
    capsys.readouterr()

    assert main(["grade", ASSIGNMENT, "--course-dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"{len(submitted) - len(finished)} graded, {len(finished)} unchanged" in out
    ledger = read_ledger(course, ASSIGNMENT)
    assert sorted(ledger) == submitted
    after = scores_of(course)
    for learner, entry in finished.items():
        if entry.status == GRADED:
            assert after.loc[learner, "score"] == kept.loc[learner, "score"]
    assert after.loc[submitted, "submitted"].sum() >= sum(
        1 for e in ledger.values() if e.status == GRADED
    )


def test_a_failed_run_is_tried_again_and_force_regrades(tmp_path, capsys):
    """Is a learner whose last run failed graded again with unchanged files, and does --force
    re-grade the named learner (or everyone) while an unknown name is refused in one line?"""
    from autograder.grading import FAILED, LedgerEntry, write_ledger

    root = tmp_path / "course-work"
    main(["demo-cohort", "3", "--seed", "3", "--course-dir", str(root), "--assignment", ASSIGNMENT])
    course = open_course(root)
    grade = ["grade", ASSIGNMENT, "--course-dir", str(root), "--workers", "1"]
    assert main(grade) == 0
    ledger = read_ledger(course, ASSIGNMENT)
    learners = sorted(ledger)
    assert len(learners) >= 2
    first, second = learners[0], learners[1]
    ledger[first] = LedgerEntry(ledger[first].fingerprint, FAILED, "a worker died")
    write_ledger(course, ASSIGNMENT, ledger)
    capsys.readouterr()
    assert main(grade) == 0
    said = capsys.readouterr().out
    assert f"1 graded, {len(learners) - 1} unchanged" in said, said
    assert read_ledger(course, ASSIGNMENT)[first].status == GRADED
    assert main([*grade, "--force", second]) == 0
    assert f"1 graded, {len(learners) - 1} unchanged" in capsys.readouterr().out
    assert main([*grade, "--force"]) == 0
    assert f"{len(learners)} graded, 0 unchanged" in capsys.readouterr().out
    assert main([*grade, "--force", "nobody-here"]) == 2
    error = capsys.readouterr().err
    assert "no collected submission" in error and "nobody-here" in error
    assert "Traceback" not in error
