"""Part 1 of "Onshore or offshore?": the total cost of each option over the horizon."""

from __future__ import annotations

from autograder.checks.detect import money_close
from autograder.checks.exercises.onshore_or_offshore import TOTAL_COST, checks
from autograder.checks.exercises.onshore_or_offshore import figures as fig
from autograder.checks.exercises.onshore_or_offshore import matching as match
from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_numbers_by_key
from course.cases.kinds.sourcing_cost import SourcingCostView


@checks.check("total-costs-shape", TOTAL_COST)
def check_totals_shape(case: SourcingCostView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.names, "total_costs")


@checks.check("total-costs-baseline", TOTAL_COST)
def check_baseline_total(case: SourcingCostView, answer: Plain) -> None:
    """The in-house baseline's total: staff and the knowledge lost when its people leave."""
    check_totals_shape(case.learner_id, answer)
    key = [case.baseline_name]
    if match.all_match(answer, fig.reference_totals(case.learner_id), key, money_close):
        return
    if fig.left_out(answer, case.learner_id, key) == frozenset(fig.HIDDEN):
        raise CheckFailed(
            f"Your total for {case.baseline_name!r} counts its staff lines only. The in-house team "
            "has a hidden cost too: every year some of its people leave, and each leaver costs "
            "the knowledge-loss amount the case gives (revisit: attrition and knowledge loss)."
        )
    horizon = fig.wrong_horizon(answer, case.learner_id, key)
    if horizon:
        raise CheckFailed(horizon)
    match.reject_other_variant(answer, case.learner_id, key, fig.reference_totals, "totals")
    raise CheckFailed(
        f"The total of {case.baseline_name!r} is not right. Add up its monthly cost (staff, "
        "plus attrition and knowledge loss) over every month of the horizon (revisit: the real "
        "total cost)."
    )


@checks.check("total-costs", TOTAL_COST)
def check_totals(case: SourcingCostView, answer: Plain) -> None:
    """The outsourcing options' totals, hidden costs included."""
    check_totals_shape(case.learner_id, answer)
    keys = case.option_names
    expected = fig.reference_totals(case.learner_id)
    if match.all_match(answer, expected, keys, money_close):
        return
    omit = fig.left_out(answer, case.learner_id, keys)
    if omit:
        raise CheckFailed(fig.omission_message(omit, "totals"))
    horizon = fig.wrong_horizon(answer, case.learner_id, keys)
    if horizon:
        raise CheckFailed(horizon)
    if match.all_match(answer, fig.ramp_totals(case.learner_id), keys, money_close):
        raise CheckFailed(fig.RAMP_MESSAGE.format(what="totals"))
    match.reject_other_variant(answer, case.learner_id, keys, fig.reference_totals, "totals")
    option = match.first_wrong(answer, {k: expected[k] for k in keys}, money_close)
    raise CheckFailed(
        f"The total of {option!r} is not right. Add up its monthly costs over the whole horizon: "
        "staff, transition, ramp-up, governance, attrition and knowledge loss, and travel "
        "(revisit: the real total cost)."
    )
