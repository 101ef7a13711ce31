"""Checks for the exercise "Manage the risks" (case: medline-hospital-provider).

Every check rebuilds the learner's own variant of the MedLine register from the learner id and
asks ``course.models.risk`` for the reference: scores, bands, the register's order and the
findings of ``validate_register``. When an answer is wrong, the check first looks for the known
misconceptions and names the idea to revisit, without printing expected values:

- likelihood and impact added instead of multiplied (in the scores, and carried into the bands
  and the order), or the residual pair scored instead of the inherent one;
- a band boundary read the wrong way (a score of 6, 12 or 20 put in the band below, or 5 in the
  band above);
- the register sorted lowest first, or its ties broken another way than the model's rule (higher
  impact first, then risk id);
- Low or Medium risks flagged for a missing owner or mitigation, a residual equal to the inherent
  score flagged as above it, or the residual rule forgotten;
- a completed row whose residual score is not below the inherent score, a row still without an
  owner or a mitigation, the provider named as the owner, the draft row handed back unchanged;
- numbers that fit a different variant of the case (another learner's, or the lesson's).

The flags (Part 4) are the same risks for every learner: the variants keep the draft's planted
gaps (``course.cases.kinds.risk``). The completed register (Part 5) is graded by rules, so any
sound completion earns the points; its residual scores are judged against the learner's own
inherent scores. Parts 1 to 3 carry the learner's own numbers.
"""

from __future__ import annotations

from autograder.checks.registry import ExerciseChecks
from course.cases.kinds.risk import RiskView, describe, model_risks  # noqa: F401 (describe)
from course.models.risk import RiskRegister, validate_register

CASE_ID = "medline-hospital-provider"

REVISIT_RULES = "(revisit: the register's rules)"


COPY_ADVICE = (
    "compute them from `case` in this "
    "notebook instead of typing them in (the lesson's MedLine numbers are not your variant's)"
)
"""What to do when numbers fit another variant (``checks.another_variant``)."""

checks = ExerciseChecks(CASE_ID, "modules/05-challenges/lesson.ipynb", copy_advice=COPY_ADVICE)
exercise_case = checks.learner_case
published_case = checks.published_case

REGISTER = "Keeping all seven in view: the risk register"
"""The lesson section every check of this exercise sends a learner back to."""


def reference_scores(case: RiskView) -> dict[str, int]:
    return {risk.risk_id: risk.score for risk in model_risks(case)}


def reference_bands(case: RiskView) -> dict[str, str]:
    return {risk.risk_id: risk.band.value for risk in model_risks(case)}


def reference_flags(case: RiskView) -> set[tuple[str, str]]:
    """(risk id, rule) for every finding of the draft register."""
    findings = validate_register(RiskRegister(tuple(model_risks(case))))
    return {(finding.field.split(".")[0], finding.rule) for finding in findings}


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import register, flags, completed  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
