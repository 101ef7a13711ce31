"""Tests for autograder/checks/exercises/capstone_lifecycle/, run in-process (no kernel).

The right answers are computed here in plain Python from the case's plain data, as a learner
would by hand, not with the models the checks call: agreement between the two is the point.
Each wrong answer is what a learner with one misconception computes, and must get that
misconception's message, never a pass and never a crash.
"""

from __future__ import annotations

import pytest

from autograder.checks.exercises import capstone_lifecycle as ex
from autograder.checks.failure import CheckFailed, ShapeProblem
from tests.checks.scaffold import every_check_passes

LEARNERS = ["learner-a", "learner-m", "someone@example.org"]


# --- a learner's computation ---------------------------------------------------------------


def monthly(option: dict, years: int) -> list[float]:
    """An option's monthly costs: staff, governance, knowledge lost, travel, and in each
    transition month its share of the one-time cost plus a ramp-up loss that fades."""
    staff = sum(line["fte"] * line["annual_rate"] for line in option["staff"]) / 12
    fte = sum(line["fte"] for line in option["staff"])
    running = (
        staff * (1 + option["governance_share"])
        + fte * option["annual_attrition"] * option["knowledge_loss_cost_per_leaver"] / 12
        + option["annual_travel"] / 12
    )
    costs = [running] * (12 * years)
    months = option["transition_months"]
    for m in range(months):
        fade = (months - m) / months
        costs[m] += (
            option["transition_cost"] / months + staff * option["ramp_up_productivity_loss"] * fade
        )
    return costs


def decide(case) -> tuple[str, int | None]:
    d = case.decide
    totals = {name: sum(monthly(d.option(name), d.years)) for name in d.names}
    cheapest = min(totals, key=totals.get)
    base = monthly(d.baseline, d.years)
    running, dipped, month = 0.0, False, None
    cheapest_costs = monthly(d.option(cheapest), d.years)
    for m, (b, c) in enumerate(zip(base, cheapest_costs, strict=True), start=1):
        running += b - c
        dipped = dipped or running < 0
        if dipped and running >= 0 and month is None:
            month = m
    return cheapest, month


def winner(case, knockouts: bool = True) -> str:
    s = case.select
    total_weight = sum(s.weights.values())
    totals = {}
    for vendor, ratings in s.ratings.items():
        if knockouts and (
            any(ratings[c] < low for c, low in s.minimums.items())
            or not all(s.gates.get(vendor, {}).values())
        ):
            continue
        totals[vendor] = sum(ratings[c] * w / total_weight for c, w in s.weights.items())
    return max(totals, key=totals.get)


def measured(case, month: str) -> dict[str, float]:
    c = case.contract
    values = dict(c.reported[month])
    m = c.minutes[month]
    values[c.availability_level] = (m["scheduled"] - m["downtime"]) / (
        m["scheduled"] - m["excluded"]
    )
    return values


def misses(case, month: str, directions: bool = True) -> list[str]:
    levels = case.contract.levels
    out = []
    for name, value in measured(case, month).items():
        target = levels[name]["target"]
        higher = levels[name]["direction"] == "higher-is-better" or not directions
        if (value < target - 1e-9) if higher else (value > target + 1e-9):
            out.append(name)
    return out


def credit(case, cap: bool = True) -> float:
    c = case.contract
    at_risk = c.at_risk_share * c.monthly_charge
    total = sum(
        c.pool_allocation[c.levels[name]["category"]]
        * c.levels[name]["credit_allocation"]
        * at_risk
        for name in misses(case, case.credit_month)
    )
    return min(total, at_risk) if cap else total


def missed_months(case, directions: bool = True) -> list[str]:
    return [m for m in case.contract.reported if misses(case, m, directions)]


def fix_first(case) -> str:
    r = case.relationship
    return min(r.steps, key=lambda step: (r.health_scores[step], r.steps.index(step)))


def answers(case) -> dict[str, object]:
    cheapest, month = decide(case)
    return {
        "cheapest-option": cheapest,
        "break-even": month,
        "winner": winner(case),
        "service-credit": credit(case),
        "missed-months": missed_months(case),
        "fix-first": fix_first(case),
    }


# --- right answers -------------------------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_learners_own_computation_passes_every_check(learner):
    """Do plain-Python answers computed by hand pass every check on the learner's variant?"""
    every_check_passes(ex, answers, learner)


def test_every_check_names_a_capstone_lesson_section():
    """Is each check registered with a heading of the capstone lesson?"""
    assert set(ex.CHECKS) == set(ex.LESSON_SECTIONS)
    for notebook, heading in ex.LESSON_SECTIONS.values():
        assert notebook == "modules/09-capstone/lesson.ipynb"
        assert heading.startswith("Step ")


# --- wrong answers -------------------------------------------------------------------------


def fails_with(check_id: str, answer: object, words: str, learner: str = "learner-m") -> None:
    with pytest.raises(CheckFailed) as failure:
        ex.CHECKS[check_id](learner, answer)
    assert words in str(failure.value)
    assert "revisit" in str(failure.value) or "different variant" in str(failure.value)


def test_each_misconception_gets_its_own_message():
    """Does each typical wrong answer fail with the message of its own misconception?"""
    case = ex.exercise_case("learner-m")
    right = answers(case)
    staff = {
        name: sum(line["fte"] * line["annual_rate"] for line in case.decide.option(name)["staff"])
        for name in case.decide.names
    }
    first_cheaper = next(
        m
        for m, (b, c) in enumerate(
            zip(
                monthly(case.decide.baseline, case.decide.years),
                monthly(case.decide.option(right["cheapest-option"]), case.decide.years),
                strict=True,
            ),
            start=1,
        )
        if b > c
    )
    price = {v: r["Price"] for v, r in case.select.ratings.items()}
    fails_with("cheapest-option", min(staff, key=staff.get), "lowest rate card")
    fails_with("break-even", right["break-even"] + 1, "one month off")
    fails_with("break-even", right["break-even"] - 1, "one month off")
    fails_with("break-even", first_cheaper, "first month in which the option costs less")
    fails_with("break-even", 1, "not a year")
    fails_with("winner", winner(case, knockouts=False), "only if nobody is knocked out")
    fails_with("winner", max(price, key=price.get), "lowest price, not the best bid")
    fails_with("service-credit", credit(case, cap=False), "caps a month's credits")
    fails_with("service-credit", credit(case) / case.contract.monthly_charge, "as money")
    fails_with("missed-months", missed_months(case, directions=False), "Some targets point down")
    fails_with("missed-months", [case.credit_month], "not only in the month you invoiced")
    fails_with("fix-first", case.relationship.steps[0], "fixes the weakest step first")
    ranked = sorted(case.relationship.steps, key=lambda s: case.relationship.health_scores[s])
    fails_with("fix-first", ranked[-1], "closest to working well")


def test_numbers_from_the_lessons_case_are_named_as_another_variant():
    """Is a credit copied from the lesson's published case recognised as another variant's?"""
    published = ex.published_case()
    fails_with("service-credit", credit(published), "different variant")


def test_an_unexplained_wrong_answer_says_not_right_without_the_value():
    """Does a wrong answer no misconception explains get a message that gives nothing away?"""
    case = ex.exercise_case("learner-m")
    with pytest.raises(CheckFailed) as failure:
        ex.CHECKS["service-credit"]("learner-m", credit(case) + 123.0)
    assert "not right" in str(failure.value)
    assert str(round(credit(case))) not in str(failure.value)


@pytest.mark.parametrize(
    ("check_id", "answer", "words"),
    [
        ("cheapest-option", 3, "should be a name"),
        ("cheapest-option", "Offshore", "not one of"),
        ("break-even", 0, "from 1 to"),
        ("break-even", 9.0, "whole month number"),
        ("winner", ["Tarnwell Support Services"], "should be a name"),
        ("service-credit", "4450", "should be a number"),
        ("missed-months", "2026-03", "list of names"),
        ("missed-months", ["March"], "not one of"),
        ("fix-first", "Set improvement goals", "not its title"),
        ("fix-first", "issue list", "not one of"),
    ],
)
def test_a_malformed_answer_gets_a_shape_message(check_id, answer, words):
    """Is an answer of the wrong form refused with what it should look like, not a crash?"""
    with pytest.raises(ShapeProblem) as problem:
        ex.CHECKS[check_id]("learner-m", answer)
    assert words in str(problem.value)
