"""Tests for autograder/checks/exercises/prepare_a_negotiation.py, run in-process (no kernel).

The reference answers are computed here in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point.
"""

from __future__ import annotations

import itertools
import re

import pytest

from autograder.checks.exercises import prepare_a_negotiation as ex
from autograder.checks.failure import CheckFailed

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]


# --- a learner's computation ---------------------------------------------------------------


def switching(case):
    return case.transition_fee + case.dual_running_months * case.dual_running_monthly_cost


def client_batna(case):
    return case.alternative_price + switching(case) / case.term_years


def client_reservation(case):
    return client_batna(case) + case.risk_premium


def provider_reservation(case):
    return case.delivery_cost * (1 + case.minimum_markup)


def zone(client_max, provider_min):
    return None if client_max < provider_min else [provider_min, client_max]


def cost_shock(case):
    shock = case.with_scenario(ex.SCENARIO)
    client, provider = client_reservation(shock), provider_reservation(shock)
    return {"client_reservation": client, "provider_reservation": provider,
            "zopa": zone(client, provider)}  # fmt: skip


def score(case, side, package):
    weights = getattr(case, f"{side}_weights")
    points = getattr(case, f"{side}_utilities")
    total = sum(weights.values())
    return sum(weights[i] / total * points[i][package[i]] for i in case.issues)


def all_packages(case):
    names = list(case.issues)
    return [dict(zip(names, c, strict=True)) for c in itertools.product(*case.issues.values())]


def efficient(case):
    scored = [(p, score(case, "client", p), score(case, "provider", p)) for p in all_packages(case)]

    def beaten(b, s):
        return any(
            (b2 >= b - 1e-9 and s2 >= s - 1e-9) and (b2 > b + 1e-9 or s2 > s + 1e-9)
            for _, b2, s2 in scored
        )

    return [p for p, b, s in scored if not beaten(b, s)]


def good_package(case):
    return max(
        (
            p
            for p in efficient(case)
            if score(case, "client", p) >= case.client_batna_utility
            and score(case, "provider", p) >= case.provider_batna_utility
        ),
        key=lambda p: score(case, "client", p),
    )


def answers(case):
    zopa = zone(client_reservation(case), provider_reservation(case))
    package = good_package(case)
    return {
        "client-batna": client_batna(case),
        "client-reservation": client_reservation(case),
        "provider-reservation": provider_reservation(case),
        "zopa": zopa,
        "cost-shock": cost_shock(case),
        "opening": (zopa[0] + case.client_target) / 2,
        "package-shape": package,
        "package-client": package,
        "package-provider": package,
        "package-pareto": package,
    }


def fails(check_id, learner, answer):
    with pytest.raises(CheckFailed) as failure:
        ex.CHECKS[check_id](learner, answer)
    return str(failure.value)


def numbers_in(text):
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.?\d*", text)}


# --- the reference passes --------------------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_reference_answers_pass(learner):
    """Does a learner's own computation pass every check, on several variants?"""
    case = ex.exercise_case(learner)
    for check_id, answer in answers(case).items():
        ex.CHECKS[check_id](learner, answer)


def test_every_check_is_exercised():
    """Does the reference cover every check the exercise declares?"""
    assert set(answers(ex.exercise_case("learner-a"))) == set(ex.CHECKS)


def test_the_model_frontier_agrees_with_a_plain_enumeration():
    """Do the model's Pareto-efficient packages match a brute-force enumeration?"""
    for learner in LEARNERS[:2]:
        case = ex.exercise_case(learner)
        assert sorted(map(str, ex.frontier(case))) == sorted(map(str, efficient(case)))


def test_variants_differ_for_every_priced_answer():
    """Do learner-a and learner-b get different expected prices (so copying does not pay)?"""
    a, b = (answers(ex.exercise_case(learner)) for learner in ("learner-a", "learner-b"))
    for check_id in ("client-batna", "client-reservation", "provider-reservation", "zopa"):
        assert a[check_id] != b[check_id], check_id
    assert a["cost-shock"]["provider_reservation"] != b["cost-shock"]["provider_reservation"]


def test_copying_learner_a_fails_for_learner_b():
    """Does learner-a's full answer lose marks on learner-b's variant?"""
    copied = answers(ex.exercise_case("learner-a"))
    failed = []
    for check_id, answer in copied.items():
        try:
            ex.CHECKS[check_id]("learner-b", answer)
        except CheckFailed as failure:
            failed.append(str(failure))
    assert failed
    assert any("not right" in message for message in failed)


def test_cost_shock_closes_the_zone_in_every_variant():
    """Is the scenario's zone None for every learner (so the answer is about its existence)?"""
    for learner in LEARNERS:
        assert ex.reference(learner).shock_zopa is None
        assert ex.reference(learner).zopa is not None


# --- misconceptions are recognised ----------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_client_batna_misconceptions(learner):
    """Are the switching-cost slips and the premium in the BATNA each named?"""
    case = ex.exercise_case(learner)
    alt, term = case.alternative_price, case.term_years
    assert "leaves out the one-time switching cost" in fails("client-batna", learner, alt)
    full = alt + switching(case)
    assert "in every year" in fails("client-batna", learner, full)
    fee_only = alt + case.transition_fee / term
    assert "dual running" in fails("client-batna", learner, fee_only)
    assert "risk premium" in fails("client-batna", learner, client_reservation(case))


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_client_reservation_misconceptions(learner):
    """Are the premium left out, the target and today's price named as such?"""
    case = ex.exercise_case(learner)
    assert "stops at the BATNA" in fails("client-reservation", learner, client_batna(case))
    assert "client's target" in fails("client-reservation", learner, case.client_target)
    assert "today's price" in fails("client-reservation", learner, case.current_price)
    no_switch = case.alternative_price + case.risk_premium
    message = fails("client-reservation", learner, no_switch)
    assert "leaves out the one-time switching cost" in message


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_provider_reservation_misconceptions(learner):
    """Are margin-for-markup, cost alone, the provider's BATNA and its ask each named?"""
    case = ex.exercise_case(learner)
    margin = case.delivery_cost / (1 - case.minimum_markup)
    assert "markup versus margin" in fails("provider-reservation", learner, margin)
    assert "delivery cost alone" in fails("provider-reservation", learner, case.delivery_cost)
    batna = case.provider_batna_value
    assert "Tessera's BATNA" in fails("provider-reservation", learner, batna)
    assert "Tessera's ask" in fails("provider-reservation", learner, case.asking_price)


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_zopa_misconceptions(learner):
    """Are a swapped zone, a sign slip and a wrong end each explained?"""
    case = ex.exercise_case(learner)
    client, provider = client_reservation(case), provider_reservation(case)
    assert "upside down" in fails("zopa", learner, [client, provider])
    assert "check the sign" in fails("zopa", learner, None)
    no_switch = case.alternative_price + case.risk_premium
    message = fails("zopa", learner, [provider, no_switch])
    assert "high end" in message and "switching cost" in message
    margin = case.delivery_cost / (1 - case.minimum_markup)
    assert "markup versus margin" in fails("zopa", learner, [margin, client])


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_cost_shock_misconceptions(learner):
    """Are a zone reported where none exists and a scenario not applied each named?"""
    case = ex.exercise_case(learner)
    right = cost_shock(case)
    reported = dict(
        right, zopa=sorted([right["client_reservation"], right["provider_reservation"]])
    )
    assert "there is no zone" in fails("cost-shock", learner, reported)
    stale = dict(right, provider_reservation=provider_reservation(case))
    assert "before the shock" in fails("cost-shock", learner, stale)


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_opening_rules_and_misconceptions(learner):
    """Is any opening inside the zone and at or below the target accepted, and the rest named?"""
    case = ex.exercise_case(learner)
    low, high = zone(client_reservation(case), provider_reservation(case))
    for opening in (low, case.client_target, (low + case.client_target) / 2):
        ex.CHECKS["opening"](learner, opening)
    assert "walk-away point" in fails("opening", learner, high)
    assert "outside the zone" in fails("opening", learner, case.client_opening)
    assert "outside the zone" in fails("opening", learner, high + 10_000)
    assert "above Atlas's own target" in fails("opening", learner, (case.client_target + high) / 2)
    assert "BATNA" in fails("opening", learner, client_batna(case))


@pytest.mark.parametrize("learner", LEARNERS[:3])
def test_package_misconceptions(learner):
    """Is a one-sided package refused by Tessera's check, and splitting the difference named?"""
    case = ex.exercise_case(learner)
    one_sided = case.proposals["Atlas's opening"]
    ex.CHECKS["package-client"](learner, one_sided)
    ex.CHECKS["package-pareto"](learner, one_sided)
    assert "Tessera would rather walk away" in fails("package-provider", learner, one_sided)
    middle = case.proposals["Split the difference"]
    ex.CHECKS["package-client"](learner, middle)
    ex.CHECKS["package-provider"](learner, middle)
    assert "splits every issue down the middle" in fails("package-pareto", learner, middle)
    tessera = case.proposals["Tessera's opening"]
    assert "BATNA utility" in fails("package-client", learner, tessera)


def test_numbers_from_another_variant_are_recognised():
    """Does an answer that fits the base variant say so?"""
    base = answers(ex.exercise_case("base"))
    for check_id in ("client-batna", "client-reservation", "provider-reservation", "zopa"):
        assert "different variant" in fails(check_id, "learner-a", base[check_id])


# --- shapes and secrecy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check_id", "answer", "words"),
    [
        ("client-batna", "2 million", "should be a number"),
        ("zopa", {"low": 1, "high": 2}, "list [low, high]"),
        ("zopa", [1.0], "list [low, high]"),
        ("cost-shock", None, "should be a dict"),
        ("cost-shock", {"zopa": None}, "is missing"),
        ("opening", [1.0], "should be a number"),
        ("package-shape", ["term"], "should be a dict"),
        ("package-pareto", {"term": "3 years"}, "chooses no option"),
    ],
)
def test_wrong_types_fail_with_a_shape_message(check_id, answer, words):
    """Does a wrong-type answer fail with a message about its shape (not a checker crash)?"""
    assert words in fails(check_id, "learner-a", answer)


def test_unknown_option_is_named():
    """Is an option that is not in the case named, with the valid options?"""
    package = dict(answers(ex.exercise_case("learner-a"))["package-shape"], term="4 years")
    assert "'4 years'" in fails("package-shape", "learner-a", package)


def test_messages_never_reveal_expected_numbers():
    """Do failure messages stay free of the expected prices (rounded or not)?"""
    learner = "learner-a"
    case = ex.exercise_case(learner)
    ref = ex.reference(learner)
    secrets = {
        ref.client_batna,
        ref.client_reservation,
        ref.provider_reservation,
        ref.shock_provider_reservation,
        ref.shock_client_reservation,
        *ref.zopa,
    }
    secrets |= {round(value) for value in secrets}
    wrong = {
        "client-batna": [case.alternative_price, 1.0],
        "client-reservation": [case.client_target, 1.0],
        "provider-reservation": [case.delivery_cost, 1.0],
        "zopa": [None, [1.0, 2.0], [ref.client_reservation, ref.provider_reservation]],
        "cost-shock": [
            {"client_reservation": 1.0, "provider_reservation": 1.0, "zopa": None},
            dict(cost_shock(case), zopa=[1.0, 2.0]),
        ],
        "opening": [1.0, 1e9, ref.client_reservation],
    }
    for check_id, answers_ in wrong.items():
        for answer in answers_:
            message = fails(check_id, learner, answer)
            assert not numbers_in(message) & secrets, (check_id, message)
