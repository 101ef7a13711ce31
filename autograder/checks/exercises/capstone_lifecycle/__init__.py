"""Checks for the exercise "Capstone: one deal from decision to exit" (case: ferncastle-lifecycle).

The case is a capstone: one plain view per life-cycle step (``case.decide``, ``case.select``,
``case.contract``, ``case.relationship``), each the view an earlier exercise showed. Every
reference comes from the model the earlier module taught (``course.models.sourcing_cost``,
``vendor``, ``sla``, ``governance``), called on the learner's own variant. When an answer is
wrong, a check looks for the known misconceptions and names the section to revisit, in the
capstone lesson or in the module that taught the tool:

- the cheapest option picked by its rate card alone;
- a break-even month one off, taken as the first cheaper month, or given as a year;
- the winner picked without the knock-outs, or for its price alone;
- a service credit without the at-risk cap, or given as a share instead of money;
- missed months found with a lower-is-better target read the wrong way;
- the step to fix first taken in the steps' order, or the one closest to working well;
- answers that fit a different variant of the case (another learner's, or the lesson's).
"""

from __future__ import annotations

from autograder.checks.registry import ExerciseChecks
from course.cases.kinds.capstone import describe  # noqa: F401 (the setup cell's)

CASE_ID = "ferncastle-lifecycle"

checks = ExerciseChecks(CASE_ID, "modules/09-capstone/lesson.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case

DECIDE = "Step 1: decide what to source"
SELECT = "Step 2: select a provider"
CONTRACT = "Step 3: contract for service levels"
GOVERN = "Step 5: govern, and notice the drift"
FIX = "Step 6: fix a drifting relationship"
"""The capstone lesson's sections, one per autograded step."""

# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import decide_select, contract_govern  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
