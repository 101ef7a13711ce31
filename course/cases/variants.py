"""Per-learner variants: the same case, the same names, each learner's own numbers.

Why: when every learner in a cohort works on identical numbers, one posted answer serves them
all. ``variant(case_id, learner_id)`` gives each learner a case with the same structure and story
but different figures, and the grader rebuilds exactly the same variant from the same two ids.

How: a seed is derived from (case id, learner id, attempt) with SHA-256 (see ``draw``); the
kind's ``perturb`` draws new numbers (each kind's module in ``course.cases.kinds``); the draw is
kept only if the models accept it, it differs from the base case, the kind's ``story`` of it
matches the base case's and its reference answers are clear of near-ties (``well_defined``).
Otherwise the next attempt's seed is tried, so the result is still a pure function of the two ids.
"""

from __future__ import annotations

from functools import lru_cache

from course.cases.case import Case
from course.cases.draw import Draw, seed_for
from course.cases.kinds import kind_of
from course.cases.loader import load_case
from course.models.errors import ModelInputError

MAX_ATTEMPTS = 200
"""Draws tried before giving up. Acceptance rates are far above 1 in 10 for every case (the tests
check that real ids find a variant), so reaching this means a case's data changed shape; the base
case is then returned, which is valid but shared by everyone."""


def variant(case_id: str, learner_id: str) -> Case:
    """The learner's own version of ``case_id``: same names and story, different numbers.

    Deterministic: the same two ids always give an equal case, in any process, on any machine.
    Raises ``UnknownCaseError`` for an unknown case id and ``ValueError`` for an empty learner id.
    """
    if not isinstance(learner_id, str) or not learner_id.strip():
        raise ValueError(f"learner_id must be a non-empty text, got {learner_id!r}")
    load_case(case_id)  # raises UnknownCaseError with the known ids
    return _variant(case_id, learner_id)


def variant_attempts(case_id: str, learner_id: str) -> int | None:
    """Which attempt produced the learner's variant (0 is the first), or ``None`` if none did.

    For tests and authors tuning a case: a case whose variants often need many attempts has
    perturbations that fight its invariants.
    """
    base = load_case(case_id)
    return _search(base, case_id, learner_id)[1]


@lru_cache(maxsize=4096)
def _variant(case_id: str, learner_id: str) -> Case:
    return _search(load_case(case_id), case_id, learner_id)[0]


def _search(base: Case, case_id: str, learner_id: str) -> tuple[Case, int | None]:
    kind = kind_of(base)
    expected = kind.story(base)
    for attempt in range(MAX_ATTEMPTS):
        candidate = kind.perturb(base, Draw(seed_for(case_id, learner_id, attempt)))
        try:
            candidate.validate()
            # A draw that lands on every base figure would hand the learner the shared case.
            if (
                candidate != base
                and kind.well_defined(candidate)
                and kind.story(candidate) == expected
            ):
                return candidate, attempt
        except ModelInputError:
            continue
    return base, None
