"""Tests for autograder/checks/verifier.py: every request gets a verdict, never a free pass."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

from autograder.checks import verifier
from autograder.checks.verifier import CheckFailed, Request, parse_request, run_request


def fake_module(monkeypatch, checks):
    module = types.SimpleNamespace(CHECKS=checks)
    monkeypatch.setattr(verifier, "exercise_module", lambda exercise_id: module)


def test_failed_check_gives_its_message(monkeypatch):
    """Does a CheckFailed become a failing verdict carrying the teaching message?"""

    def check(learner, answer):
        raise CheckFailed("Divide each weight by the sum (revisit: normalising)")

    fake_module(monkeypatch, {"totals": check})
    verdict = run_request(Request("ex", "totals", "learner-a", {"A": 1.0}))
    assert verdict == {
        "passed": False,
        "message": "Divide each weight by the sum (revisit: normalising)",
    }


def test_a_crashing_check_never_passes(monkeypatch):
    """Does a bug inside a check (any exception) give a failing verdict, not a pass?"""
    fake_module(monkeypatch, {"totals": lambda learner, answer: answer["missing"]})
    verdict = run_request(Request("ex", "totals", "learner-a", {}))
    assert verdict["passed"] is False
    assert "KeyError" in verdict["message"]


def test_unknown_check_and_exercise(monkeypatch):
    """Are an unknown exercise and an unknown check failing verdicts naming what exists?"""
    verdict = run_request(Request("no-such-exercise", "x", "l", None))
    assert verdict["passed"] is False and "unknown exercise" in verdict["message"]
    verdict = run_request(Request("../../etc", "x", "l", None))
    assert verdict["passed"] is False and "is not an exercise id" in verdict["message"]
    fake_module(monkeypatch, {"totals": lambda learner, answer: None})
    verdict = run_request(Request("ex", "ranking", "l", None))
    assert verdict["passed"] is False and "'totals'" in verdict["message"]


@pytest.mark.parametrize("text", ["[1, 2]", '{"exercise": 1, "check": "c", "learner": "l"}'])
def test_malformed_requests_are_refused(text):
    """Is a request that is not an object, or has a non-text field, refused?"""
    with pytest.raises(ValueError):
        parse_request(text)


def test_verifier_process_answers_garbage_with_a_failing_verdict():
    """Does the real verifier process answer unparsable input with one failing verdict line?"""
    done = subprocess.run(
        [sys.executable, "-I", "-m", "autograder.checks.verifier"],
        input="not json",
        capture_output=True,
        text=True,
        timeout=60,
    )
    verdict = json.loads(done.stdout.strip().splitlines()[-1])
    assert verdict["passed"] is False
    assert verdict["message"].startswith("bad check request")


def test_real_check_failure_is_reported_as_a_failure_not_a_crash():
    """Through the real verifier process, does a wrong answer get the check's own message?"""
    request = {
        "exercise": "score-a-vendor",
        "check": "break-even-weight",
        "learner": "learner-a",
        "answer": 0.999,
    }
    done = subprocess.run(
        [sys.executable, "-I", "-m", "autograder.checks.verifier"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=60,
    )
    verdict = json.loads(done.stdout.strip().splitlines()[-1])
    assert verdict["passed"] is False
    assert "checker failed" not in verdict["message"]
    assert "winner" in verdict["message"]
