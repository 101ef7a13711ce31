"""Tests for the leadership self-assessment view (course/widgets/leadership_view.py)."""

from __future__ import annotations

import pytest

from course.models.errors import ModelInputError
from course.models.leadership import TRAIT_IDS, self_assessment
from course.widgets.leadership_view import leadership_self_assessment_view
from tests.widgets.viewing import has_image


def test_the_view_starts_in_the_middle_of_the_scale():
    """Does every slider start at 3, and does the result equal the model's for those ratings?"""
    view = leadership_self_assessment_view()
    assert list(view.controls) == list(TRAIT_IDS)
    assert {control.value for control in view.controls.values()} == {3}
    assert view.result == self_assessment(dict.fromkeys(TRAIT_IDS, 3))
    assert all(control.continuous_update is False for control in view.controls.values())


def test_moving_sliders_changes_the_advice_as_the_model_says():
    """After lowering two traits, are exactly those two proposed, as the model computes?"""
    view = leadership_self_assessment_view()
    view.controls["foresight"].value = 1
    view.controls["process-expertise"].value = 2
    view.controls["building-trust"].value = 5
    expected = self_assessment(view.values())
    assert view.result == expected
    # by hand: ratings 3 x 7 + 1 + 2 + 5 = 29 over ten traits
    assert view.result.mean == pytest.approx(2.9)
    assert [trait.id for trait in view.result.develop_first] == ["foresight", "process-expertise"]
    assert [trait.id for trait in view.result.strengths] == ["building-trust"]
    assert view.error is None


def test_a_radar_and_the_advice_are_drawn():
    """Does the output hold a PNG radar chart and the 'why it matters' of both picks?"""
    view = leadership_self_assessment_view({"foresight": 1, "internal-marketing": 2})
    assert has_image(view)
    text = "".join(item["data"].get("text/html", "") for item in view.output.outputs)
    for trait in view.result.develop_first:
        assert trait.name in text
        assert trait.why.split()[0] in text


def test_initial_ratings_are_checked_by_the_model():
    """Is a mistyped trait id or an out-of-range start value refused instead of clamped?"""
    with pytest.raises(ModelInputError, match="charisma"):
        leadership_self_assessment_view({"charisma": 4})
    with pytest.raises(ModelInputError, match="1 to 5"):
        leadership_self_assessment_view({"foresight": 7})
