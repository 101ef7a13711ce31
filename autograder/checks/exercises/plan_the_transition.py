"""Checks for the exercise "Plan the transition" (case: wrenfield-water-transition).

The learner plans the second wave's transition (phases, go/no-go gates, knowledge-transfer
checklist), decides the first wave's planned cutover from the readiness report, finds the
earliest week every cutover criterion is met, and reviews the draft contract's exit clauses. A
plan has many right answers, so the plan's checks read the learner's own plan into
``course.models.transition`` and judge it by the module's rules (``validate_plan``); the figures
are compared with the model's on the learner's own variant (variants move the readiness report
and the minimum lengths). Messages name the idea to revisit and never give an expected value.
"""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import Misconception, diagnose, different_variant
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_number
from course.cases.kinds.transition import (  # noqa: F401
    QUALITY,
    TransitionView,
    describe,
    exit_of,
    programme_of,
)
from course.models import transition as model
from course.models.errors import ModelInputError
from course.models.transition import (
    CUTOVER,
    EXIT_CLAUSES,
    REVERSE_SHADOWING,
    VERDICTS,
    TransitionPlan,
    decide_gate,
    earliest_go_week,
    exit_verdicts,
    read_plan,
    validate_plan,
)

CASE_ID = "wrenfield-water-transition"
LESSON = "modules/07-transition-exit/lesson.ipynb"
PLAN = "A transition plan with go/no-go gates"
KNOWLEDGE = "Knowledge transfer: shadowing, reverse shadowing and sign-off"
DECIDING = "Deciding at a gate: every criterion, not the average"
EXIT = "Planning the exit before you need it"
REVISIT_PLAN = "(revisit: a transition plan with go/no-go gates)"
REVISIT_KT = "(revisit: knowledge transfer: shadowing, reverse shadowing and sign-off)"
REVISIT_GATE = "(revisit: deciding at a gate: every criterion, not the average)"
REVISIT_EXIT = "(revisit: planning the exit before you need it)"
RETAINED = "retained-roles-filled"

checks = ExerciseChecks(CASE_ID, LESSON)
exercise_case = checks.learner_case


# --- reading the plan ----------------------------------------------------------------------------


def read(
    case: TransitionView, phases: Plain, gates: Plain = (), checklist: Plain = None
) -> TransitionPlan:
    """The learner's plan through the model, or a shape failure that names what to fix."""
    for name, value in (("phases", phases), ("gates", gates)):
        if type(value) not in (list, tuple):
            raise ShapeProblem(
                f"{name} should be a list with one dict per {name[:-1]}, "
                f"not a {type(value).__name__}"
            )
    if checklist is not None and type(checklist) is not dict:
        raise ShapeProblem(
            "kt_checklist should be a dict that maps each process in case.processes to "
            f"{{'owner': ..., 'measures': [...]}}, not a {type(checklist).__name__}"
        )
    try:
        return read_plan(programme_of(case), phases, gates, checklist or {})
    except ModelInputError as problem:
        raise ShapeProblem(str(problem)) from None


def part(answer: Plain, *names: str) -> tuple[Any, ...]:
    """The named entries of a check's answer (the cell passes the parts a check needs)."""
    if type(answer) is not dict or set(answer) != set(names):
        raise ShapeProblem("the answer could not be read; run the cells of this part again")
    return tuple(answer[name] for name in names)


def rules_of(case: TransitionView, plan: TransitionPlan) -> set[str]:
    return {finding.rule for finding in validate_plan(programme_of(case), plan)}


def breaks(rule: str) -> Any:
    """A detector: the plan breaks ``rule`` (as ``validate_plan`` names it)."""
    return lambda plan, case: rule in rules_of(case, plan)


def _first(plan: TransitionPlan, case: TransitionView, rule: str) -> str:
    """The first finding's message for ``rule``: the specific thing to fix, in the model's words."""
    return next(f.message for f in validate_plan(programme_of(case), plan) if f.rule == rule)


# --- Part 1: the phases --------------------------------------------------------------------------


def _phases(case: TransitionView, answer: Plain) -> TransitionPlan:
    plan = read(case, answer)
    if not plan.phases:
        raise ShapeProblem("phases is empty: add one dict per phase")
    return plan


def _cutover_first(plan: TransitionPlan, case: TransitionView) -> bool:
    reverse, cutover = plan.phase(REVERSE_SHADOWING), plan.phase(CUTOVER)
    return reverse is not None and cutover is not None and cutover.start_week <= reverse.end_week


def _lacks(name: str) -> Any:
    return lambda plan, case: plan.phase(name) is None


PHASE_MISCONCEPTIONS = (
    Misconception(
        "cutover-before-reverse-shadowing",
        _cutover_first,
        "Your cutover comes before the provider has finished reverse shadowing. Until the "
        "provider's people have done the work themselves while yours watch, nobody has seen that "
        f"they can: switch over only after reverse shadowing ends {REVISIT_PLAN}.",
    ),
    Misconception(
        "no-reverse-shadowing",
        _lacks(REVERSE_SHADOWING),
        "Your plan has no reverse shadowing. Watching your people work (shadowing) shows the "
        "provider what to do; only doing it under your people's eyes shows they can "
        f"{REVISIT_PLAN}.",
    ),
    Misconception(
        "no-parallel-run",
        _lacks(model.PARALLEL_RUN),
        "Your plan switches over without a parallel run. Running the old and the new service "
        "side by side for a few weeks is what catches the differences before users do; it costs "
        f"twice for a while, which is why it must be planned and paid for {REVISIT_PLAN}.",
    ),
    Misconception(
        model.RULE_PARALLEL_RUN,
        breaks(model.RULE_PARALLEL_RUN),
        lambda plan, case: (
            f"Check the parallel run: {_first(plan, case, model.RULE_PARALLEL_RUN)} "
            f"(case.min_weeks) {REVISIT_PLAN}."
        ),
    ),
    Misconception(
        "no-stabilisation",
        _lacks(model.STABILISATION),
        "Your plan goes from cutover straight to steady state. The weeks after a switch are when "
        "incidents pile up; plan a stabilisation period with close watch and extra people before "
        f"the service counts as steady {REVISIT_PLAN}.",
    ),
    *(
        Misconception(
            rule,
            breaks(rule),
            lambda plan, case, rule=rule: (
                f"{_first(plan, case, rule).capitalize()} {REVISIT_PLAN}."
            ),
        )
        for rule in (
            model.RULE_STABILISATION,
            model.RULE_REVERSE_BEFORE_CUTOVER,
            model.RULE_PHASE_MISSING,
            model.RULE_PHASE_ONCE,
            model.RULE_PHASE_ORDER,
            model.RULE_PHASE_LENGTH,
            model.RULE_DEADLINE,
        )
    ),
)


@checks.check("phases-shape", PLAN)
def check_phases_shape(case: TransitionView, answer: Plain) -> None:
    _phases(case, answer)


@checks.check("phases", PLAN)
def check_phases(case: TransitionView, answer: Plain) -> None:
    diagnose(_phases(case, answer), case, PHASE_MISCONCEPTIONS)


# --- Part 2: the gates ---------------------------------------------------------------------------


def _gates(case: TransitionView, answer: Plain) -> TransitionPlan:
    phases, gates = part(answer, "phases", "gates")
    try:
        _phases(case, phases)
    except ShapeProblem as problem:
        raise CheckFailed(
            f"Fix the phases (Part 1) first; the gates stand in them: {problem}"
        ) from None
    plan = read(case, phases, gates)
    if not plan.gates:
        raise CheckFailed(
            "gates is empty: a transition with no gates has nobody deciding when to go on "
            f"{REVISIT_PLAN}."
        )
    return plan


def _forgot_retained(plan: TransitionPlan, case: TransitionView) -> bool:
    judged = {c for gate in plan.gates if gate.before == CUTOVER for c in gate.criteria}
    return RETAINED in case.required_gates.get(CUTOVER, []) and RETAINED not in judged


GATE_MISCONCEPTIONS = (
    Misconception(
        model.RULE_GATE_CRITERIA,
        breaks(model.RULE_GATE_CRITERIA),
        "A gate in your plan has no criteria. A go/no-go gate without written criteria is "
        "decided by whoever is in the room and the date on the plan; agree what must be true "
        f"before it is held {REVISIT_PLAN}.",
    ),
    Misconception(
        model.RULE_GATE_OWNER,
        breaks(model.RULE_GATE_OWNER),
        "A gate in your plan has no owner. Someone must be accountable for saying go or no-go, "
        f"and for saying no when the figures are not there {REVISIT_PLAN}.",
    ),
    Misconception(
        "forgot-retained-organisation",
        _forgot_retained,
        "Your cutover gate does not check that the retained organisation is in place. After "
        "cutover someone on your side must direct and check the provider; if those roles are "
        "empty on the day, the provider manages itself "
        "(revisit: the retained organisation).",
    ),
    *(
        Misconception(
            rule,
            breaks(rule),
            lambda plan, case, rule=rule: (
                f"{_first(plan, case, rule).capitalize()} {REVISIT_PLAN}."
            ),
        )
        for rule in (
            model.RULE_REQUIRED_GATES,
            model.RULE_CRITERIA_MEASURABLE,
            model.RULE_GATE_ORDER,
        )
    ),
)


@checks.check("gates", PLAN)
def check_gates(case: TransitionView, answer: Plain) -> None:
    diagnose(_gates(case, answer), case, GATE_MISCONCEPTIONS)


# --- Part 3: the knowledge-transfer checklist ----------------------------------------------------


def _measure_missing(measure: str) -> Any:
    return lambda plan, case: any(
        measure not in entry.measures for entry in plan.checklist.values()
    )


KT_MISCONCEPTIONS = (
    Misconception(
        "checklist-without-reverse-shadowing",
        _measure_missing("reverse-shadowing"),
        "A process on your checklist has no reverse shadowing. A runbook and a few weeks of "
        "watching prove that knowledge was offered, not that it arrived; the provider must do "
        f"the work while your people watch {REVISIT_KT}.",
    ),
    Misconception(
        "checklist-without-sign-off",
        _measure_missing("capability-sign-off"),
        "A process on your checklist has no capability sign-off. Without a signed statement "
        "that the provider can run it, knowledge transfer has no end, and no gate can rely on it "
        f"{REVISIT_KT}.",
    ),
    Misconception(
        model.RULE_KT_CHECKLIST,
        breaks(model.RULE_KT_CHECKLIST),
        lambda plan, case: (
            f"{_first(plan, case, model.RULE_KT_CHECKLIST).capitalize()}: every process in "
            f"case.processes needs an owner on the provider's side and every measure in "
            f"case.kt_measures {REVISIT_KT}."
        ),
    ),
)


@checks.check("kt-checklist", KNOWLEDGE)
def check_kt_checklist(case: TransitionView, answer: Plain) -> None:
    plan = read(case, [], [], answer)
    if not plan.checklist:
        raise ShapeProblem("kt_checklist is empty: add one entry per process in case.processes")
    diagnose(plan, case, KT_MISCONCEPTIONS)


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


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
