"""Tests for the service credits and nine-step health check views."""

from __future__ import annotations

import dataclasses

import pytest

from course.cases import load_case
from course.models.governance import health_check
from course.models.sla import service_credits
from course.widgets.governance_view import governance_health_view
from course.widgets.sla_credits_view import sla_credits_view
from tests.widgets.viewing import has_image, shown_html

COBALT = load_case("cobalt-bank-help-desk")
ORION = load_case("orion-manufacturing-rescue")


def test_the_credits_are_the_models_for_the_chosen_month():
    """For every month, is the view's report the case's credit report?"""
    view = sla_credits_view(COBALT)
    for number in range(1, COBALT.month_count + 1):
        view.controls["month"].value = number
        assert view.result == COBALT.credits(number)
    assert has_image(view)


def test_a_larger_at_risk_share_lifts_the_cap():
    """Raising the at-risk share: is the paid total the model's, and the cap no lower?"""
    view = sla_credits_view(COBALT)
    capped = next(n for n in range(1, COBALT.month_count + 1) if COBALT.credits(n).capped)
    view.controls["month"].value = capped
    paid_before = view.result.total_after_cap
    view.controls["at_risk_share"].value = 0.25
    expected = dataclasses.replace(COBALT, at_risk_share=0.25).credits(capped)
    assert view.result == expected
    assert view.result.total_after_cap > paid_before
    assert f"{expected.total_after_cap:,.0f}" in shown_html(view)


def test_zero_at_risk_pays_nothing():
    """With nothing at risk, is every credit zero (A x B x C with C = 0)?"""
    view = sla_credits_view(COBALT)
    view.controls["month"].value = COBALT.month_count
    view.controls["at_risk_share"].value = 0.0
    assert view.result.total_after_cap == pytest.approx(0.0)
    levels, month = COBALT.service_levels(), COBALT.month(COBALT.month_count)
    assert (
        view.result.total_after_cap
        == service_credits(
            levels, month.measured, COBALT.monthly_charge, 0.0, dict(COBALT.pool_allocation)
        ).total_after_cap
    )


def test_the_health_check_starts_from_the_assessors_scores():
    """Does the view start with the case's health check?"""
    view = governance_health_view(ORION)
    assert view.result == ORION.health_check()
    assert has_image(view)
    assert "Fix first" in shown_html(view)


def test_fixing_the_first_priority_moves_the_next_one_up():
    """Scoring the first priority 4: is it off the list and the percent up by 4 - old / 36?"""
    view = governance_health_view(ORION)
    first = view.result.priorities[0]
    old = view.result.scores[first]
    percent = view.result.overall_percent
    view.controls[first].value = 4
    assert first not in view.result.priorities
    assert view.result.overall_percent == pytest.approx(percent + 100 * (4 - old) / 36)
    assert view.result == health_check(view.values())


def test_all_fours_need_no_action():
    """With every step at 4, is the health 100% with nothing to fix?"""
    view = governance_health_view()
    for control in view.controls.values():
        control.value = 4
    assert view.result.overall_percent == pytest.approx(100)
    assert "Every step scores 4" in shown_html(view)


def test_the_view_opens_on_a_month_with_credits_and_a_month_without_has_no_chart():
    """No empty chart: the first month shown earned credits; a clean month says so in words."""
    view = sla_credits_view(COBALT)
    assert view.result.total_before_cap > 0 and has_image(view)
    clean = [n for n in range(1, COBALT.month_count + 1) if COBALT.credits(n).total_before_cap == 0]
    if clean:
        view.controls["month"].value = clean[0]
        assert not has_image(view)
        assert "no credits are due" in shown_html(view)
    text = shown_html(view)
    for raw in ("True", "False", "NaN", "service_level"):
        assert raw not in text
