"""The in-kernel half of a check: make the answer plain, ask a fresh process for the verdict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from autograder.checks.plain import NotPlainData, to_plain
from course.learner import current_learner_id

VERIFIER_TIMEOUT_SECONDS = 60


def verify(exercise_id: str, check_id: str, answer: Any) -> None:
    """Pass silently, or raise ``AssertionError`` with a message that teaches.

    ``answer`` is whatever the learner stored; the learner id is resolved the same way the
    exercise resolved it when it loaded the learner's case (:mod:`course.learner`).
    """
    try:
        plain = to_plain(answer)
    except NotPlainData as problem:
        raise AssertionError(str(problem)) from None
    request = {
        "exercise": exercise_id,
        "check": check_id,
        "learner": current_learner_id(Path.cwd()),
        "answer": plain,
    }
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-m", "autograder.checks.verifier"],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=VERIFIER_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the check '{check_id}' took too long and gave no verdict") from None
    try:
        verdict = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise AssertionError(
            f"the check '{check_id}' could not run (exit {done.returncode}): "
            f"{done.stderr.strip()[-500:]}"
        ) from None
    if verdict.get("passed") is not True:
        raise AssertionError(str(verdict.get("message", "this answer is not right yet")))
