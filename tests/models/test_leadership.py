"""Tests for the leadership traits and self-assessment (course/models/leadership.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.leadership import (
    STRENGTH_THRESHOLD,
    TRAIT_IDS,
    TRAITS,
    self_assessment,
)
from tests.content.originality import copied_runs, load_fingerprints


def all_rated(value: int = 3, **changes: int) -> dict[str, int]:
    """Every trait rated ``value``, with ``changes`` given by python-style names."""
    ratings = dict.fromkeys(TRAIT_IDS, value)
    for name, rating in changes.items():
        ratings[name.replace("_", "-")] = rating
    return ratings


def test_there_are_ten_traits_with_kebab_case_ids():
    """Are there exactly the ten traits of the source, each with a unique kebab-case id?"""
    assert len(TRAITS) == 10
    assert len(set(TRAIT_IDS)) == 10
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", trait_id) for trait_id in TRAIT_IDS)
    assert all(trait.name and trait.why.endswith(".") for trait in TRAITS)


def test_trait_text_is_not_copied_from_the_seed():
    """Is every trait's name and "why it matters" written in the course's own words?"""
    text = "\n".join(f"{trait.name}. {trait.why}" for trait in TRAITS)
    assert not copied_runs(text, load_fingerprints())


def test_example_assessment():
    """Does a worked example give the mean, the two lowest traits and the strengths by hand?"""
    ratings = all_rated(3, foresight=1, building_trust=2, process_expertise=5, earned_credibility=4)
    result = self_assessment(ratings)
    # 3 x 6 + 1 + 2 + 5 + 4 = 30 over ten traits
    assert result.mean == pytest.approx(3.0)
    assert [trait.id for trait in result.develop_first] == ["foresight", "building-trust"]
    assert [trait.id for trait in result.strengths] == ["earned-credibility", "process-expertise"]
    assert list(result.ratings) == list(TRAIT_IDS)


def test_ties_are_broken_by_trait_order():
    """When several traits share the lowest rating, are the first two in TRAITS order picked?"""
    result = self_assessment(all_rated(2, process_expertise=2, championing_change=4))
    assert [trait.id for trait in result.develop_first] == [
        "earned-credibility",
        "managing-not-doing",
    ]


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", True, None])
def test_a_rating_outside_one_to_five_names_the_trait_and_range(bad):
    """Is a rating that is not a whole number 1-5 refused with the trait and the range named?"""
    with pytest.raises(ModelInputError) as raised:
        self_assessment(all_rated(3, foresight=bad))
    message = str(raised.value)
    assert "'foresight'" in message
    assert "1 to 5" in message


def test_a_missing_trait_is_named():
    """Is a missing rating reported with the trait id that lacks it?"""
    ratings = all_rated(3)
    del ratings["internal-marketing"]
    with pytest.raises(ModelInputError, match="internal-marketing"):
        self_assessment(ratings)


def test_an_unknown_trait_is_named():
    """Is a rating for a trait the course does not know reported by its id?"""
    with pytest.raises(ModelInputError, match="charisma"):
        self_assessment({**all_rated(3), "charisma": 5})


def test_ratings_must_be_a_mapping():
    """Is a list of numbers (no trait ids) refused with a message, not a TypeError?"""
    with pytest.raises(ModelInputError, match="ratings"):
        self_assessment([3] * 10)  # type: ignore[arg-type]


ratings_strategy = st.fixed_dictionaries({trait_id: st.integers(1, 5) for trait_id in TRAIT_IDS})


@given(ratings_strategy)
def test_the_two_picks_are_always_among_the_lowest_ratings(ratings):
    """Is no trait left out of the picks while a higher-rated trait is in them?"""
    result = self_assessment(ratings)
    picked = [trait.id for trait in result.develop_first]
    assert len(picked) == 2 and len(set(picked)) == 2
    highest_pick = max(ratings[trait_id] for trait_id in picked)
    others = [rating for trait_id, rating in ratings.items() if trait_id not in picked]
    assert all(rating >= highest_pick for rating in others)
    assert sorted(ratings.values())[:2] == sorted(ratings[trait_id] for trait_id in picked)


@given(ratings_strategy)
def test_mean_and_strengths_agree_with_the_ratings(ratings):
    """Are the mean and the strengths exactly what the ratings say?"""
    result = self_assessment(ratings)
    assert result.mean == pytest.approx(sum(ratings.values()) / 10)
    assert {trait.id for trait in result.strengths} == {
        trait_id for trait_id, rating in ratings.items() if rating >= STRENGTH_THRESHOLD
    }
