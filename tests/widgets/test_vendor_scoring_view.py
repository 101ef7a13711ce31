"""Tests for the vendor scoring view (course/widgets/vendor_scoring_view.py)."""

from __future__ import annotations

from course.cases import load_case
from course.models.vendor import score_vendors
from course.widgets.vendor_scoring_view import (
    minimum_control,
    vendor_scoring_view,
    weight_control,
    winner_names,
)
from tests.widgets.viewing import has_image, shown_html

NORTHWIND = load_case("northwind-service-desk")


def test_the_view_starts_with_the_cases_scores():
    """Does the first result equal the model's scores for the case as published?"""
    view = vendor_scoring_view(NORTHWIND)
    assert view.result == score_vendors(NORTHWIND.scoring_matrix())
    assert has_image(view)
    assert "Knocked out" in shown_html(view)


def test_relaxing_a_must_have_brings_a_bid_back():
    """With the security minimum removed, is one more vendor scored, as the model says?"""
    view = vendor_scoring_view(NORTHWIND)
    before = sum(not s.disqualified for s in view.result)
    must_haves = [c.name for c in NORTHWIND.criteria if c.minimum is not None]
    view.controls[minimum_control(must_haves[0])].value = 0
    after = sum(not s.disqualified for s in view.result)
    assert after == before + 1


def test_moving_a_weight_far_enough_changes_the_winner():
    """Giving all the weight to one criterion: is its best-rated qualified vendor the winner?"""
    view = vendor_scoring_view(NORTHWIND)
    matrix = NORTHWIND.scoring_matrix()
    qualified = [s.vendor for s in score_vendors(matrix) if not s.disqualified]
    criterion = "Transition approach"
    for c in NORTHWIND.criteria:
        view.controls[weight_control(c.name)].value = 1 if c.name == criterion else 0
    best = max(qualified, key=lambda v: matrix.ratings[v][criterion])
    assert best in winner_names(view.result)


def test_the_price_rule_changes_the_totals():
    """Does switching ratio to min-max change the totals (the price ratings change)?"""
    view = vendor_scoring_view(NORTHWIND)
    before = {s.vendor: s.weighted_total for s in view.result}
    other = "min-max" if NORTHWIND.price_rule == "ratio" else "ratio"
    view.controls["price_rule"].value = other
    after = {s.vendor: s.weighted_total for s in view.result}
    assert before != after
