"""The judge process beside each worker: it answers in time, or the verdict fails and a new
judge takes the next request."""

from __future__ import annotations

import time

import pytest

from autograder.checks import verifier
from autograder.runner import judge


@pytest.fixture(autouse=True)
def fresh_judge():
    judge.stop()
    yield
    judge.stop()


def test_a_check_that_does_not_answer_in_time_fails_and_the_next_judge_answers(monkeypatch):
    """Does a check stuck past the cell's clock give a failing verdict by that clock, and does
    the judge started for the next request answer it?"""
    monkeypatch.setattr(verifier, "run_request", lambda request: time.sleep(60))
    started = time.monotonic()
    stuck = judge.verdict("score-a-vendor", "ranking", "learner-a", [1], started + 1)
    assert time.monotonic() - started < 5
    assert stuck.passed is False and "took longer" in stuck.message
    monkeypatch.undo()
    judge.stop()  # the next judge is forked without the stuck check
    answered = judge.verdict(
        "score-a-vendor", "no-such-check", "learner-a", [1], time.monotonic() + 60
    )
    assert answered.passed is False and "no check 'no-such-check'" in answered.message


def test_a_judge_that_dies_is_started_again_for_the_same_request():
    """Does a killed judge cost no verdict: the request goes to a new judge?"""
    import os
    import signal

    judge.verdict("score-a-vendor", "no-such-check", "learner-a", 1, time.monotonic() + 60)
    os.kill(judge._judge[0], signal.SIGKILL)
    again = judge.verdict("score-a-vendor", "no-such-check", "learner-a", 1, time.monotonic() + 60)
    assert "no check 'no-such-check'" in again.message
