"""Parts 4 and 5 of "Plan the transition": the cutover decision on the readiness report, the
earliest week every criterion is met, and the review of the draft contract's exit clauses."""

from __future__ import annotations

from autograder.checks.detect import Misconception, diagnose, different_variant
from autograder.checks.exercises.plan_the_transition import (
    DECIDING,
    EXIT,
    REVISIT_EXIT,
    REVISIT_GATE,
    checks,
    part,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_number
from course.cases.kinds.transition import (
    TransitionView,
    exit_of,
    programme_of,
)
from course.models import transition as model
from course.models.transition import (
    CUTOVER,
    EXIT_CLAUSES,
    VERDICTS,
    decide_gate,
    earliest_go_week,
    exit_verdicts,
)

# --- Part 4: the cutover decision and the earliest week -------------------------------------------


def _decision(case: TransitionView, week: int) -> model.GateDecision:
    criteria = case.required_gates[CUTOVER]
    return decide_gate(programme_of(case), criteria, case.readiness[week])


def _below_hundred(case: TransitionView) -> set[str]:
    values = case.readiness[case.planned_cutover_week]
    return {c for c in case.required_gates[CUTOVER] if values.get(c, 0.0) < 100}


@checks.check("cutover-decision", DECIDING)
def check_cutover_decision(case: TransitionView, answer: Plain) -> None:
    verdict, failing = part(answer, "cutover_verdict", "failing_criteria")
    if verdict not in ("go", "no-go"):
        raise ShapeProblem(f"cutover_verdict should be 'go' or 'no-go', not {verdict!r}")
    if type(failing) is not list or any(type(c) is not str for c in failing):
        raise ShapeProblem("failing_criteria should be a list of criterion ids (texts)")
    if len(set(failing)) != len(failing):
        raise ShapeProblem("failing_criteria lists a criterion more than once")
    unknown = [c for c in failing if c not in case.criteria]
    if unknown:
        raise ShapeProblem(
            f"failing_criteria names {unknown[0]!r}, which is not an id in case.criteria"
        )
    decision = _decision(case, case.planned_cutover_week)
    if verdict == "go" and not decision.go:
        raise CheckFailed(
            "You said go, but at least one cutover criterion is below its target in the planned "
            "week. A gate is a list of conditions, not a score: a high average, or most figures "
            f"green, does not make up for one that is short {REVISIT_GATE}."
        )
    if verdict != decision.verdict:
        raise CheckFailed(
            "Compare each cutover criterion with its own target in the planned week "
            f"{REVISIT_GATE}."
        )
    if set(failing) == set(decision.failing):
        return
    if set(failing) == _below_hundred(case):
        raise CheckFailed(
            "You listed every criterion below 100%. Each criterion has its own target "
            f"(case.criteria): a figure at or above its target is met {REVISIT_GATE}."
        )
    raise CheckFailed(
        "failing_criteria is not right: the cutover criteria (case.required_gates) whose figure "
        f"in the planned week (case.readiness) is below its target {REVISIT_GATE}."
    )


def _average_week(case: TransitionView) -> int | None:
    criteria = case.required_gates[CUTOVER]
    goal = sum(case.criteria[c]["target"] for c in criteria) / len(criteria)
    for week in sorted(case.readiness):
        if sum(case.readiness[week].get(c, 0.0) for c in criteria) / len(criteria) >= goal:
            return week
    return None


def _any_met_week(case: TransitionView) -> int | None:
    criteria = case.required_gates[CUTOVER]
    for week in sorted(case.readiness):
        if any(case.readiness[week].get(c, 0.0) >= case.criteria[c]["target"] for c in criteria):
            return week
    return None


def _earliest(case: TransitionView) -> int | None:
    return earliest_go_week(programme_of(case), case.required_gates[CUTOVER], case.readiness)


@checks.check("earliest-cutover", DECIDING)
def check_earliest_cutover(case: TransitionView, answer: Plain) -> None:
    expect_number(answer, "earliest_cutover_week", 1)
    if answer == _earliest(case):
        return
    promised = (
        " That is also the week the plan promised." if answer == case.planned_cutover_week else ""
    )
    if answer == _average_week(case):
        raise CheckFailed(
            "Your week is the first in which the average figure reaches the average target."
            f"{promised} A gate is a list of conditions, not a score: find the first week in "
            f"which every cutover criterion meets its own target {REVISIT_GATE}."
        )
    if promised:
        raise CheckFailed(
            "That is the week the plan promised, not the week the figures allow: the plan's date "
            f"is what the gate is there to test {REVISIT_GATE}."
        )
    if answer == _any_met_week(case):
        raise CheckFailed(
            "In your week only some cutover criteria meet their target. Find the first week in "
            f"which all of them do {REVISIT_GATE}."
        )
    others = [o for o in checks.copied_from(case) if o.readiness != case.readiness]
    if any(answer == _earliest(other) for other in others):
        raise different_variant("This week", "read case.readiness in this notebook")
    raise CheckFailed(
        "earliest_cutover_week is not right: the first week of case.readiness in which every "
        f"cutover criterion (case.required_gates) is at or above its target {REVISIT_GATE}."
    )


# --- Part 5: the exit clauses --------------------------------------------------------------------


def _said(answer: dict[str, str], clause: str, *verdicts: str) -> bool:
    return answer.get(clause) in verdicts


EXIT_MISCONCEPTIONS = (
    Misconception(
        "assistance-shorter-than-resourcing",
        lambda answer, truth: (
            truth[model.CLAUSE_ASSISTANCE] == "weak"
            and _said(answer, model.CLAUSE_ASSISTANCE, "adequate")
        ),
        "You judged the termination assistance adequate, but it ends before a successor could "
        "be chosen and the work moved (case.resourcing_months). Assistance that stops halfway "
        f"through a re-sourcing leaves you with no one running the service {REVISIT_EXIT}.",
    ),
    Misconception(
        "returned-means-deleted",
        lambda answer, truth: (
            truth[model.CLAUSE_DELETION] == "missing"
            and not _said(answer, model.CLAUSE_DELETION, "missing")
        ),
        "The draft says nothing about deleting your data, yet you did not mark the deletion "
        "certificate missing. Getting a copy of your data back does not remove the provider's "
        f"copies; only a certified deletion does {REVISIT_EXIT}.",
    ),
    Misconception(
        "open-ended-exit-price",
        lambda answer, truth: (
            truth[model.CLAUSE_EXIT_PRICE] == "weak"
            and _said(answer, model.CLAUSE_EXIT_PRICE, "adequate")
        ),
        "You judged the exit price adequate, but the draft leaves exit services at the "
        "provider's rates of the day. At exit you have no leverage left: the price must be "
        f"agreed now, while the provider still competes for the contract {REVISIT_EXIT}.",
    ),
    Misconception(
        "silent-is-weak",
        lambda answer, truth: any(
            truth[c] == "missing" and answer.get(c) == "weak" for c in EXIT_CLAUSES
        ),
        "You marked as weak a clause the draft does not contain at all. Weak means the clause is "
        f"there but cannot carry the exit; missing means the contract is silent {REVISIT_EXIT}.",
    ),
)


@checks.check("exit-review", EXIT)
def check_exit_review(case: TransitionView, answer: Plain) -> None:
    if type(answer) is not dict:
        raise ShapeProblem(
            "exit_review should be a dict that maps each clause to 'missing', 'weak' or "
            f"'adequate', not a {type(answer).__name__}"
        )
    missing = [c for c in EXIT_CLAUSES if c not in answer]
    extra = [c for c in answer if c not in EXIT_CLAUSES]
    if missing or extra:
        raise ShapeProblem(
            f"exit_review should have exactly the clauses {', '.join(EXIT_CLAUSES)} "
            f"({'missing ' + repr(missing[0]) if missing else 'unknown ' + repr(extra[0])})"
        )
    bad = [c for c, v in answer.items() if v not in VERDICTS]
    if bad:
        raise ShapeProblem(f"exit_review[{bad[0]!r}] should be one of {', '.join(VERDICTS)}")
    truth = exit_verdicts(*exit_of(case))
    if answer == truth:
        return
    diagnose(answer, truth, EXIT_MISCONCEPTIONS)
    wrong = sum(1 for c in EXIT_CLAUSES if answer[c] != truth[c])
    raise CheckFailed(
        f"{wrong} of your {len(EXIT_CLAUSES)} verdicts are not right. For each clause: is it in "
        "case.exit_draft at all, and if so, can it carry an exit (long enough, in time, an open "
        f"format, a price agreed now)? {REVISIT_EXIT}"
    )
