"""Tests for the sourcing cost explorer (course/widgets/sourcing_cost_view.py)."""

from __future__ import annotations

import pytest

from course.cases import load_case
from course.models.sourcing_cost import compare_to_baseline, cumulative_savings
from course.widgets.sourcing_cost_view import adjusted_option, sourcing_cost_view
from tests.widgets.viewing import has_image, shown_html

HELIOS = load_case("helios-app-maintenance")


def test_the_view_starts_on_the_first_option_as_the_case_prices_it():
    """Does the first result equal the model's comparison of the unadjusted first option?"""
    view = sourcing_cost_view(HELIOS)
    first = HELIOS.options()[0]
    assert view.result.comparison == compare_to_baseline(first, HELIOS.baseline(), HELIOS.years)
    assert has_image(view)
    assert first.name in shown_html(view)


def test_choosing_an_option_resets_the_sliders_to_its_figures():
    """After picking the offshore option, do the sliders show its transition and governance?"""
    view = sourcing_cost_view(HELIOS)
    view.controls["rate_change_percent"].value = 20
    view.controls["option"].value = "Offshore provider"
    offshore = HELIOS.option("Offshore provider")
    assert view.controls["rate_change_percent"].value == 0
    assert view.controls["transition_months"].value == offshore.transition_months
    assert view.controls["governance_share"].value == pytest.approx(offshore.governance_share)
    expected = compare_to_baseline(offshore, HELIOS.baseline(), HELIOS.years)
    assert view.result.comparison == expected


def test_a_rate_rise_costs_what_the_model_says():
    """Does a 10% rate rise raise the option's total by the model's figure, and delay break-even?"""
    view = sourcing_cost_view(HELIOS)
    view.controls["option"].value = "Offshore provider"
    before = view.result.comparison
    view.controls["rate_change_percent"].value = 10
    after = view.result.comparison
    option = adjusted_option(HELIOS.option("Offshore provider"), 10, 6, 0.06)
    assert after == compare_to_baseline(option, HELIOS.baseline(), HELIOS.years)
    assert after.option_total > before.option_total
    assert after.break_even_month is None or after.break_even_month >= before.break_even_month


def test_a_longer_transition_moves_the_curve_and_no_transition_drops_the_ramp_up():
    """Is the curve the model's cumulative savings, and is zero months a what-if, not an error?"""
    view = sourcing_cost_view(HELIOS)
    view.controls["option"].value = "Offshore provider"
    view.controls["transition_months"].value = 12
    option = view.result.option
    assert option.transition_months == 12
    assert list(view.result.cumulative) == cumulative_savings(option, HELIOS.baseline(), 4)
    view.controls["transition_months"].value = 0
    assert view.error is None
    assert view.result.option.ramp_up_productivity_loss == 0


def test_the_horizon_changes_the_totals():
    """Does a two-year horizon give a two-year comparison?"""
    view = sourcing_cost_view(HELIOS)
    view.controls["years"].value = 2
    assert view.result.comparison.years == 2
    assert len(view.result.cumulative) == 24
