"""Item analysis of the graded checks: facility, discrimination and which checks need a look.

Why: a check that everybody passes teaches the instructor nothing, and one that strong learners
fail more often than weak ones is probably checking the wrong thing. Both figures are computed
as Moodle's quiz statistics compute them; the formulas, their source and how to read them are in
``docs/item-analysis.md``:

- facility F = mean item score / the item's maximum (the share of its points the cohort earned);
- discrimination D = Pearson's r between the item score x and the rest-of-test score X - x
  (the learner's autograded total in that assignment minus this item), across learners with a
  graded attempt.

A check is flagged when D < 0.2 (weak), D < 0 (the wrong learners pass it) or F > 0.95 (nearly
everyone passes). With fewer than ``SMALL_COHORT`` graded attempts the figures swing with one
learner's answers; the report says so.
"""

from __future__ import annotations

import math

import pandas as pd

SMALL_COHORT = 20
"""Graded attempts below which the report warns that item figures are unreliable."""
WEAK_DISCRIMINATION = 0.2
EASY_FACILITY = 0.95
ITEM_COLUMNS = [
    "assignment",
    "check",
    "name",
    "max_score",
    "attempts",
    "facility",
    "discrimination",
    "flag",
]


def pearson(x: pd.Series, y: pd.Series) -> float:
    """Pearson's correlation of two equally long series; NaN when either does not vary
    (a correlation with a constant is undefined, not zero)."""
    if len(x) < 2:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    spread = math.sqrt(float((dx**2).sum()) * float((dy**2).sum()))
    if spread == 0:
        return math.nan
    return float((dx * dy).sum()) / spread


def flag(facility: float, discrimination: float) -> str:
    """Why a check needs a look, in words ("" when it does not); see the module docstring."""
    reasons = []
    if not math.isnan(discrimination):
        if discrimination < 0:
            reasons.append("negative discrimination: weaker learners pass it more often")
        elif discrimination < WEAK_DISCRIMINATION:
            reasons.append("weak discrimination: passing it says little about the rest")
    if facility > EASY_FACILITY:
        reasons.append("nearly everyone earns its points")
    return "; ".join(reasons)


def item_statistics(checks: pd.DataFrame) -> pd.DataFrame:
    """One row per check of one or more assignments (see ``ITEM_COLUMNS``).

    ``checks`` holds one row per learner and autograded check (columns ``learner``,
    ``assignment``, ``check``, ``name``, ``score``, ``max_score``), for graded attempts only.
    """
    rows = []
    for assignment, mine in checks.groupby("assignment", sort=False):
        scores = mine.pivot_table(index="learner", columns="check", values="score", aggfunc="sum")
        totals = scores.sum(axis=1)
        for check, first in mine.drop_duplicates("check").set_index("check").iterrows():
            item = scores[check]
            facility = float(item.mean() / first["max_score"]) if first["max_score"] else math.nan
            discrimination = pearson(item, totals - item)
            rows.append(
                {
                    "assignment": assignment,
                    "check": check,
                    "name": first["name"],
                    "max_score": float(first["max_score"]),
                    "attempts": int(item.count()),
                    "facility": facility,
                    "discrimination": discrimination,
                    "flag": flag(facility, discrimination),
                }
            )
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)
