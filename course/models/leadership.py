"""The ten traits of an outsourcing leader and a self-assessment against them.

Why: leading outsourced work is mostly done through other people, in two organisations at once,
so the skills that matter are not the ones that made someone a good engineer. The trait list
follows "How to Lead an Outsourcing Project" (Business Development Group, 2011, seed 002); the
wording of every trait here is the course's own. A self-assessment turns the list into a plan:
rate yourself 1-5 on each trait and start developing where you are weakest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from course.models.errors import ModelInputError

RATING_RANGE = (1, 5)
"""Ratings are whole numbers on this scale: 1 = rarely shown, 5 = a model for others."""

STRENGTH_THRESHOLD = 4
"""A rating at or above this counts as a strength (course convention: "often" or better)."""

DEVELOP_COUNT = 2
"""How many traits the assessment proposes to develop first: two keeps a plan doable."""


@dataclass(frozen=True)
class Trait:
    """One leadership trait: a stable kebab-case id, a short name and why it matters."""

    id: str
    name: str
    why: str


TRAITS: tuple[Trait, ...] = (
    Trait(
        "championing-change",
        "Championing change",
        "Handing work to a provider changes jobs and habits, and colleagues only follow when a "
        "visible leader argues for the change and stays with it through the awkward months.",
    ),
    Trait(
        "earned-credibility",
        "Earned credibility",
        "People accept a hard sourcing decision from someone whose past results they already "
        "rely on, far more readily than from a title on an org chart.",
    ),
    Trait(
        "managing-not-doing",
        "Managing, not doing",
        "Dictating how the provider works pays for its expertise and then switches it off; set "
        "the outcomes and let the provider choose the method.",
    ),
    Trait(
        "building-trust",
        "Building trust",
        "Fair, consistent and open decisions let both organisations raise problems early instead "
        "of hiding them until they turn into escalations.",
    ),
    Trait(
        "listening-first-communication",
        "Communication, listening first",
        "Messages must reach staff, sponsors and the provider in many forms, and hearing everyone "
        "out before deciding catches the mistakes one point of view would miss.",
    ),
    Trait(
        "mutual-value-negotiation",
        "Negotiation for value on both sides",
        "Squeezing a provider below a workable margin is repaid later in turnover and cut "
        "corners, so aim for terms that both organisations can keep for years.",
    ),
    Trait(
        "foresight",
        "Foresight",
        "Asking what each decision will mean in a year or two, and saying so to your own side "
        "and the provider, avoids clauses and shortcuts that trap everyone later.",
    ),
    Trait(
        "cross-team-management",
        "Project and team management across both organisations",
        "Client specialists and provider staff have to work as one team, with shared priorities "
        "and credit given to individuals on both sides.",
    ),
    Trait(
        "internal-marketing",
        "Marketing the programme internally",
        "Support for the programme fades unless you keep showing each stakeholder what it "
        "delivers for them and answer objections in the open.",
    ),
    Trait(
        "process-expertise",
        "Process expertise",
        "Knowing the process being handed over lets you judge proposals, see the real risks and "
        "tell a genuine improvement from a cosmetic one.",
    ),
)
"""The ten traits, in the order of the source article (seed 002)."""

TRAIT_IDS: tuple[str, ...] = tuple(trait.id for trait in TRAITS)
TRAITS_BY_ID: Mapping[str, Trait] = MappingProxyType({trait.id: trait for trait in TRAITS})


@dataclass(frozen=True)
class SelfAssessment:
    """The result of rating yourself on every trait.

    ``ratings`` is in ``TRAITS`` order. ``develop_first`` holds the ``DEVELOP_COUNT`` lowest-rated
    traits (see ``self_assessment`` for ties); ``strengths`` every trait rated
    ``STRENGTH_THRESHOLD`` or more, in ``TRAITS`` order.
    """

    ratings: Mapping[str, int]
    mean: float
    develop_first: tuple[Trait, ...]
    strengths: tuple[Trait, ...]


def self_assessment(ratings: Mapping[str, int]) -> SelfAssessment:
    """Summarise a 1-5 rating per trait: the mean, the traits to develop first, the strengths.

    The traits to develop first are the lowest-rated ones. Ties are broken by ``TRAITS`` order
    (the source article's order): not because earlier traits matter more, but so that the same
    ratings always give the same advice in the lesson, the widget and the grader. A learner who
    disagrees with the pick can read the tied traits in ``ratings``.

    Raises ``ModelInputError`` naming the trait when a rating is missing, unknown, not a whole
    number or outside 1-5.
    """
    checked = _check_ratings(ratings)
    ordered = sorted(TRAITS, key=lambda trait: (checked[trait.id], TRAIT_IDS.index(trait.id)))
    strengths = tuple(trait for trait in TRAITS if checked[trait.id] >= STRENGTH_THRESHOLD)
    return SelfAssessment(
        ratings=MappingProxyType(checked),
        mean=sum(checked.values()) / len(checked),
        develop_first=tuple(ordered[:DEVELOP_COUNT]),
        strengths=strengths,
    )


def _check_ratings(ratings: object) -> dict[str, int]:
    low, high = RATING_RANGE
    allowed_ids = ", ".join(TRAIT_IDS)
    if not isinstance(ratings, Mapping):
        raise ModelInputError(
            "ratings", f"expected a mapping of trait id to rating, got {ratings!r}", allowed_ids
        )
    unknown = [str(key) for key in ratings if key not in TRAITS_BY_ID]
    if unknown:
        raise ModelInputError("ratings", f"unknown trait id(s): {', '.join(unknown)}", allowed_ids)
    missing = [trait_id for trait_id in TRAIT_IDS if trait_id not in ratings]
    if missing:
        raise ModelInputError(
            "ratings", f"no rating for: {', '.join(missing)}", f"one rating {low}-{high} per trait"
        )
    checked: dict[str, int] = {}
    for trait_id in TRAIT_IDS:
        value = ratings[trait_id]
        field = f"rating of {trait_id!r}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise ModelInputError(
                field, f"expected a whole number, got {value!r}", f"{low} to {high}"
            )
        if not low <= value <= high:
            raise ModelInputError(field, f"{value} is out of range", f"{low} to {high}")
        checked[trait_id] = value
    return checked


# --- gaps against what the role needs (a 360-style review) -----------------------------------


@dataclass(frozen=True)
class TraitGap:
    """One trait in a review: how the leader is rated, what the role needs, how much it matters.

    ``gap`` is signed (needed minus rated): a negative gap is a trait already above what the
    role needs, a strength and not a development need. ``weighted_gap`` is ``importance x gap``.
    """

    trait: Trait
    rating: float
    expected: float
    importance: float
    gap: float
    weighted_gap: float


def development_gaps(
    ratings: Mapping[str, float],
    expected: Mapping[str, float],
    importance: Mapping[str, float],
) -> tuple[TraitGap, ...]:
    """Each trait's signed gap (expected minus rating) weighted by its importance, in ``TRAITS``
    order.

    Why weighted and signed: a gap on a trait that matters little now is a poorer use of the
    next six months than a smaller gap on one that matters a lot, and a trait rated above what
    the role needs has nothing to close. Ratings and expectations are on ``RATING_RANGE`` (a
    mean of several colleagues' ratings may have decimals); importance is zero or more points.
    Raises ``ModelInputError`` naming the trait and the table of a bad value.
    """
    low, high = RATING_RANGE
    rated = _numbers_by_trait(ratings, "ratings", low, high)
    needed = _numbers_by_trait(expected, "expected", low, high)
    weights = _numbers_by_trait(importance, "importance", 0, None)
    return tuple(
        TraitGap(
            trait=trait,
            rating=rated[trait.id],
            expected=needed[trait.id],
            importance=weights[trait.id],
            gap=needed[trait.id] - rated[trait.id],
            weighted_gap=weights[trait.id] * (needed[trait.id] - rated[trait.id]),
        )
        for trait in TRAITS
    )


def develop_first_by_gap(gaps: tuple[TraitGap, ...]) -> tuple[Trait, ...]:
    """The ``DEVELOP_COUNT`` traits with the largest positive weighted gaps, largest first.

    Ties go to the trait earlier in ``TRAITS``, as in ``self_assessment``; a trait whose weighted
    gap is zero or less is never proposed, so fewer than two may come back.
    """
    ordered = sorted(
        (g for g in gaps if g.weighted_gap > 0),
        key=lambda g: (-g.weighted_gap, TRAIT_IDS.index(g.trait.id)),
    )
    return tuple(g.trait for g in ordered[:DEVELOP_COUNT])


def _numbers_by_trait(
    values: object, table: str, low: float, high: float | None
) -> dict[str, float]:
    allowed_ids = ", ".join(TRAIT_IDS)
    if not isinstance(values, Mapping):
        raise ModelInputError(
            table, f"expected a mapping of trait id to number, got {values!r}", allowed_ids
        )
    unknown = [str(key) for key in values if key not in TRAITS_BY_ID]
    missing = [trait_id for trait_id in TRAIT_IDS if trait_id not in values]
    if unknown or missing:
        problem = (
            f"unknown trait id(s): {', '.join(unknown)}"
            if unknown
            else (f"no value for: {', '.join(missing)}")
        )
        raise ModelInputError(table, problem, f"one number per trait: {allowed_ids}")
    checked: dict[str, float] = {}
    for trait_id in TRAIT_IDS:
        value = values[trait_id]
        field = f"{table} of {trait_id!r}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ModelInputError(field, f"expected a number, got {value!r}", "e.g. 3.5")
        if value < low or (high is not None and value > high):
            span = f"{low:g} to {high:g}" if high is not None else f"{low:g} or more"
            raise ModelInputError(field, f"{value:g} is out of range", span)
        checked[trait_id] = float(value)
    return checked
