"""Part 2 of "Onshore or offshore?": savings against the in-house baseline, and their share."""

from __future__ import annotations

from autograder.checks.detect import money_close
from autograder.checks.exercises.onshore_or_offshore import TOTAL_COST, checks
from autograder.checks.exercises.onshore_or_offshore import figures as fig
from autograder.checks.exercises.onshore_or_offshore import matching as match
from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_numbers_by_key
from course.cases.kinds.sourcing_cost import SourcingCostView


@checks.check("savings-shape", TOTAL_COST)
def check_savings_shape(case: SourcingCostView, answer: Plain) -> None:
    """``answer`` is [savings, savings_share] as the notebook's visible test sends them."""
    if type(answer) is not list or len(answer) != 2:
        raise CheckFailed("the shape check expects [savings, savings_share]")
    expect_numbers_by_key(answer[0], case.option_names, "savings")
    expect_numbers_by_key(answer[1], case.option_names, "savings_share")


def _negated(figures: match.Figures) -> match.Figures:
    return {name: -value for name, value in figures.items()}


@checks.check("savings", TOTAL_COST)
def check_savings(case: SourcingCostView, answer: Plain) -> None:
    """Savings against the in-house baseline, in money: baseline total minus option total."""
    expect_numbers_by_key(answer, case.option_names, "savings")
    keys = case.option_names
    expected = fig.reference_savings(case.learner_id)
    if match.all_match(answer, expected, keys, money_close):
        return
    if match.all_match(answer, _negated(expected), keys, money_close):
        raise CheckFailed(
            "Your savings have the wrong sign. A saving is the in-house baseline's total minus "
            "the option's total: positive when the option costs less (revisit: savings against "
            "the baseline)."
        )

    def savings(totals: match.Figures) -> match.Figures:
        return {name: totals[case.baseline_name] - totals[name] for name in keys}

    omit = fig.left_out(answer, case.learner_id, keys, savings)
    if omit:
        raise CheckFailed(fig.omission_message(omit, "savings follow from totals that"))
    horizon = fig.wrong_horizon(answer, case.learner_id, keys, savings)
    if horizon:
        raise CheckFailed("Your savings follow from totals with a wrong horizon. " + horizon)
    if match.all_match(answer, savings(fig.ramp_totals(case.learner_id)), keys, money_close):
        raise CheckFailed(fig.RAMP_MESSAGE.format(what="savings"))
    match.reject_other_variant(answer, case.learner_id, keys, fig.reference_savings, "savings")
    option = match.first_wrong(answer, expected, money_close)
    raise CheckFailed(
        f"The saving of {option!r} is not right: take the baseline's total over the horizon "
        "minus the option's total (revisit: savings against the baseline)."
    )


@checks.check("savings-share", TOTAL_COST)
def check_savings_share(case: SourcingCostView, answer: Plain) -> None:
    """Savings as a share of the baseline's total (a fraction, 0.25 for 25%)."""
    expect_numbers_by_key(answer, case.option_names, "savings_share")
    keys = case.option_names
    expected = fig.reference_shares(case.learner_id)
    if match.all_match(answer, expected, keys, match.share_close):
        return
    totals = fig.reference_totals(case.learner_id)
    savings = fig.reference_savings(case.learner_id)
    of_option = {name: savings[name] / totals[name] for name in keys}
    if match.all_match(answer, of_option, keys, match.share_close):
        raise CheckFailed(
            "Your shares are divided by the option's own total. The savings share compares the "
            "saving with what the in-house baseline would cost: divide by the baseline's total "
            "(revisit: savings share)."
        )
    percent = {name: 100 * value for name, value in expected.items()}
    if match.all_match(answer, percent, keys, lambda a, e: match.share_close(a / 100, e / 100)):
        raise CheckFailed("Give each share as a fraction of 1 (0.25 for 25%), not as a percentage.")
    if match.all_match(answer, _negated(expected), keys, match.share_close):
        raise CheckFailed(
            "Your shares have the wrong sign: a share is positive when the option costs less "
            "than the in-house baseline (revisit: savings against the baseline)."
        )

    def shares(totals: match.Figures) -> match.Figures:
        base = totals[case.baseline_name]
        return {name: (base - totals[name]) / base for name in keys}

    omit = fig.left_out(answer, case.learner_id, keys, shares, match.share_close)
    if omit:
        raise CheckFailed(fig.omission_message(omit, "shares follow from totals that"))
    match.reject_other_variant(
        answer,
        case.learner_id,
        keys,
        fig.reference_shares,
        "shares",
        lambda a, e: match.share_close(a, e) or abs(a - e) <= 5e-4,
    )
    option = match.first_wrong(answer, expected, match.share_close)
    raise CheckFailed(
        f"The savings share of {option!r} is not right: divide its saving by the in-house "
        "baseline's total over the horizon (revisit: savings share)."
    )
