"""Tests for autograder/checks/exercises/price_the_contract/, run in-process (no kernel).

The right answers are computed here in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point. Each wrong
answer is what a learner with one misconception computes, and must get that misconception's
message, never a pass and never a crash.
"""

from __future__ import annotations

import pytest

from autograder.checks.exercises import price_the_contract as ex
from autograder.checks.failure import ShapeProblem
from tests.checks.scaffold import every_check_passes, failure_message

LEARNERS = ["learner-a", "learner-b", "someone@example.org"]
WRONG = "learner-m"


# --- a learner's computation ---------------------------------------------------------------


def month_cost(case, model, tickets, *, slip=None):
    terms = case.pricing[model]
    if model == "time-and-materials":
        hours = 1 if slip == "per-ticket" else case.hours_per_ticket
        return tickets * hours * terms["hourly_rate"]
    if model == "fixed-price":
        extra = 0 if slip == "no-extra" else max(0, tickets - terms["baseline_tickets"])
        return terms["monthly_fee"] + extra * terms["change_rate"]
    if model == "unit-price":
        bands = terms["bands"]
        if slip == "first-band":
            return tickets * bands[0]["price"]
        if slip == "all-units":
            reached = next(b for b in bands if b["up_to"] is None or tickets <= b["up_to"])
            return tickets * reached["price"]
        cost, lower = 0.0, 0.0
        for band in bands:
            upper = float("inf") if band["up_to"] is None else band["up_to"]
            cost += max(0.0, min(tickets, upper) - lower) * band["price"]
            lower = upper
        return cost
    share = 1 if slip == "full-outcome" else terms["expected_achievement"]
    return terms["base_fee"] + terms["outcome_fee"] * share


def year_cost(case, model, factor=1.0, slip=None):
    volumes = case.expected_tickets.values()
    return sum(month_cost(case, model, v * factor, slip=slip) for v in volumes)


def first_year(case, slip=None):
    return {model: year_cost(case, model, slip=slip) for model in case.models}


def ranges(case):
    return {
        m: {"low": year_cost(case, m, 1 - case.swing), "high": year_cost(case, m, 1 + case.swing)}
        for m in case.models
    }


def spread(case, model):
    return ranges(case)[model]["high"] - ranges(case)[model]["low"]


def chosen(case):
    costs = first_year(case)
    within = [m for m in case.models if spread(case, m) <= case.budget_tolerance * costs[m]]
    return min(within, key=costs.get)


def rise(case):
    clause = case.indexation
    return min(clause["cap"], max(clause["floor"], clause["index"]))


def year_two(case):
    return first_year(case)[chosen(case)] * (1 + rise(case))


def answers(case):
    return {
        "first-year-shape": first_year(case),
        "first-year": first_year(case),
        "cost-range": ranges(case),
        "chosen-model": chosen(case),
        "year-two": year_two(case),
    }


def failure(check_id: str, answer, learner: str = WRONG) -> str:
    return failure_message(ex.CHECKS, check_id, answer, learner)


# --- right answers pass --------------------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_learners_own_computation_passes_every_check(learner):
    every_check_passes(ex, answers, learner)


def test_the_case_tells_the_story_the_exercise_needs():
    """Does every variant choose the fixed price, with a cheaper unit price whose cost moves too
    far, a steadier outcome-based price, and an index above its cap?"""
    for learner in LEARNERS:
        case = ex.exercise_case(learner)
        costs = first_year(case)
        assert chosen(case) == "fixed-price"
        assert min(costs, key=costs.get) == "unit-price"
        assert spread(case, "outcome-based") == 0
        assert case.indexation["index"] > case.indexation["cap"]


# --- each misconception loses the marks, with its own message ------------------------------

CASE = ex.exercise_case(WRONG)
RIGHT = first_year(CASE)
RANGES = ranges(CASE)
FIXED = CASE.pricing["fixed-price"]


def with_model(model, value, base=RIGHT):
    return {**base, model: value}


def flat(model, value):
    return {**RANGES, model: {"low": value, "high": value}}


NETTED = 12 * FIXED["monthly_fee"] + FIXED["change_rate"] * max(
    0, sum(CASE.expected_tickets.values()) - 12 * FIXED["baseline_tickets"]
)

SLIPS = [
    ("first-year", {m: v / 12 for m, v in RIGHT.items()}, "Your figures are a month's charges"),
    ("first-year", with_model("fixed-price", 12 * FIXED["monthly_fee"]),
     "Your fixed price is twelve monthly fees"),
    ("first-year", with_model("unit-price", year_cost(CASE, "unit-price", slip="first-band")),
     "every ticket at the first band's price"),
    ("first-year", with_model("unit-price", year_cost(CASE, "unit-price", slip="all-units")),
     "at the price of the band the month reaches"),
    ("first-year",
     with_model("outcome-based", year_cost(CASE, "outcome-based", slip="full-outcome")),
     "pays the whole outcome fee"),
    ("first-year",
     with_model("time-and-materials", year_cost(CASE, "time-and-materials", slip="per-ticket")),
     "charges the hourly rate per ticket"),
    ("cost-range", flat("fixed-price", 12 * FIXED["monthly_fee"]),
     "a fixed price is not risk-free for the client"),
    ("cost-range", flat("unit-price", RIGHT["unit-price"]), "the client carries the volume risk"),
    ("cost-range",
     {m: {"low": v * (1 - CASE.swing), "high": v * (1 + CASE.swing)} for m, v in RIGHT.items()},
     "Move the tickets, not the cost"),
    ("chosen-model", "unit-price", "Certainty first, then price"),
    ("chosen-model", "outcome-based", "among those the rule takes the cheapest"),
    ("year-two", RIGHT["fixed-price"] * (1 + CASE.indexation["index"]),
     "You applied the full index"),
    ("year-two", RIGHT["fixed-price"], "That is the first year's cost"),
    ("year-two", year_two(CASE) / 12, "That is a month of year two"),
    ("year-two", RIGHT["unit-price"] * (1 + rise(CASE)), "a model the rule does not pick"),
]  # fmt: skip


@pytest.mark.parametrize(("check_id", "answer", "message"), SLIPS, ids=[s[2] for s in SLIPS])
def test_a_misconception_fails_with_its_own_message(check_id, answer, message):
    text = failure(check_id, answer)
    assert message in text
    others = [m for c, _, m in SLIPS if m != message]
    assert not any(other in text for other in others)


@pytest.mark.parametrize("source", ["base", "published"])
def test_another_variants_numbers_fail_as_copied(source):
    other = ex.checks.published_case() if source == "published" else ex.exercise_case("base")
    for check_id, answer in answers(other).items():
        if check_id in ("first-year-shape", "chosen-model"):
            continue  # the same shape, and the same model chosen, in every variant
        assert "fit a different variant" in failure(check_id, answer), check_id


def test_change_requests_netted_over_the_year_get_the_month_by_month_message():
    """Netting the overflow over the year leaves none in every variant (the year's tickets stay
    below twelve baselines): is that answer told to count month by month?"""
    assert 12 * FIXED["monthly_fee"] == NETTED
    assert "count the excess month by month" in failure(
        "first-year", with_model("fixed-price", NETTED)
    )


def test_an_unexplained_wrong_answer_gets_the_advice():
    """Does a wrong answer no slip explains get the part's advice, not a slip's message?"""
    odd = {m: v + 12345 for m, v in RIGHT.items()}
    assert "Price each of the twelve months" in failure("first-year", odd)
    assert "Year two is not right" in failure("year-two", year_two(CASE) * 1.5)
    assert "not the model the lesson's rule picks" in failure("chosen-model", "time-and-materials")


# --- malformed answers get a clear message, never a crash ---------------------------------

MALFORMED = [
    ("first-year", [1.0, 2.0, 3.0, 4.0], "should be a dict with one number per entry"),
    ("first-year", {"fixed": 1.0}, "is missing"),
    ("first-year", with_model("fixed-price", "1,144,800"), "should be a number"),
    ("cost-range", [1.0, 2.0], "should be a dict with one entry per model"),
    ("cost-range", {**RANGES, "fixed-price": 1.0}, "should be a dict with one number per entry"),
    ("cost-range", {**RANGES, "fixed-price": {"low": 1.0}}, "is missing 'high'"),
    ("chosen-model", "Fixed price", "which is not one of"),
    ("chosen-model", ["fixed-price"], "should be a name"),
    ("year-two", "1190592", "should be a number"),
    ("year-two", -5.0, "should be at least 0"),
]


@pytest.mark.parametrize(("check_id", "answer", "message"), MALFORMED)
def test_a_malformed_answer_gets_a_shape_message(check_id, answer, message):
    with pytest.raises(ShapeProblem) as error:
        ex.CHECKS[check_id](WRONG, answer)
    assert message in str(error.value)


def test_no_message_shows_an_expected_value():
    """Does no failure print a reference cost, a spread or year two?"""
    secrets = [f"{v:,.0f}" for v in RIGHT.values()] + [f"{year_two(CASE):,.0f}"]
    secrets += [f"{v:.0f}" for v in RIGHT.values()]
    texts = [failure(check_id, answer) for check_id, answer, _ in SLIPS]
    assert not any(secret in text for secret in secrets for text in texts)
