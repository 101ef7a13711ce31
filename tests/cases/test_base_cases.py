"""Do the base cases give the figures worked out by hand, and do their drafts hold the defects?

Every expected number below was computed by hand from the data files (shown in the comments),
so a change to a data file or to the case code that moves a figure is caught here.
"""

from __future__ import annotations

import math

import pytest

from course.cases import load_case
from course.models.escalation import validate_plan
from course.models.governance import validate_cadence, validate_raci
from course.models.negotiation import acceptable, pareto_efficient_offers, score_offer
from course.models.risk import validate_register
from course.models.sourcing_cost import compare_to_baseline, total_cost
from course.models.vendor import most_sensitive_criterion, rank_vendors, score_vendors


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.005)


# --- Northwind (vendor selection) -------------------------------------------------------------


def test_northwind_price_ratings_follow_the_ratio_rule():
    """Is each price rated 5 x lowest price / its price (lowest bid 2.10)?"""
    ratings = load_case("northwind-service-desk").price_ratings()
    assert close(ratings["Cordillera Services"], 5.0)
    assert close(ratings["Harborline Support"], 5 * 2.10 / 2.40)  # 4.375
    assert close(ratings["Baltic Service Partners"], 4.2)  # 5 x 2.10 / 2.50


def test_northwind_totals_knockouts_and_ranking_by_hand():
    """Do the totals, knock-outs and ranking match the hand calculation?"""
    case = load_case("northwind-service-desk")
    scores = {s.vendor: s for s in score_vendors(case.scoring_matrix())}
    # 0.30*4 + 0.20*5 + 0.15*3 + 0.25*4.375 + 0.10*4
    assert close(scores["Harborline Support"].weighted_total, 4.14375)
    # 0.30*4 + 0.20*4 + 0.15*4 + 0.25*4.2 + 0.10*3
    assert close(scores["Baltic Service Partners"].weighted_total, 3.95)
    assert scores["Cordillera Services"].disqualified  # security rated 2, minimum 3
    assert scores["Kaveri Desk Solutions"].disqualified  # refuses the right to audit
    assert [r.vendor for r in rank_vendors(case.scoring_matrix())] == [
        "Harborline Support",
        "Baltic Service Partners",
    ]


def test_northwind_trap_the_knocked_out_bid_would_have_won():
    """Would the gate-failing Pune bid top the table if knock-outs were ignored (4.5045)?"""
    case = load_case("northwind-service-desk")
    ratings = case.scoring_matrix().ratings["Kaveri Desk Solutions"]
    weights = {c.name: c.weight / 100 for c in case.criteria}
    total = sum(weights[name] * rating for name, rating in ratings.items())
    assert close(total, 1.5 + 0.8 + 0.75 + 0.25 * 5 * 2.10 / 2.75 + 0.5)
    assert total > 4.14375


# --- Helios (sourcing cost) -------------------------------------------------------------------


def test_helios_baseline_and_offshore_totals_by_hand():
    """Do the four-year totals of the in-house team and the offshore option match by hand?"""
    case = load_case("helios-app-maintenance")
    # 40 x 118,000 staff + 40 x 12% x 35,000 attrition = 4,888,000 a year
    assert close(total_cost(case.baseline(), 4), 4 * 4_888_000)
    offshore = case.option("Offshore provider")
    # selection 27,000 + fee 300,000 + parallel running 1,180,000 + severance 108,000
    assert close(offshore.transition_cost, 1_615_000)
    staff = 6 * 140_000 + 36 * 52_000  # 2,712,000 a year
    expected = (
        4 * staff  # staff
        + 1_615_000  # transition
        + staff / 12 * 0.20 * (6 + 1) / 2  # ramp-up: 158,200
        + 0.06 * 4 * staff  # governance: 650,880
        + 4 * 42 * 0.22 * 15_000  # attrition: 554,400
        + 4 * 210_000  # travel
    )
    assert close(total_cost(offshore, 4), expected)  # 14,666,480


def test_helios_cheapest_rate_card_is_not_the_cheapest_option():
    """Is the option with the lowest staff cost (offshore) beaten in total by the hybrid?"""
    case = load_case("helios-app-maintenance")
    staff = {o.name: o.annual_staff_cost for o in case.options()}
    totals = {
        o.name: compare_to_baseline(o, case.baseline(), 4).option_total for o in case.options()
    }
    assert min(staff, key=staff.get) == "Offshore provider"
    assert min(totals, key=totals.get) == "Hybrid team"
    assert totals["Onshore provider"] > total_cost(case.baseline(), 4)


def test_helios_transition_breakdown_adds_up():
    """Does every option's transition breakdown add up to its transition cost?"""
    case = load_case("helios-app-maintenance")
    for option in case.options():
        assert close(sum(case.transition_breakdown[option.name].values()), option.transition_cost)


# --- Cobalt (service credits) -----------------------------------------------------------------


def test_cobalt_credits_by_hand():
    """Are the credits 0, 10,656 and 22,200 (capped from 34,632), with at-risk 12% of 185,000?"""
    case = load_case("cobalt-bank-help-desk")
    at_risk = 0.12 * 185_000  # 22,200
    january, february, march = (case.credits(n) for n in (1, 2, 3))
    assert close(january.total_after_cap, 0.0)
    # speed of answer 52 > 45 and first-contact 0.66 < 0.70: 2 x 0.8 x 0.3 x 22,200
    assert close(february.total_after_cap, 2 * 0.8 * 0.3 * at_risk)
    # availability 0.5x1.0, speed 0.8x0.3, P1 0.8x0.4, leavers 0.5x0.6, incidents 0.5x0.4
    assert close(march.total_before_cap, (0.5 + 0.24 + 0.32 + 0.3 + 0.2) * at_risk)  # 34,632
    assert march.capped and close(march.total_after_cap, at_risk)


def test_cobalt_availability_is_computed_from_minutes():
    """Is availability (scheduled - excluded - counted downtime) / (scheduled - excluded)?"""
    case = load_case("cobalt-bank-help-desk")
    name = case.availability_level
    assert close(case.month(1).measured[name], (44_640 - 120 - 30) / (44_640 - 120))
    assert close(case.month(3).measured[name], (44_640 - 60 - 360) / (44_640 - 60))


def test_cobalt_month_numbers_start_at_one():
    """Is month 0 refused with a message naming the valid months?"""
    case = load_case("cobalt-bank-help-desk")
    assert case.month(1).label == "2025-01"
    with pytest.raises(IndexError, match="numbered 1 to 3"):
        case.month(0)


def test_cobalt_black_box_signal_month_one_green_while_complaints_climb():
    """Is month 1 all green while complaints from the business rise every month?"""
    case = load_case("cobalt-bank-help-desk")
    assert all(line.met for line in case.credits(1).lines)
    complaints = [record.complaints for record in case.months]
    assert complaints == sorted(complaints) and complaints[0] < complaints[-1]


# --- MedLine (risk register) ------------------------------------------------------------------


def test_medline_register_has_its_planted_gaps():
    """Does the draft register fail exactly on the planted gaps (two owners, two mitigations,
    one residual above inherent), while the Low and Medium rows with gaps pass?"""
    case = load_case("medline-hospital-provider")
    assert 8 <= len(case.risks) <= 10
    findings = {(f.field, f.rule) for f in validate_register(case.register())}
    assert findings == {
        ("R02.owner", "owner-required"),
        ("R03.mitigation", "mitigation-required"),
        ("R07.owner", "owner-required"),
        ("R07.mitigation", "mitigation-required"),
        ("R09.residual", "residual-not-above-inherent"),
    }


def test_medline_register_covers_patient_data():
    """Does the register name the patient-data (PHI) risks the narrative is about?"""
    case = load_case("medline-hospital-provider")
    assert case.categories["R01"] == "Data security"
    assert "health information" in case.risks[0].title


# --- Atlas (negotiation) ----------------------------------------------------------------------


def test_atlas_reservation_prices_and_zopa_by_hand():
    """Are RP_client 2.10M, RP_provider 1.76M, the ZOPA 1.76M-2.10M and its midpoint 1.93M?"""
    case = load_case("atlas-logistics-renewal")
    assert close(case.switching_cost(), 110_000 + 2 * 170_000)
    assert close(case.client_batna_value(), 1_900_000 + 450_000 / 3)
    assert close(case.client_reservation(), 2_100_000)
    assert close(case.provider_reservation(), 1_760_000)
    zopa = case.zopa()
    assert zopa is not None and close(zopa.midpoint, 1_930_000)
    assert case.with_scenario("cost shock").zopa() is None  # 1.95M x 1.10 = 2.145M > 2.10M


def test_atlas_trade_package_beats_splitting_the_difference():
    """Does "Term for innovation" (70 / 62 points) dominate "Split the difference" (64.5 / 45.5)?"""
    case = load_case("atlas-logistics-renewal")
    buyer, seller = case.client_preferences(), case.provider_preferences()
    trade, split = case.proposal("Term for innovation"), case.proposal("Split the difference")
    assert close(score_offer(trade, buyer), 70) and close(score_offer(trade, seller), 62)
    assert close(score_offer(split, buyer), 64.5) and close(score_offer(split, seller), 45.5)
    frontier = pareto_efficient_offers(case.issues(), buyer, seller)
    assert trade in frontier and split not in frontier
    assert acceptable(trade, buyer, case.client_batna_utility)
    assert acceptable(trade, seller, case.provider_batna_utility)


# --- Orion (governance) and Pinecrest (escalation) --------------------------------------------


def test_orion_drafts_hold_their_planted_problems():
    """Does the RACI have two A's on one activity and no R on another, and the calendar its
    three problems (no provider at operational level, strategic too often, no issue log)?"""
    case = load_case("orion-manufacturing-rescue")
    raci = {(f.field, f.rule) for f in validate_raci(case.raci_draft())}
    assert raci == {
        ("Approve a production change to the MES interface", "one-accountable"),
        ("Root-cause analysis of P1 incidents", "responsible-present"),
    }
    cadence = {f.rule for f in validate_cadence(case.cadence_draft())}
    assert cadence == {"both-sides-attend", "frequency-order", "issue-log-input"}


def test_orion_health_check_and_governance_spend():
    """Does the health check start with the zero-scored steps, and is spend far below 3-6%?"""
    case = load_case("orion-manufacturing-rescue")
    result = case.health_check()
    assert result.priorities[:2] == ("agree-critical-goals", "escalation-executive")
    assert close(result.overall_percent, 100 * 10 / 36)
    assert case.current_governance_cost() < 0.03 * case.annual_contract_value


def test_pinecrest_draft_plan_holds_its_planted_defects():
    """Does the draft fail on the top level held by an account manager and on level 3's shorter
    response time, and on nothing else?"""
    case = load_case("pinecrest-escalation")
    findings = {(f.field, f.rule) for f in validate_plan(case.draft_plan())}
    assert findings == {
        ("level 3.max_response_hours", "increasing-response"),
        ("level 4.client_owner", "executive-at-top"),
    }
    top = max(case.levels, key=lambda level: level.level)
    assert "account manager" in top.client_owner.lower()
    assert "account manager" in top.provider_owner.lower()


def test_northwind_sensitivity_by_hand():
    """Does raising Transition approach from 15% to about 28.8% hand the win to Baltic?

    With the other weights rescaled in proportion, each total is a straight line in the
    transition weight t: S(t) = R + (rating - R) t, where R is the total on the other criteria
    alone (Harborline 3.69375 / 0.85, Baltic 3.35 / 0.85). The two lines cross at t = 0.2880.
    """
    case = load_case("northwind-service-desk")
    result = most_sensitive_criterion(case.scoring_matrix())
    assert result is not None and result.criterion == "Transition approach"
    harborline_rest, baltic_rest = 3.69375 / 0.85, 3.35 / 0.85
    t = (harborline_rest - baltic_rest) / ((harborline_rest - 3) - (baltic_rest - 4))
    assert close(result.new_weight, t)  # about 0.2880
    assert result.new_winners == ("Baltic Service Partners",)


# --- Larchmont (symptoms) ---------------------------------------------------------------------


def test_larchmont_observed_symptoms_and_diagnosis_by_hand():
    """Do exactly the symptoms two or more sources report count, and do cultural differences
    and change management tie at the top with all three symptoms each?"""
    case = load_case("larchmont-council-symptoms")
    # mentions.csv: rows with two or more non-zero sources; single-expert (desk x3) and
    # broad-data-access (audit x1) have one source each and stay leads.
    assert case.observed() == [
        "yes-means-maybe",
        "silence-in-meetings",
        "tension-between-teams",
        "staff-resisting",
        "rumours",
        "late-surprises",
        "green-slas-unhappy-users",
        "rework-rising",
    ]
    # culture 3/3, change 3/3, quality 2/3, communication 2/4, vendor management 2/4
    ranked = [(d.challenge.id, len(d.matched)) for d in case.diagnosis()]
    assert ranked == [
        ("cultural-differences", 3),
        ("change-management", 3),
        ("quality-control", 2),
        ("communication", 2),
        ("vendor-management", 2),
    ]


def test_larchmont_options_take_the_models_words_or_are_decoys():
    """Does each option name a challenge whose mitigations hold its text, or none (a decoy)?"""
    from course.models.challenges import CHALLENGES

    case = load_case("larchmont-council-symptoms")
    mitigations = {c.id: c.mitigations for c in CHALLENGES}
    for option in case.options:
        if option.challenge is None:
            assert all(option.text not in texts for texts in mitigations.values())
        else:
            assert option.text in mitigations[option.challenge]
    assert {o.challenge for o in case.options} == {*mitigations, None}
