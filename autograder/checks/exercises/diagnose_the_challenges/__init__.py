"""Checks for the exercise "Diagnose the challenges" (case: larchmont-council-symptoms).

Which symptoms count comes from the case's evidence rule (``observed_symptoms``, beside the
plain view); the shares, the ranking and the challenges tied at the top come from
``course.models.challenges`` (``diagnose`` and ``most_likely``); whether an option is a remedy
for a challenge is read from the model's mitigations. A wrong answer is first matched against
what the usual slips compute (one report taken as enough, mentions added up, shares of all the
symptoms seen, a shared symptom counted once, a ranking by symptoms seen alone or with ties by
name, one challenge named where several are tied, an action that treats a symptom) so the
message names the idea to revisit; no message prints an expected value.
"""

from __future__ import annotations

from collections.abc import Callable

from autograder.checks.detect import Misconception, all_close
from autograder.checks.registry import ExerciseChecks
from course.cases.kinds.symptoms import (  # noqa: F401 (describe)
    SymptomsView,
    describe,
    observed_symptoms,
)
from course.models.challenges import CHALLENGES, Diagnosis, diagnose, most_likely

EXERCISE_ID = "diagnose-the-challenges"
CASE_ID = "larchmont-council-symptoms"
SHARE_TOLERANCE = 1e-6

checks = ExerciseChecks(CASE_ID, "modules/05-challenges/lesson.ipynb")
exercise_case = checks.learner_case

SYMPTOMS_FIRST = "Symptoms first"
PRACTISE = "Practise: from symptoms to challenges"


# --- the reference, from the case's rule and the model -------------------------------------


def reference_diagnosis(case: SymptomsView) -> list[Diagnosis]:
    return diagnose(observed_symptoms(case))


def reference_observed(case: SymptomsView) -> set[str]:
    return set(observed_symptoms(case))


def shares_of(result: list[Diagnosis]) -> dict[str, float]:
    """Every challenge's share of its symptoms observed (0 when none points to it)."""
    found = {d.challenge.id: d.share for d in result}
    return {c.id: found.get(c.id, 0.0) for c in CHALLENGES}


def reference_shares(case: SymptomsView) -> dict[str, float]:
    return shares_of(reference_diagnosis(case))


def reference_ranking(case: SymptomsView) -> list[str]:
    return [d.challenge.id for d in reference_diagnosis(case)]


def reference_first(case: SymptomsView) -> set[str]:
    return {d.challenge.id for d in most_likely(reference_diagnosis(case))}


def remedies_of(option_text: str) -> set[str]:
    """The challenges whose mitigations, in the model, include this action (none: a decoy)."""
    return {c.id for c in CHALLENGES if option_text in c.mitigations}


def shares_close(answer: dict, expected: dict) -> bool:
    return all_close(answer, expected, SHARE_TOLERANCE)


def same_set(answer: list, expected: set) -> bool:
    return set(answer) == set(expected)


def matched_counts(case: SymptomsView) -> dict[str, int]:
    """How many observed symptoms point to each challenge (0 for none)."""
    found = {d.challenge.id: len(d.matched) for d in reference_diagnosis(case)}
    return {c.id: found.get(c.id, 0) for c in CHALLENGES}


def copied(what: str, reference: Callable[[SymptomsView], object], same: Callable) -> Misconception:
    """Answers that fit the lesson's case or another learner's variant."""
    return checks.another_variant(what, lambda answer, other: same(answer, reference(other)))


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import evidence, ranking  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
