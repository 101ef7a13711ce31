"""Tests for the negotiation views (course/widgets/negotiation_view.py)."""

from __future__ import annotations

import pytest

from course.cases import load_case
from course.models.negotiation import acceptable, packages_frame, score_offer
from course.widgets.negotiation_view import negotiation_view, offer_builder_view
from tests.widgets.viewing import has_image, shown_html

ATLAS = load_case("atlas-logistics-renewal")


def test_the_zone_starts_as_the_case_computes_it():
    """Does the view start with the case's own walk-away prices and zone?"""
    view = negotiation_view(ATLAS)
    assert view.result.client_reservation == pytest.approx(ATLAS.client_reservation())
    assert view.result.provider_reservation == pytest.approx(ATLAS.provider_reservation())
    assert view.result.zopa == ATLAS.zopa()
    assert has_image(view)
    assert "Zone of agreement" in shown_html(view)


def test_a_cost_shock_closes_the_zone():
    """Raising the provider's cost to the cost-shock figure: is there no zone, as the model says?"""
    view = negotiation_view(ATLAS)
    view.controls["delivery_cost"].value = 1_950_000
    shocked = ATLAS.with_scenario("cost shock")
    assert shocked.zopa() is None
    assert view.result.zopa is None
    assert "No zone of agreement" in shown_html(view)


def test_a_longer_term_raises_the_most_the_client_should_pay():
    """By hand: 1.9M + 450k / 3 + 50k = 2.1M; with 2 years, 1.9M + 225k + 50k = 2.175M."""
    view = negotiation_view(ATLAS)
    assert view.result.client_reservation == pytest.approx(2_100_000)
    view.controls["term_years"].value = 2
    assert view.result.client_reservation == pytest.approx(2_175_000)
    view.controls["risk_premium"].value = 0
    assert view.result.client_reservation == pytest.approx(2_125_000)


def test_the_offer_builder_scores_a_package_for_both_sides():
    """Do the scores and verdicts equal the model's for the package on the dropdowns?"""
    view = offer_builder_view(ATLAS)
    assert view.result.offer == ATLAS.proposal("Split the difference")
    view.controls["term"].value = "5 years"
    view.controls["innovation fund"].value = "3% of charges"
    offer = view.values()
    buyer, seller = ATLAS.client_preferences(), ATLAS.provider_preferences()
    assert view.result.client_score == pytest.approx(score_offer(offer, buyer))
    assert view.result.provider_score == pytest.approx(score_offer(offer, seller))
    assert view.result.client_accepts == acceptable(offer, buyer, ATLAS.client_batna_utility)
    assert has_image(view)


def test_the_efficiency_verdict_is_the_models():
    """Is 'split the difference' dominated, and a frontier package reported efficient?"""
    view = offer_builder_view(ATLAS)
    assert not view.result.pareto_efficient
    assert view.result.better_for_both > 0
    frame = packages_frame(ATLAS.issues(), ATLAS.client_preferences(), ATLAS.provider_preferences())
    efficient = frame[frame["pareto"]].iloc[0]
    for issue in ATLAS.issues():
        view.controls[issue.name].value = efficient[issue.name]
    assert view.result.pareto_efficient
    assert view.result.better_for_both == 0
