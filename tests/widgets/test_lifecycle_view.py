"""Tests for the deal life-cycle view (course/widgets/lifecycle_view.py)."""

from __future__ import annotations

import pytest

from course.cases import load_case
from course.models.governance import health_check
from course.models.sourcing_cost import compare_to_baseline
from course.models.vendor import score_vendors, winners
from course.widgets.lifecycle_view import deal_lifecycle_view
from tests.widgets.viewing import has_image, shown_html


@pytest.fixture(scope="module")
def case():
    return load_case("ferncastle-lifecycle")


@pytest.fixture
def view(case):
    return deal_lifecycle_view(case)


def test_every_step_has_a_named_control_and_the_view_opens_on_a_chart(view):
    """Does each decision have its own described control, and does the first draw a chart?"""
    assert list(view.controls) == ["option", "knockouts", "month", "repaired"]
    assert all(control.description for control in view.controls.values())
    assert view.error is None
    assert has_image(view)
    assert "The deal, step by step" in shown_html(view)


def test_choosing_an_option_shows_the_models_break_even(view, case):
    """After choosing the nearshore option, is the model's break-even month shown?"""
    view.controls["option"].value = "Nearshore provider"
    option = case.decide.option("Nearshore provider")
    expected = compare_to_baseline(option, case.decide.baseline(), case.decide.years)
    assert expected.break_even_month is not None
    assert view.result.comparison == expected
    assert f"breaks even in month {expected.break_even_month}" in shown_html(view)


def test_in_house_has_no_chart_and_says_why(view):
    """Is keeping the desk in house shown as a sentence instead of an empty savings chart?"""
    view.controls["option"].value = "In-house desk"
    assert not has_image(view)
    assert "the in-house desk is the baseline" in shown_html(view)


def test_switching_the_knock_outs_off_changes_the_winner(view, case):
    """Without the minimums and gates, does the model's unscreened winner take the tender?"""
    screened = winners(case.select.scoring_matrix())[0]
    assert view.result.winner == screened
    view.controls["knockouts"].value = False
    assert view.result.winner != screened
    assert not any(score.disqualified for score in view.result.scores)
    assert "Nobody is knocked out" in shown_html(view)
    knocked = [s.vendor for s in score_vendors(case.select.scoring_matrix()) if s.disqualified]
    view.controls["knockouts"].value = True
    assert all(vendor in shown_html(view) for vendor in knocked)


def test_the_report_month_shows_its_credits(view, case):
    """Does choosing a month show that month's capped credit as the sla model computes it?"""
    view.controls["month"].value = 1
    assert view.result.credits == case.contract.credits(1)
    assert "Every service level met: no credit" in shown_html(view)
    view.controls["month"].value = case.contract.month_count
    report = case.contract.credits(case.contract.month_count)
    assert report.capped and view.result.credits == report
    assert "(the cap binds)" in shown_html(view)


def test_repairing_the_weakest_step_moves_the_health_check(view, case):
    """Once the first priority is repaired, does the next one lead, as health_check says?"""
    scores = dict(case.relationship.health_scores)
    first = health_check(scores).priorities[0]
    view.controls["repaired"].value = first
    expected = health_check({**scores, first: 4})
    assert view.result.health == expected
    assert view.result.health.priorities[0] != first
