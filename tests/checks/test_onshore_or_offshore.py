"""Tests for autograder/checks/exercises/onshore_or_offshore.py, run in-process (no kernel).

The reference answers here are computed in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point.
"""

from __future__ import annotations

import re

import pytest

from autograder.checks.exercises import onshore_or_offshore as ex
from autograder.checks.failure import CheckFailed

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]


# --- a learner's computation, with switches for the misconceptions -------------------------


def monthly(option, years, omit=(), ramp_in_full=False):
    staff = sum(line["fte"] * line["annual_rate"] for line in option["staff"]) / 12
    fte = sum(line["fte"] for line in option["staff"])
    running = staff
    if "governance" not in omit:
        running += staff * option["governance_share"]
    if "attrition" not in omit:
        running += fte * option["annual_attrition"] * option["knowledge_loss_cost_per_leaver"] / 12
    if "travel" not in omit:
        running += option["annual_travel"] / 12
    costs = [running] * (12 * years)
    months = option["transition_months"]
    if months == 0 and "transition" not in omit:
        costs[0] += option["transition_cost"]
    for m in range(months):
        if "transition" not in omit:
            costs[m] += option["transition_cost"] / months
        if "ramp-up" not in omit:
            fading = 1 if ramp_in_full else (months - m) / months
            costs[m] += staff * option["ramp_up_productivity_loss"] * fading
    return costs


def all_monthly(case, **kwargs):
    return {name: monthly(case.option(name), case.years, **kwargs) for name in case.names}


def totals(case, **kwargs):
    return {name: sum(costs) for name, costs in all_monthly(case, **kwargs).items()}


def savings(case, **kwargs):
    total = totals(case, **kwargs)
    return {n: total[case.baseline_name] - total[n] for n in case.option_names}


def shares(case, **kwargs):
    total = totals(case, **kwargs)
    base = total[case.baseline_name]
    return {n: (base - total[n]) / base for n in case.option_names}


def break_even(case, start=1, **kwargs):
    months = all_monthly(case, **kwargs)
    result = {}
    for name in case.option_names:
        running, negative, found = 0.0, False, None
        pairs = zip(months[case.baseline_name], months[name], strict=True)
        for month, (b, o) in enumerate(pairs, start):
            running += b - o
            if running < -0.005:
                negative = True
            elif negative:
                found = month
                break
        result[name] = found if negative else start
    return result


def answers(case):
    staff = {
        n: sum(x["fte"] * x["annual_rate"] for x in case.option(n)["staff"]) for n in case.names
    }
    total = totals(case)
    return {
        "total-costs-shape": total,
        "total-costs-baseline": total,
        "total-costs": total,
        "savings-shape": [savings(case), shares(case)],
        "savings": savings(case),
        "savings-share": shares(case),
        "break-even-shape": break_even(case),
        "break-even": break_even(case),
        "lowest-rate-card": min(staff, key=staff.get),
        "cheapest-option": min(total, key=total.get),
    }


def fails(check_id, learner, answer):
    with pytest.raises(CheckFailed) as failure:
        ex.CHECKS[check_id](learner, answer)
    return str(failure.value)


# --- the reference passes; the variants differ ---------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_reference_answers_pass(learner):
    """Does a learner's own plain-Python computation pass every check, on several variants?"""
    case = ex.exercise_case(learner)
    for check_id, answer in answers(case).items():
        ex.CHECKS[check_id](learner, answer)


def test_answers_differ_between_learners():
    """Do learner-a and learner-b get different numbers in every numeric answer?

    The two names in Part 4 are the case's story (the offshore rate card is the lowest, the
    hybrid team the cheapest in total) and stay the same for everyone by design; copying them
    gains nothing, since every numeric part differs.
    """
    a, b = answers(ex.exercise_case("learner-a")), answers(ex.exercise_case("learner-b"))
    for check_id in ("total-costs", "savings", "savings-share", "break-even"):
        assert a[check_id] != b[check_id], check_id
    assert a["cheapest-option"] == b["cheapest-option"] == "Hybrid team"
    assert a["lowest-rate-card"] != a["cheapest-option"]


def test_copying_another_learner_fails_every_numeric_check():
    """Does learner-a's answer, handed in by learner-b, fail each numeric check?"""
    copied = answers(ex.exercise_case("learner-a"))
    for check_id in ("total-costs-baseline", "total-costs", "savings", "savings-share"):
        assert "not right" in fails(check_id, "learner-b", copied[check_id])


def test_the_base_variant_and_the_lesson_are_recognised():
    """Are numbers of the base variant, or the lesson's (rounded) table, called another variant?"""
    base = answers(ex.exercise_case("base"))
    published = answers(ex.published_case())
    for check_id in ("total-costs", "savings", "savings-share", "break-even"):
        assert "different variant" in fails(check_id, "learner-a", base[check_id])
    rounded = {k: round(v) for k, v in published["total-costs"].items()}
    assert "different variant" in fails("total-costs", "learner-a", rounded)
    shares_rounded = {k: round(v, 3) for k, v in published["savings-share"].items()}
    assert "different variant" in fails("savings-share", "learner-a", shares_rounded)


# --- misconceptions ------------------------------------------------------------------------


@pytest.mark.parametrize("learner", ["learner-a", "learner-c"])
@pytest.mark.parametrize(
    ("omit", "message"),
    [
        (("transition", "ramp-up", "governance", "attrition", "travel"), "the rate card"),
        (("transition",), "leave out the one-time transition cost"),
        (("governance",), "leave out the governance share"),
        (("ramp-up",), "leave out the ramp-up productivity loss"),
        (("attrition",), "leave out attrition and knowledge loss"),
        (("travel",), "leave out travel"),
        (("governance", "travel"), "leave out the governance share and travel"),
    ],
)
def test_hidden_costs_left_out_are_named(learner, omit, message):
    """Is a total that leaves out hidden costs recognised, naming exactly what is missing?"""
    case = ex.exercise_case(learner)
    assert message in fails("total-costs", learner, totals(case, omit=omit))
    assert "follow from totals that" in fails("savings", learner, savings(case, omit=omit))
    assert "follow from totals that" in fails("savings-share", learner, shares(case, omit=omit))


def test_baseline_without_knowledge_loss():
    """Is a baseline priced on its staff lines alone told about its own attrition?"""
    case = ex.exercise_case("learner-a")
    wrong = totals(case, omit=("attrition",))
    assert "counts its staff lines only" in fails("total-costs-baseline", "learner-a", wrong)


def test_ramp_up_in_full():
    """Is a ramp-up loss charged in full in every transition month recognised?"""
    case = ex.exercise_case("learner-b")
    assert "loss fades" in fails("total-costs", "learner-b", totals(case, ramp_in_full=True))
    assert "loss fades" in fails("break-even", "learner-b", break_even(case, ramp_in_full=True))


def test_years_and_months():
    """Are totals with the horizon in the wrong unit, or for one year, recognised?"""
    case = ex.exercise_case("learner-a")
    months = all_monthly(case)

    def running_times(factor):
        return {n: sum(c) - c[-1] * len(c) + c[-1] * factor for n, c in months.items()}

    per_years = running_times(case.years)
    assert "multiplied by the number of years" in fails("total-costs", "learner-a", per_years)
    assert "multiplied by the number of years" in fails(
        "total-costs-baseline", "learner-a", per_years
    )
    first = {n: sum(c[: case.years]) for n, c in months.items()}
    assert "multiplied by the number of years" in fails("total-costs", "learner-a", first)
    twelve = running_times(12 * case.months)
    assert "counts each year twelve times" in fails("total-costs", "learner-a", twelve)
    one_year = {n: sum(c[:12]) for n, c in months.items()}
    assert "one year only" in fails("total-costs", "learner-a", one_year)


def test_savings_mistakes():
    """Are a flipped sign, a share of the option's cost and a percentage recognised?"""
    case = ex.exercise_case("learner-c")
    money, total = savings(case), totals(case)
    flipped = {k: -v for k, v in money.items()}
    assert "wrong sign" in fails("savings", "learner-c", flipped)
    of_option = {k: money[k] / total[k] for k in money}
    assert "divided by the option's own total" in fails("savings-share", "learner-c", of_option)
    percent = {k: 100 * v for k, v in shares(case).items()}
    assert "not as a percentage" in fails("savings-share", "learner-c", percent)


@pytest.mark.parametrize("learner", LEARNERS)
def test_break_even_mistakes(learner):
    """Are months one off, and the first cheaper month, recognised as such?"""
    case = ex.exercise_case(learner)
    assert "one month off" in fails("break-even", learner, break_even(case, start=0))
    later = {k: None if v is None else v + 1 for k, v in break_even(case).items()}
    assert "one month off" in fails("break-even", learner, later)
    months = all_monthly(case)
    first = {}
    for name in case.option_names:
        saving = [b - o for b, o in zip(months[case.baseline_name], months[name], strict=True)]
        first[name] = next((m for m, v in enumerate(saving, 1) if v > 0), None)
    assert "first months in which an option costs less" in fails("break-even", learner, first)
    hidden = break_even(case, omit=("transition",))
    assert "leave out the one-time transition cost" in fails("break-even", learner, hidden)


def test_never_breaking_even_is_none():
    """Is a month given for an option that never breaks even (or None for one that does) named?"""
    case = ex.exercise_case("learner-a")
    right = break_even(case)
    never = next(k for k, v in right.items() if v is None)
    assert "never breaks even" in fails("break-even", "learner-a", {**right, never: case.months})
    dated = next(k for k, v in right.items() if v is not None)
    assert "does break even" in fails("break-even", "learner-a", {**right, dated: None})


def test_picking_by_rate():
    """Is the lowest rate card offered as the cheapest option, and the reverse, recognised?"""
    case = ex.exercise_case("learner-b")
    right = answers(case)
    message = fails("cheapest-option", "learner-b", right["lowest-rate-card"])
    assert "lowest rate card" in message
    message = fails("lowest-rate-card", "learner-b", right["cheapest-option"])
    assert "rate card alone" in message
    assert "Another option" in fails("cheapest-option", "learner-b", case.baseline_name)


# --- shapes and secrecy --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("total-costs", [1.0, 2.0]),
        ("total-costs", {"In-house team": 1.0}),
        ("total-costs-baseline", {"x": "1"}),
        ("savings", None),
        ("savings-share", {"Hybrid team": "0.3"}),
        ("savings-shape", {"Hybrid team": 1.0}),
        ("break-even", {"Onshore provider": 3.0}),
        ("break-even", ["Hybrid team"]),
        ("break-even-shape", {name: 0 for name in ex.exercise_case("learner-a").option_names}),
        ("cheapest-option", 3),
        ("lowest-rate-card", "Offshore"),
    ],
)
def test_wrong_types_fail_with_a_shape_message(check_id, answer):
    """Does a wrongly shaped answer fail with a message about its shape (not a checker crash)?"""
    message = fails(check_id, "learner-a", answer)
    shape_words = r"should be|is missing|not one of|expects|should lie|not in the|counted from 1"
    assert re.search(shape_words, message)


def _numbers(value):
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


def test_messages_never_give_the_answer_away():
    """Do failure messages leave out every expected number (money, shares, months)?"""
    learner = "learner-c"
    case = ex.exercise_case(learner)
    right = answers(case)
    expected = [abs(n) for n in _numbers(right) if n]
    wrong_answers = {
        "total-costs-baseline": totals(case, omit=("attrition",)),
        "total-costs": totals(case, omit=("governance",)),
        "savings": {k: v + 1000 for k, v in right["savings"].items()},
        "savings-share": {k: v / 2 for k, v in right["savings-share"].items()},
        "break-even": break_even(case, start=0),
    }
    for check_id, wrong in wrong_answers.items():
        message = fails(check_id, learner, wrong)
        for number in expected:
            for text in {f"{number:g}", f"{number:.0f}", f"{number:,.0f}", f"{number:.2f}"}:
                if len(text) >= 4:
                    assert text not in message, (check_id, text, message)
        if check_id == "break-even":
            months = [str(m) for m in right["break-even"].values() if m is not None]
            assert not any(re.search(rf"\b{m}\b", message) for m in months), message
