"""Checks for the exercise "Service levels and service credits" (case: cobalt-bank-help-desk).

Every reference value comes from ``course.models.sla`` through the learner's plain view
(``SlaView.measured`` and ``SlaView.credits``). A wrong answer is first matched against what the
usual slips compute (maintenance counted as downtime, a target's direction ignored, a credit
without its pool share, credits never capped, another variant's numbers) so the message names
the idea to revisit; no message prints an expected value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from autograder.checks.detect import (
    Misconception,
    all_close,
    another_variant,
    judge,
    money_close,
    money_close_by_key,
    money_close_by_two_keys,
    same_members_by_key,
    slip,
)
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_names, expect_number, expect_numbers_by_key
from course.cases.kinds.sla import SlaView, describe, measured, month_credits  # noqa: F401
from course.models.sla import availability, met

EXERCISE_ID = "service-credits"
CASE_ID = "cobalt-bank-help-desk"
SHARE_TOLERANCE = 1e-6

checks = ExerciseChecks(CASE_ID, "modules/04-vendor-governance/lesson.ipynb")
exercise_case = checks.learner_case


# --- the reference, from the models --------------------------------------------------------


def reference_availability(case: SlaView) -> dict[str, float]:
    return {m: measured(case, m)[case.availability_level] for m in case.months}


def reference_missed(case: SlaView) -> dict[str, list[str]]:
    return {m: [x.name for x in month_credits(case, m).lines if not x.met] for m in case.months}


def reference_at_risk(case: SlaView) -> float:
    return month_credits(case, case.months[0]).at_risk_amount


def reference_credits(case: SlaView) -> dict[str, dict[str, float]]:
    return {m: {x.name: x.credit for x in month_credits(case, m).lines} for m in case.months}


def reference_owed(case: SlaView) -> dict[str, float]:
    return {m: month_credits(case, m).total_after_cap for m in case.months}


# --- what the usual slips compute ----------------------------------------------------------


def by_month(case: SlaView, formula: Callable[[dict[str, float]], float]) -> dict[str, float]:
    """``formula`` of each month's minutes: what a slip in the availability formula computes."""
    return {m: formula(t) for m, t in case.minutes.items()}


def direction_ignored(case: SlaView) -> dict[str, set[str]]:
    """Levels missed when every target is read as a floor (higher is better)."""
    floors = [dataclasses.replace(level, higher_is_better=True) for level in case.service_levels()]
    return {
        m: {x.name for x in floors if not met(x, measured(case, m)[x.name])} for m in case.months
    }


def on_target_missed(case: SlaView) -> dict[str, set[str]]:
    """Levels missed when a measurement exactly on target counts as a miss."""
    return {
        m: set(missed) | {n for n, v in measured(case, m).items() if v == case.levels[n]["target"]}
        for m, missed in reference_missed(case).items()
    }


def credits_by(case: SlaView, share: Callable[[SlaView, str], float], every: bool = False):
    """Credits month -> level -> ``share(case, level)`` x the at-risk amount for the missed
    levels (for every level if ``every``), 0 for the others: what a slip in A x B x C computes."""
    lines = {m: month_credits(case, m).lines for m in case.months}
    at_risk = reference_at_risk(case)
    return {
        m: {x.name: share(case, x.name) * at_risk if every or not x.met else 0.0 for x in ls}
        for m, ls in lines.items()
    }


def _a(case: SlaView, level: str) -> float:
    return case.pool_allocation[str(case.levels[level]["category"])]


def _b(case: SlaView, level: str) -> float:
    return float(case.levels[level]["credit_allocation"])


def shares(answer: dict, expected: dict) -> bool:
    return all_close(answer, expected, SHARE_TOLERANCE)


def copied(what: str, reference: Callable[[SlaView], object], same: Callable) -> Misconception:
    """Numbers from the lesson's case or another learner's variant."""
    return another_variant(what, lambda a, other: same(a, reference(other)), checks.copied_from)


def expect_by_month(answer: Plain, case: SlaView, name: str, example: str) -> None:
    """``answer`` is a dict with one entry per month label, spelled as in the case."""
    if type(answer) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict with one entry per month, not a {type(answer).__name__}. "
            f"For example: {name} = {{{case.months[0]!r}: {example}, ...}}"
        )
    expect_numbers_by_key({month: 0 for month in answer}, case.months, name)


# --- Part 1: availability --------------------------------------------------------------------

LEVELS = "Service levels that mean something"

# fmt: off
AVAILABILITY_ADVICE = (
    "The availability of at least one month is not right: (scheduled - downtime) / "
    "scheduled, with the excluded minutes taken out of both terms first."
)
AVAILABILITY_SLIPS = (
    slip("maintenance-counted",
         lambda c: by_month(c, lambda t: availability(t["scheduled"], t["downtime"])), shares,
         "Your availability counts the approved maintenance as downtime. Excluded minutes come "
         "out of both the scheduled time and the downtime (revisit: service levels that mean "
         "something, how availability is measured)."),
    slip("excluded-from-downtime-only", lambda c: by_month(
         c, lambda t: availability(t["scheduled"], t["downtime"] - t["excluded"])), shares,
         "You took the excluded minutes out of the downtime but left them in the scheduled "
         "time. Approved maintenance is not service time either: remove it from both terms "
         "(revisit: service levels that mean something)."),
    slip("percent", lambda c: {m: 100 * v for m, v in reference_availability(c).items()},
         lambda a, e: all_close(a, e, 1e-4),
         "Give availability as a fraction of 1 (0.995 for 99.5%), as the targets in "
         "`case.levels` are."),
    copied("These availabilities", reference_availability, shares),
)
# fmt: on


@checks.check("availability-shape", LEVELS)
def check_availability_shape(case: SlaView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.months, "availability")


@checks.check("availability", LEVELS)
def check_availability(case: SlaView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.months, "availability")
    right = shares(answer, reference_availability(case))
    judge(right, answer, case, AVAILABILITY_SLIPS, AVAILABILITY_ADVICE)


# --- Part 2: which levels were missed --------------------------------------------------------

# fmt: off
MISSED_ADVICE = (
    "At least one month's list is not right. Compare each measurement with its target, in "
    "the direction the target points; availability is your Part 1 figure."
)
MISSED_SLIPS = (
    slip("direction-ignored", direction_ignored, same_members_by_key,
         "You treated every target as a floor. For a level whose direction is lower-is-better "
         "(a speed of answer in seconds), a value above the target is the miss (revisit: "
         "service levels that mean something, a target with a direction)."),
    slip("on-target-missed", on_target_missed, same_members_by_key,
         "A level measured exactly on its target is met, not missed: the target is the "
         "boundary the provider promised to reach (see the conventions at the top)."),
    slip("met-listed",
         lambda c: {m: set(c.levels) - set(x) for m, x in reference_missed(c).items()},
         same_members_by_key,
         "These are the levels that were met. List the missed ones: only they earn a credit."),
)
# fmt: on


@checks.check("missed", LEVELS)
def check_missed(case: SlaView, answer: Plain) -> None:
    expect_by_month(answer, case, "missed", "[...]")
    for month in case.months:
        expect_names(answer[month], case.levels, f"missed[{month!r}]")
    right = same_members_by_key(answer, reference_missed(case))
    judge(right, answer, case, MISSED_SLIPS, MISSED_ADVICE)


# --- Part 3: the at-risk amount --------------------------------------------------------------

CREDITS = "Service credits under an at-risk cap"

AT_RISK_ADVICE = "The at-risk amount is the at-risk share times the monthly charge."

# fmt: off
AT_RISK_SLIPS = (
    slip("annual-fees", lambda c: 12 * reference_at_risk(c), money_close,
         "That is the at-risk share of a year's charges. The cap is a share of the monthly "
         "charge: it limits one month's credits (revisit: service credits under an at-risk cap)."),
    slip("whole-charge", lambda c: c.monthly_charge, money_close,
         "That is the whole monthly charge. Only the at-risk share of it is at risk (revisit: "
         "service credits under an at-risk cap, C)."),
    copied("This amount", reference_at_risk, money_close),
)
# fmt: on


@checks.check("at-risk-amount", CREDITS)
def check_at_risk(case: SlaView, answer: Plain) -> None:
    expect_number(answer, "at_risk_amount")
    judge(money_close(answer, reference_at_risk(case)), answer, case, AT_RISK_SLIPS, AT_RISK_ADVICE)


# --- Part 4: credit per level ----------------------------------------------------------------

# fmt: off
CREDIT_ADVICE = (
    "At least one credit is not right. For each missed level: A (its category's pool "
    "allocation) x B (its credit allocation) x C (the at-risk amount); 0 for a met level."
)
CREDIT_SLIPS = (
    slip("credits-for-met-levels", lambda c: credits_by(c, lambda c, n: _a(c, n) * _b(c, n), True),
         money_close_by_two_keys,
         "You gave a credit to every level, met or not. A level earns a credit only in a month "
         "it was missed; a met level's credit is 0 (revisit: service credits under an at-risk "
         "cap)."),
    slip("pool-ignored", lambda c: credits_by(c, _b), money_close_by_two_keys,
         "Your credits leave out A, the share of the at-risk amount the level's category can "
         "draw (`case.pool_allocation`). Credit = A x B x C (revisit: service credits under an "
         "at-risk cap)."),
    slip("normalised-pools", lambda c: credits_by(
         c, lambda c, n: _a(c, n) * _b(c, n) / sum(c.pool_allocation.values())),
         money_close_by_two_keys,
         "You scaled the pool allocations to add up to 100%. They are not weights: each "
         "category's A is its own share of the at-risk amount, and together they may exceed "
         "100%; the at-risk cap limits the total instead (revisit: service credits under an "
         "at-risk cap)."),
    slip("charge-not-at-risk",
         lambda c: credits_by(c, lambda c, n: _a(c, n) * _b(c, n) / c.at_risk_share),
         money_close_by_two_keys,
         "Your credits are shares of the whole monthly charge. C is the at-risk amount, the "
         "at-risk share of the charge (revisit: service credits under an at-risk cap)."),
    slip("allocation-ignored", lambda c: credits_by(c, _a), money_close_by_two_keys,
         "Your credits leave out B, the level's own credit allocation within its category "
         "(`credit_allocation` in `case.levels`). Credit = A x B x C."),
    copied("These credits", reference_credits, money_close_by_two_keys),
)
# fmt: on


@checks.check("credits", CREDITS)
def check_credits(case: SlaView, answer: Plain) -> None:
    expect_by_month(answer, case, "credits", "{...}")
    for month in case.months:
        expect_numbers_by_key(answer[month], case.levels, f"credits[{month!r}]")
    right = money_close_by_two_keys(answer, reference_credits(case))
    judge(right, answer, case, CREDIT_SLIPS, CREDIT_ADVICE)


# --- Part 5: the credit owed each month ------------------------------------------------------

# fmt: off
OWED_ADVICE = (
    "At least one month is not right: add up that month's credits, then keep the smaller "
    "of that sum and the at-risk amount."
)
OWED_SLIPS = (
    slip("uncapped", lambda c: {m: month_credits(c, m).total_before_cap for m in c.months},
         money_close_by_key,
         "At least one month's total is above the at-risk amount. A month's credits are summed "
         "and then capped at that month's at-risk amount, not at a year's fees or the whole "
         "charge (revisit: service credits under an at-risk cap)."),
    slip("whole-amount-on-any-miss", lambda c: {
         m: reference_at_risk(c) if x else 0.0 for m, x in reference_missed(c).items()},
         money_close_by_key,
         "A miss does not forfeit the whole at-risk amount: it earns its own credit, and the "
         "at-risk amount only caps the sum (revisit: service credits under an at-risk cap)."),
    copied("These totals", reference_owed, money_close_by_key),
)
# fmt: on


@checks.check("credit-owed", CREDITS)
def check_owed(case: SlaView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.months, "credit_owed")
    judge(money_close_by_key(answer, reference_owed(case)), answer, case, OWED_SLIPS, OWED_ADVICE)


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
