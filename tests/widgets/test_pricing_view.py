"""Tests for the contract pricing view (course/widgets/pricing_view.py)."""

from __future__ import annotations

import dataclasses

import pytest

from course.cases import load_case
from course.models.pricing import Demand, choose_model, price_scenarios, risk_views
from course.widgets.pricing_view import contract_pricing_view
from tests.widgets.viewing import has_image, shown_html

BRIGHTWATER = load_case("brightwater-desk-pricing")


@pytest.fixture(scope="module")
def view():
    return contract_pricing_view(BRIGHTWATER)


def test_the_view_opens_on_the_cases_own_figures(view):
    """Are the opening figures the case's, with the model the rule picks, drawn and described?"""
    assert view.result.views == BRIGHTWATER.views()
    assert view.result.chosen == BRIGHTWATER.chosen() == "fixed-price"
    shown = shown_html(view)
    assert has_image(view)
    assert "Who carries the risk under each model" in shown
    assert "<strong>Fixed price</strong>" in shown
    fixed = BRIGHTWATER.views()["fixed-price"]
    assert f"{fixed.client_expected:,.0f} EUR" in shown


def test_a_wider_swing_follows_the_model(view):
    """With a 40% swing, are the figures the model's and does the choice follow the rule?"""
    view.controls["swing"].value = 0.4
    demand = Demand(BRIGHTWATER.demand.monthly, 0.4)
    expected = risk_views(
        price_scenarios(BRIGHTWATER.terms, BRIGHTWATER.cost, demand, BRIGHTWATER.achievement)
    )
    assert view.result.views == expected
    assert view.result.chosen == choose_model(expected, BRIGHTWATER.tolerance)
    view.controls["swing"].value = BRIGHTWATER.demand.swing


def test_more_effort_costs_the_client_only_under_time_and_materials(view):
    """At 120% effort, does only the T&M bill rise while every other model's stays?"""
    before = view.result.views
    view.controls["effort"].value = 1.2
    after = view.result.views
    assert after["time-and-materials"].client_expected == pytest.approx(
        1.2 * before["time-and-materials"].client_expected
    )
    for model in ("fixed-price", "unit-price", "outcome-based"):
        assert after[model].client_expected == pytest.approx(before[model].client_expected)
        assert after[model].margin_expected < before[model].margin_expected
    view.controls["effort"].value = 1.0


def test_the_unit_price_slider_moves_the_first_band(view):
    """Does a lower first-band price lower the unit-price bill and nothing else?"""
    view.controls["unit_price"].value = BRIGHTWATER.terms.bands[0].price - 3
    first = dataclasses.replace(
        BRIGHTWATER.terms.bands[0], price=BRIGHTWATER.terms.bands[0].price - 3
    )
    terms = dataclasses.replace(BRIGHTWATER.terms, bands=(first, *BRIGHTWATER.terms.bands[1:]))
    expected = risk_views(
        price_scenarios(terms, BRIGHTWATER.cost, BRIGHTWATER.demand, BRIGHTWATER.achievement)
    )
    assert view.result.views == expected
    view.controls["unit_price"].value = BRIGHTWATER.terms.bands[0].price
    assert view.error is None
