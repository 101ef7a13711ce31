"""Tests for course/models/negotiation.py: reservation prices, ZOPA, multi-issue value creation."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.negotiation import (
    Issue,
    NegotiationSide,
    Preferences,
    Zopa,
    acceptable,
    client_reservation_price,
    offer_in_zopa,
    packages_frame,
    pareto_efficient_offers,
    provider_reservation_price,
    score_offer,
    value_creating_trades,
    zone_of_possible_agreement,
)


def test_atlas_renewal_zopa_matches_the_hand_calculation() -> None:
    """Does the Atlas Logistics renewal give RP_c 2.05M, RP_p 1.76M and a 0.29M-wide ZOPA?"""
    # docs/evidence.md, Case 5: alternative 1.90M/yr, switching 0.45M over a 3-year renewal:
    #   RP_c = 1.90 + 0.45 / 3 = 1.90 + 0.15 = 2.05M
    # incumbent delivery cost 1.60M, minimum markup 10%: RP_p = 1.60 x 1.10 = 1.76M
    # ZOPA = [1.76, 2.05], width 0.29M, midpoint (1.76 + 2.05) / 2 = 1.905M
    rp_c = client_reservation_price(1_900_000, 450_000, 3)
    rp_p = provider_reservation_price(1_600_000, 0.10)
    assert math.isclose(rp_c, 2_050_000)
    assert math.isclose(rp_p, 1_760_000)
    zopa = zone_of_possible_agreement(rp_c, rp_p)
    assert zopa is not None
    assert math.isclose(zopa.width, 290_000)
    assert math.isclose(zopa.midpoint, 1_905_000)
    assert not offer_in_zopa(2_200_000, zopa)  # the incumbent's +8% ask is above RP_c
    assert offer_in_zopa(1_900_000, zopa)


def test_atlas_variant_with_higher_cost_has_no_zopa() -> None:
    """When the incumbent's cost rises to 1.90M, is there no ZOPA (2.09M > 2.05M)?"""
    # RP_p = 1.90 x 1.10 = 2.09M, above RP_c = 2.05M
    rp_p = provider_reservation_price(1_900_000, 0.10)
    assert math.isclose(rp_p, 2_090_000)
    assert zone_of_possible_agreement(client_reservation_price(1_900_000, 450_000, 3), rp_p) is None
    assert not offer_in_zopa(2_000_000, None)


def test_risk_premium_is_added_per_year() -> None:
    """Is a risk premium added to the client's reservation price as an annual amount?"""
    # 100,000 + 30,000 / 2 + 5,000 = 120,000
    assert math.isclose(client_reservation_price(100_000, 30_000, 2, risk_premium=5_000), 120_000)


def test_warehouse_example_and_its_reverse() -> None:
    """Does the warehouse example give a 250k-275k ZOPA, and none when reversed?"""
    zopa = zone_of_possible_agreement(275_000, 250_000)
    assert zopa == Zopa(250_000, 275_000)
    assert offer_in_zopa(250_000, zopa) and offer_in_zopa(275_000, zopa)
    assert not offer_in_zopa(249_999.99, zopa)
    assert zone_of_possible_agreement(250_000, 275_000) is None


def test_equal_reservation_prices_give_a_single_point_zopa() -> None:
    """Is there a ZOPA of width 0 when the buyer's maximum equals the seller's minimum?"""
    zopa = zone_of_possible_agreement(100, 100)
    assert zopa is not None and zopa.width == 0 and zopa.midpoint == 100


def test_sides_accept_targets_on_the_right_side_of_their_reservation() -> None:
    """Are a buyer aiming below and a seller aiming above their reservation prices accepted?"""
    buyer = NegotiationSide("Atlas", "Buyer", 2_050_000, 2_050_000, 1_850_000)
    seller = NegotiationSide("Incumbent", "seller", 1_700_000, 1_760_000, 2_200_000)
    assert buyer.role == "buyer" and seller.role == "seller"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("Atlas", "buyer", 2.0, 2.0, 2.1), "target_value"),
        (("Incumbent", "seller", 1.7, 1.76, 1.5), "target_value"),
        (("Atlas", "client", 2.0, 2.0, 1.9), "role"),
        (("", "buyer", 2.0, 2.0, 1.9), "name"),
        (("Atlas", "buyer", "2M", 2.0, 1.9), "batna_value"),
        (("Atlas", "buyer", 2.0, None, 1.9), "reservation_value"),
    ],
)
def test_invalid_sides_name_the_field(args: tuple[object, ...], field: str) -> None:
    """Is a side with an invalid value refused, naming the field?"""
    with pytest.raises(ModelInputError) as caught:
        NegotiationSide(*args)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: client_reservation_price(-1, 0, 3), "alternative_annual_price"),
        (lambda: client_reservation_price(1, "0.45M", 3), "switching_cost"),
        (lambda: client_reservation_price(1, 1, 0), "remaining_term_years"),
        (lambda: client_reservation_price(1, 1, 3, risk_premium=-5), "risk_premium"),
        (lambda: provider_reservation_price(-1, 0.1), "delivery_cost"),
        (lambda: provider_reservation_price(1, -0.1), "minimum_markup"),
        (lambda: zone_of_possible_agreement("high", 1), "buyer_reservation"),
        (lambda: zone_of_possible_agreement(1, None), "seller_reservation"),
        (lambda: Zopa(3, 2), "low"),
        (lambda: offer_in_zopa("2M", Zopa(1, 2)), "offer"),
        (lambda: offer_in_zopa(1.5, (1, 2)), "zopa"),
    ],
)
def test_invalid_prices_name_the_field(call, field: str) -> None:
    """Is each invalid price input refused, naming the field?"""
    with pytest.raises(ModelInputError) as caught:
        call()
    assert caught.value.field == field
    assert field in str(caught.value)


# ---- multi-issue --------------------------------------------------------------------------------

TERM = Issue("term", ("1 year", "3 years"))
FUND = Issue("innovation fund", ("none", "2%"))
# The client cares most about innovation funding, the incumbent about term (Atlas interests).
BUYER = Preferences(
    weights={"term": 0.3, "innovation fund": 0.7},
    utilities={"term": {"1 year": 100, "3 years": 0}, "innovation fund": {"none": 0, "2%": 100}},
)
SELLER = Preferences(
    weights={"term": 8, "innovation fund": 2},  # normalised to 0.8 / 0.2
    utilities={"term": {"1 year": 0, "3 years": 100}, "innovation fund": {"none": 100, "2%": 0}},
)


def test_weights_are_normalised() -> None:
    """Are weights 8 and 2 stored as 0.8 and 0.2?"""
    assert dict(SELLER.weights) == {"term": 0.8, "innovation fund": 0.2}


def test_scores_and_pareto_set_match_the_hand_calculation() -> None:
    """Do the four packages score as by hand, with (1 year, none) the only dominated one?"""
    # (1y, none): buyer 0.3x100 + 0.7x0 = 30, seller 0.8x0 + 0.2x100 = 20
    # (1y, 2%):   buyer 30 + 70 = 100,       seller 0
    # (3y, none): buyer 0,                   seller 80 + 20 = 100
    # (3y, 2%):   buyer 70,                  seller 80
    # (30, 20) is beaten by (70, 80) on both sides; the other three are efficient.
    assert math.isclose(score_offer({"term": "3 years", "innovation fund": "2%"}, BUYER), 70)
    assert math.isclose(score_offer({"term": "3 years", "innovation fund": "2%"}, SELLER), 80)
    assert pareto_efficient_offers([TERM, FUND], BUYER, SELLER) == [
        {"term": "1 year", "innovation fund": "2%"},
        {"term": "3 years", "innovation fund": "2%"},
        {"term": "3 years", "innovation fund": "none"},
    ]


def test_acceptable_compares_with_the_batna_utility() -> None:
    """Is (3 years, 2%) acceptable to the buyer (70 >= 60) but not the seller (80 < 85)?"""
    offer = {"term": "3 years", "innovation fund": "2%"}
    assert acceptable(offer, BUYER, 60)
    assert acceptable(offer, BUYER, 70)
    assert not acceptable(offer, SELLER, 85)


def test_logrolling_trade_matches_the_hand_calculation() -> None:
    """Does trading term for innovation funding gain 20 + 30 = 50 points over an even split?"""
    # Even split = 50 points per issue for each side.
    # Buyer gets 2% (100) on the fund, seller gets 3 years (100) on term.
    # buyer:  0.7 x (100 - 50) + 0.3 x (0 - 50)  = 35 - 15 = 20
    # seller: 0.8 x (100 - 50) + 0.2 x (0 - 50)  = 40 - 10 = 30
    trades = value_creating_trades(BUYER, SELLER)
    assert len(trades) == 1
    trade = trades[0]
    assert (trade.buyer_issue, trade.buyer_option) == ("innovation fund", "2%")
    assert (trade.seller_issue, trade.seller_option) == ("term", "3 years")
    assert math.isclose(trade.buyer_gain, 20)
    assert math.isclose(trade.seller_gain, 30)
    assert math.isclose(trade.joint_gain, 50)


def test_no_trade_when_priorities_agree() -> None:
    """Is there no logrolling trade when both sides rank the issues the same way?"""
    seller = Preferences(weights={"term": 0.2, "innovation fund": 0.8}, utilities=SELLER.utilities)
    assert value_creating_trades(BUYER, seller) == []


def test_packages_frame_flags_the_pareto_packages() -> None:
    """Does the package table list all four packages with both scores and three Pareto flags?"""
    frame = packages_frame([TERM, FUND], BUYER, SELLER)
    assert list(frame.columns) == [
        "term",
        "innovation fund",
        "buyer_score",
        "seller_score",
        "pareto",
    ]
    assert len(frame) == 4 and frame["pareto"].sum() == 3
    dominated = frame[~frame["pareto"]].iloc[0]
    assert (dominated["term"], dominated["innovation fund"]) == ("1 year", "none")


def test_ten_thousand_packages_are_allowed_but_not_more() -> None:
    """Are exactly 10,000 packages enumerated, and 16,807 refused, naming issues?"""
    options = tuple(f"o{i}" for i in range(10))
    issues = [Issue(f"i{k}", options) for k in range(4)]
    prefs = Preferences(
        {f"i{k}": 1 for k in range(4)}, {f"i{k}": {o: 50 for o in options} for k in range(4)}
    )
    assert len(packages_frame(issues, prefs, prefs)) == 10_000
    seven = tuple(f"o{i}" for i in range(7))
    big = [Issue(f"i{k}", seven) for k in range(5)]
    big_prefs = Preferences(
        {f"i{k}": 1 for k in range(5)}, {f"i{k}": {o: 1 for o in seven} for k in range(5)}
    )
    with pytest.raises(ModelInputError, match=r"^issues: 16,807 packages"):
        pareto_efficient_offers(big, big_prefs, big_prefs)


@pytest.mark.parametrize(
    ("offer", "field", "named"),
    [
        ({"term": "3 years", "innovation fund": "2%", "price": "fixed"}, "offer", "'price'"),
        ({"term": "3 years"}, "offer", "'innovation fund'"),
        ({"term": "3 yeras", "innovation fund": "2%"}, "offer['term']", "did you mean '3 years'"),
        ({"term": "3 years", "innovation fund": "5%"}, "offer['innovation fund']", "'5%'"),
        ([("term", "3 years")], "offer", "dict"),
    ],
)
def test_invalid_offers_name_the_issue_or_option(offer: object, field: str, named: str) -> None:
    """Is an offer with an unknown or missing issue or option refused, naming it?"""
    with pytest.raises(ModelInputError) as caught:
        score_offer(offer, BUYER)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert named in str(caught.value)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Issue("", ("a", "b")), "name"),
        (lambda: Issue("term", ("1 year",)), "term.options"),
        (lambda: Issue("term", ("1 year", "1 year")), "term.options"),
        (lambda: Issue("term", "1 year"), "term.options"),
        (lambda: Preferences({}, {}), "weights"),
        (lambda: Preferences({"term": 0}, {"term": {"a": 1}}), "weights"),
        (lambda: Preferences({"term": -1}, {"term": {"a": 1}}), "weights['term']"),
        (lambda: Preferences({"term": 1}, {"term": {"a": 120}}), "utilities['term']['a']"),
        (lambda: Preferences({"term": 1}, {}), "utilities"),
        (lambda: Preferences({"term": 1}, {"term": {"a": 1}, "price": {"b": 1}}), "weights"),
        (lambda: Preferences({"term": 1}, {"term": {}}), "utilities['term']"),
        (lambda: Preferences({"term": 1}, [("term", 1)]), "utilities"),
        (
            lambda: acceptable({"term": "1 year", "innovation fund": "2%"}, BUYER, 101),
            "batna_utility",
        ),
        (lambda: score_offer({"term": "1 year"}, {"term": 1}), "prefs"),
    ],
)
def test_invalid_issues_and_preferences_name_the_field(build, field: str) -> None:
    """Is each invalid issue or preference table refused, naming the field?"""
    with pytest.raises(ModelInputError) as caught:
        build()
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("issues", "buyer", "field"),
    [
        ([], BUYER, "issues"),
        ([TERM, TERM], BUYER, "issues"),
        ([TERM, "innovation fund"], BUYER, "issues[1]"),
        ([TERM], BUYER, "buyer_prefs.weights"),
        (
            [TERM, Issue("innovation fund", ("none", "2%", "4%"))],
            BUYER,
            "buyer_prefs.utilities['innovation fund']",
        ),
        (
            [TERM, Issue("innovation fund", ("none", "1%"))],
            BUYER,
            "buyer_prefs.utilities['innovation fund']",
        ),
        ([TERM, FUND, Issue("price", ("fixed", "indexed"))], BUYER, "buyer_prefs.weights"),
    ],
)
def test_issues_that_do_not_match_preferences_are_refused(
    issues: list[Issue], buyer: Preferences, field: str
) -> None:
    """Are issues and preference tables that disagree refused, naming the side and issue?"""
    with pytest.raises(ModelInputError) as caught:
        pareto_efficient_offers(issues, buyer, SELLER)
    assert caught.value.field == field


def test_trades_need_the_same_issues_and_options_on_both_sides() -> None:
    """Are preference tables over different issues or options refused by the trade finder?"""
    other_issue = Preferences({"price": 1}, {"price": {"fixed": 100, "indexed": 0}})
    with pytest.raises(ModelInputError, match=r"^seller_prefs\.weights:.*'term'"):
        value_creating_trades(BUYER, other_issue)
    term_only = Preferences({"term": 1}, {"term": {"1 year": 100, "3 years": 0}})
    with pytest.raises(ModelInputError, match=r"^buyer_prefs\.weights:.*'innovation fund'"):
        value_creating_trades(term_only, SELLER)
    other_options = Preferences(
        weights=BUYER.weights,
        utilities={"term": {"1 year": 0, "5 years": 100}, "innovation fund": {"none": 1, "2%": 2}},
    )
    with pytest.raises(ModelInputError, match=r"^seller_prefs\.utilities\['term'\]:"):
        value_creating_trades(BUYER, other_options)


# ---- properties -------------------------------------------------------------------------------

prices = st.floats(min_value=0, max_value=1e7, allow_nan=False)


@given(prices, prices)
def test_zopa_exists_iff_buyer_reaches_seller_and_midpoint_lies_inside(
    buyer: float, seller: float
) -> None:
    """Is there a ZOPA exactly when the buyer's maximum >= seller's minimum, midpoint inside?"""
    zopa = zone_of_possible_agreement(buyer, seller)
    assert (zopa is not None) == (buyer >= seller)
    if zopa is not None:
        assert zopa.low == seller and zopa.high == buyer
        assert offer_in_zopa(zopa.midpoint, zopa)
        assert math.isclose(zopa.width, buyer - seller)


@st.composite
def negotiations(
    draw: st.DrawFn,
) -> tuple[list[Issue], Preferences, Preferences, dict[str, int]]:
    """Issues with two preference tables; the buyer's integer weights come back too."""
    count = draw(st.integers(min_value=1, max_value=4))
    issues = [
        Issue(f"issue {k}", tuple(f"option {j}" for j in range(draw(st.integers(2, 4)))))
        for k in range(count)
    ]

    def raw_weights() -> dict[str, int]:
        # the first issue weighs at least 1, so the weights never sum to 0
        return {
            issue.name: draw(st.integers(0, 10)) + (1 if k == 0 else 0)
            for k, issue in enumerate(issues)
        }

    def utilities() -> dict[str, dict[str, int]]:
        return {
            issue.name: {o: draw(st.integers(0, 100)) for o in issue.options} for issue in issues
        }

    buyer_weights = raw_weights()
    buyer = Preferences(buyer_weights, utilities())
    seller = Preferences(raw_weights(), utilities())
    return issues, buyer, seller, buyer_weights


def dominates(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] >= b[0] and a[1] >= b[1] and (a[0] > b[0] or a[1] > b[1])


def all_packages(issues: list[Issue]) -> list[dict[str, str]]:
    names = [issue.name for issue in issues]
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(i.options for i in issues))
    ]


def key(offer: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted(offer.items()))  # type: ignore[arg-type]


@settings(max_examples=60)
@given(negotiations())
def test_pareto_set_is_exactly_the_undominated_packages(
    case: tuple[list[Issue], Preferences, Preferences, dict[str, int]],
) -> None:
    """Is every returned package undominated, and every other package dominated (brute force)?"""
    issues, buyer, seller, buyer_weights = case
    scores = {
        key(p): (round(score_offer(p, buyer), 9), round(score_offer(p, seller), 9))
        for p in all_packages(issues)
    }
    efficient = {key(p) for p in pareto_efficient_offers(issues, buyer, seller)}
    for package, point in scores.items():
        dominated = any(dominates(other, point) for other in scores.values())
        assert (package in efficient) == (not dominated)


@settings(max_examples=60)
@given(
    negotiations(),
    st.integers(min_value=2, max_value=50),
    st.sampled_from([0.5, 0.25, 0.125]),
)
def test_scaling_weights_or_utilities_does_not_change_the_pareto_set(
    case: tuple[list[Issue], Preferences, Preferences, dict[str, int]],
    weight_factor: int,
    utility_factor: float,
) -> None:
    """Does multiplying one side's weights, or its utilities, by a constant keep the Pareto set?"""
    issues, buyer, seller, buyer_weights = case
    before = pareto_efficient_offers(issues, buyer, seller)
    # Integer weights times an integer factor normalise to the very same floats; powers of two
    # scale utilities exactly, so the comparison is free of rounding noise.
    scaled_weights = Preferences(
        {i: w * weight_factor for i, w in buyer_weights.items()}, buyer.utilities
    )
    scaled_utilities = Preferences(
        seller.weights,
        {i: {o: u * utility_factor for o, u in t.items()} for i, t in seller.utilities.items()},
    )
    assert pareto_efficient_offers(issues, scaled_weights, seller) == before
    assert pareto_efficient_offers(issues, buyer, scaled_utilities) == before


@settings(max_examples=60)
@given(negotiations())
def test_trades_only_pair_issues_whose_priorities_differ_and_create_value(
    case: tuple[list[Issue], Preferences, Preferences, dict[str, int]],
) -> None:
    """Does every reported trade pair issues ranked oppositely, with a positive joint gain?"""
    _, buyer, seller, _ = case
    for trade in value_creating_trades(buyer, seller):
        x, y = trade.buyer_issue, trade.seller_issue
        assert buyer.weights[x] > buyer.weights[y]
        assert seller.weights[y] > seller.weights[x]
        assert trade.joint_gain > 0
        assert math.isclose(trade.joint_gain, trade.buyer_gain + trade.seller_gain)


weights = st.integers(min_value=1, max_value=20)


@given(weights, weights, weights, weights)
def test_fully_opposed_two_issue_trade_gains_half_the_weight_differences(
    bx: int, by: int, sx: int, sy: int
) -> None:
    """With fully opposed 0/100 options, is the trade gain 50 x the two weight differences?"""
    utilities_b = {"x": {"a": 100, "b": 0}, "y": {"a": 100, "b": 0}}
    utilities_s = {"x": {"a": 0, "b": 100}, "y": {"a": 0, "b": 100}}
    buyer = Preferences({"x": bx, "y": by}, utilities_b)
    seller = Preferences({"x": sx, "y": sy}, utilities_s)
    trades = value_creating_trades(buyer, seller)
    wb, ws = buyer.weights, seller.weights
    differ = (wb["x"] > wb["y"] and ws["y"] > ws["x"]) or (wb["y"] > wb["x"] and ws["x"] > ws["y"])
    assert bool(trades) == differ
    for trade in trades:
        x, y = trade.buyer_issue, trade.seller_issue
        expected = 50 * ((wb[x] - wb[y]) + (ws[y] - ws[x]))
        assert math.isclose(trade.joint_gain, expected, rel_tol=1e-9, abs_tol=1e-9)
