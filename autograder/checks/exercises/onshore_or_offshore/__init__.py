"""Checks for the exercise "Onshore or offshore?" (case: helios-app-maintenance).

Every check rebuilds the learner's own variant of the Helios case from the learner id and computes
the reference with ``course.models.sourcing_cost``. When an answer is wrong, the check first looks
for the known misconceptions and names the idea to revisit, without printing expected values:

- the rate card only, or some of the hidden costs left out (transition, ramp-up, governance,
  attrition and knowledge loss, travel), in any combination;
- the horizon counted in years where months were meant (a month's cost times the years);
- the ramp-up loss charged in full for every transition month instead of fading;
- savings with the wrong sign, a savings share divided by the option's cost or given in percent;
- a break-even month one off, or taken as the first month with a positive monthly saving;
- an option picked for its rate instead of its total cost;
- numbers that fit a different variant of the case (another learner's, or the lesson's).
"""

from __future__ import annotations

from autograder.checks.registry import ExerciseChecks
from course.cases.kinds.sourcing_cost import describe  # noqa: F401 (the setup cell's)

CASE_ID = "helios-app-maintenance"

checks = ExerciseChecks(CASE_ID, "modules/01-onshore-offshore/lesson.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case

TOTAL_COST = "The real total cost"
"""The lesson section of the totals, the savings and the cheapest option."""

# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import totals, savings, break_even, cheapest  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
