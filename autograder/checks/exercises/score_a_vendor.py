"""Checks for the exercise "Score a vendor" (case: northwind-service-desk).

Every check rebuilds the learner's own case variant from the learner id and computes the
reference with ``course.models.vendor``. When an answer is wrong, the check first looks for the
known misconceptions (weights not normalised, weights ignored, a knock-out ignored, the ranking
upside down, another learner's numbers) and names the idea to revisit; it never prints the
expected values.
"""

from __future__ import annotations

from autograder.checks.compare import close
from autograder.checks.detect import (
    Misconception,
    all_close,
    different_variant,
    judge,
    judge_by_key,
)
from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_name, expect_names, expect_number, expect_numbers_by_key
from autograder.checks.views import BASE
from course.cases.kinds.vendor_selection import VendorSelectionView
from course.models.vendor import most_sensitive_criterion, rank_vendors, score_vendors

CASE_ID = "northwind-service-desk"
TOTAL_TOLERANCE = 0.005
WEIGHT_TOLERANCE = 0.005

checks = ExerciseChecks(CASE_ID, "modules/04-vendor-governance/lesson.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case


# --- the reference, from the models --------------------------------------------------------


def reference_totals(case: VendorSelectionView) -> dict[str, float]:
    return {s.vendor: s.weighted_total for s in score_vendors(case.matrix(with_knockouts=False))}


def reference_disqualified(case: VendorSelectionView) -> list[str]:
    return [s.vendor for s in score_vendors(case.matrix()) if s.disqualified]


def reference_ranking(case: VendorSelectionView) -> list[str]:
    return [r.vendor for r in rank_vendors(case.matrix())]


# --- misconceptions: what a typical wrong answer computes ----------------------------------


def unnormalised_totals(case: VendorSelectionView) -> dict[str, float]:
    """Weights used as raw points (never divided by their sum)."""
    return {
        v: sum(case.weights[c] * row[c] for c in case.criteria) for v, row in case.ratings.items()
    }


def unweighted_totals(case: VendorSelectionView) -> dict[str, float]:
    """Weights ignored: a plain average of the ratings."""
    return {v: sum(row.values()) / len(row) for v, row in case.ratings.items()}


def percent_totals(case: VendorSelectionView) -> dict[str, float]:
    """Totals given as a percentage of the best possible score instead of on the rating scale."""
    return {v: 100 * t / case.scale[1] for v, t in reference_totals(case).items()}


def _base_totals(answer: dict[str, float], case: VendorSelectionView) -> bool:
    """Totals that fit the base variant (a classmate's numbers), not the learner's own."""
    if case.learner_id == BASE:
        return False
    base = exercise_case(BASE)
    return set(answer) == set(base.ratings) and all_close(answer, reference_totals(base), 0.005)


TOTALS_MISCONCEPTIONS = (
    Misconception(
        "unnormalised-weights",
        lambda answer, case: all_close(answer, unnormalised_totals(case), TOTAL_TOLERANCE),
        "Your totals use the importance points as they are. Divide each weight by the sum of "
        "all weights first, so the weights add up to 1 and a total stays on the rating scale "
        "(revisit: normalising weights in a scoring matrix).",
    ),
    Misconception(
        "weights-ignored",
        lambda answer, case: all_close(answer, unweighted_totals(case), TOTAL_TOLERANCE),
        "Your totals are plain averages of the ratings: every criterion counted the same. "
        "Multiply each rating by its criterion's normalised weight, then add them up "
        "(revisit: the weighted sum).",
    ),
    Misconception(
        "percentages",
        lambda answer, case: all_close(answer, percent_totals(case), 0.05),
        "Your totals look like percentages of the best possible score. Give the weighted total "
        "on the rating scale ({case.scale[0]:g} to {case.scale[1]:g}) instead.",
    ),
    Misconception("base-variant", _base_totals, str(different_variant("These totals"))),
)


# --- the checks ----------------------------------------------------------------------------


MATRIX = "Building a weighted scoring matrix"


@checks.check("weighted-totals-shape", MATRIX)
def check_totals_shape(case: VendorSelectionView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.vendors, "weighted_totals")


@checks.check("weighted-totals", MATRIX)
def check_totals(case: VendorSelectionView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.vendors, "weighted_totals")
    judge_by_key(
        answer,
        reference_totals(case),
        case,
        TOTALS_MISCONCEPTIONS,
        lambda vendor: (
            f"The weighted total of {vendor!r} is not right. Check that every "
            "criterion is counted once, with its normalised weight times that vendor's rating "
            "(revisit: the weighted sum)."
        ),
        lambda total, expected: close(total, expected, absolute=TOTAL_TOLERANCE),
    )


KNOCK_OUTS = "Scoring, with the knock-outs first"


@checks.check("disqualified", KNOCK_OUTS)
def check_disqualified(case: VendorSelectionView, answer: Plain) -> None:
    expect_names(answer, case.vendors, "disqualified")
    expected = set(reference_disqualified(case))
    missed = sorted(expected - set(answer))
    wrongly = sorted(set(answer) - expected)
    if missed:
        raise CheckFailed(
            f"{missed[0]!r} should be knocked out: look again at its pass/fail requirements and at "
            "every must-have minimum. A vendor that fails one is out, however high its total "
            "(revisit: knock-out criteria)."
        )
    if wrongly:
        raise CheckFailed(
            f"{wrongly[0]!r} passes every requirement and meets every must-have minimum, so it "
            "stays in the evaluation (revisit: knock-out criteria are pass/fail, not low scores)."
        )


def _knocked_out(answer: list[str], case: VendorSelectionView) -> list[str]:
    return sorted(set(answer) & set(reference_disqualified(case)))


RANKING_MISCONCEPTIONS = (
    Misconception(
        "ranked-knocked-out",
        lambda answer, case: bool(_knocked_out(answer, case)),
        lambda answer, case: (
            f"The ranking includes {_knocked_out(answer, case)[0]!r}, which is "
            "knocked out. Rank only the vendors that pass every knock-out criterion."
        ),
    ),
    Misconception(
        "upside-down",
        lambda answer, case: list(answer) == reference_ranking(case)[::-1],
        "The ranking is upside down: put the highest weighted total first.",
    ),
    Misconception(
        "not-every-vendor",
        lambda answer, case: sorted(answer) != sorted(reference_ranking(case)),
        "The ranking should list every vendor that passes the knock-out criteria, once each.",
    ),
)


@checks.check("ranking", KNOCK_OUTS)
def check_ranking(case: VendorSelectionView, answer: Plain) -> None:
    expect_names(answer, case.vendors, "ranking")
    judge(
        list(answer) == reference_ranking(case),
        answer,
        case,
        RANKING_MISCONCEPTIONS,
        "The order is not right: sort the qualified vendors by their weighted totals, "
        "highest first.",
    )


RECOMMENDED_KNOCKED_OUT = Misconception(
    "recommended-knocked-out",
    lambda answer, case: answer in reference_disqualified(case),
    "{answer!r} is knocked out, so it cannot be recommended whatever its total "
    "(revisit: knock-out criteria come before scores).",
)


@checks.check("recommendation", KNOCK_OUTS)
def check_recommendation(case: VendorSelectionView, answer: Plain) -> None:
    expect_name(answer, case.vendors, "recommended")
    judge(
        answer == reference_ranking(case)[0],
        answer,
        case,
        (RECOMMENDED_KNOCKED_OUT,),
        "Recommend the qualified vendor with the highest weighted total; the narrative reasons "
        "belong in your memo below.",
    )


HEAVIEST_IS_MOST_SENSITIVE = Misconception(
    "heaviest-is-most-sensitive",
    lambda answer, case: answer == max(case.weights, key=case.weights.get),
    "The heaviest criterion is not always the most sensitive one. For each criterion, find "
    "the weight at which the winner changes, and pick the criterion whose weight needs the "
    "smallest change (revisit: sensitivity analysis).",
)


SENSITIVITY = "The sensitivity check before you recommend"


@checks.check("sensitive-criterion", SENSITIVITY)
def check_sensitive_criterion(case: VendorSelectionView, answer: Plain) -> None:
    expect_name(answer, case.criteria, "most_sensitive_criterion")
    expected = most_sensitive_criterion(case.matrix())
    judge(
        expected is not None and answer == expected.criterion,
        answer,
        case,
        (HEAVIEST_IS_MOST_SENSITIVE,),
        "Another criterion changes the winner with a smaller change of its weight. Try each "
        "criterion in turn, rescaling the others so the weights still add up to 1.",
    )


def _a_current_weight(answer: float, case: VendorSelectionView) -> bool:
    total_points = sum(case.weights.values())
    return any(
        close(answer, points / total_points, absolute=0.0005) for points in case.weights.values()
    )


@checks.check("break-even-weight", SENSITIVITY)
def check_break_even_weight(case: VendorSelectionView, answer: Plain) -> None:
    expect_number(answer, "break_even_weight", 0, 1)
    expected = most_sensitive_criterion(case.matrix())
    if expected is None or expected.new_weight is None:
        raise CheckFailed("No weight change alters the winner in your case; report 1.0.")
    if close(answer, expected.new_weight, absolute=WEIGHT_TOLERANCE):
        return
    if _a_current_weight(answer, case):
        raise CheckFailed(
            "That is a criterion's current weight. Report the weight at which the winner "
            "changes, as a share of 1 (revisit: sensitivity analysis)."
        )
    if answer > 1 or close(answer, expected.new_weight * 100, absolute=0.5):
        raise CheckFailed("Give the weight as a share between 0 and 1, not as a percentage.")
    raise CheckFailed(
        "At that weight the winner does not change yet (or changed earlier). Move the weight in "
        "small steps, rescaling the others in proportion, and note where the winner changes."
    )


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections


def describe(case: VendorSelectionView) -> list[object]:
    """What the notebook shows under the setup cell: the criteria, ratings and gates."""
    import pandas as pd
    from IPython.display import Markdown

    criteria = pd.DataFrame(
        {
            "importance points": case.weights,
            "must-have minimum": {c: case.minimums.get(c, "") for c in case.criteria},
        }
    )
    ratings = pd.DataFrame(case.ratings).T[case.criteria]
    parts: list[object] = [
        Markdown(f"**{case.company}**: criteria (`case.weights`, `case.minimums`)"),
        criteria,
        Markdown(f"Ratings on a {case.scale[0]:g}–{case.scale[1]:g} scale (`case.ratings`)"),
        ratings,
    ]
    if case.gates:
        parts += [Markdown("Pass/fail requirements (`case.gates`)"), pd.DataFrame(case.gates).T]
    return parts
