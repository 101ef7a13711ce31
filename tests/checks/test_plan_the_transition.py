"""Tests for autograder/checks/exercises/plan_the_transition/, run in-process (no kernel).

Plans and figures are built here in plain Python from the case's plain data, as a learner would,
not with the model the checks use: agreement between the two is the point. A plan has many right
answers, so more than one sound plan must pass; each wrong answer must get its misconception's
message, never a pass and never a crash.
"""

from __future__ import annotations

import pytest

from autograder.checks.exercises import plan_the_transition as ex
from autograder.checks.failure import CheckFailed, ShapeProblem

LEARNERS = ["learner-a", "learner-b", "someone@example.org"]
LEARNER = "learner-m"


def back_to_back(case, order=None, slack=0, extra=None):
    """Every phase at its shortest (plus ``extra`` weeks for some), one after another."""
    phases, week = [], 1
    for name in order or case.phases:
        weeks = case.min_weeks[name] + (extra or {}).get(name, 0)
        phases.append({"phase": name, "start_week": week, "weeks": weeks})
        week += weeks + slack
    return phases


def sound_gates(case):
    return [
        {
            "before": "shadowing",
            "owner": "Transition manager",
            "criteria": ["due-diligence-agreed"],
        },
        {
            "before": "cutover",
            "owner": "Programme board",
            "criteria": list(case.required_gates["cutover"]),
        },
        {"before": "steady-state", "owner": "Service owner", "criteria": ["stabilisation-sla"]},
    ]


def checklist(case, measures=None):
    return {
        p: {"owner": "Tidemark lead", "measures": list(measures or case.kt_measures)}
        for p in case.processes
    }


def earliest(case):
    cutover = case.required_gates["cutover"]
    return min(
        w
        for w, figures in case.readiness.items()
        if all(figures[c] >= case.criteria[c]["target"] for c in cutover)
    )


def sound_review():
    return {
        "termination-assistance": "weak",
        "data-return": "adequate",
        "deletion-certificate": "missing",
        "knowledge-transfer-back": "missing",
        "staff-transfer": "adequate",
        "asset-transfer": "adequate",
        "licence-transfer": "missing",
        "exit-price": "weak",
    }


def fails(check_id, answer, learner=LEARNER):
    with pytest.raises(CheckFailed) as raised:
        ex.CHECKS[check_id](learner, answer)
    return str(raised.value)


@pytest.mark.parametrize("learner", LEARNERS)
def test_sound_answers_pass_on_every_variant(learner):
    case = ex.exercise_case(learner)
    phases = back_to_back(case)
    ex.CHECKS["phases-shape"](learner, phases)
    ex.CHECKS["phases"](learner, phases)
    ex.CHECKS["gates"](learner, {"phases": phases, "gates": sound_gates(case)})
    ex.CHECKS["kt-checklist"](learner, checklist(case))
    ex.CHECKS["cutover-decision"](
        learner, {"cutover_verdict": "no-go", "failing_criteria": ["reverse-shadow-quality"]}
    )
    ex.CHECKS["earliest-cutover"](learner, earliest(case))
    ex.CHECKS["exit-review"](learner, sound_review())


def test_another_sound_plan_passes_too():
    """Is a plan with slack between phases and longer runs also right (many plans are)?"""
    case = ex.exercise_case(LEARNER)
    phases = back_to_back(case, slack=1, extra={"parallel-run": 2, "stabilisation": 1})
    ex.CHECKS["phases"](LEARNER, phases)
    gates = sound_gates(case)[1:]  # shadowing needs a gate: the board requires it
    assert "no gate before shadowing" in fails("gates", {"phases": phases, "gates": gates})
    ex.CHECKS["gates"](LEARNER, {"phases": phases, "gates": sound_gates(case)})


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (
            [
                "due-diligence",
                "shadowing",
                "parallel-run",
                "cutover",
                "reverse-shadowing",
                "stabilisation",
            ],
            "before the provider has finished reverse shadowing",
        ),
        (
            ["due-diligence", "shadowing", "reverse-shadowing", "cutover", "stabilisation"],
            "without a parallel run",
        ),
        (
            ["due-diligence", "shadowing", "reverse-shadowing", "parallel-run", "cutover"],
            "straight to steady state",
        ),
        (
            ["due-diligence", "shadowing", "parallel-run", "cutover", "stabilisation"],
            "no reverse shadowing",
        ),
        (
            ["shadowing", "reverse-shadowing", "parallel-run", "cutover", "stabilisation"],
            "no due-diligence",
        ),
    ],
)
def test_wrong_phases_get_their_message(order, message):
    case = ex.exercise_case(LEARNER)
    assert message in fails("phases", back_to_back(case, order=order))


def test_a_parallel_run_too_short_or_a_plan_too_late():
    case = ex.exercise_case(LEARNER)
    short = back_to_back(case, extra={"parallel-run": -1})
    assert "parallel-run lasts" in fails("phases", short)
    late = back_to_back(case, slack=3)  # 5 gaps of 3 weeks: steady state after the deadline
    assert "after the deadline" in fails("phases", late)


def test_wrong_gates_get_their_message():
    case = ex.exercise_case(LEARNER)
    phases = back_to_back(case)
    gates = sound_gates(case)
    no_criteria = [*gates[:2], {**gates[2], "criteria": []}]
    assert "has no criteria" in fails("gates", {"phases": phases, "gates": no_criteria})
    no_owner = [gates[0], {**gates[1], "owner": " "}, gates[2]]
    assert "has no owner" in fails("gates", {"phases": phases, "gates": no_owner})
    retained = [c for c in gates[1]["criteria"] if c != "retained-roles-filled"]
    forgot = [gates[0], {**gates[1], "criteria": retained}, gates[2]]
    assert "retained organisation" in fails("gates", {"phases": phases, "gates": forgot})
    too_early = [
        gates[0],
        {**gates[1], "criteria": [*gates[1]["criteria"], "stabilisation-sla"]},
        gates[2],
    ]
    assert "cannot be measured before cutover" in fails(
        "gates", {"phases": phases, "gates": too_early}
    )
    assert "listed after" in fails("gates", {"phases": phases, "gates": gates[::-1]})
    assert "gates is empty" in fails("gates", {"phases": phases, "gates": []})


def test_checklist_messages():
    case = ex.exercise_case(LEARNER)
    no_reverse = checklist(case, ["runbook", "shadowing", "capability-sign-off"])
    assert "no reverse shadowing" in fails("kt-checklist", no_reverse)
    no_sign_off = checklist(case, ["runbook", "shadowing", "reverse-shadowing"])
    assert "no capability sign-off" in fails("kt-checklist", no_sign_off)
    one_missing = checklist(case)
    one_missing.pop(case.processes[0])
    assert "not on the checklist" in fails("kt-checklist", one_missing)


def test_cutover_decision_messages():
    case = ex.exercise_case(LEARNER)
    answer = {"cutover_verdict": "go", "failing_criteria": []}
    assert "not a score" in fails("cutover-decision", answer)
    planned = case.readiness[case.planned_cutover_week]
    hundred = [c for c in case.required_gates["cutover"] if planned[c] < 100]
    answer = {"cutover_verdict": "no-go", "failing_criteria": hundred}
    assert "every criterion below 100%" in fails("cutover-decision", answer)


def test_earliest_week_messages():
    case = ex.exercise_case(LEARNER)
    assert "the week the plan promised" in fails("earliest-cutover", case.planned_cutover_week)
    assert "not right" in fails("earliest-cutover", earliest(case) + 5)


def test_exit_review_messages():
    for clause, verdict, message in [
        ("termination-assistance", "adequate", "before a successor could be chosen"),
        ("deletion-certificate", "adequate", "certified deletion"),
        ("exit-price", "adequate", "no leverage left"),
        ("licence-transfer", "weak", "Weak means the clause is there"),
        ("staff-transfer", "missing", "verdicts are not right"),
    ]:
        assert message in fails("exit-review", {**sound_review(), clause: verdict})


@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("phases-shape", "due diligence, then cutover"),
        ("phases-shape", [{"phase": "cut-over", "start_week": 1, "weeks": 1}]),
        ("phases-shape", []),
        ("gates", {"phases": [], "gates": []}),
        ("kt-checklist", ["runbook"]),
        ("cutover-decision", {"cutover_verdict": "maybe", "failing_criteria": []}),
        ("cutover-decision", {"cutover_verdict": "no-go", "failing_criteria": ["quality"]}),
        (
            "cutover-decision",
            {
                "cutover_verdict": "no-go",
                "failing_criteria": ["reverse-shadow-quality", "reverse-shadow-quality"],
            },
        ),
        ("earliest-cutover", "week 24"),
        ("exit-review", {"termination-assistance": "weak"}),
        ("exit-review", {**sound_review(), "exit-price": "bad"}),
    ],
)
def test_strange_answers_fail_with_a_message_not_a_crash(check_id, answer):
    with pytest.raises(CheckFailed) as raised:
        ex.CHECKS[check_id](LEARNER, answer)
    assert str(raised.value)
    assert isinstance(raised.value, (CheckFailed, ShapeProblem))
