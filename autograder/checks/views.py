"""The case an exercise's checks work on: the learner's variant (or the lesson's case), plain.

Why here, once: every checker needs the same three things (the learner's own variant, the case
as the lesson publishes it to recognise copied numbers, and a fresh copy so a check can never
change what the next check sees); the plain view itself belongs to the case's kind
(``course.cases.kinds``), so the notebook and the checks see the very same data.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from course.cases import load_case, variant
from course.cases.kinds import kind_of

PUBLISHED = "published"
"""Pseudo learner id of the case as the lesson shows it (``load_case``, no variant)."""

BASE = "base"
"""A learner id whose variant stands for "another learner's numbers" in copy detection."""


@cache
def _view(case_id: str, learner_id: str | None) -> Any:
    case = load_case(case_id) if learner_id is None else variant(case_id, learner_id)
    view = kind_of(case).plain_view
    if view is None:
        raise LookupError(f"case kind {case.kind!r} has no plain view for an exercise")
    return view(case, PUBLISHED if learner_id is None else learner_id)


def learner_view(case_id: str, learner_id: str) -> Any:
    """The learner's variant as its kind's plain view (a fresh copy: views hold mutable dicts)."""
    return copy.deepcopy(_view(case_id, learner_id))


def published_view(case_id: str) -> Any:
    """The case as the lesson publishes it, as its kind's plain view (a fresh copy)."""
    return copy.deepcopy(_view(case_id, None))
