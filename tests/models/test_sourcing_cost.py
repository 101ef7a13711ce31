"""Tests for course/models/sourcing_cost.py: total cost of sourcing options over N years."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.sourcing_cost import (
    COMPONENTS,
    MONEY_TOLERANCE,
    SourcingOption,
    StaffLine,
    compare_to_baseline,
    comparison_frame,
    cost_breakdown,
    cumulative_savings,
    monthly_costs,
    total_cost,
    yearly_cash_flows,
)

# Helios Retail Group (docs/evidence.md, Case 2), simplified to fit this model:
#   baseline: 40 in-house developers at $100,000 loaded = $4.0M a year.
#   offshore: the $2.6M a year quote as 40 FTE at $65,000.
#   one-time transition cost, spread over a 3-month transition:
#     transition fee 300,000 + selection 1% x 2.6M = 26,000 + severance 4% x 2.6M = 104,000
#     + parallel run 3 months of in-house cost = 1,000,000  -> 1,430,000
#   ramp-up loss 20% (Meta Group), governance 4.5% (middle of the 3-6% band), no attrition/travel.
HELIOS_BASELINE = SourcingOption(
    "Helios in-house", "in-house", (StaffLine("onshore", 40, 100_000),)
)
HELIOS_OFFSHORE = SourcingOption(
    "Helios offshore",
    "offshore",
    (StaffLine("offshore", 40, 65_000),),
    transition_cost=1_430_000,
    transition_months=3,
    ramp_up_productivity_loss=0.20,
    governance_share=0.045,
)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.01)


def test_helios_business_case_matches_the_hand_calculation() -> None:
    """Does the simplified Helios case give the yearly costs, savings and break-even by hand?"""
    # Monthly staff 2,600,000 / 12 = 216,666.67; governance 4.5% of it = 9,750.
    # Transition 1,430,000 / 3 = 476,666.67 in each of months 1-3.
    # Ramp-up 20% of staff, fading 3/3, 2/3, 1/3: 43,333.33 + 28,888.89 + 14,444.44 = 86,666.67.
    # Year 1 = 2,600,000 + 1,430,000 + 86,666.67 + 117,000 = 4,233,666.67
    # Years 2 and 3 = 2,600,000 + 117,000 = 2,717,000
    # Total = 4,233,666.67 + 2 x 2,717,000 = 9,667,666.67; baseline 3 x 4,000,000 = 12,000,000
    # Savings = 2,332,333.33; share = 2,332,333.33 / 12,000,000 = 19.436%
    comparison = compare_to_baseline(HELIOS_OFFSHORE, HELIOS_BASELINE, 3)
    assert [round(v, 2) for v in comparison.option_yearly] == [4_233_666.67, 2_717_000, 2_717_000]
    assert [round(v, 2) for v in comparison.baseline_yearly] == [4_000_000] * 3
    assert close(comparison.option_total, 9_667_666.67)
    assert close(comparison.baseline_total, 12_000_000)
    assert close(comparison.savings, 2_332_333.33)
    assert math.isclose(comparison.savings_share, 0.1943611, rel_tol=1e-6)
    # Monthly savings vs 333,333.33 in house:
    #   m1 333,333.33 - (216,666.67 + 476,666.67 + 43,333.33 + 9,750) = -413,083.33
    #   m2 -398,638.89, m3 -384,194.44 -> cumulative -1,195,916.67 after the transition
    #   then +106,916.67 a month: after m14 -1,195,916.67 + 11 x 106,916.67 = -19,833.33 (< 0),
    #   after m15 +87,083.33 -> break-even in month 15.
    assert comparison.break_even_month == 15
    curve = cumulative_savings(HELIOS_OFFSHORE, HELIOS_BASELINE, 3)
    assert close(curve[13], -19_833.33)
    assert close(curve[14], 87_083.33)


def test_monthly_costs_spread_transition_and_fade_ramp_up() -> None:
    """Is the transition cost spread evenly and the ramp-up loss faded linearly to 1/T?"""
    # 1 FTE at 12,000 -> staff 1,000 a month. T = 4, loss 40%, transition 8,000 -> 2,000/month.
    # ramp-up: 1,000 x 0.4 x (4/4, 3/4, 2/4, 1/4) = 400, 300, 200, 100; then nothing.
    option = SourcingOption(
        "ramp",
        "nearshore",
        (StaffLine("nearshore", 1, 12_000),),
        transition_cost=8_000,
        transition_months=4,
        ramp_up_productivity_loss=0.4,
    )
    months = monthly_costs(option, 1)
    expected = [3_400, 3_300, 3_200, 3_100] + [1_000] * 8
    assert all(close(a, b) for a, b in zip(months, expected, strict=True))


def test_transition_without_months_is_booked_in_month_one() -> None:
    """Is a one-time cost with no transition months paid entirely in month 1?"""
    option = SourcingOption(
        "quick", "onshore", (StaffLine("onshore", 1, 12_000),), transition_cost=5_000
    )
    months = monthly_costs(option, 1)
    assert close(months[0], 6_000)  # 1,000 staff + 5,000 transition
    assert all(close(m, 1_000) for m in months[1:])


def test_attrition_travel_and_governance_add_up_per_year() -> None:
    """Are attrition, travel and governance charged as the docstring says, every year?"""
    # 10 FTE x 50,000 = 500,000 staff; governance 5% = 25,000;
    # attrition 20% of 10 FTE = 2 leavers x 15,000 = 30,000; travel 24,000.
    # Year = 500,000 + 25,000 + 30,000 + 24,000 = 579,000.
    option = SourcingOption(
        "hybrid team",
        "hybrid",
        (StaffLine("onshore", 2, 100_000), StaffLine("offshore", 8, 37_500)),
        governance_share=0.05,
        annual_attrition=0.20,
        knowledge_loss_cost_per_leaver=15_000,
        annual_travel=24_000,
    )
    assert all(close(year, 579_000) for year in yearly_cash_flows(option, 2))
    assert close(total_cost(option, 2), 1_158_000)
    breakdown = cost_breakdown(option, 2)
    assert list(breakdown.index) == list(COMPONENTS)
    assert list(breakdown.columns) == ["year 1", "year 2", "total"]
    assert close(breakdown.loc["attrition", "year 1"], 30_000)
    assert close(breakdown.loc["travel", "total"], 48_000)
    assert close(breakdown.loc["governance", "year 2"], 25_000)


def test_break_even_is_month_one_when_savings_are_never_negative() -> None:
    """Is the break-even month 1 when the option is cheaper from the first month?"""
    cheap = SourcingOption("cheap", "offshore", (StaffLine("offshore", 40, 50_000),))
    assert compare_to_baseline(cheap, HELIOS_BASELINE, 1).break_even_month == 1


def test_break_even_is_none_when_never_recovered() -> None:
    """Is the break-even month None when the option never catches up within the horizon?"""
    dear = SourcingOption("dear", "onshore", (StaffLine("onshore", 40, 110_000),))
    comparison = compare_to_baseline(dear, HELIOS_BASELINE, 2)
    assert comparison.break_even_month is None
    assert comparison.savings < 0


def test_comparison_frame_lays_out_years_and_totals() -> None:
    """Does the comparison frame hold baseline, option and savings per year and in total?"""
    frame = comparison_frame(HELIOS_OFFSHORE, HELIOS_BASELINE, 3)
    assert list(frame.index) == ["baseline", "option", "savings"]
    assert list(frame.columns) == ["year 1", "year 2", "year 3", "total"]
    assert close(frame.loc["savings", "year 1"], 4_000_000 - 4_233_666.67)
    assert close(frame.loc["savings", "total"], 2_332_333.33)


def test_location_and_model_are_read_case_insensitively() -> None:
    """Does " Offshore " count as the offshore location, as a learner might type it?"""
    assert StaffLine(" Offshore ", 1, 1).location == "offshore"
    option = SourcingOption("x", "In-House", (StaffLine("onshore", 1, 1),))
    assert option.model == "in-house"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: StaffLine("moon", 1, 1), "location"),
        (lambda: StaffLine("onshore", -1, 1), "fte"),
        (lambda: StaffLine("onshore", 1, "90k"), "annual_rate"),
        (lambda: SourcingOption(" ", "onshore", (StaffLine("onshore", 1, 1),)), "name"),
        (lambda: SourcingOption("x", "cloud", (StaffLine("onshore", 1, 1),)), "model"),
        (lambda: SourcingOption("x", "onshore", ()), "staff"),
        (lambda: SourcingOption("x", "onshore", "team"), "staff"),
        (lambda: SourcingOption("x", "onshore", ({"fte": 1},)), "staff[0]"),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), transition_cost=-1
            ),
            "transition_cost",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), transition_months=1.5
            ),
            "transition_months",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), transition_months=-1
            ),
            "transition_months",
        ),
        (
            lambda: SourcingOption(
                "x",
                "onshore",
                (StaffLine("onshore", 1, 1),),
                transition_months=3,
                ramp_up_productivity_loss=1.5,
            ),
            "ramp_up_productivity_loss",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), ramp_up_productivity_loss=0.2
            ),
            "ramp_up_productivity_loss",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), governance_share=6
            ),
            "governance_share",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), annual_attrition=-0.1
            ),
            "annual_attrition",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), knowledge_loss_cost_per_leaver=True
            ),
            "knowledge_loss_cost_per_leaver",
        ),
        (
            lambda: SourcingOption(
                "x", "onshore", (StaffLine("onshore", 1, 1),), annual_travel=float("nan")
            ),
            "annual_travel",
        ),
    ],
)
def test_invalid_inputs_name_their_field(build, field: str) -> None:
    """Is an error thrown for each invalid input, naming the field to fix?"""
    with pytest.raises(ModelInputError) as caught:
        build()
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}:")


@pytest.mark.parametrize("years", [0, 31, 2.0, True, "3"])
def test_invalid_horizon_names_years(years: object) -> None:
    """Is a horizon that is not a whole number of years from 1 to 30 refused, naming years?"""
    with pytest.raises(ModelInputError, match="^years:"):
        total_cost(HELIOS_OFFSHORE, years)  # type: ignore[arg-type]


def test_transition_longer_than_horizon_is_refused() -> None:
    """Is a transition that runs past the horizon refused instead of losing its cost?"""
    long_transition = SourcingOption(
        "slow", "offshore", (StaffLine("offshore", 1, 1),), transition_cost=1, transition_months=13
    )
    with pytest.raises(ModelInputError, match="^transition_months:.*13-month"):
        monthly_costs(long_transition, 1)


def test_baseline_must_be_in_house() -> None:
    """Is an error thrown when the baseline is not the in-house option?"""
    with pytest.raises(ModelInputError, match=r"^baseline\.model:"):
        compare_to_baseline(HELIOS_BASELINE, HELIOS_OFFSHORE, 3)


def test_baseline_that_costs_nothing_is_refused() -> None:
    """Is a zero-cost baseline refused, since a savings share would divide by zero?"""
    free = SourcingOption("free", "in-house", (StaffLine("onshore", 0, 100_000),))
    with pytest.raises(ModelInputError, match="^baseline:"):
        compare_to_baseline(HELIOS_OFFSHORE, free, 3)


def test_option_must_be_a_sourcing_option() -> None:
    """Is an error thrown, naming option, when something else is passed as the option?"""
    with pytest.raises(ModelInputError, match="^option:"):
        compare_to_baseline({"name": "x"}, HELIOS_BASELINE, 3)  # type: ignore[arg-type]


# ---- properties -------------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=2_000_000, allow_nan=False)
share = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def options(draw: st.DrawFn, model: str = "offshore", max_months: int = 12) -> SourcingOption:
    staff = draw(
        st.lists(
            st.builds(
                StaffLine,
                st.sampled_from(["onshore", "nearshore", "offshore"]),
                st.floats(min_value=0, max_value=50, allow_nan=False),
                st.floats(min_value=0, max_value=200_000, allow_nan=False),
            ),
            min_size=1,
            max_size=3,
        )
    )
    months = draw(st.integers(min_value=0, max_value=max_months))
    return SourcingOption(
        "generated",
        model,
        tuple(staff),
        transition_cost=draw(money),
        transition_months=months,
        ramp_up_productivity_loss=draw(share) if months else 0.0,
        governance_share=draw(st.floats(min_value=0, max_value=0.1)),
        annual_attrition=draw(st.floats(min_value=0, max_value=0.5)),
        knowledge_loss_cost_per_leaver=draw(st.floats(min_value=0, max_value=50_000)),
        annual_travel=draw(st.floats(min_value=0, max_value=200_000)),
    )


baselines = st.builds(
    lambda fte, rate: SourcingOption("in-house", "in-house", (StaffLine("onshore", fte, rate),)),
    st.floats(min_value=1, max_value=60),
    st.floats(min_value=20_000, max_value=200_000),
)


@given(options(), baselines, st.integers(min_value=1, max_value=5))
def test_savings_equal_baseline_total_minus_option_total(
    option: SourcingOption, baseline: SourcingOption, years: int
) -> None:
    """Are savings always the baseline total minus the option total, and the share savings/base?"""
    comparison = compare_to_baseline(option, baseline, years)
    assert math.isclose(
        comparison.savings,
        total_cost(baseline, years) - total_cost(option, years),
        rel_tol=1e-9,
        abs_tol=1e-3,
    )
    assert math.isclose(
        comparison.savings_share, comparison.savings / comparison.baseline_total, rel_tol=1e-9
    )
    assert math.isclose(
        cumulative_savings(option, baseline, years)[-1],
        comparison.savings,
        abs_tol=1e-3,
        rel_tol=1e-9,
    )


@given(options(max_months=24), baselines, st.integers(min_value=2, max_value=5))
def test_break_even_month_is_first_month_cumulative_savings_turn_non_negative(
    option: SourcingOption, baseline: SourcingOption, years: int
) -> None:
    """Is the break-even month the first month the savings curve is back at or above zero?"""
    curve = cumulative_savings(option, baseline, years)
    month = compare_to_baseline(option, baseline, years).break_even_month
    negative = [value < -MONEY_TOLERANCE for value in curve]
    if not any(negative):
        assert month == 1
        return
    first_negative = negative.index(True)
    if month is None:
        assert all(negative[first_negative:])
    else:
        assert month - 1 > first_negative
        assert not negative[month - 1]
        assert all(negative[first_negative : month - 1])


@given(options(), st.integers(min_value=1, max_value=4))
def test_years_and_components_add_up_to_the_total(option: SourcingOption, years: int) -> None:
    """Do the yearly flows and the component breakdown both add up to the total cost?"""
    total = total_cost(option, years)
    assert len(monthly_costs(option, years)) == 12 * years
    assert math.isclose(sum(yearly_cash_flows(option, years)), total, rel_tol=1e-9, abs_tol=1e-3)
    breakdown = cost_breakdown(option, years)
    assert math.isclose(breakdown["total"].sum(), total, rel_tol=1e-9, abs_tol=1e-3)
    assert min(monthly_costs(option, years)) >= 0
