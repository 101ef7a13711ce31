"""Parts 3 and 4 of "A reskilling plan for the retained team": the training, month by month, and
what it costs and when it ends.

The training is read into ``course.models.reskilling`` with the learner's own assignments from
Part 1, so a plan is judged against the roles the learner chose. Timing and budget are judged
once every gap is closed: a budget met by leaving someone untrained proves nothing.
"""

from __future__ import annotations

from autograder.checks.detect import Misconception, diagnose, different_variant, money_close
from autograder.checks.exercises.reskilling_plan import (
    RESKILLING,
    REVISIT,
    breaks,
    checks,
    part,
    read,
    rules_of,
    staffed_plan,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_number
from course.cases.kinds.reskilling import ReskillingView, programme_of
from course.models import reskilling as model
from course.models.reskilling import (
    Enrolment,
    ReskillingPlan,
    end_month,
    last_training_month,
    training_cost,
)

REVISIT_PLAN = (
    "(revisit: reskilling the internal team for the innovation role, the route and the dates)"
)

# --- Part 3: the training --------------------------------------------------------------------


@checks.check("training-shape", RESKILLING)
def check_training_shape(case: ReskillingView, answer: Plain) -> None:
    read(case, {}, answer)
    if not answer:
        raise ShapeProblem("training is empty: add one dict per person and course")


def _plan(case: ReskillingView, answer: Plain) -> ReskillingPlan:
    assignments, training = part(answer, "assignments", "training")
    try:
        read(case, {}, training)
    except CheckFailed as problem:
        raise CheckFailed(f"Fix the shape of training first: {problem}") from None
    return staffed_plan(case, assignments, training)


def _held(plan: ReskillingPlan, case: ReskillingView) -> bool:
    """Some course teaches a skill its participant already holds."""
    return any(
        case.courses[e.course]["skill"] in case.team[e.person]["skills"] for e in plan.training
    )


GAP_MISCONCEPTIONS = (
    Misconception(
        model.RULE_GAP_CLOSED,
        breaks(model.RULE_GAP_CLOSED),
        "At least one skill gap from Part 2 is not closed: each skill a person's role needs and "
        "they lack must be taught by a course that person takes. A role whose holder is not "
        f"ready on the day of the handover is a role the provider fills by default {REVISIT}.",
    ),
    Misconception(
        "skill-already-held",
        _held,
        "Someone is sent on a course for a skill they already hold (case.team). Train the gaps, "
        f"not the whole role: the budget is for what people still have to learn {REVISIT}.",
    ),
    Misconception(
        model.RULE_TRAINING_NEEDED,
        breaks(model.RULE_TRAINING_NEEDED),
        "Some course is not needed: it teaches a skill the person's role does not ask for, a "
        "skill they are already taught, or it trains someone with no retained role. Train each "
        f"person for the role you gave them {REVISIT}.",
    ),
)


@checks.check("training-gaps", RESKILLING)
def check_training_gaps(case: ReskillingView, answer: Plain) -> None:
    diagnose(_plan(case, answer), case, GAP_MISCONCEPTIONS)


def _complete(case: ReskillingView, answer: Plain) -> ReskillingPlan:
    """The plan, once every gap is closed (the timing and budget checks judge only that)."""
    plan = _plan(case, answer)
    if model.RULE_GAP_CLOSED in rules_of(programme_of(case), plan):
        raise CheckFailed(
            "Close every skill gap first: this check judges the timing and cost of a complete "
            f"plan, and leaving someone untrained is not a way to save time or money {REVISIT}."
        )
    return plan


def _after_handover(plan: ReskillingPlan, case: ReskillingView) -> bool:
    return any(e.start_month >= case.handover_month for e in plan.training)


def _late(plan: ReskillingPlan, case: ReskillingView) -> str:
    programme = programme_of(case)
    return next(
        e.person
        for e in plan.training
        if end_month(programme, e) >= case.handover_month or e.start_month < 1
    )


TIMING_MISCONCEPTIONS = (
    Misconception(
        "after-handover",
        _after_handover,
        "Some training starts once the provider has already taken over. Reskilling planned for "
        "after the handover is the neglect the lesson warns about: put the development "
        "programme into the transition plan itself, so people are ready on the day the "
        f"routine work leaves {REVISIT_PLAN}.",
    ),
    Misconception(
        model.RULE_READY_BY_HANDOVER,
        breaks(model.RULE_READY_BY_HANDOVER),
        lambda plan, case: (
            f"{_late(plan, case)}'s training does not fit in months 1 to "
            f"{case.handover_month - 1}. Someone with two gaps, one course after the other, may "
            "need a shorter route for one skill (a faster course costs more, so weigh it "
            f"against the budget) {REVISIT_PLAN}."
        ),
    ),
    Misconception(
        model.RULE_ONE_AT_A_TIME,
        breaks(model.RULE_ONE_AT_A_TIME),
        "Someone takes two courses at the same time. People keep their day job during the "
        "transition, so each person takes one course at a time: start the next course the "
        f"month after the previous one ends {REVISIT_PLAN}.",
    ),
)


@checks.check("training-timing", RESKILLING)
def check_training_timing(case: ReskillingView, answer: Plain) -> None:
    diagnose(_complete(case, answer), case, TIMING_MISCONCEPTIONS)


BUDGET_MISCONCEPTIONS = (
    Misconception(
        model.RULE_BUDGET,
        breaks(model.RULE_BUDGET),
        lambda plan, case: (
            f"The plan's fees add up to more than the training budget of {case.budget:,.0f} "
            f"{case.currency}. The fastest course for every gap is the dearest way to be ready: "
            "use the cheaper route wherever it still ends before the handover, and the faster "
            f"one only where time is short {REVISIT_PLAN}."
        ),
    ),
)


@checks.check("training-budget", RESKILLING)
def check_training_budget(case: ReskillingView, answer: Plain) -> None:
    diagnose(_complete(case, answer), case, BUDGET_MISCONCEPTIONS)


# --- Part 4: the figures ---------------------------------------------------------------------


def _training(case: ReskillingView, training: Plain) -> tuple[Enrolment, ...]:
    """The learner's Part 3 training, which a figure describes; an empty plan has no figures
    worth a point (nothing to pay, nothing to finish)."""
    try:
        enrolments = read(case, {}, training).training
    except CheckFailed as problem:
        raise CheckFailed(f"Fix the shape of training (Part 3) first: {problem}") from None
    if not enrolments:
        raise CheckFailed(
            "Your training plan (Part 3) is empty, so there is nothing to cost or to finish: "
            "plan the courses first, then work out its figures."
        )
    return enrolments


def _per_course(case: ReskillingView, training: tuple[Enrolment, ...]) -> float:
    return sum(case.courses[code]["fee"] for code in {e.course for e in training})


def _copied_cost(answer: float, case: ReskillingView, training: tuple[Enrolment, ...]) -> bool:
    others = [o for o in checks.copied_from(case) if o.courses != case.courses]
    return any(money_close(answer, training_cost(programme_of(o), training)) for o in others)


@checks.check("training-cost", RESKILLING)
def check_training_cost(case: ReskillingView, answer: Plain) -> None:
    training, cost = part(answer, "training", "training_cost")
    training = _training(case, training)
    expect_number(cost, "training_cost", 0)
    if money_close(cost, training_cost(programme_of(case), training)):
        return
    if money_close(cost, _per_course(case, training)):
        raise CheckFailed(
            "You counted each course's fee once, however many people take it. The fee is per "
            "participant (case.courses): two people on the same course pay it twice "
            f"{REVISIT_PLAN}."
        )
    if _copied_cost(cost, case, training):
        raise different_variant("These fees", "compute them from case.courses in this notebook")
    raise CheckFailed(
        "training_cost is not right for your plan: add up the fee of every course in "
        f"training, once per participant {REVISIT_PLAN}."
    )


@checks.check("last-training-month", RESKILLING)
def check_last_training_month(case: ReskillingView, answer: Plain) -> None:
    training, month = part(answer, "training", "last_training_month")
    training = _training(case, training)
    expect_number(month, "last_training_month", 0)
    programme = programme_of(case)
    if month == last_training_month(programme, training):
        return
    if month == max(e.start_month + case.courses[e.course]["months"] for e in training):
        raise CheckFailed(
            "Your month is one too late: a course that starts in month 3 and lasts 2 months "
            "runs in months 3 and 4, so it ends in start_month + months - 1 (see the "
            "conventions at the top)."
        )
    if month == sum(case.courses[e.course]["months"] for e in training):
        raise CheckFailed(
            "You added up the months of every course. People train side by side: the training "
            "ends when the last course ends, the latest start_month + months - 1 over all "
            f"courses {REVISIT_PLAN}."
        )
    raise CheckFailed(
        "last_training_month is not right for your plan: the month the last course ends, "
        f"start_month + months - 1 for each course, the latest of them {REVISIT_PLAN}."
    )
