"""Tests for the outsourcing challenges triage (course/models/challenges.py)."""

from __future__ import annotations

import pytest

from course.models.challenges import (
    CHALLENGE_IDS,
    CHALLENGES,
    SYMPTOM_IDS,
    SYMPTOMS,
    diagnose,
    most_likely,
    symptom,
)
from course.models.errors import ModelInputError


def test_the_seven_challenges_of_the_seed_article_are_there():
    """Are the seven challenges present, in the article's order, each with symptoms and fixes?"""
    assert CHALLENGE_IDS == (
        "communication",
        "cultural-differences",
        "data-security",
        "quality-control",
        "change-management",
        "vendor-management",
        "knowledge-transfer",
    )
    for challenge in CHALLENGES:
        assert 3 <= len(challenge.symptoms) <= 5, challenge.id
        assert 3 <= len(challenge.mitigations) <= 5, challenge.id
        assert challenge.why and challenge.source
        assert "Navigating Challenges in IT Outsourcing" in challenge.source


def test_ids_are_unique_kebab_case_and_every_symptom_is_used():
    """Is every id unique and kebab-case, and does every symptom point to some challenge?"""
    assert len(set(SYMPTOM_IDS)) == len(SYMPTOMS)
    assert len(set(CHALLENGE_IDS)) == len(CHALLENGES)
    for item_id in (*SYMPTOM_IDS, *CHALLENGE_IDS):
        assert item_id == item_id.lower() and " " not in item_id and "_" not in item_id
    used = [s for challenge in CHALLENGES for s in challenge.symptoms]
    assert set(used) == set(SYMPTOM_IDS)


def test_some_symptoms_point_to_two_challenges():
    """Are there shared symptoms (the point of triage), none shared by more than two?"""
    counts = {s: sum(s in c.symptoms for c in CHALLENGES) for s in SYMPTOM_IDS}
    shared = sorted(s for s, n in counts.items() if n == 2)
    assert shared == [
        "green-slas-unhappy-users",
        "late-surprises",
        "tension-between-teams",
        "yes-means-maybe",
    ]
    assert max(counts.values()) == 2


def test_one_symptom_points_to_its_challenge():
    """By hand: 'broad-data-access' is one of data security's 3 symptoms: share 1/3."""
    result = diagnose(["broad-data-access"])
    assert [d.challenge.id for d in result] == ["data-security"]
    assert result[0].share == pytest.approx(1 / 3)
    assert result[0].matched == ("broad-data-access",)


def test_a_shared_symptom_points_to_both_challenges_in_share_order():
    """'yes-means-maybe' is 1 of 4 for communication and 1 of 3 for culture: culture first."""
    result = diagnose(["yes-means-maybe"])
    assert [d.challenge.id for d in result] == ["cultural-differences", "communication"]


def test_ties_go_to_more_matches_then_to_the_articles_order():
    """Equal shares: the challenge with more matched symptoms first, then the article's order."""
    # communication 2/4 = 0.5; vendor management 2/4 = 0.5 -> same share, same count: order wins
    result = diagnose(
        ["no-single-contact", "requirements-misread", "disputes-linger", "no-escalation-route"]
    )
    assert [d.challenge.id for d in result[:2]] == ["communication", "vendor-management"]
    # quality 1/3 vs knowledge 1/3, 1 match each: quality comes first in the article
    result = diagnose(["single-expert", "rework-rising"])
    assert [d.challenge.id for d in result] == ["quality-control", "knowledge-transfer"]


def test_several_symptoms_rank_by_share_by_hand():
    """By hand: security 2/3, knowledge 1/3, communication 1/4, vendor management 1/4."""
    result = diagnose(["broad-data-access", "no-security-audit", "single-expert", "late-surprises"])
    assert [d.challenge.id for d in result] == [
        "data-security",
        "knowledge-transfer",
        "communication",
        "vendor-management",
    ]
    assert [d.share for d in result] == pytest.approx([2 / 3, 1 / 3, 1 / 4, 1 / 4])
    assert result[0].matched == ("broad-data-access", "no-security-audit")
    assert result[-1].matched == ("late-surprises",)
    assert result[0].mitigations == result[0].challenge.mitigations


def test_equal_shares_go_to_more_matches_before_the_articles_order():
    """Vendor management 4/4 and quality 3/3 both score 100%: the four matches come first."""
    result = diagnose(
        [
            "rework-rising",
            "no-quality-benchmarks",
            "green-slas-unhappy-users",
            "no-escalation-route",
            "disputes-linger",
            "late-surprises",
        ]
    )
    assert [(d.challenge.id, len(d.matched)) for d in result] == [
        ("vendor-management", 4),
        ("quality-control", 3),
        ("communication", 1),
    ]


def test_nothing_observed_means_nothing_diagnosed_and_repeats_count_once():
    assert diagnose([]) == []
    assert diagnose(["rumours", "rumours"])[0].matched == ("rumours",)


def test_unknown_symptoms_are_refused_with_a_suggestion():
    """Is a mistyped symptom id refused with the closest known id?"""
    with pytest.raises(ModelInputError, match="did you mean 'rumours'") as caught:
        diagnose(["rumors"])
    assert "SYMPTOM_IDS" in str(caught.value)
    with pytest.raises(ModelInputError, match="list of symptom ids"):
        diagnose("rumours")
    with pytest.raises(ModelInputError, match="symptom ids"):
        diagnose([3])
    with pytest.raises(ModelInputError, match="unknown symptom"):
        symptom("budget-overrun")


def test_most_likely_needs_the_same_share_and_the_same_count():
    """Are two challenges with every symptom seen tied only when as many symptoms point to each?

    Communication (4 of 4) outranks cultural differences (3 of 3): the same share, more
    symptoms. Change management (3 of 3) ties with cultural differences."""
    communication = ["requirements-misread", "no-single-contact", "late-surprises"]
    culture = ["silence-in-meetings", "yes-means-maybe", "tension-between-teams"]
    leaders = most_likely(diagnose([*communication, *culture]))
    assert [d.challenge.id for d in leaders] == ["communication"]
    change = ["staff-resisting", "rumours", "tension-between-teams"]
    leaders = most_likely(diagnose([*culture, *change]))
    assert [d.challenge.id for d in leaders] == ["cultural-differences", "change-management"]
    assert most_likely([]) == []
