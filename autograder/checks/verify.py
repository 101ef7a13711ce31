"""The in-kernel half of a check: make the answer plain, ask someone outside for the verdict.

Two routes, same verdict function (:func:`autograder.checks.verifier.run_request`): under
``nbgrader`` and at the learner's desk, a fresh ``python -I`` process; under the isolated runner
(:mod:`autograder.runner`), the warm worker that supervises the sandbox, over the socket named by
``AUTOGRADER_VERIFY_FD`` (:mod:`autograder.verdict_channel`). There the worker records the
verdict itself, so whatever the learner's code does to this module afterwards cannot turn a
failure into a pass.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from autograder.checks.failure import CheckFailed
from autograder.checks.plain import NotPlainData, to_plain
from autograder.verdict_channel import VERIFY_FD_VARIABLE
from course.learner import current_learner_id

VERIFIER_TIMEOUT_SECONDS = 60


def verify(exercise_id: str, check_id: str, answer: Any) -> None:
    """Pass silently, or raise :class:`CheckFailed` (an ``AssertionError``) that teaches.

    The failure is shown as its message alone (``CheckFailed._render_traceback_``), so the
    autograded notebook and the feedback carry the teaching message, not the grading code.

    ``answer`` is whatever the learner stored; the learner id is resolved the same way the
    exercise resolved it when it loaded the learner's case (:mod:`course.learner`).
    """
    try:
        plain = to_plain(answer)
    except NotPlainData as problem:
        raise CheckFailed(str(problem)) from None
    worker_channel = os.environ.get(VERIFY_FD_VARIABLE, "")
    if worker_channel.isdigit():
        verdict = _ask_worker(int(worker_channel), exercise_id, check_id, plain)
    else:
        verdict = _ask_fresh_process(exercise_id, check_id, plain)
    if verdict.get("passed") is not True:
        raise CheckFailed(str(verdict.get("message", "this answer is not right yet")))


def _ask_worker(fd: int, exercise_id: str, check_id: str, plain: Any) -> dict:
    from autograder import verdict_channel as channel

    sock = socket.socket(fileno=fd)
    try:
        channel.send(sock, channel.VerifyRequest(exercise_id, check_id, plain))
        verdict = channel.receive(sock)
    except (OSError, channel.ChannelBroken) as error:
        raise CheckFailed(f"the check '{check_id}' could not reach the grader: {error}") from None
    finally:
        sock.detach()  # the descriptor belongs to the runner; keep it open
    if not isinstance(verdict, channel.Verdict):
        raise CheckFailed(f"the check '{check_id}' got no verdict from the grader")
    return {"passed": verdict.passed, "message": verdict.message}


def _ask_fresh_process(exercise_id: str, check_id: str, plain: Any) -> dict:
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
        raise CheckFailed(f"the check '{check_id}' took too long and gave no verdict") from None
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise CheckFailed(
            f"the check '{check_id}' could not run (exit {done.returncode}): "
            f"{done.stderr.strip()[-500:]}"
        ) from None
