"""Tests for the risk heat map view (course/widgets/risk_view.py)."""

from __future__ import annotations

from course.cases import load_case
from course.models.risk import heat_map
from course.widgets.risk_view import risk_heat_map_view
from tests.widgets.viewing import has_image, shown_html

MEDLINE = load_case("medline-hospital-provider")


def test_the_view_starts_with_the_cases_register():
    """Is the first result the register as published, drawn as a heat map with a table?"""
    view = risk_heat_map_view(MEDLINE)
    assert view.result == MEDLINE.register()
    assert has_image(view)
    assert MEDLINE.register().risks[0].risk_id in shown_html(view)


def test_choosing_a_risk_loads_its_assessment():
    """Picking another risk: do the sliders show its likelihood and impact?"""
    view = risk_heat_map_view(MEDLINE)
    third = MEDLINE.register().risks[2]
    view.controls["risk"].value = third.risk_id
    assert (view.controls["likelihood"].value, view.controls["impact"].value) == (
        third.likelihood,
        third.impact,
    )
    assert view.result == MEDLINE.register()


def test_reassessing_a_risk_moves_it_on_the_map():
    """By hand: a risk moved to likelihood 1, impact 2 scores 2 and leaves its old cell."""
    view = risk_heat_map_view(MEDLINE)
    first = MEDLINE.register().risks[0]
    old_cell = (first.likelihood, first.impact)
    before = heat_map(view.result).loc[old_cell]
    view.controls["likelihood"].value = 1
    view.controls["impact"].value = 2
    moved = next(r for r in view.result.risks if r.risk_id == first.risk_id)
    assert moved.score == 2
    after = heat_map(view.result)
    assert after.loc[old_cell] == before - 1
    assert after.loc[(1, 2)] >= 1
