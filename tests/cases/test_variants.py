"""Do per-learner variants give every learner their own numbers without breaking the exercise?

Learner ids are drawn from the characters ``course.learner`` accepts. Each property is checked
for every case: a variant is a pure function of (case id, learner id), differs between learners,
is always valid, keeps the base case's names and structure, keeps its planted defects, and keeps
its reference answers clear of near-ties.
"""

from __future__ import annotations

import dataclasses
import os
import string
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.cases import (
    EscalationCase,
    GovernanceCase,
    NegotiationCase,
    RiskCase,
    SlaCase,
    SourcingCostCase,
    SymptomsCase,
    UnknownCaseError,
    VendorSelectionCase,
    known_case_ids,
    load_case,
    variant,
)
from course.cases.kinds import kind_of
from course.cases.kinds.capstone import CapstoneCase
from course.cases.kinds.contract_pricing import ContractPricingCase
from course.cases.kinds.leadership import LeadershipCase
from course.cases.kinds.reskilling import ReskillingCase
from course.cases.kinds.transition import TransitionCase
from course.cases.kinds.vendor_selection import VENDOR_TOTAL_GAP
from course.cases.kinds.working_hours import WorkingHoursCase
from course.cases.variants import _search, variant_attempts
from course.catalog import REPO_ROOT
from course.models.escalation import validate_plan
from course.models.governance import validate_cadence, validate_raci
from course.models.risk import validate_register
from course.models.sourcing_cost import total_cost
from course.models.vendor import score_vendors

CASE_IDS = known_case_ids()
ID_CHARACTERS = string.ascii_letters + string.digits + "._@-"
learner_ids = st.text(alphabet=ID_CHARACTERS, min_size=1, max_size=40)
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("case_id", CASE_IDS)
@PROPERTY
@given(learner_id=learner_ids)
def test_variant_is_a_pure_function_of_the_two_ids(case_id, learner_id):
    """Does rebuilding a learner's variant from scratch (no cache) give an equal case?"""
    cached = variant(case_id, learner_id)
    fresh, _ = _search(load_case(case_id), case_id, learner_id)
    assert fresh == cached


def test_variants_are_the_same_in_another_process_with_another_hash_seed():
    """Does a grader in a new process (other PYTHONHASHSEED) rebuild the very same variants?"""
    script = (
        "from course.cases import variant, known_case_ids\n"
        "print('|'.join(repr(variant(c, 'learner-a')) for c in known_case_ids()))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    here = "|".join(repr(variant(c, "learner-a")) for c in CASE_IDS)
    assert done.stdout.strip() == here


# --- variety ----------------------------------------------------------------------------------


def _numbers(case) -> tuple:
    """The figures a learner computes from, per kind."""
    if isinstance(case, CapstoneCase):
        return tuple(_numbers(sub) for sub in case.sub_cases().values())
    if isinstance(case, VendorSelectionCase):
        return tuple(
            round(s.weighted_total or 0.0, 9) for s in score_vendors(case.scoring_matrix())
        )
    if isinstance(case, SourcingCostCase):
        return tuple(round(total_cost(o, case.years), 2) for o in case.options())
    if isinstance(case, SlaCase):
        return tuple(round(case.credits(n).total_before_cap, 2) for n in range(1, 4))
    if isinstance(case, RiskCase):
        return tuple((r.likelihood, r.impact, r.residual_likelihood) for r in case.risks)
    if isinstance(case, NegotiationCase):
        zopa = case.zopa()
        return (case.client_reservation(), case.provider_reservation(), zopa.midpoint)
    if isinstance(case, GovernanceCase):
        meetings = tuple(t.meetings_per_year for t in case.tiers)
        return (*case.health_scores.values(), *meetings, case.annual_contract_value)
    if isinstance(case, EscalationCase):
        return (*(level.max_response_hours for level in case.levels), case.review_cadence_days)
    if isinstance(case, LeadershipCase):
        gaps = tuple(round(g.weighted_gap, 9) for g in case.gaps())
        return (*gaps, case.asked, tuple(case.strong_letters().values()))
    if isinstance(case, SymptomsCase):
        return tuple(tuple(row.values()) for row in case.mentions.values())
    if isinstance(case, ReskillingCase):
        fees = tuple(course.fee for course in case.programme.courses)
        return (*fees, case.programme.budget)
    if isinstance(case, TransitionCase):
        weeks = tuple(sorted(case.programme.min_weeks.items()))
        report = tuple((w, tuple(sorted(v.items()))) for w, v in sorted(case.readiness.items()))
        return (weeks, report)
    if isinstance(case, WorkingHoursCase):
        offices = tuple((s.offset, s.office_start, s.office_end) for s in case.sites)
        shifts = tuple((s.start, s.end) for s in case.proposal)
        return (*offices, *shifts, case.rules.min_handoff_minutes)
    if isinstance(case, ContractPricingCase):
        return tuple(round(view.client_expected, 2) for view in case.views().values())
    raise AssertionError(f"no figures for {type(case).__name__}")


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_fifty_learners_get_at_least_45_different_sets_of_figures(case_id):
    """Do 50 learners of one cohort get (almost) 50 different sets of figures?"""
    figures = {_numbers(variant(case_id, f"cohort-{n:02d}")) for n in range(50)}
    assert len(figures) >= 45


@pytest.mark.parametrize("case_id", CASE_IDS)
@PROPERTY
@given(learner_id=learner_ids)
def test_variant_changes_the_numbers_of_the_base_case(case_id, learner_id):
    """Is a variant a real variant (found within the attempts), not the base case handed back?"""
    assert variant_attempts(case_id, learner_id) is not None
    assert variant(case_id, learner_id) != load_case(case_id)


# --- validity, structure, defects -------------------------------------------------------------


@pytest.mark.parametrize("case_id", CASE_IDS)
@PROPERTY
@given(learner_id=learner_ids)
def test_variant_is_valid_and_keeps_story_and_clear_answers(case_id, learner_id):
    """Do the models accept every object of the variant, with the base's story and no near-ties?"""
    case = variant(case_id, learner_id)
    case.validate()
    kind = kind_of(case)
    assert kind.story(case) == kind.story(load_case(case_id))
    assert kind.well_defined(case)


def _structure(case) -> tuple:
    """Names and shapes a variant must keep (no numbers)."""
    common = (case.case_id, case.kind, case.company, case.title, case.pitch, case.narrative)
    if isinstance(case, CapstoneCase):
        steps = tuple(_structure(sub) for sub in case.sub_cases().values())
        return (*common, steps, case.credit_month)
    if isinstance(case, VendorSelectionCase):
        criteria = tuple((c.name, c.minimum) for c in case.criteria)
        bids = tuple(
            (b.vendor, b.delivery_centre, tuple(b.ratings), dict(b.gates)) for b in case.bids
        )
        return (*common, criteria, bids, case.gate_names, case.price_rule, case.scale)
    if isinstance(case, SourcingCostCase):
        options = (case.baseline(), *case.options())
        shape = tuple((o.name, o.model, tuple(line.location for line in o.staff)) for o in options)
        return (*common, case.years, shape, dict(case.descriptions))
    if isinstance(case, SlaCase):
        levels = tuple(
            dataclasses.replace(level, credit_allocation=0.0) for level in case.service_levels()
        )
        months = tuple((m.label, m.scheduled_minutes, tuple(m.reported)) for m in case.months)
        return (*common, levels, months, tuple(case.pool_allocation), case.availability_level)
    if isinstance(case, RiskCase):
        rows = tuple((r.risk_id, r.title, r.owner, r.mitigation) for r in case.risks)
        return (*common, rows, dict(case.categories))
    if isinstance(case, NegotiationCase):
        return (*common, case.issue_list, dict(case.proposals), tuple(case.scenarios))
    if isinstance(case, GovernanceCase):
        tiers = tuple(dataclasses.replace(t, meetings_per_year=0) for t in case.tiers)
        return (*common, dict(case.health_evidence), tiers, case.raci_draft(), case.raci_roles)
    if isinstance(case, EscalationCase):
        levels = tuple(dataclasses.replace(lv, max_response_hours=0.0) for lv in case.levels)
        return (*common, levels, case.escalation_executive, case.priority_targets)
    if isinstance(case, LeadershipCase):
        return (*common, case.provider, case.scenarios, dict(case.expected), len(case.asked))
    if isinstance(case, SymptomsCase):
        rows = tuple((name, tuple(row)) for name, row in case.mentions.items())
        return (*common, case.provider, case.corroboration, dict(case.sources), rows, case.options)
    if isinstance(case, ReskillingCase):
        programme = case.programme
        courses = tuple(dataclasses.replace(c, fee=0.0) for c in programme.courses)
        shape = (programme.team, programme.roles, programme.outsourced_work, courses)
        return (*common, case.provider, shape, programme.handover_month, dict(case.course_titles))
    if isinstance(case, TransitionCase):
        programme = case.programme
        shape = (programme.processes, programme.criteria, dict(programme.required_gates))
        columns = tuple(sorted(tuple(sorted(v)) for v in case.readiness.values()))
        return (*common, case.provider, shape, programme.deadline_week, columns, case.exit_terms)
    if isinstance(case, WorkingHoursCase):
        sites = tuple((s.name, s.earliest, s.latest) for s in case.sites)
        shifts = tuple(s.site for s in case.proposal)
        return (
            *common,
            case.provider,
            case.client_site,
            dict(case.weeks),
            sites,
            shifts,
            case.people,
            case.days,
            case.window.start,
            case.window.end,
        )
    if isinstance(case, ContractPricingCase):
        bands = len(case.terms.bands)
        return (*common, case.provider, case.months, case.currency, bands)
    raise AssertionError(f"no structure for {type(case).__name__}")


@pytest.mark.parametrize("case_id", CASE_IDS)
@PROPERTY
@given(learner_id=learner_ids)
def test_variant_keeps_names_and_structure(case_id, learner_id):
    """Does the variant keep the company, texts, vendors, criteria, levels, risk ids, issues,
    activities and roles of the base case, changing numbers only?"""
    assert _structure(variant(case_id, learner_id)) == _structure(load_case(case_id))


@PROPERTY
@given(learner_id=learner_ids)
def test_pinecrest_variant_keeps_its_planted_defects(learner_id):
    """Does a variant of the Pinecrest plan keep its planted defects, and only those?"""
    case = variant("pinecrest-escalation", learner_id)
    rules = {(f.field, f.rule) for f in validate_plan(case.draft_plan())}
    assert rules == {
        ("level 3.max_response_hours", "increasing-response"),
        ("level 4.client_owner", "executive-at-top"),
    }
    hours = {level.level: level.max_response_hours for level in case.levels}
    assert hours[3] <= hours[2] and hours[1] < hours[2] < hours[4] and hours[3] < hours[4]


@PROPERTY
@given(learner_id=learner_ids)
def test_orion_variant_keeps_two_accountables_and_a_missing_responsible(learner_id):
    """Does a variant of the Orion RACI still have two A's on one activity and no R on another,
    and its calendar still meet more often at the top than in the middle?"""
    case = variant("orion-manufacturing-rescue", learner_id)
    raci = case.raci_draft()
    letters = list(raci["Approve a production change to the MES interface"].values())
    assert letters.count("A") == 2
    assert "R" not in raci["Root-cause analysis of P1 incidents"].values()
    assert {f.rule for f in validate_raci(raci)} == {"one-accountable", "responsible-present"}
    meetings = {t.name: t.meetings_per_year for t in case.tiers}
    assert meetings["strategic"] > meetings["tactical"]
    assert {f.rule for f in validate_cadence(case.tiers)} == {
        "both-sides-attend",
        "frequency-order",
        "issue-log-input",
    }


@PROPERTY
@given(learner_id=learner_ids)
def test_medline_variant_keeps_the_same_defective_rows(learner_id):
    """Do the same register rows (and only those) fail the owner, mitigation and residual rules?"""
    base = {
        (f.field, f.rule)
        for f in validate_register(load_case("medline-hospital-provider").register())
    }
    case = variant("medline-hospital-provider", learner_id)
    assert {(f.field, f.rule) for f in validate_register(case.register())} == base
    assert all(1 <= r.likelihood <= 5 and 1 <= r.impact <= 5 for r in case.risks)


@PROPERTY
@given(learner_id=learner_ids)
def test_northwind_variant_keeps_knockouts_and_a_clear_winner(learner_id):
    """Are the same bids knocked out for the same reasons, ratings on the scale, and the top two
    qualified totals at least 0.05 apart?"""
    case = variant("northwind-service-desk", learner_id)
    scores = {s.vendor: s for s in score_vendors(case.scoring_matrix())}
    assert scores["Kaveri Desk Solutions"].reasons == ("failed gate 'Right to audit accepted'",)
    assert scores["Cordillera Services"].reasons[0].startswith("must-have 'Security & compliance'")
    assert all(1 <= r <= 5 for bid in case.bids for r in bid.ratings.values())
    totals = sorted((s.weighted_total for s in scores.values() if not s.disqualified), reverse=True)
    assert totals[0] - totals[1] >= VENDOR_TOTAL_GAP


@PROPERTY
@given(learner_id=learner_ids)
def test_cobalt_variant_keeps_a_green_first_month_and_a_capped_third(learner_id):
    """Is month 1 still all green (the black-box trap) and month 3 still over the cap?"""
    case = variant("cobalt-bank-help-desk", learner_id)
    assert all(line.met for line in case.credits(1).lines)
    assert case.credits(3).capped
    assert 0.10 <= case.at_risk_share <= 0.15


@PROPERTY
@given(learner_id=learner_ids)
def test_atlas_variant_keeps_a_zone_that_the_cost_shock_closes(learner_id):
    """Is there still a zone of agreement, closed by the cost shock, with both openings outside?"""
    case = variant("atlas-logistics-renewal", learner_id)
    zopa = case.zopa()
    assert zopa is not None and zopa.width > 0
    assert case.with_scenario("cost shock").zopa() is None
    assert case.client_opening < zopa.low and case.provider_opening > zopa.high
    assert case.alternative_price < case.current_price < case.asking_price


@PROPERTY
@given(learner_id=learner_ids)
def test_helios_variant_keeps_governance_in_the_published_band(learner_id):
    """Do governance shares stay within 3-6% and the retained team on the in-house rate?"""
    case = variant("helios-app-maintenance", learner_id)
    assert all(0.03 <= o.governance_share <= 0.06 for o in case.options())
    in_house_rate = case.baseline().staff[0].annual_rate
    assert case.option("Hybrid team").staff[0].annual_rate == in_house_rate
    assert case.baseline().total_fte == 40


@PROPERTY
@given(learner_id=learner_ids)
def test_larchmont_variant_keeps_a_tie_and_a_lead_from_one_source(learner_id):
    """Is there still a tie at the top, and a symptom only one source reports?"""
    from course.models.challenges import most_likely

    case = variant("larchmont-council-symptoms", learner_id)
    assert 2 <= len(most_likely(case.diagnosis())) <= 3
    single = [n for n, row in case.mentions.items() if sum(1 for c in row.values() if c) == 1]
    assert single


# --- refusals ---------------------------------------------------------------------------------


def test_variant_of_an_unknown_case_lists_the_known_ones():
    """Is a variant of an unknown case refused with the known case ids?"""
    with pytest.raises(UnknownCaseError, match="pinecrest-escalation"):
        variant("pinecrest", "learner-a")


@pytest.mark.parametrize("learner_id", ["", "   ", None])
def test_variant_needs_a_learner_id(learner_id):
    """Is an empty or missing learner id refused instead of silently shared?"""
    with pytest.raises(ValueError, match="learner_id"):
        variant("northwind-service-desk", learner_id)  # type: ignore[arg-type]
