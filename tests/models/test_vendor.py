"""Tests for the weighted vendor scoring matrix (course/models/vendor.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.vendor import (
    Criterion,
    ScoringMatrix,
    most_sensitive_criterion,
    normalise_weights,
    price_to_rating,
    rank_vendors,
    score_vendors,
    scores_frame,
    weight_sensitivity,
    winners,
    with_weight,
)

# --- Case 1 Northwind (docs/evidence.md, Case 1) ------------------------------------------------

CAPABILITY, SECURITY, TRANSITION, PRICE, FIT = (
    "Service capability",
    "Security & compliance",
    "Transition approach",
    "Price",
    "Communication / cultural fit",
)
NORTHWIND_CRITERIA = (
    Criterion(CAPABILITY, 30),
    Criterion(SECURITY, 20),
    Criterion(TRANSITION, 15),
    Criterion(PRICE, 25),
    Criterion(FIT, 10),
)
NORTHWIND_RATINGS = {  # capability, security, transition, fit (price comes from price_to_rating)
    "A": (4, 5, 3, 4),
    "B": (3, 3, 4, 3),
    "C": (5, 4, 5, 5),
}
NORTHWIND_PRICES = {"A": 2.40, "B": 2.10, "C": 2.75}  # $M per year
GATE = "ISO 27001 + audit right"


def northwind(rule: str = "ratio", c_passes_gate: bool = True) -> ScoringMatrix:
    """Build Case 1 with the price rated by ``rule``."""
    price = price_to_rating(NORTHWIND_PRICES, rule=rule)
    ratings = {
        vendor: {
            CAPABILITY: cap,
            SECURITY: sec,
            TRANSITION: tra,
            PRICE: price[vendor],
            FIT: fit,
        }
        for vendor, (cap, sec, tra, fit) in NORTHWIND_RATINGS.items()
    }
    gates = {"A": {GATE: True}, "B": {GATE: True}, "C": {GATE: c_passes_gate}}
    return ScoringMatrix(NORTHWIND_CRITERIA, ratings, gates=gates)


def simple(ratings: dict[str, dict[str, float]], **weights: float) -> ScoringMatrix:
    """A small matrix with criteria named by the keyword arguments."""
    return ScoringMatrix(tuple(Criterion(n, w) for n, w in weights.items()), ratings)


def test_northwind_weights_normalise_to_shares() -> None:
    """Do the Northwind points 30/20/15/25/10 become the shares 0.30/0.20/0.15/0.25/0.10?"""
    weights = normalise_weights({c.name: c.weight for c in NORTHWIND_CRITERIA})
    assert weights == pytest.approx(
        {CAPABILITY: 0.30, SECURITY: 0.20, TRANSITION: 0.15, PRICE: 0.25, FIT: 0.10}
    )


def test_northwind_price_ratings_under_both_rules() -> None:
    """Are the Northwind prices rated as the E1 formulas give by hand?"""
    # ratio: 5 * 2.10 / P  ->  A 5*2.10/2.40 = 4.375, B 5, C 5*2.10/2.75 = 42/11 = 3.8182
    assert price_to_rating(NORTHWIND_PRICES, rule="ratio") == pytest.approx(
        {"A": 4.375, "B": 5.0, "C": 42 / 11}
    )
    # min-max: 1 + 4 * (2.75 - P) / 0.65  ->  A 1 + 4*0.35/0.65 = 41/13 = 3.1538, B 5, C 1
    assert price_to_rating(NORTHWIND_PRICES, rule="min-max") == pytest.approx(
        {"A": 41 / 13, "B": 5.0, "C": 1.0}
    )


def test_northwind_ratio_rule_totals_and_winner() -> None:
    """Under the ratio rule, are the totals the hand-checked ones and does Pune (C) win?"""
    scores = {s.vendor: s for s in score_vendors(northwind("ratio"))}
    # A: .30*4 + .20*5 + .15*3 + .25*4.375 + .10*4 = 1.2 + 1.0 + 0.45 + 1.09375 + 0.4 = 4.14375
    # B: .30*3 + .20*3 + .15*4 + .25*5     + .10*3 = 0.9 + 0.6 + 0.6  + 1.25    + 0.3 = 3.65
    # C: .30*5 + .20*4 + .15*5 + .25*42/11 + .10*5 = 1.5 + 0.8 + 0.75 + 0.95455 + 0.5 = 4.50455
    assert scores["A"].weighted_total == pytest.approx(4.14375)
    assert scores["B"].weighted_total == pytest.approx(3.65)
    assert scores["C"].weighted_total == pytest.approx(3.55 + 0.25 * 42 / 11)
    # percent of max = 100 * S / 5: A 82.875
    assert scores["A"].percent_of_max == pytest.approx(82.875)
    assert winners(northwind("ratio")) == ("C",)
    assert [(r.rank, r.vendor) for r in rank_vendors(northwind("ratio"))] == [
        (1, "C"),
        (2, "A"),
        (3, "B"),
    ]


def test_northwind_min_max_rule_changes_the_winner() -> None:
    """Under the min-max rule, does Manila (A) overtake Pune (C), as the hand sums say?"""
    scores = {s.vendor: s.weighted_total for s in score_vendors(northwind("min-max"))}
    # A: 1.2 + 1.0 + 0.45 + .25*41/13 (0.78846) + 0.4 = 3.83846
    # C: 1.5 + 0.8 + 0.75 + .25*1                + 0.5 = 3.8
    assert scores["A"] == pytest.approx(3.05 + 0.25 * 41 / 13)
    assert scores["C"] == pytest.approx(3.8)
    assert scores["B"] == pytest.approx(3.65)
    assert winners(northwind("min-max")) == ("A",)


def test_northwind_gate_failure_excludes_before_scoring() -> None:
    """Is a vendor failing the audit-right gate excluded, unscored and told which gate it failed?"""
    matrix = northwind("ratio", c_passes_gate=False)
    c = next(s for s in score_vendors(matrix) if s.vendor == "C")
    assert c.disqualified
    assert c.weighted_total is None and c.percent_of_max is None
    assert c.reasons == (f"failed gate {GATE!r}",)
    assert winners(matrix) == ("A",)
    assert [r.vendor for r in rank_vendors(matrix)] == ["A", "B"]


def test_northwind_price_weight_where_bogota_wins() -> None:
    """Does B win only once price weighs more than 104/179 of the total (Case 1, task 2)?"""
    # Ratio rule, other weights rescaled: B beats A when (1-t)(2.4-3.05)/0.75 + t(5-4.375) > 0,
    # i.e. t > (13/15) / (13/15 + 5/8) = 104/179 = 0.58101; B beats C from 253/448 = 0.5647.
    matrix = northwind("ratio")
    assert winners(with_weight(matrix, PRICE, 104 / 179 + 1e-6)) == ("B",)
    assert winners(with_weight(matrix, PRICE, 104 / 179 - 1e-6)) == ("A",)


def test_northwind_sensitivity_ratio_rule() -> None:
    """Is price's break-even weight 176/323 (A overtakes C) and security the most sensitive?"""
    by_name = {s.criterion: s for s in weight_sensitivity(northwind("ratio"))}
    # A - C = (1-t)(3.05-3.55)/0.75 + t(4.375 - 42/11) = -(2/3)(1-t) + (49/88)t = 0
    #   ->  t = (2/3) / (2/3 + 49/88) = 176/323 = 0.54489
    price = by_name[PRICE]
    assert price.current_weight == pytest.approx(0.25)
    assert price.new_weight == pytest.approx(176 / 323)
    assert price.change == pytest.approx(176 / 323 - 0.25)
    assert price.new_winners == ("A",)
    # security: R_A = 3.14375/0.8, R_C = (3.55 - 0.8 + 0.25*42/11)/0.8; A - C = 0 at t = d/(d+1)
    d = (3.55 - 0.8 + 0.25 * 42 / 11 - 3.14375) / 0.8
    assert by_name[SECURITY].new_weight == pytest.approx(d / (d + 1))
    # C is rated highest on capability, transition and fit: more weight there only helps it,
    # and less weight moves it towards the others but never below A (checked at t = 0).
    for name in (CAPABILITY, TRANSITION, FIT):
        assert by_name[name].new_weight is None and by_name[name].change is None
        assert winners(with_weight(northwind("ratio"), name, 0)) == ("C",)
    most = most_sensitive_criterion(northwind("ratio"))
    assert most is not None and most.criterion == SECURITY


def test_northwind_sensitivity_min_max_rule_is_fragile() -> None:
    """Under min-max, does lowering price from 25% to 26/110 (23.6%) hand the win back to C?"""
    # A - C = (1-t)(3.05-3.55)/0.75 + t(41/13 - 1) = -(2/3)(1-t) + (28/13)t = 0 -> t = 26/110
    most = most_sensitive_criterion(northwind("min-max"))
    assert most is not None
    assert most.criterion == PRICE
    assert most.new_weight == pytest.approx(26 / 110)
    assert most.change == pytest.approx(26 / 110 - 0.25)
    assert most.new_winners == ("C",)


def test_must_have_below_minimum_disqualifies_with_rating_and_minimum() -> None:
    """Is a vendor rated below a must-have's minimum disqualified, and the rating shown?"""
    matrix = ScoringMatrix(
        (Criterion("Security", 1, minimum=4), Criterion("Price", 1)),
        {"X": {"Security": 3, "Price": 5}, "Y": {"Security": 4, "Price": 1}},
    )
    x, y = score_vendors(matrix)
    assert x.disqualified and x.reasons == ("must-have 'Security': rated 3, below the minimum 4",)
    assert not y.disqualified  # rated exactly at the minimum: still qualifies
    assert winners(matrix) == ("Y",)


def test_gate_and_must_have_reasons_are_both_listed() -> None:
    """Does a vendor that fails a gate and a must-have see both reasons?"""
    matrix = ScoringMatrix(
        (Criterion("Security", 1, minimum=3),),
        {"X": {"Security": 2}, "Y": {"Security": 5}},
        gates={"X": {"ISO 27001": False}, "Y": {"ISO 27001": True}},
    )
    reasons = score_vendors(matrix)[0].reasons
    assert reasons == (
        "failed gate 'ISO 27001'",
        "must-have 'Security': rated 2, below the minimum 3",
    )


def test_ties_share_a_rank_1224() -> None:
    """Do equal totals share a rank, with the next rank skipped ("1224")?"""
    matrix = simple(
        {
            "P": {"a": 5, "b": 1},  # 0.5*5 + 0.5*1 = 3
            "Q": {"a": 4, "b": 4},  # 4
            "R": {"a": 1, "b": 5},  # 3
            "S": {"a": 2, "b": 2},  # 2
        },
        a=1,
        b=1,
    )
    ranked = [(r.rank, r.vendor, r.tied) for r in rank_vendors(matrix)]
    assert ranked == [(1, "Q", False), (2, "P", True), (2, "R", True), (4, "S", False)]
    assert winners(simple({"P": {"a": 5, "b": 1}, "R": {"a": 1, "b": 5}}, a=1, b=1)) == ("P", "R")


def test_scores_frame_lists_ranked_then_disqualified() -> None:
    """Does the display table put qualified vendors by rank and the disqualified last?"""
    frame = scores_frame(northwind("ratio", c_passes_gate=False))
    assert list(frame["vendor"]) == ["A", "B", "C"]
    assert list(frame["rank"].iloc[:2]) == [1, 2]
    assert frame["rank"].isna().iloc[2]
    assert frame["reasons"].iloc[2] == f"failed gate {GATE!r}"
    assert list(frame.columns) == [
        "vendor",
        "weighted_total",
        "percent_of_max",
        "rank",
        "disqualified",
        "reasons",
    ]


def test_price_rules_edge_cases() -> None:
    """Do equal prices all get s_max under min-max, and a very high price stay on the scale?"""
    assert price_to_rating({"X": 3, "Y": 3}, rule="min-max") == {"X": 5, "Y": 5}
    # ratio: 5 * 1 / 10 = 0.5 would be below the scale; floored at s_min = 1
    assert price_to_rating({"X": 1, "Y": 10}) == {"X": 5, "Y": 1}
    # on a 0-10 scale: 10 * 2/4 = 5
    assert price_to_rating({"X": 2, "Y": 4}, scale=(0, 10)) == {"X": 10, "Y": 5}


def test_sensitivity_of_a_current_tie_is_zero() -> None:
    """Is a tie at the current weights reported as broken by any change (change 0)?"""
    matrix = simple({"P": {"a": 5, "b": 1}, "R": {"a": 1, "b": 5}}, a=1, b=1)
    result = weight_sensitivity(matrix)[0]
    assert result.change == 0
    assert result.new_winners == ("P",)  # more weight on a favours P


def test_sensitivity_with_one_qualified_vendor_is_none() -> None:
    """With a single qualified vendor, is no weight change reported as changing the winner?"""
    matrix = ScoringMatrix(
        (Criterion("a", 1, minimum=3), Criterion("b", 1)),
        {"P": {"a": 2, "b": 5}, "R": {"a": 3, "b": 1}},
    )
    assert all(s.new_weight is None for s in weight_sensitivity(matrix))
    assert most_sensitive_criterion(matrix) is None


def test_with_weight_rescales_others_in_proportion() -> None:
    """Does setting price to 40% keep the other weights in their 30:20:15:10 proportions?"""
    weights = with_weight(northwind(), PRICE, 0.4).weights
    # the other 75 points share 60%: 30/75*0.6 = 0.24, 20/75*0.6 = 0.16, 0.12, 0.08
    assert weights == pytest.approx(
        {CAPABILITY: 0.24, SECURITY: 0.16, TRANSITION: 0.12, PRICE: 0.4, FIT: 0.08}
    )


# --- error paths -----------------------------------------------------------------------------


def _message(excinfo: pytest.ExceptionInfo[ModelInputError]) -> str:
    return str(excinfo.value)


def test_negative_weight_is_rejected_with_the_criterion_name() -> None:
    """Is a negative weight rejected with the criterion's name?"""
    with pytest.raises(ModelInputError, match="weight of criterion 'Price'.*negative") as err:
        Criterion("Price", -5)
    assert "0 or more" in _message(err)
    with pytest.raises(ModelInputError, match="weight of criterion 'Price'"):
        normalise_weights({"Security": 1, "Price": -1})


def test_non_number_weight_is_rejected() -> None:
    """Is a weight given as text (or True) rejected with the criterion's name?"""
    with pytest.raises(ModelInputError, match="weight of criterion 'Price'"):
        Criterion("Price", "25")  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match="weight of criterion 'Price'"):
        Criterion("Price", True)


def test_all_zero_weights_are_rejected_naming_the_criteria() -> None:
    """Are all-zero weights rejected, naming the criteria, in the matrix and in normalise?"""
    with pytest.raises(ModelInputError, match="weights: all weights are zero.*'a', 'b'"):
        simple({"P": {"a": 1, "b": 1}}, a=0, b=0)
    with pytest.raises(ModelInputError, match="weights: all weights are zero.*'a', 'b'"):
        normalise_weights({"a": 0, "b": 0})
    with pytest.raises(ModelInputError, match="weights"):
        normalise_weights({})


def test_blank_criterion_name_and_bad_minimum_are_rejected() -> None:
    """Are a blank criterion name and a non-number minimum rejected by field?"""
    with pytest.raises(ModelInputError, match="criterion name"):
        Criterion("  ", 1)
    with pytest.raises(ModelInputError, match="minimum of criterion 'a'"):
        Criterion("a", 1, minimum="3")  # type: ignore[arg-type]


def test_minimum_outside_the_scale_is_rejected() -> None:
    """Is a must-have minimum above the rating scale rejected with the criterion and range?"""
    with pytest.raises(ModelInputError, match=r"minimum of criterion 'a'.*1 to 5"):
        ScoringMatrix((Criterion("a", 1, minimum=7),), {"P": {"a": 3}})


def test_duplicate_criteria_are_rejected() -> None:
    """Is a criterion listed twice rejected with its name?"""
    with pytest.raises(ModelInputError, match="criteria: criteria appear more than once: 'a'"):
        ScoringMatrix((Criterion("a", 1), Criterion("a", 2)), {"P": {"a": 3}})


def test_criteria_must_be_criterion_objects() -> None:
    """Are no criteria, or a plain dict instead of Criterion objects, rejected?"""
    with pytest.raises(ModelInputError, match="criteria: no criteria"):
        ScoringMatrix((), {"P": {"a": 3}})
    with pytest.raises(ModelInputError, match="criteria: expected Criterion"):
        ScoringMatrix(({"a": 1},), {"P": {"a": 3}})  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match="criteria: expected Criterion"):
        ScoringMatrix({"a": 1}, {"P": {"a": 3}})  # type: ignore[arg-type]


def test_rating_out_of_scale_names_vendor_and_criterion() -> None:
    """Is a rating of 6 on a 1-5 scale rejected naming the vendor, the criterion and the scale?"""
    with pytest.raises(ModelInputError) as err:
        simple({"Vendor B": {"a": 3, "b": 6}}, a=1, b=1)
    assert "rating of 'Vendor B' on 'b'" in _message(err)
    assert "1 to 5" in _message(err)


def test_non_number_rating_names_vendor_and_criterion() -> None:
    """Is a rating typed as text rejected naming the vendor and the criterion?"""
    with pytest.raises(ModelInputError, match="rating of 'P' on 'a'"):
        simple({"P": {"a": "4"}}, a=1)


def test_all_missing_ratings_are_listed_in_one_message() -> None:
    """Are all missing ratings listed at once, each by vendor and criterion?"""
    with pytest.raises(ModelInputError) as err:
        simple({"P": {"a": 3}, "Q": {"b": 2}, "R": {}}, a=1, b=1)
    message = _message(err)
    assert message.startswith("ratings: missing ratings")
    for cell in ("'P' on 'b'", "'Q' on 'a'", "'R' on 'a'", "'R' on 'b'"):
        assert cell in message


def test_unknown_criterion_in_ratings_is_rejected() -> None:
    """Is a rating for a criterion that is not in the matrix (a typo) rejected?"""
    with pytest.raises(ModelInputError, match=r"ratings\['P'\]: unknown criterion 'Prize'"):
        simple({"P": {"Price": 3, "Prize": 3}}, Price=1)


def test_ratings_shape_is_checked() -> None:
    """Are no vendors, or a vendor row that is not a mapping, rejected by field?"""
    with pytest.raises(ModelInputError, match="ratings: no vendors"):
        simple({}, a=1)
    with pytest.raises(ModelInputError, match=r"ratings\['P'\]"):
        simple({"P": [3]}, a=1)  # type: ignore[dict-item]


def test_bad_scale_is_rejected() -> None:
    """Are a reversed scale and a scale that is not a pair rejected?"""
    with pytest.raises(ModelInputError, match="scale: lowest 5 is not below highest 1"):
        ScoringMatrix((Criterion("a", 1),), {"P": {"a": 3}}, scale=(5, 1))
    with pytest.raises(ModelInputError, match="scale"):
        ScoringMatrix((Criterion("a", 1),), {"P": {"a": 3}}, scale=(1, 3, 5))  # type: ignore[arg-type]


def test_gate_errors_name_vendor_and_gate() -> None:
    """Are an unknown vendor, a non-boolean result and a missing gate result rejected by name?"""
    criteria, ratings = (Criterion("a", 1),), {"P": {"a": 3}, "Q": {"a": 4}}
    with pytest.raises(ModelInputError, match="gates: unknown vendor 'Z'"):
        ScoringMatrix(criteria, ratings, gates={"P": {"ISO": True}, "Z": {"ISO": True}})
    with pytest.raises(ModelInputError, match="gate 'ISO' of 'P'.*True or False"):
        ScoringMatrix(criteria, ratings, gates={"P": {"ISO": "yes"}, "Q": {"ISO": True}})
    with pytest.raises(ModelInputError, match="gates: missing gate results: 'Q' on 'ISO'"):
        ScoringMatrix(criteria, ratings, gates={"P": {"ISO": True}})
    with pytest.raises(ModelInputError, match="gates"):
        ScoringMatrix(criteria, ratings, gates=[True])  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match=r"gates\['P'\]"):
        ScoringMatrix(criteria, ratings, gates={"P": True, "Q": {}})  # type: ignore[dict-item]


def test_price_to_rating_errors() -> None:
    """Are an unknown rule, a zero price and no prices rejected by field?"""
    with pytest.raises(ModelInputError, match="rule: unknown price rule 'linear'.*'ratio'"):
        price_to_rating({"X": 1}, rule="linear")
    with pytest.raises(ModelInputError, match="price of 'X'.*above 0"):
        price_to_rating({"X": 0, "Y": 2})
    with pytest.raises(ModelInputError, match="prices"):
        price_to_rating({})
    with pytest.raises(ModelInputError, match="scale"):
        price_to_rating({"X": 1}, scale=(5, 5))


def test_with_weight_errors() -> None:
    """Are an unknown criterion, a weight above 1 and a zero-weight rest rejected by field?"""
    with pytest.raises(ModelInputError, match="criterion: unknown criterion 'Prize'"):
        with_weight(northwind(), "Prize", 0.3)
    with pytest.raises(ModelInputError, match="weight of criterion 'Price'.*0 to 1"):
        with_weight(northwind(), PRICE, 1.5)
    lonely = simple({"P": {"a": 3, "b": 3}}, a=1, b=0)
    with pytest.raises(ModelInputError, match="weight of criterion 'a'.*no proportion"):
        with_weight(lonely, "a", 0.5)
    assert with_weight(lonely, "a", 1) is lonely


# --- properties ------------------------------------------------------------------------------

NAMES = ("c1", "c2", "c3", "c4")
VENDORS = ("V1", "V2", "V3", "V4")


@st.composite
def matrices(draw: st.DrawFn) -> ScoringMatrix:
    """Random matrices with whole weights 0-10 and whole ratings 1-5 (as evaluators use them)."""
    n_criteria = draw(st.integers(2, 4))
    n_vendors = draw(st.integers(2, 4))
    weights = draw(st.lists(st.integers(0, 10), min_size=n_criteria, max_size=n_criteria))
    assume(sum(weights) > 0)
    ratings = {
        v: {c: draw(st.integers(1, 5)) for c in NAMES[:n_criteria]} for v in VENDORS[:n_vendors]
    }
    return ScoringMatrix(
        tuple(Criterion(c, w) for c, w in zip(NAMES[:n_criteria], weights, strict=True)), ratings
    )


@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh", min_size=1),
        st.floats(0, 1e6, allow_nan=False),
        min_size=1,
    ).filter(lambda d: sum(d.values()) > 0)
)
def test_weights_normalise_to_one(weights: dict[str, float]) -> None:
    """Do any non-negative weights normalise to shares adding up to 1, keeping proportions?"""
    shares = normalise_weights(weights)
    assert shares.keys() == weights.keys()
    assert math.isclose(sum(shares.values()), 1.0, rel_tol=1e-9)
    # proportions kept: share_a / share_b == weight_a / weight_b, i.e. share * total == weight
    total = sum(weights.values())
    for name, weight in weights.items():
        assert math.isclose(shares[name] * total, weight, rel_tol=1e-9, abs_tol=1e-9)


@given(matrices(), st.floats(0.01, 100))
def test_ranking_unchanged_when_all_weights_scaled(matrix: ScoringMatrix, factor: float) -> None:
    """Is the ranking the same when every weight is multiplied by the same positive factor?"""
    scaled = ScoringMatrix(
        tuple(Criterion(c.name, c.weight * factor) for c in matrix.criteria), matrix.ratings
    )
    before = [(r.rank, r.vendor) for r in rank_vendors(matrix)]
    after = [(r.rank, r.vendor) for r in rank_vendors(scaled)]
    assert before == after


STEP = 1e-6  # far below the gap between two crossings of whole-number matrices (about 6e-6)


@settings(max_examples=300)
@given(matrices())
def test_sensitivity_new_weight_really_flips_the_winner(matrix: ScoringMatrix) -> None:
    """Does the reported weight change the winner, while a weight slightly closer does not?"""
    current = set(winners(matrix))
    for result in weight_sensitivity(matrix):
        if result.current_weight == 1:
            assert result.new_weight is None  # the others weigh 0: no proportion to keep
            continue
        if result.new_weight is None:
            # no weight from 0 to 1 may change the winner: check a fine grid
            for i in range(101):
                assert set(winners(with_weight(matrix, result.criterion, i / 100))) == current
            continue
        assert result.change is not None
        assert 0 <= result.new_weight <= 1
        assert result.change == pytest.approx(result.new_weight - result.current_weight)
        if abs(result.change) < 2 * STEP:
            continue  # a current tie: broken by any change
        direction = math.copysign(1, result.change)
        at = set(winners(with_weight(matrix, result.criterion, result.new_weight)))
        closer = winners(
            with_weight(matrix, result.criterion, result.new_weight - direction * STEP)
        )
        assert at != current  # at the break-even weight the challenger ties
        assert set(closer) == current
        step_beyond = result.new_weight + direction * STEP
        if 0 <= step_beyond <= 1:
            beyond = winners(with_weight(matrix, result.criterion, step_beyond))
            assert set(beyond) == set(result.new_winners) != current
        else:  # a tie at the end of the range: nothing lies beyond it
            assert at == set(result.new_winners)
        # and it is the smallest change: no grid point strictly closer flips the winner
        for i in range(1, 20):
            t = result.current_weight + result.change * i / 20
            assert set(winners(with_weight(matrix, result.criterion, t))) == current


@given(matrices())
def test_most_sensitive_is_the_smallest_change(matrix: ScoringMatrix) -> None:
    """Is the most sensitive criterion the one with the smallest absolute change?"""
    changes = [abs(s.change) for s in weight_sensitivity(matrix) if s.change is not None]
    most = most_sensitive_criterion(matrix)
    if not changes:
        assert most is None
    else:
        assert most is not None and abs(most.change or 0) == min(changes)


def test_ratio_rule_never_leaves_the_scale_by_rounding():
    """Does the cheapest price rate exactly the top of the scale, even where floats round up?"""
    ratings = price_to_rating({"A": 1.62, "B": 2.0}, scale=(1, 5), rule="ratio")
    assert ratings["A"] == 5
    assert all(1 <= r <= 5 for r in ratings.values())
