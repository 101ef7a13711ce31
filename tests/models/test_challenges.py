"""Tests for the outsourcing challenges triage (course/models/challenges.py)."""

from __future__ import annotations

import pytest

from course.models.challenges import CHALLENGE_IDS, CHALLENGES, SYMPTOM_IDS, SYMPTOMS, diagnose
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
        assert len(challenge.symptoms) >= 3
        assert len(challenge.mitigations) >= 3
    assert len(set(SYMPTOM_IDS)) == len(SYMPTOMS)


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


def test_nothing_observed_means_nothing_diagnosed_and_repeats_count_once():
    assert diagnose([]) == []
    assert diagnose(["rumours", "rumours"])[0].matched == ("rumours",)


def test_unknown_symptoms_are_refused_with_a_suggestion():
    """Is a mistyped symptom id refused with the closest known id?"""
    with pytest.raises(ModelInputError, match="rumours"):
        diagnose(["rumors"])
    with pytest.raises(ModelInputError, match="list of symptom ids"):
        diagnose("rumours")
