"""Tests for course/models/governance.py: nine-step health check, cadence tiers, RACI."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.governance import (
    NINE_STEPS,
    RULE_BOTH_SIDES,
    RULE_FREQUENCY,
    RULE_ISSUE_LOG,
    RULE_LETTER,
    RULE_MEETS,
    RULE_ONE_ACCOUNTABLE,
    RULE_RESPONSIBLE,
    RULE_TIERS,
    STEP_IDS,
    GovernanceTier,
    default_cadence,
    health_check,
    raci_frame,
    validate_cadence,
    validate_raci,
)

# ---- the nine steps ---------------------------------------------------------------------------


def test_nine_steps_are_in_gartner_order_with_kebab_case_ids() -> None:
    """Are there nine steps numbered 1-9, in the seed's order, each with a unique kebab-case id?"""
    assert [step.number for step in NINE_STEPS] == list(range(1, 10))
    assert STEP_IDS == (
        "assess-situation",
        "improvement-goals",
        "agree-critical-goals",
        "escalation-plan",
        "escalation-executive",
        "review-meetings",
        "issue-list",
        "behaviour-drivers",
        "manage-risks",
    )
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", step_id) for step_id in STEP_IDS)
    assert all(step.title and step.what_good_looks_like for step in NINE_STEPS)


def test_step_texts_do_not_copy_the_seed_headings() -> None:
    """Are the titles the course's own words rather than the seed article's step headings?"""
    seed_headings = {
        "assess the situation",
        "identify goals for the improvement process",
        "achieve agreement on critical goals",
        "escalation plan",
        "escalation executive",
        "review meetings",
        "issue list update",
        "implement behavior drivers",
        "identify and manage risks",
    }
    assert not {step.title.lower() for step in NINE_STEPS} & seed_headings


# ---- health check -----------------------------------------------------------------------------

ALL_FOUR = dict.fromkeys(STEP_IDS, 4)


def test_health_check_matches_the_hand_calculation() -> None:
    """Does an Orion-style check give 75% and list the weakest steps first, ties in step order?"""
    scores = ALL_FOUR | {
        "assess-situation": 3,
        "escalation-executive": 1,
        "issue-list": 1,
        "manage-risks": 2,
    }
    # (5 x 4 + 3 + 1 + 1 + 2) / 36 = 27 / 36 = 75%
    check = health_check(scores)
    assert math.isclose(check.overall_percent, 75.0)
    # 1s first (step 5 before step 7), then the 2 (step 9), then the 3 (step 1); 4s are left out
    assert check.priorities == (
        "escalation-executive",
        "issue-list",
        "manage-risks",
        "assess-situation",
    )
    assert len(check.actions) == 4
    assert check.actions[0].startswith("Step 5, Appoint a client escalation executive")
    assert "1/4" in check.actions[0]
    assert check.scores["issue-list"] == 1


def test_perfect_scores_need_no_action() -> None:
    """Does a relationship scoring 4 on every step reach 100% with no actions?"""
    check = health_check(ALL_FOUR)
    assert check.overall_percent == 100 and check.actions == () and check.priorities == ()


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=9, max_size=9))
def test_priorities_are_sorted_by_score_then_step_order(values: list[int]) -> None:
    """Are actions always ordered by score, ties by step number, with one sentence per step?"""
    check = health_check(dict(zip(STEP_IDS, values, strict=True)))
    order = [(values[STEP_IDS.index(s)], STEP_IDS.index(s)) for s in check.priorities]
    assert order == sorted(order)
    assert set(check.priorities) == {s for s, v in zip(STEP_IDS, values, strict=True) if v < 4}
    assert math.isclose(check.overall_percent, 100 * sum(values) / 36)
    for step_id, action in zip(check.priorities, check.actions, strict=True):
        assert step_id in action


def test_missing_step_is_named() -> None:
    """Is a health check without a score for 'issue-list' refused, naming that step?"""
    scores = dict(ALL_FOUR)
    del scores["issue-list"]
    with pytest.raises(ModelInputError, match="^scores:.*issue-list"):
        health_check(scores)


def test_unknown_step_is_named_with_a_suggestion() -> None:
    """Is a misspelt step id refused, naming it and suggesting the right one?"""
    scores = dict(ALL_FOUR)
    scores["manage-risk"] = scores.pop("manage-risks")
    with pytest.raises(ModelInputError, match="^scores:.*'manage-risk'.*'manage-risks'"):
        health_check(scores)


@pytest.mark.parametrize("value", [5, -1, 2.5, True, "3", None])
def test_scores_outside_zero_to_four_are_refused(value: object) -> None:
    """Is a score that is not a whole number 0-4 refused, naming the step?"""
    with pytest.raises(ModelInputError) as caught:
        health_check(ALL_FOUR | {"review-meetings": value})
    assert caught.value.field == "scores['review-meetings']"


def test_scores_must_be_a_mapping() -> None:
    """Is a list of scores refused with a message naming scores?"""
    with pytest.raises(ModelInputError, match="^scores:"):
        health_check([4] * 9)  # type: ignore[arg-type]


# ---- cadence ----------------------------------------------------------------------------------


def tiers_by_name() -> dict[str, GovernanceTier]:
    return {tier.name: tier for tier in default_cadence()}


def rules_of(tiers: list[GovernanceTier]) -> list[str]:
    return [finding.rule for finding in validate_cadence(tiers)]


def test_default_cadence_passes_and_follows_the_reference_frequencies() -> None:
    """Is the reference calendar valid: monthly operational, quarterly tactical, 2x strategic?"""
    tiers = tiers_by_name()
    assert validate_cadence(default_cadence()) == []
    assert tiers["operational"].meetings_per_year >= 12
    assert tiers["tactical"].meetings_per_year in (4, 12)
    assert tiers["strategic"].meetings_per_year in (2, 4)


def test_missing_tier_is_reported() -> None:
    """Is a calendar without a tactical tier given one 'tiers-present' finding naming it?"""
    tiers = tiers_by_name()
    findings = validate_cadence([tiers["operational"], tiers["strategic"]])
    assert [(f.rule, f.field) for f in findings] == [(RULE_TIERS, "tactical")]


def test_duplicated_tier_is_reported() -> None:
    """Is a tier that appears twice reported as 'tiers-present'?"""
    assert rules_of([*default_cadence(), tiers_by_name()["strategic"]]) == [RULE_TIERS]


def test_tier_without_provider_is_reported() -> None:
    """Does a tactical tier with nobody from the provider get a 'both-sides-attend' finding?"""
    tiers = tiers_by_name()
    tiers["tactical"] = replace(tiers["tactical"], provider_attendees=())
    findings = validate_cadence(list(tiers.values()))
    assert [(f.rule, f.field) for f in findings] == [
        (RULE_BOTH_SIDES, "tactical.provider_attendees")
    ]


def test_strategic_meeting_more_often_than_tactical_is_reported() -> None:
    """Is a strategic tier meeting 6 times a year above a quarterly tactical tier reported?"""
    tiers = tiers_by_name()
    tiers["strategic"] = replace(tiers["strategic"], meetings_per_year=6)
    findings = validate_cadence(list(tiers.values()))
    assert [(f.rule, f.field) for f in findings] == [
        (RULE_FREQUENCY, "strategic.meetings_per_year")
    ]
    assert "6" in findings[0].message and "tactical" in findings[0].message


def test_tiers_meeting_equally_often_are_allowed() -> None:
    """Is a strategic tier meeting quarterly, as often as the tactical tier, accepted?"""
    tiers = tiers_by_name()
    tiers["strategic"] = replace(tiers["strategic"], meetings_per_year=4)
    assert validate_cadence(list(tiers.values())) == []


def test_operational_tier_without_issue_log_is_reported() -> None:
    """Is an operational tier that does not read the issue log reported (Gartner steps 6-7)?"""
    tiers = tiers_by_name()
    tiers["operational"] = replace(tiers["operational"], inputs=("monthly SLA report",))
    assert rules_of(list(tiers.values())) == [RULE_ISSUE_LOG]


def test_issue_list_wording_counts_as_the_issue_log() -> None:
    """Does 'Updated Issue List' count as the issue log input?"""
    tiers = tiers_by_name()
    tiers["operational"] = replace(tiers["operational"], inputs=("Updated Issue List",))
    assert validate_cadence(list(tiers.values())) == []


def test_tier_that_never_meets_is_reported() -> None:
    """Is a strategic tier with 0 meetings a year reported as 'meets-regularly'?"""
    tiers = tiers_by_name()
    tiers["strategic"] = replace(tiers["strategic"], meetings_per_year=0)
    assert rules_of(list(tiers.values())) == [RULE_MEETS]


def test_tier_names_and_single_texts_are_normalised() -> None:
    """Is ' Strategic ' read as strategic and a single attendee text as a one-item list?"""
    tier = GovernanceTier(" Strategic ", "CIO", ["Sponsor", " "], 2, ())
    assert tier.name == "strategic"
    assert tier.client_attendees == ("CIO",)
    assert tier.provider_attendees == ("Sponsor",)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("executive", ("CIO",), ("VP",), 2, ()), "name"),
        (("strategic", ("CIO",), ("VP",), -1, ()), "strategic.meetings_per_year"),
        (("strategic", ("CIO",), ("VP",), 2.5, ()), "strategic.meetings_per_year"),
        (("strategic", ("CIO",), ("VP",), True, ()), "strategic.meetings_per_year"),
        (("strategic", (1,), ("VP",), 2, ()), "strategic.client_attendees"),
        (("strategic", ("CIO",), None, 2, ()), "strategic.provider_attendees"),
        (("strategic", ("CIO",), ("VP",), 2, 5), "strategic.inputs"),
    ],
)
def test_invalid_tiers_name_the_field(args: tuple[object, ...], field: str) -> None:
    """Is a tier with a wrong type or unknown name refused, naming the field?"""
    with pytest.raises(ModelInputError) as caught:
        GovernanceTier(*args)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(("tiers", "field"), [("tiers", "tiers"), ([{"name": "x"}], "tiers[0]")])
def test_validate_cadence_refuses_other_objects(tiers: object, field: str) -> None:
    """Is a calendar that is not a list of tiers refused, naming where?"""
    with pytest.raises(ModelInputError) as caught:
        validate_cadence(tiers)  # type: ignore[arg-type]
    assert caught.value.field == field


CADENCE_RULES = [RULE_TIERS, RULE_BOTH_SIDES, RULE_FREQUENCY, RULE_ISSUE_LOG, RULE_MEETS]


@st.composite
def cadence_with_one_rule_broken(draw: st.DrawFn) -> tuple[str, list[GovernanceTier]]:
    rule = draw(st.sampled_from(CADENCE_RULES))
    tiers = tiers_by_name()
    name = draw(st.sampled_from(["operational", "tactical", "strategic"]))
    if rule == RULE_TIERS:
        if draw(st.booleans()):
            del tiers[name]  # the two left keep their frequency order (12 >= 4 >= 2)
            return rule, list(tiers.values())
        return rule, [*tiers.values(), tiers[name]]
    if rule == RULE_BOTH_SIDES:
        side = draw(st.sampled_from(["client_attendees", "provider_attendees"]))
        tiers[name] = replace(tiers[name], **{side: ()})
    elif rule == RULE_FREQUENCY:
        lower, upper = draw(
            st.sampled_from([("operational", "tactical"), ("tactical", "strategic")])
        )
        above = tiers[lower].meetings_per_year + draw(st.integers(1, 40))
        tiers[upper] = replace(tiers[upper], meetings_per_year=above)  # only this pair breaks
    elif rule == RULE_ISSUE_LOG:
        inputs = draw(st.lists(st.sampled_from(["SLA report", "change requests", "risk log"])))
        tiers["operational"] = replace(tiers["operational"], inputs=tuple(inputs))
    else:  # the top tier, so that 0 meetings does not also break the frequency order
        tiers["strategic"] = replace(tiers["strategic"], meetings_per_year=0)
    return rule, list(tiers.values())


@given(cadence_with_one_rule_broken())
def test_reference_cadence_with_one_rule_broken_yields_that_rule_only(
    case: tuple[str, list[GovernanceTier]],
) -> None:
    """Does the reference calendar with one rule broken yield findings of exactly that rule?"""
    rule, tiers = case
    assert {finding.rule for finding in validate_cadence(tiers)} == {rule}


# ---- RACI -------------------------------------------------------------------------------------

# Zenith Software (docs/evidence.md, Case 6) with its two planted errors.
ZENITH = {
    "approve hotfix release": {"Product owner": "A", "Release manager": "A", "Pune QA lead": "R"},
    "customer RCA": {"Support lead": "A", "Pune QA lead": "C", "Account manager": "I"},
    "incident triage": {"Support lead": "A", "Pune QA lead": "R", "Product owner": "i"},
}


def test_zenith_planted_errors_are_found() -> None:
    """Are the two A's on hotfix approval and the missing R on the RCA found, and nothing else?"""
    findings = validate_raci(ZENITH)
    assert [(f.rule, f.field) for f in findings] == [
        (RULE_ONE_ACCOUNTABLE, "approve hotfix release"),
        (RULE_RESPONSIBLE, "customer RCA"),
    ]
    assert "Product owner" in findings[0].message and "Release manager" in findings[0].message


def test_activity_without_accountable_is_reported() -> None:
    """Is an activity with R but no A reported as 'one-accountable'?"""
    findings = validate_raci({"patching": {"Provider ops": "R", "CISO": "C"}})
    assert [f.rule for f in findings] == [RULE_ONE_ACCOUNTABLE]
    assert "no A" in findings[0].message


@pytest.mark.parametrize("cell", ["A/R", "RA", "X", "responsible", 1])
def test_invalid_letters_name_activity_and_role(cell: object) -> None:
    """Is a cell that is not one of R, A, C, I reported, naming the activity and the role?"""
    matrix = {"patching": {"CISO": "A", "Provider ops": "R", "Service owner": cell}}
    findings = validate_raci(matrix)
    assert [(f.rule, f.field) for f in findings] == [(RULE_LETTER, "patching / Service owner")]


def test_blank_none_and_nan_cells_mean_not_involved() -> None:
    """Are '', None and NaN (as from a DataFrame) read as empty cells, not as errors?"""
    matrix = {"patching": {"CISO": "A", "Provider ops": " r ", "A": "", "B": None, "C": math.nan}}
    assert validate_raci(matrix) == []


def test_raci_frame_has_activities_as_rows_and_roles_as_columns() -> None:
    """Does the RACI table have one row per activity, roles in first-seen order, blanks as ''?"""
    frame = raci_frame(ZENITH)
    assert list(frame.index) == list(ZENITH)
    assert list(frame.columns) == [
        "Product owner",
        "Release manager",
        "Pune QA lead",
        "Support lead",
        "Account manager",
    ]
    assert frame.loc["customer RCA", "Product owner"] == ""
    assert frame.loc["incident triage", "Product owner"] == "i"


@pytest.mark.parametrize(
    ("matrix", "field"),
    [
        ([("patching", {"CISO": "A"})], "matrix"),
        ({}, "matrix"),
        ({"patching": "A"}, "matrix['patching']"),
        ({"": {"CISO": "A"}}, "matrix activity"),
        ({"patching": {3: "A"}}, "matrix['patching'] role"),
    ],
)
def test_invalid_matrices_name_the_field(matrix: object, field: str) -> None:
    """Is a matrix of the wrong shape refused, naming where?"""
    with pytest.raises(ModelInputError) as caught:
        validate_raci(matrix)  # type: ignore[arg-type]
    assert caught.value.field == field


role_names = st.sampled_from(["CIO", "VMO", "Provider lead", "Service owner", "CISO", "QA"])


@st.composite
def valid_raci_rows(draw: st.DrawFn) -> dict[str, str]:
    roles = draw(st.lists(role_names, min_size=2, max_size=6, unique=True))
    accountable, *others = roles
    responsible = draw(st.lists(st.sampled_from(others), min_size=1, unique=True))
    row = {accountable: draw(st.sampled_from(["A", "a", " A "]))}
    for role in others:
        row[role] = "R" if role in responsible else draw(st.sampled_from(["R", "C", "I", "", None]))
    return row


@given(
    st.dictionaries(
        st.sampled_from(["patching", "release", "RCA", "backup"]), valid_raci_rows(), min_size=1
    )
)
def test_one_accountable_and_a_responsible_per_activity_gives_no_findings(
    matrix: dict[str, dict[str, str]],
) -> None:
    """Does a RACI with exactly one A and at least one R per activity yield no findings?"""
    assert validate_raci(matrix) == []


@given(valid_raci_rows(), st.data())
def test_a_second_accountable_is_always_caught(row: dict[str, str], data: st.DataObject) -> None:
    """Does turning any other role into a second A yield exactly one 'one-accountable' finding?"""
    others = [role for role, cell in row.items() if (cell or "").strip().upper() != "A"]
    extra = data.draw(st.sampled_from(others))
    row = row | {extra: "A"}
    findings = validate_raci({"release": row})
    if any((cell or "").strip().upper() == "R" for cell in row.values()):
        assert [f.rule for f in findings] == [RULE_ONE_ACCOUNTABLE]
    else:
        assert [f.rule for f in findings] == [RULE_ONE_ACCOUNTABLE, RULE_RESPONSIBLE]
