"""The out-of-kernel half of a check: ``python -I -m autograder.checks.verifier``.

Reads one JSON request on stdin (exercise, check, learner, plain answer), rebuilds the learner's
case variant, runs the named check, and prints one JSON verdict line. It never sees learner code,
only the plain answer, which is why its verdict can be trusted.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain

__all__ = ["CheckFailed", "Request", "exercise_module", "find_check", "run_request"]


@dataclass(frozen=True)
class Request:
    """One check to run: which exercise and check, for which learner, on which answer."""

    exercise: str
    check: str
    learner: str
    answer: Plain


Check = Callable[[str, Plain], None]

_EXERCISE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def exercise_module(exercise_id: str) -> ModuleType:
    """The checks module of an exercise; the id is validated so no other module can be named."""
    if not isinstance(exercise_id, str) or not _EXERCISE_ID.match(exercise_id):
        raise KeyError(f"{exercise_id!r} is not an exercise id")
    name = f"autograder.checks.exercises.{exercise_id.replace('-', '_')}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name != name:
            raise
        raise KeyError(f"unknown exercise {exercise_id!r}: no module {name}") from None


def find_check(exercise_id: str, check_id: str) -> Check:
    """The check function, or ``KeyError`` naming what exists."""
    checks: dict[str, Check] = exercise_module(exercise_id).CHECKS
    if check_id not in checks:
        raise KeyError(
            f"exercise {exercise_id!r} has no check {check_id!r}; known: {sorted(checks)}"
        )
    return checks[check_id]


def run_request(request: Request) -> dict[str, Any]:
    """Run one check and turn its outcome into a verdict (never raises)."""
    try:
        check = find_check(request.exercise, request.check)
        check(request.learner, request.answer)
    except CheckFailed as failure:
        return {"passed": False, "message": str(failure)}
    except Exception as error:  # a checker bug must still give a verdict, never full marks
        return {"passed": False, "message": f"the checker failed ({type(error).__name__}: {error})"}
    return {"passed": True, "message": ""}


def parse_request(text: str) -> Request:
    """Parse the JSON request, refusing anything malformed."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("request must be a JSON object")
    fields = {key: data.get(key) for key in ("exercise", "check", "learner")}
    for key, value in fields.items():
        if not isinstance(value, str):
            raise ValueError(f"request field {key!r} must be text")
    return Request(answer=data.get("answer"), **fields)


def main() -> int:
    """Entry point: one request on stdin, one verdict line on stdout."""
    try:
        request = parse_request(sys.stdin.read())
    except (ValueError, json.JSONDecodeError) as error:
        print(json.dumps({"passed": False, "message": f"bad check request: {error}"}))
        return 0
    print(json.dumps(run_request(request)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
