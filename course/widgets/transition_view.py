"""A transition timeline whose go/no-go gates pass or fail as readiness changes.

Why a view: a gate reads as a formality until you watch one figure fall a point short of its
target and the whole timeline stop at cutover, however green the rest. The plan, its findings and
each gate's outcome come from ``course.models.transition`` (``read_plan``, ``validate_plan``,
``decide_gate``); the view only lays the phases end to end and draws them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from course.formatting import table_html
from course.models.errors import Finding
from course.models.transition import (
    PARALLEL_RUN,
    PHASES,
    STABILISATION,
    GateDecision,
    TransitionPlan,
    decide_gate,
    gate_week,
    read_plan,
    steady_state_week,
    validate_plan,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

PHASE_LABELS = {
    "due-diligence": "Due diligence",
    "shadowing": "Shadowing",
    "reverse-shadowing": "Reverse shadowing",
    "parallel-run": "Parallel run",
    "cutover": "Cutover",
    "stabilisation": "Stabilisation",
    "steady-state": "Steady state",
}
GATE_OWNERS = {
    "shadowing": "Transition manager",
    "cutover": "Programme board",
    "steady-state": "Service owner",
}
"""Who decides each gate in the view's plan (the case's required gates)."""


@dataclass(frozen=True)
class TimelineResult:
    """The plan laid out, the rules it breaks, and each gate's week and decision in order."""

    plan: TransitionPlan
    findings: tuple[Finding, ...]
    gates: tuple[tuple[str, int, GateDecision], ...]
    labels: Mapping[str, str]
    """Criterion id -> its label, as a person reads it."""

    @property
    def stopped_at(self) -> str | None:
        """The first gate that says no-go (``None``: every gate says go)."""
        return next((point for point, _, d in self.gates if not d.go), None)


def readiness_control(case: Any, criterion_id: str) -> str:
    """The name of the slider for one criterion (its label, as a person reads it)."""
    return f"{case.programme.criterion(criterion_id).label} (%)"


def transition_timeline_view(case: Any) -> widgets.Widget:
    """A slider per readiness criterion the case's gates judge (starting from the first wave's
    figures in its planned cutover week, 100% for the rest) and the lengths of the parallel run
    and stabilisation; the timeline shows where each gate stands and whether it says go.

    ``case`` is a transition case (``load_case("wrenfield-water-transition")``).
    """
    programme = case.programme
    planned = case.readiness.get(case.planned_cutover_week, {})
    judged = [c for ids in programme.required_gates.values() for c in ids]
    controls: dict[str, widgets.ValueWidget] = {
        readiness_control(case, c): widgets.FloatSlider(
            value=float(planned.get(c, 100.0)),
            min=0,
            max=100,
            step=0.5,
            description=readiness_control(case, c),
            continuous_update=False,
        )
        for c in judged
    }
    for phase in (PARALLEL_RUN, STABILISATION):
        name = f"{PHASE_LABELS[phase]} (weeks)"
        controls[name] = widgets.IntSlider(
            value=programme.min_weeks[phase],
            min=1,
            max=12,
            description=name,
            continuous_update=False,
        )

    def compute(values: dict[str, Any]) -> TimelineResult:
        lengths = dict(programme.min_weeks)
        for phase in (PARALLEL_RUN, STABILISATION):
            lengths[phase] = int(values[f"{PHASE_LABELS[phase]} (weeks)"])
        readiness = {c: float(values[readiness_control(case, c)]) for c in judged}
        return timeline(case, lengths, readiness)

    return CaseView(
        f"{case.company}: a transition timeline with go/no-go gates",
        controls,
        compute=compute,
        render=_render,
        intro="Move a readiness figure below its target, or shorten a phase, and watch the gates.",
    )


def timeline(case: Any, lengths: dict[str, int], readiness: dict[str, float]) -> TimelineResult:
    """The phases end to end at ``lengths``, the case's required gates with their owners, judged
    on ``readiness``: a pure function the view and its tests share."""
    programme = case.programme
    phases, week = [], 1
    for phase in PHASES:
        phases.append({"phase": phase, "start_week": week, "weeks": lengths[phase]})
        week += lengths[phase]
    gates = [
        {"before": point, "owner": GATE_OWNERS.get(point, "Programme board"), "criteria": list(ids)}
        for point, ids in programme.required_gates.items()
    ]
    plan = read_plan(programme, phases, gates)
    findings = tuple(f for f in validate_plan(programme, plan) if f.rule != "kt-checklist-complete")
    decisions = tuple(
        (
            gate.before,
            gate_week(plan, gate.before) or 0,
            decide_gate(programme, gate.criteria, readiness),
        )
        for gate in plan.gates
    )
    labels = {c.id: c.label for c in programme.criteria}
    return TimelineResult(plan, findings, decisions, labels)


def timeline_figure(result: TimelineResult) -> Figure:
    """One bar per phase across the weeks; each gate a line marked GO or NO-GO in words (and
    solid or dashed), so the outcome never rests on colour alone."""
    figure = Figure(figsize=(8, 3.6))
    axes = figure.subplots()
    phases = list(result.plan.phases)
    labels = [PHASE_LABELS[p.name] for p in phases][::-1]
    for row, phase in enumerate(phases[::-1]):
        axes.barh(row, phase.weeks, left=phase.start_week - 0.5, color="#1f4e79", height=0.6)
    for point, week, decision in result.gates:
        go = decision.go
        axes.axvline(
            week - 0.5, color="#2e7d32" if go else "#b22222", linestyle="-" if go else "--"
        )
        axes.text(
            week - 0.4,
            len(phases) - 0.4,
            f"{'GO' if go else 'NO-GO'}\n{PHASE_LABELS[point]}",
            fontsize=7,
            va="top",
            color="#2e7d32" if go else "#b22222",
            fontweight="bold",
        )
    axes.set_yticks(range(len(phases)), labels, fontsize=8)
    axes.set_xlabel("week")
    axes.set_xlim(0.5, steady_state_week(result.plan) + 4.5)  # room for the last gate's words
    axes.set_ylim(-0.6, len(phases) + 0.6)
    axes.set_title("Phases and go/no-go gates (solid line: go, dashed: no-go)", fontsize=9)
    figure.tight_layout()
    return figure


def gate_summary(result: TimelineResult) -> str:
    """What the gates decide, in one sentence a person reads first."""
    stop = result.stopped_at
    if stop is None:
        return (
            f"Every gate says go: the service reaches steady state in week "
            f"{steady_state_week(result.plan)}."
        )
    decision = next(d for point, _, d in result.gates if point == stop)
    short = "; ".join(
        f"{result.labels.get(r.criterion, r.criterion)} is at {r.value:g}% against {r.target:g}%"
        for r in decision.results
        if not r.met
    )
    return f"No-go before {PHASE_LABELS[stop].lower()}: {short}. The transition waits here."


def gates_table(result: TimelineResult) -> str:
    rows = [
        {
            "gate before": PHASE_LABELS[point],
            "week": week,
            "decision": decision.verdict,
            "criteria below target": ", ".join(result.labels.get(c, c) for c in decision.failing)
            or "none",
        }
        for point, week, decision in result.gates
    ]
    return table_html(pd.DataFrame(rows), caption="The gates in order")


def timeline_description(result: TimelineResult) -> str:
    """The chart in words, for people who cannot see it."""
    phases = "; ".join(
        f"{PHASE_LABELS[p.name]} weeks {p.start_week} to {p.end_week}" for p in result.plan.phases
    )
    gates = "; ".join(
        f"gate before {PHASE_LABELS[point].lower()} in week {week}: {decision.verdict}"
        for point, week, decision in result.gates
    )
    return f"Timeline of the transition. {phases}. {gates}."


def _render(result: TimelineResult, output: widgets.Output) -> None:
    findings = "".join(f"<li>{html.escape(f.message)}</li>" for f in result.findings)
    plan_part = f"<p><b>The plan breaks these rules</b></p><ul>{findings}</ul>" if findings else ""
    show(
        output,
        timeline_figure(result),
        f"<p><b>{html.escape(gate_summary(result))}</b></p>",
        gates_table(result),
        plan_part,
        description=timeline_description(result),
    )
