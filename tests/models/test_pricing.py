"""Tests for the pricing models (course/models/pricing.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.pricing import (
    MODELS,
    DeliveryCost,
    Demand,
    PriceTerms,
    VolumeBand,
    banded_charge,
    benchmarked,
    change_requests,
    choose_model,
    index_rate,
    indexed,
    monthly_charge,
    price_scenarios,
    review_terms,
    risk_carrier,
    risk_views,
    year_charge,
)

BANDS = (VolumeBand(3500, 23.0), VolumeBand(4500, 19.0), VolumeBand(None, 15.0))
TERMS = PriceTerms(
    hourly_rate=46,
    monthly_fee=95000,
    baseline_tickets=4500,
    change_rate=24,
    bands=BANDS,
    base_fee=80000,
    outcome_fee=22000,
)
COST = DeliveryCost(hours_per_ticket=0.5, cost_per_hour=32, fixed_monthly=12000)
FLAT = Demand((4000.0,) * 12, 0.2)


def test_each_model_prices_one_month_by_its_own_terms():
    """Does a month of 4,600 tickets cost what each model's terms say, worked by hand?"""
    # T&M: 4,600 tickets x 0.5 h x 46 = 105,800
    assert monthly_charge("time-and-materials", TERMS, 4600, 0.5, 0.85) == pytest.approx(105800)
    # fixed: 95,000 + (4,600 - 4,500) x 24 = 97,400
    assert monthly_charge("fixed-price", TERMS, 4600, 0.5, 0.85) == pytest.approx(97400)
    # unit: 3,500 x 23 + 1,000 x 19 + 100 x 15 = 80,500 + 19,000 + 1,500 = 101,000
    assert monthly_charge("unit-price", TERMS, 4600, 0.5, 0.85) == pytest.approx(101000)
    # outcome: 80,000 + 22,000 x 0.85 = 98,700, whatever the tickets
    assert monthly_charge("outcome-based", TERMS, 4600, 0.5, 0.85) == pytest.approx(98700)
    assert monthly_charge("outcome-based", TERMS, 100, 0.5, 0.85) == pytest.approx(98700)


def test_a_band_price_applies_only_to_the_tickets_within_the_band():
    """Are unit-price bands marginal: below the first limit only the first price counts?"""
    assert banded_charge(3000, BANDS) == pytest.approx(3000 * 23)
    assert banded_charge(3500, BANDS) == pytest.approx(3500 * 23)
    # 3,500 x 23 + 500 x 19 = 80,500 + 9,500
    assert banded_charge(4000, BANDS) == pytest.approx(90000)
    assert banded_charge(0, BANDS) == 0


def test_change_requests_are_counted_month_by_month():
    """Does a quiet month not make up for a busy one under a fixed price's baseline?"""
    volumes = [4700, 4300] + [4500] * 10  # the year's total is exactly 12 x the baseline
    assert change_requests(4700, 4500) == 200
    assert change_requests(4300, 4500) == 0
    # 12 x 95,000 + 200 x 24 = 1,140,000 + 4,800
    assert year_charge("fixed-price", TERMS, volumes, 0.5, 1) == pytest.approx(1144800)


def test_the_brightwater_year_in_every_scenario():
    """Do the case's demand and terms give the hand-checked yearly figures?"""
    demand = Demand((4600, 4400, 4300, 4000, 3900, 3700, 3500, 3400, 4200, 4500, 4600, 3900), 0.2)
    views = risk_views(price_scenarios(TERMS, COST, demand, 0.85))
    # 49,000 tickets x 0.5 h x 46 = 1,127,000; low and high are 80% and 120% of it
    tm = views["time-and-materials"]
    assert (tm.client_low, tm.client_expected, tm.client_high) == pytest.approx(
        (901600, 1127000, 1352400)
    )
    # fixed: 12 x 95,000 + (100 + 100) x 24 (January and November) = 1,144,800
    assert views["fixed-price"].client_expected == pytest.approx(1144800)
    # in the quiet year no month passes 4,500: twelve fees
    assert views["fixed-price"].client_low == pytest.approx(1140000)
    # outcome: 12 x 98,700 in every scenario
    assert views["outcome-based"].client_spread == 0
    assert views["outcome-based"].client_expected == pytest.approx(1184400)
    # provider's expected cost: 49,000 x 0.5 x 32 + 12 x 12,000 = 784,000 + 144,000 = 928,000
    assert views["fixed-price"].margin_expected == pytest.approx(1144800 - 928000)
    assert tm.carrier == "client"
    assert views["outcome-based"].carrier == "provider"


def test_time_and_materials_passes_the_effort_risk_to_the_client():
    """Does 20% more effort per ticket raise the client's T&M bill and only the provider's cost
    under the other models?"""
    plain = {
        r.model: r for r in price_scenarios(TERMS, COST, FLAT, 0.85) if r.scenario == "expected"
    }
    slow = {
        r.model: r
        for r in price_scenarios(TERMS, COST, FLAT, 0.85, effort=1.2)
        if r.scenario == "expected"
    }
    assert slow["time-and-materials"].client_cost == pytest.approx(
        1.2 * plain["time-and-materials"].client_cost
    )
    for model in ("fixed-price", "unit-price", "outcome-based"):
        assert slow[model].client_cost == pytest.approx(plain[model].client_cost)
        assert slow[model].margin < plain[model].margin


def test_the_rule_picks_the_cheapest_model_within_the_budget_tolerance():
    """Certainty first, then price: is a cheaper model with too wide a spread passed over?"""
    demand = Demand((4600, 4400, 4300, 4000, 3900, 3700, 3500, 3400, 4200, 4500, 4600, 3900), 0.2)
    views = risk_views(price_scenarios(TERMS, COST, demand, 0.85))
    # spreads: T&M 40%, unit about 33%, fixed about 11.7%, outcome 0%
    assert choose_model(views, 0.14) == "fixed-price"
    assert choose_model(views, 0.05) == "outcome-based"
    assert choose_model(views, 0.5) == "unit-price"


def test_indexation_is_clamped_between_floor_and_cap():
    """Is an index of 6.4% under a 4% cap a 4% rise, and a fall below the floor the floor?"""
    assert index_rate(0.064, 0.04) == pytest.approx(0.04)
    assert index_rate(0.02, 0.04) == pytest.approx(0.02)
    assert index_rate(-0.01, 0.04, 0.0) == 0
    # 1,144,800 x 1.04 = 1,190,592
    assert indexed(1144800, 0.064, 0.04) == pytest.approx(1190592)
    with pytest.raises(ModelInputError, match="floor"):
        index_rate(0.05, 0.02, 0.03)


def test_benchmarking_lowers_a_price_above_the_benchmark_band_only():
    """Does the benchmark clause bring 110 down to 105 (100 + 5%) and leave 103 alone?"""
    assert benchmarked(110, 100, 0.05) == pytest.approx(105)
    assert benchmarked(103, 100, 0.05) == 103


def test_review_finds_missing_change_rate_and_uncapped_index():
    """Are the two commonest gaps in price terms reported with their rule ids?"""
    loose = PriceTerms(46, 95000, 4500, 0, BANDS, 80000, 22000)
    assert {f.rule for f in review_terms(loose, cap=None)} == {"change-control-rate", "index-cap"}
    assert review_terms(TERMS, cap=0.04, floor=0.0) == []
    token = PriceTerms(46, 95000, 4500, 24, BANDS, 99000, 1000)
    assert [f.rule for f in review_terms(token, 0.04)] == ["outcome-share"]


@pytest.mark.parametrize(
    ("bands", "field"),
    [
        ((VolumeBand(3500, 23.0), VolumeBand(3000, 19.0), VolumeBand(None, 15.0)), "bands[1]"),
        ((VolumeBand(3500, 23.0), VolumeBand(4500, 19.0)), "bands[1]"),
        ((), "bands"),
    ],
)
def test_bad_bands_are_refused_naming_the_band(bands, field):
    """Are falling limits, a capped top band and no bands refused with the band's name?"""
    with pytest.raises(ModelInputError, match=rf"^{field.replace('[', '.').replace(']', '.')}"):
        PriceTerms(46, 95000, 4500, 24, bands, 80000, 22000)


def test_bad_inputs_name_the_field():
    """Do an unknown model, a wrong month count and an achievement above 1 name their field?"""
    with pytest.raises(ModelInputError, match="did you mean 'fixed-price'"):
        monthly_charge("fixed-prise", TERMS, 10, 0.5, 1)
    with pytest.raises(ModelInputError, match="monthly: expected 12"):
        Demand((100.0,) * 11, 0.1)
    with pytest.raises(ModelInputError, match="achievement"):
        monthly_charge("outcome-based", TERMS, 10, 0.5, 1.5)


def test_risk_carrier_calls_close_spreads_shared():
    """Are two spreads within 10% of each other shared, and otherwise the larger's owner?"""
    assert risk_carrier(100, 95) == "shared"
    assert risk_carrier(100, 50) == "client"
    assert risk_carrier(10, 50) == "provider"
    assert risk_carrier(0, 0) == "shared"


volumes = st.lists(st.floats(0, 20000), min_size=12, max_size=12)


@settings(max_examples=40, deadline=None)
@given(volumes=volumes, swing=st.floats(0, 0.5))
def test_client_cost_never_falls_as_demand_rises(volumes, swing):
    """Does every model charge at least as much in a busier scenario (low <= expected <= high)?"""
    views = risk_views(price_scenarios(TERMS, COST, Demand(tuple(volumes), swing), 0.85))
    for view in views.values():
        assert view.client_low <= view.client_expected + 1e-6
        assert view.client_expected <= view.client_high + 1e-6


@settings(max_examples=40, deadline=None)
@given(volumes=volumes, factor=st.floats(0.5, 2))
def test_indexing_every_price_scales_every_bill(volumes, factor):
    """Does scaling every price by a factor scale each model's yearly bill by that factor?"""
    for model in MODELS:
        base = year_charge(model, TERMS, volumes, 0.5, 0.85)
        scaled = year_charge(model, TERMS.scaled(factor), volumes, 0.5, 0.85)
        assert scaled == pytest.approx(base * factor, rel=1e-9, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(tickets=st.floats(0, 20000), more=st.floats(0, 5000))
def test_banded_charge_grows_by_at_most_the_highest_price(tickets, more):
    """Is the banded charge monotone, growing per extra ticket by no more than the top price?"""
    low, high = banded_charge(tickets, BANDS), banded_charge(tickets + more, BANDS)
    assert low <= high + 1e-6
    assert high - low <= more * max(b.price for b in BANDS) + 1e-6
