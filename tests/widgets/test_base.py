"""Tests for the shared view shape (course/widgets/base.py): errors shown, never raised."""

from __future__ import annotations

import ipywidgets as widgets

from course.models.errors import ModelInputError
from course.widgets.base import CaseView
from tests.widgets.viewing import shown_html


def view_computing(compute) -> CaseView:
    slider = widgets.IntSlider(value=1, min=0, max=3)

    def render(result, output):
        output.outputs = ()
        output.append_display_data(widgets.HTML(f"result {result}"))

    return CaseView("t", {"n": slider}, compute=compute, render=render)


def test_a_model_error_is_shown_with_its_message():
    """Does a ModelInputError show the model's own message, keeping the view alive?"""

    def compute(values):
        if values["n"] == 0:
            raise ModelInputError("n", "must not be 0", "1 to 3")
        return values["n"]

    view = view_computing(compute)
    view.controls["n"].value = 0
    assert view.result is None
    assert "must not be 0" in view.error
    assert "must not be 0" in shown_html(view)
    view.controls["n"].value = 2
    assert view.result == 2 and view.error is None


def test_an_unexpected_failure_shows_an_apology_not_a_traceback():
    """Does a bug (ZeroDivisionError) show one sentence, with no traceback, and recover?"""
    view = view_computing(lambda values: 6 // values["n"])
    view.controls["n"].value = 0
    assert view.result is None
    text = shown_html(view)
    assert "Something went wrong" in text and "ZeroDivisionError" in text
    assert "Traceback" not in text
    view.controls["n"].value = 3
    assert view.result == 2
