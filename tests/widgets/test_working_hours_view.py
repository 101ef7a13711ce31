"""Tests for the cover-the-clock view (course/widgets/working_hours_view.py)."""

from __future__ import annotations

from course.models.working_hours import coverage, handoffs
from course.widgets.working_hours_view import NOT_USED, working_hours_view
from tests.widgets.viewing import has_image, shown_html


def test_the_default_roster_follows_the_sun_in_january():
    """Does the view start with a covered window, three hand-offs and the chart in words?"""
    view = working_hours_view()
    assert view.error is None
    assert view.result.cover.percent == 100
    assert len(view.result.passed) == 3
    assert view.result.sun.holds
    text = shown_html(view)
    assert "Follow-the-sun:</b> yes" in text
    assert "The chart in words" in text and "Hand-offs at: 02:00, 09:00 and 17:30" in text
    assert has_image(view)
    for control in view.controls.values():
        assert control.description


def test_july_moves_rotterdam_and_opens_a_gap_as_the_model_says():
    """In July Rotterdam is UTC+2: does its shift end before Bogota's starts, leaving a gap?"""
    view = working_hours_view()
    view.controls["week"].value = "July (week of 12 July 2027)"
    result = view.result
    assert result.cover == coverage(result.sites, result.shifts, result.window)
    assert [g.text() for g in result.cover.gaps] == [("17:30", "18:00")]
    assert len(result.passed) == len(handoffs(result.sites, result.shifts, result.window)) == 2
    assert "nobody is on from 17:30 to 18:00" in shown_html(view)


def test_a_site_dropped_or_picked_twice_is_explained_not_raised():
    view = working_hours_view()
    view.controls["site3"].value = NOT_USED
    # Without Cebu: Rotterdam 08:30-17:30 and Bogota 17:00-02:00 on Rotterdam's clock cover
    # 17.5 of 24 hours; the gap runs from 02:00 to 08:30.
    assert view.result.cover.covered_minutes == 17.5 * 60
    assert [g.text() for g in view.result.cover.gaps] == [("02:00", "08:30")]
    view.controls["site2"].value = "Rotterdam"
    assert view.result is None and "picked twice" in view.error
    assert "picked twice" in shown_html(view)
