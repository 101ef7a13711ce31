"""Parts 1 to 3 of "Plan the transition": the phases, the gates and the knowledge-transfer
checklist of the learner's own plan, judged by the model's rules."""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import Misconception, diagnose
from autograder.checks.exercises.plan_the_transition import (
    KNOWLEDGE,
    PLAN,
    RETAINED,
    REVISIT_KT,
    REVISIT_PLAN,
    breaks,
    checks,
    first_finding,
    part,
    read,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from course.cases.kinds.transition import (
    TransitionView,
)
from course.models import transition as model
from course.models.transition import (
    CUTOVER,
    REVERSE_SHADOWING,
    TransitionPlan,
)


def in_the_models_words(*rules: str) -> tuple[Misconception, ...]:
    """One misconception per plan rule, whose message is the model's own finding for the
    learner's plan (the specific thing to fix) and the lesson section to revisit."""
    return tuple(
        Misconception(
            rule,
            breaks(rule),
            lambda plan, case, rule=rule: (
                f"{first_finding(plan, case, rule).capitalize()} {REVISIT_PLAN}."
            ),
        )
        for rule in rules
    )


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
            f"Check the parallel run: {first_finding(plan, case, model.RULE_PARALLEL_RUN)} "
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
    *in_the_models_words(
        model.RULE_STABILISATION,
        model.RULE_REVERSE_BEFORE_CUTOVER,
        model.RULE_PHASE_MISSING,
        model.RULE_PHASE_ONCE,
        model.RULE_PHASE_ORDER,
        model.RULE_PHASE_LENGTH,
        model.RULE_DEADLINE,
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
    *in_the_models_words(
        model.RULE_REQUIRED_GATES,
        model.RULE_CRITERIA_MEASURABLE,
        model.RULE_GATE_ORDER,
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
            f"{first_finding(plan, case, model.RULE_KT_CHECKLIST).capitalize()}: every process in "
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
