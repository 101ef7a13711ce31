"""Are facility and discrimination computed as Moodle's quiz statistics compute them?

See docs/item-analysis.md: facility is the mean item score over its maximum; discrimination is
Pearson's r between the item score and the rest-of-test score (the total minus the item).
"""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest

from autograder.item_analysis import flag, item_statistics, pearson

SCORES = {  # learner -> (a: max 1, b: max 2, c: max 1, d: max 1)
    "l1": (1, 2, 1, 0),
    "l2": (1, 2, 1, 0),
    "l3": (1, 0, 1, 1),
    "l4": (0, 2, 1, 0),
    "l5": (0, 0, 1, 1),
}
MAXIMA = {"a": 1, "b": 2, "c": 1, "d": 1}


def frame() -> pd.DataFrame:
    rows = [
        {
            "learner": learner,
            "assignment": "x",
            "check": check,
            "name": f"check {check}",
            "score": float(score),
            "max_score": float(MAXIMA[check]),
        }
        for learner, scores in SCORES.items()
        for check, score in zip(MAXIMA, scores, strict=True)
    ]
    return pd.DataFrame(rows)


def test_facility_is_the_mean_score_over_the_maximum():
    """Is check b's facility (2+2+0+2+0)/5 over 2 points, that is 0.6?"""
    items = item_statistics(frame()).set_index("check")
    assert items.loc["b", "facility"] == pytest.approx(0.6)
    assert items.loc["a", "facility"] == pytest.approx(0.6)
    assert items.loc["c", "facility"] == 1.0
    assert (items["attempts"] == 5).all()


def test_discrimination_correlates_with_the_rest_of_the_test():
    """Is each check's discrimination Pearson's r with the total minus that check?"""
    items = item_statistics(frame()).set_index("check")
    totals = {learner: sum(scores) for learner, scores in SCORES.items()}
    for index, check in enumerate(MAXIMA):
        if check == "c":
            continue
        item = [scores[index] for scores in SCORES.values()]
        rest = [totals[learner] - scores[index] for learner, scores in SCORES.items()]
        expected = statistics.correlation(item, rest)
        assert items.loc[check, "discrimination"] == pytest.approx(expected), check
    # by hand for a: item (1,1,1,0,0), rest (3,3,2,3,2): r = 0.2 / sqrt(1.2 * 1.2)
    assert items.loc["a", "discrimination"] == pytest.approx(0.2 / 1.2)
    assert "weak discrimination" in items.loc["a", "flag"]
    assert items.loc["d", "discrimination"] < 0


def test_a_check_everyone_passes_has_no_discrimination_and_is_flagged():
    """Is a constant item's correlation undefined (not 0) and its facility flagged?"""
    items = item_statistics(frame()).set_index("check")
    assert math.isnan(items.loc["c", "discrimination"])
    assert items.loc["c", "flag"] == "nearly everyone earns its points"
    assert math.isnan(pearson(pd.Series([1.0]), pd.Series([2.0])))


@pytest.mark.parametrize(
    ("facility", "discrimination", "words"),
    [
        (0.6, 0.45, ""),
        (0.6, 0.19, "weak discrimination"),
        (0.6, -0.3, "negative discrimination"),
        (0.96, 0.5, "nearly everyone"),
        (0.95, 0.2, ""),
        (0.99, math.nan, "nearly everyone"),
    ],
)
def test_flags_follow_the_rules(facility, discrimination, words):
    """Is a check flagged exactly when D < 0.2, D < 0 or F > 0.95?"""
    found = flag(facility, discrimination)
    assert (words in found) if words else found == ""


def test_checks_of_two_assignments_are_analysed_apart():
    """Is the rest-of-test score taken within the check's own assignment only?"""
    one = frame()
    other = frame().assign(assignment="y")
    other.loc[other["check"] == "a", "score"] = 1.0
    items = item_statistics(pd.concat([one, other], ignore_index=True))
    mine = items[items["assignment"] == "x"].set_index("check")
    alone = item_statistics(one).set_index("check")
    pd.testing.assert_series_equal(mine["discrimination"], alone["discrimination"])
    assert items[(items["assignment"] == "y") & (items["check"] == "a")]["facility"].iloc[0] == 1.0
