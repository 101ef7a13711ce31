"""Checks for the exercise "Govern the relationship" (case: orion-manufacturing-rescue).

Every check rebuilds the learner's own variant of the Orion case from the learner id and asks
``course.models.governance`` for the reference (the nine-step health check, the cadence and RACI
rules) and ``course.models.sourcing_cost`` for the published governance band. When an answer is
wrong, the check first looks for the known misconceptions and names the idea to revisit, without
printing expected values:

- the overall score as an average of the raw 0-4 scores, a share of 1 or a plain sum;
- priorities taken highest first, in step order, or with ties broken another way than the
  model's (alphabetically, later step first);
- the governance band computed on a month's or the whole contract's value, on the governance
  spend instead of the contract value, or with 3 and 6 used as multipliers;
- the spend share given in percent, upside down, or on the wrong base;
- a calendar missing a tier, with monthly executive reviews or quarterly operational ones, a tier
  without the provider, an operational review that does not read the issue log;
- a RACI with two Accountable roles, none, or no Responsible role on an activity;
- the analyst's drafts handed back unchanged;
- numbers that fit a different variant of the case (another learner's, or the lesson's).

The calendar and the RACI are graded by rules, not against one reference: any design that meets
the rules earns the points. They have no numbers of their own, so they are the same task for
every learner; the health check and the budget carry the learner's own numbers.
"""

from __future__ import annotations

from autograder.checks.registry import ExerciseChecks
from course.cases.kinds.governance import describe  # noqa: F401 (the setup cell's)

CASE_ID = "orion-manufacturing-rescue"

COPY_ADVICE = (
    "compute them from `case` in this "
    "notebook instead of typing numbers in (the lesson's Orion numbers are not your variant's)"
)
"""What to do when numbers fit another variant (``checks.another_variant``)."""

checks = ExerciseChecks(
    CASE_ID, "modules/04-vendor-governance/governance.ipynb", copy_advice=COPY_ADVICE
)
exercise_case = checks.learner_case
published_case = checks.published_case


NINE_STEPS_SECTION = "Gartner's nine steps"
"""The lesson section of the priorities (Part 1) and of the budget (Part 2)."""

# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import health, budget, cadence, raci  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
