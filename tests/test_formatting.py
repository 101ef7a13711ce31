"""Is every figure a person sees written one way (course/formatting.py)?"""

from __future__ import annotations

import math

import pandas as pd

from course.formatting import (
    MISSING,
    header,
    hours,
    money,
    number,
    percent,
    table_html,
    text,
    whole,
    yes_no,
)


def test_numbers_have_separators_and_no_useless_decimals():
    assert whole(1230000) == "1,230,000"
    assert number(61.0) == "61"
    assert number(0.04493, 3) == "0.045"
    assert number(3.25) == "3.25"
    assert number(-0.0001) == "0"  # never "-0"
    assert money(1230000.4, "EUR") == "1,230,000 EUR"


def test_shares_are_percentages():
    assert percent(0.0449) == "4.5%"
    assert percent(0.1) == "10%"
    assert percent(1) == "100%"


def test_flags_and_missing_values_are_words():
    assert yes_no(True) == "yes" and yes_no(False) == "no"
    for missing in (None, math.nan, (), [], pd.NA):
        assert text(missing) == MISSING
    assert text(("Baltic Service Partners",)) == "Baltic Service Partners"
    assert text(("A", "B")) == "A, B"
    assert hours(0.5) == "0.5 h"


def test_headers_are_words():
    assert header("max_response_hours") == "Max response hours"
    assert header("risk_id") == "Risk id"


def test_a_table_has_human_headers_right_aligned_numbers_and_no_raw_values():
    frame = pd.DataFrame(
        {
            "new_winners": [("Baltic Service Partners",), ()],
            "change": [0.0449123, math.nan],
            "met": [True, False],
            "credit": [1230000.0, 0.0],
        }
    )
    shown = table_html(frame, caption="Weights", formats={"credit": lambda v: money(v, "EUR")})
    for raw in ("True", "False", "NaN", "nan", "()", "(Baltic", "new_winners", "1230000"):
        assert raw not in shown, raw
    assert "<caption>Weights</caption>" in shown
    assert "New winners" in shown and "Baltic Service Partners" in shown
    assert '<td class="course-number">1,230,000 EUR</td>' in shown
    assert "<td>yes</td>" in shown and MISSING in shown
    assert 'tabindex="0"' in shown  # a table wider than a phone scrolls, by keyboard too


def test_a_table_escapes_what_it_shows():
    shown = table_html(pd.DataFrame({"name": ["<b>x</b>"]}))
    assert "<b>x</b>" not in shown and "&lt;b&gt;" in shown


def test_a_notebook_table_keeps_a_meaningful_index_and_says_what_it_cut():
    from course.formatting import MAX_ROWS_SHOWN, frame_html

    named = pd.Series({"Baltic": 0.25, "Harborline": 0.5}, name="weight")
    shown = frame_html(named)
    assert "Baltic" in shown and "Weight" in shown and "0.25" in shown
    long = pd.DataFrame({"n": range(MAX_ROWS_SHOWN + 5)})
    assert "5 more rows" in frame_html(long)


def test_a_figure_below_one_keeps_the_digits_that_matter():
    assert text(0.995) == "0.995"
    assert text(0.0449123) == "0.0449"
    assert text(61.000000) == "61"
