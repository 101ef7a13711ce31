"""Tests for course/models/transition.py: a transition plan with gates, readiness at a gate, and
the review of a contract's exit clauses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.models import transition as t
from course.models.errors import ModelInputError

# A small programme worked by hand: two processes, three criteria, minimum lengths, a required
# gate before cutover (runbooks and reverse-shadowing quality) and steady state by week 20.
PROGRAMME = t.Programme(
    processes=("Service desk", "Batch runs"),
    criteria=(
        t.Criterion("runbooks", "Runbooks signed off", 100, t.SHADOWING),
        t.Criterion(
            "reverse-quality", "Reverse-shadowing tickets at quality", 90, t.REVERSE_SHADOWING
        ),
        t.Criterion("stable-sla", "Service levels met", 95, t.STABILISATION),
    ),
    min_weeks={
        t.DUE_DILIGENCE: 2,
        t.SHADOWING: 3,
        t.REVERSE_SHADOWING: 3,
        t.PARALLEL_RUN: 2,
        t.CUTOVER: 1,
        t.STABILISATION: 4,
    },
    required_gates={t.CUTOVER: ("runbooks", "reverse-quality")},
    deadline_week=20,
)

# Weeks: due diligence 1-2, shadowing 3-5, reverse shadowing 6-8, parallel run 9-10, cutover 11,
# stabilisation 12-15; steady state from week 16 (15 + 1), before the deadline of week 20.
SOUND_PHASES = [
    {"phase": "due-diligence", "start_week": 1, "weeks": 2},
    {"phase": "shadowing", "start_week": 3, "weeks": 3},
    {"phase": "reverse-shadowing", "start_week": 6, "weeks": 3},
    {"phase": "parallel-run", "start_week": 9, "weeks": 2},
    {"phase": "cutover", "start_week": 11, "weeks": 1},
    {"phase": "stabilisation", "start_week": 12, "weeks": 4},
]
SOUND_GATES = [
    {
        "before": "cutover",
        "owner": "Transition manager",
        "criteria": ["runbooks", "reverse-quality"],
    },
    {"before": "steady-state", "owner": "Service owner", "criteria": ["stable-sla"]},
]
FULL = list(t.KT_MEASURES)
SOUND_CHECKLIST = {
    "Service desk": {"owner": "Provider lead A", "measures": FULL},
    "Batch runs": {"owner": "Provider lead B", "measures": FULL},
}


def rules(phases=SOUND_PHASES, gates=SOUND_GATES, checklist=SOUND_CHECKLIST) -> set[str]:
    plan = t.read_plan(PROGRAMME, phases, gates, checklist)
    return {finding.rule for finding in t.validate_plan(PROGRAMME, plan)}


def without(phase: str) -> list[dict]:
    return [p for p in SOUND_PHASES if p["phase"] != phase]


def test_a_sound_plan_breaks_no_rule():
    assert rules() == set()
    plan = t.read_plan(PROGRAMME, SOUND_PHASES, SOUND_GATES, SOUND_CHECKLIST)
    assert t.steady_state_week(plan) == 16  # stabilisation ends in week 15
    assert t.gate_week(plan, t.CUTOVER) == 11
    assert t.gate_week(plan, t.STEADY_STATE) == 16


def test_cutover_before_reverse_shadowing_breaks_order_and_the_reverse_shadowing_rule():
    """Is a cutover planned while the provider has not yet done the work under watch caught?"""
    phases = [dict(p) for p in SOUND_PHASES]
    phases[2]["start_week"], phases[4]["start_week"] = 11, 6  # swap reverse shadowing and cutover
    phases[3]["start_week"] = 7  # parallel run 7-8, reverse shadowing 11-13
    found = rules(phases)
    assert t.RULE_REVERSE_BEFORE_CUTOVER in found
    assert t.RULE_PHASE_ORDER in found


def test_missing_phases_each_name_their_rule():
    assert rules(without("parallel-run")) == {t.RULE_PARALLEL_RUN}
    assert t.RULE_STABILISATION in rules(without("stabilisation"))
    assert rules(without("reverse-shadowing")) == {t.RULE_REVERSE_BEFORE_CUTOVER}
    assert rules(without("due-diligence")) == {t.RULE_PHASE_MISSING}


def test_short_phases():
    phases = [dict(p) for p in SOUND_PHASES]
    phases[3]["weeks"] = 1  # parallel run of 1 week, the minimum is 2
    assert rules(phases) == {t.RULE_PARALLEL_RUN}
    phases = [dict(p) for p in SOUND_PHASES]
    phases[1]["weeks"] = 2  # shadowing 3-4, minimum 3; a gap in week 5 is allowed
    assert rules(phases) == {t.RULE_PHASE_LENGTH}


def test_overlap_and_deadline():
    phases = [dict(p) for p in SOUND_PHASES]
    phases[1]["start_week"] = 2  # shadowing 2-4 overlaps due diligence 1-2
    assert rules(phases) == {t.RULE_PHASE_ORDER}
    phases = [dict(p) for p in SOUND_PHASES]
    phases[5]["weeks"] = 9  # stabilisation 12-20: steady state in week 21, deadline 20
    assert rules(phases) == {t.RULE_DEADLINE}


def test_gate_rules():
    no_criteria = [{**SOUND_GATES[0]}, {**SOUND_GATES[1], "criteria": []}]
    assert rules(gates=no_criteria) == {t.RULE_GATE_CRITERIA}
    no_owner = [{**SOUND_GATES[0], "owner": ""}, SOUND_GATES[1]]
    assert rules(gates=no_owner) == {t.RULE_GATE_OWNER}
    reversed_order = [SOUND_GATES[1], SOUND_GATES[0]]
    assert rules(gates=reversed_order) == {t.RULE_GATE_ORDER}
    # Service levels are first measured during stabilisation: not before cutover.
    too_early = [{**SOUND_GATES[0], "criteria": ["runbooks", "reverse-quality", "stable-sla"]}]
    assert rules(gates=too_early) == {t.RULE_CRITERIA_MEASURABLE}
    missing_required = [{**SOUND_GATES[0], "criteria": ["runbooks"]}]
    assert rules(gates=missing_required) == {t.RULE_REQUIRED_GATES}
    assert rules(gates=[]) == {t.RULE_REQUIRED_GATES}


def test_checklist_rules():
    assert rules(checklist={"Service desk": SOUND_CHECKLIST["Service desk"]}) == {
        t.RULE_KT_CHECKLIST
    }
    partial = {
        **SOUND_CHECKLIST,
        "Batch runs": {"owner": "B", "measures": ["runbook", "shadowing"]},
    }
    plan = t.read_plan(PROGRAMME, SOUND_PHASES, SOUND_GATES, partial)
    fields = {f.field for f in t.validate_plan(PROGRAMME, plan)}
    assert fields == {"Batch runs.reverse-shadowing", "Batch runs.capability-sign-off"}


@pytest.mark.parametrize(
    ("phases", "gates", "checklist", "field"),
    [
        ([{"phase": "cut-over", "start_week": 1, "weeks": 1}], [], {}, "phases[0].phase"),
        ([{"phase": "cutover", "start_week": 0, "weeks": 1}], [], {}, "phases[0].start_week"),
        ([{"phase": "cutover", "start_week": 1, "weeks": 1.5}], [], {}, "phases[0].weeks"),
        ("cutover", [], {}, "phases"),
        (
            [],
            [{"before": "cutover", "owner": "x", "criteria": ["runbook"]}],
            {},
            "gates[0].criteria[0]",
        ),
        (
            [],
            [{"before": "cutover", "owner": "x", "criteria": "runbooks"}],
            {},
            "gates[0].criteria",
        ),
        ([], [], {"Help desk": {"owner": "x", "measures": []}}, "checklist['Help desk']"),
        (
            [],
            [],
            {"Batch runs": {"owner": "x", "measures": ["runbooks"]}},
            "checklist['Batch runs'].measures",
        ),
    ],
)
def test_read_plan_refuses_what_cannot_be_judged(phases, gates, checklist, field):
    with pytest.raises(ModelInputError) as raised:
        t.read_plan(PROGRAMME, phases, gates, checklist)
    assert raised.value.field == field


def test_a_gate_opens_only_when_every_criterion_is_met():
    # runbooks 100 >= 100 met; reverse quality 86 < 90 not met: no-go, whatever the rest says.
    decision = t.decide_gate(
        PROGRAMME, ["runbooks", "reverse-quality"], {"runbooks": 100, "reverse-quality": 86}
    )
    assert decision.verdict == "no-go"
    assert decision.failing == ("reverse-quality",)
    decision = t.decide_gate(
        PROGRAMME, ["runbooks", "reverse-quality"], {"runbooks": 100, "reverse-quality": 90}
    )
    assert decision.go
    # An unmeasured criterion proves nothing: it counts as 0.
    assert t.decide_gate(PROGRAMME, ["runbooks"], {}).failing == ("runbooks",)


def test_earliest_go_week():
    weeks = {
        8: {"runbooks": 90, "reverse-quality": 70},
        9: {"runbooks": 100, "reverse-quality": 85},  # runbooks met, quality 85 < 90
        10: {"runbooks": 100, "reverse-quality": 91},  # both met: the earliest week
        11: {"runbooks": 100, "reverse-quality": 95},
    }
    assert t.earliest_go_week(PROGRAMME, ["runbooks", "reverse-quality"], weeks) == 10
    assert t.earliest_go_week(PROGRAMME, ["runbooks", "reverse-quality"], {8: weeks[8]}) is None


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["runbooks", "reverse-quality", "stable-sla"]),
        st.floats(0, 100),
        max_size=3,
    )
)
def test_go_means_no_criterion_below_target(readiness):
    ids = ["runbooks", "reverse-quality", "stable-sla"]
    decision = t.decide_gate(PROGRAMME, ids, readiness)
    below = [i for i in ids if readiness.get(i, 0) < PROGRAMME.criterion(i).target]
    assert decision.go == (not below)
    assert list(decision.failing) == below


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=6, max_size=6), st.integers(0, 3))
def test_any_back_to_back_plan_long_enough_breaks_no_phase_rule(lengths, gap):
    """Phases in order, each at least its minimum, with gaps between them, within the deadline,
    break no phase rule; one week shorter than the minimum breaks one."""
    week, phases = 1, []
    for name, extra in zip(t.PHASES, lengths, strict=True):
        weeks = PROGRAMME.min_weeks[name] + extra - 1
        phases.append({"phase": name, "start_week": week, "weeks": weeks})
        week += weeks + gap
    programme = t.Programme(PROGRAMME.processes, PROGRAMME.criteria, PROGRAMME.min_weeks, {}, 1000)
    plan = t.read_plan(programme, phases)
    assert [f for f in t.validate_plan(programme, plan) if f.rule in t.PHASE_RULES] == []


NEEDS = t.ExitNeeds(resourcing_months=9, max_data_days=30)
SOUND_TERMS = t.ExitTerms(12, "open", 30, True, True, True, True, True, "rate-card")


def test_a_sound_exit_is_adequate_throughout():
    assert set(t.exit_verdicts(SOUND_TERMS, NEEDS).values()) == {"adequate"}
    assert list(t.exit_verdicts(SOUND_TERMS, NEEDS)) == list(t.EXIT_CLAUSES)


def test_weak_and_missing_exit_clauses():
    from dataclasses import replace

    def verdict(clause: str, **changes) -> str:
        return t.exit_verdicts(replace(SOUND_TERMS, **changes), NEEDS)[clause]

    # 6 months of assistance < 9 months to re-source: weak, not missing.
    assert verdict("termination-assistance", termination_assistance_months=6) == "weak"
    assert verdict("termination-assistance", termination_assistance_months=None) == "missing"
    assert verdict("data-return", data_format="proprietary") == "weak"
    assert verdict("data-return", data_return_days=60) == "weak"  # 60 days > 30 the client waits
    # Data returned does not mean data deleted: the certificate is its own clause.
    assert verdict("data-return", deletion_certificate=False) == "adequate"
    assert verdict("deletion-certificate", deletion_certificate=False) == "missing"
    assert verdict("exit-price", exit_price="provider-rates") == "weak"
    assert verdict("exit-price", exit_price=None) == "missing"


def test_rule_ids_are_stable():
    assert len(set(t.RULES)) == len(t.RULES) == 14
