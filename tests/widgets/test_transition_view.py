"""Tests for the transition timeline view (course/widgets/transition_view.py)."""

from __future__ import annotations

import pytest

from course.cases import load_case
from course.models.transition import PHASES, decide_gate
from course.widgets.transition_view import readiness_control, transition_timeline_view
from tests.widgets.viewing import has_image, shown_html


@pytest.fixture(scope="module")
def wrenfield():
    return load_case("wrenfield-water-transition")


def test_the_view_starts_at_the_planned_cutover_and_stops_there(wrenfield):
    """With the first wave's figures of the planned week, does cutover say no-go on quality?"""
    view = transition_timeline_view(wrenfield)
    week = wrenfield.planned_cutover_week
    expected = decide_gate(
        wrenfield.programme, wrenfield.cutover_criteria, wrenfield.readiness[week]
    )
    assert view.result.stopped_at == "cutover"
    cutover = next(d for point, _, d in view.result.gates if point == "cutover")
    assert cutover.failing == expected.failing == ("reverse-shadow-quality",)
    text = shown_html(view)
    assert (
        "No-go before cutover: Reverse-shadowing tickets handled by the provider at target "
        "quality is at 86% against 90%" in text
    )
    assert "NO-GO" not in text  # the words are in the chart's image and its description
    assert "gate before cutover in week" in text and "no-go" in text
    assert has_image(view)
    assert view.error is None


def test_raising_quality_to_target_opens_every_gate(wrenfield):
    """Move quality to its target: do all gates say go, with steady state after the phases?"""
    view = transition_timeline_view(wrenfield)
    view.controls[readiness_control(wrenfield, "reverse-shadow-quality")].value = 90
    assert view.result.stopped_at is None
    # Phases at their shortest, back to back: 4 + 4 + 4 + 4 + 1 + 6 = 23 weeks, steady in week 24.
    assert sum(wrenfield.programme.min_weeks[p] for p in PHASES) == 23
    assert "Every gate says go: the service reaches steady state in week 24." in shown_html(view)


def test_a_short_parallel_run_is_named_as_a_broken_rule(wrenfield):
    view = transition_timeline_view(wrenfield)
    view.controls["Parallel run (weeks)"].value = 2
    assert {f.rule for f in view.result.findings} == {"parallel-run"}
    assert "parallel-run lasts 2 weeks; it needs at least 4" in shown_html(view)


def test_every_control_is_named(wrenfield):
    view = transition_timeline_view(wrenfield)
    assert all(control.description for control in view.controls.values())
    assert len(view.controls) == 7 + 2  # seven judged criteria, two phase lengths
