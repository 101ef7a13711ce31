"""Leadership judgement: scenarios from an outsourcing programme and a review of its leader
(``models.leadership``).

A case holds a pool of scenarios, each with one strong response and three weak ones, and a
360-style review table (colleagues' mean rating, the level the role needs and importance points
per trait). A variant asks about a few scenarios drawn from the pool, in its own order, with the
responses in their own order (lettered A, B, C, D), and moves the review's ratings and importance
points; it keeps a unique pair of traits to develop first, clear of near-ties, and different from
the pair each typical mistake would give. The plain view is what "Leadership judgement" shows
under ``case``: it carries the letters and texts but never which response is the strong one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import Draw, round_to
from course.cases.source import Source, allow_case_keys, common_fields, frozen, require_unique
from course.models.leadership import (
    RATING_RANGE,
    TRAIT_IDS,
    TRAITS_BY_ID,
    TraitGap,
    develop_first_by_gap,
    development_gaps,
)

STRONG = "strong"
"""The label of the response a strong leader takes."""

CONTROL_MISTAKES = ("over-prescriptive", "hands-off")
"""Every scenario offers both ways of getting control wrong: dictating how the provider works
(micromanagement) and giving control up (abdication)."""

OTHER_MISTAKES = ("doing-the-work", "punitive", "announcing", "short-term", "overselling")
"""The fourth response of a scenario is one of these typical mistakes."""

LETTERS = ("A", "B", "C", "D")
"""How a learner names the responses, in the order shown."""


@dataclass(frozen=True)
class Scenario:
    """One moment in the programme: what happened, the trait the strong response shows, and the
    four responses by label (``strong``, both control mistakes and one of ``OTHER_MISTAKES``), in
    the order the base case shows them."""

    scenario_id: str
    trait: str
    situation: str
    responses: Mapping[str, str]


@dataclass(frozen=True)
class LeadershipCase(Case):
    """Scenarios to judge and a review to read (feeds ``course.models.leadership``).

    ``asked`` holds the ids of the scenarios this case asks about, in order; ``option_orders``
    each asked scenario's response labels in the order shown as A, B, C, D. The review maps
    each trait id to its mean rating, the level the role needs and its importance points.
    """

    kind: ClassVar[str] = "leadership"

    provider: str
    scenarios: tuple[Scenario, ...]
    asked: tuple[str, ...]
    option_orders: Mapping[str, tuple[str, ...]]
    ratings: Mapping[str, float]
    expected: Mapping[str, float]
    importance: Mapping[str, float]

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with ``scenario_id``."""
        for scenario in self.scenarios:
            if scenario.scenario_id == scenario_id:
                return scenario
        raise KeyError(f"no scenario {scenario_id!r}")

    def gaps(self) -> tuple[TraitGap, ...]:
        """Each trait's signed and weighted gap, from the model."""
        return development_gaps(self.ratings, self.expected, self.importance)

    def strong_letters(self) -> dict[str, str]:
        """Asked scenario id -> the letter of its strong response."""
        return {sid: LETTERS[self.option_orders[sid].index(STRONG)] for sid in self.asked}

    def validate(self) -> None:
        self.gaps()


# --- reading case files ----------------------------------------------------------------------


def parse_leadership(source: Source) -> LeadershipCase:
    """Scenarios and how many to ask from case.yml; the review from its table."""
    main = source.main
    allow_case_keys(main, "provider scenarios_asked scenarios review")
    scenarios = []
    for item in main.sections("scenarios", label="id"):
        item.reject_unknown(("id", "trait", "situation", "responses"))
        responses = item.section("responses")
        labels = [str(label) for label in responses.data]
        others = [label for label in labels if label not in (STRONG, *CONTROL_MISTAKES)]
        if (
            sorted(set(labels) - set(others)) != sorted((STRONG, *CONTROL_MISTAKES))
            or len(others) != 1
            or others[0] not in OTHER_MISTAKES
        ):
            item.fail(
                "responses",
                f"expected four responses labelled {STRONG}, {', '.join(CONTROL_MISTAKES)} and "
                f"one of {', '.join(OTHER_MISTAKES)}; got {', '.join(labels)}",
                "label every response once",
            )
        scenarios.append(
            Scenario(
                scenario_id=item.text("id"),
                trait=item.choice("trait", TRAIT_IDS),
                situation=" ".join(item.text("situation").split()),
                responses=frozen(
                    {label: " ".join(responses.text(label).split()) for label in labels}
                ),
            )
        )
    require_unique(main, "scenarios", [s.scenario_id for s in scenarios])
    asked = main.integer("scenarios_asked", 1, len(scenarios))
    table = source.table(main, "review")
    table.require_columns(("trait", "rating", "expected", "importance"))
    low, high = RATING_RANGE
    rows = {row.choice("trait", TRAIT_IDS): row for row in table.rows}
    require_unique(main, "review", [row.text("trait") for row in table.rows], file=table.file)
    missing = [trait for trait in TRAIT_IDS if trait not in rows]
    if missing:
        main.fail("review", f"{table.file} has no row for {', '.join(missing)}", "one row a trait")
    return LeadershipCase(
        **common_fields(source),
        provider=main.text("provider"),
        scenarios=tuple(scenarios),
        asked=tuple(s.scenario_id for s in scenarios[:asked]),
        option_orders=frozen({s.scenario_id: tuple(s.responses) for s in scenarios[:asked]}),
        ratings=frozen({t: rows[t].number("rating", low, high) for t in TRAIT_IDS}),
        expected=frozen({t: rows[t].number("expected", low, high) for t in TRAIT_IDS}),
        importance=frozen({t: rows[t].number("importance", 0) for t in TRAIT_IDS}),
    )


# --- variants --------------------------------------------------------------------------------

RATING_STEP = 0.1
RATING_SPREAD = 3
"""A mean rating moves by up to three tenths either way: within what one colleague's changed
mind does to a mean of six ratings."""


def _shuffled(items: tuple[str, ...], draw: Draw) -> tuple[str, ...]:
    pool, result = list(items), []
    while pool:
        result.append(pool.pop(draw.integer(0, len(pool) - 1)))
    return tuple(result)


def perturb_leadership(case: LeadershipCase, draw: Draw) -> LeadershipCase:
    """Which scenarios are asked and in what order, each one's response order, mean ratings
    +/-0.3 and importance points +/-1 (1-5). The level the role needs stays: it is the
    steering group's statement of the role, not a measurement."""
    low, high = RATING_RANGE
    pool = _shuffled(tuple(s.scenario_id for s in case.scenarios), draw)
    asked = pool[: len(case.asked)]
    orders = {sid: _shuffled(tuple(case.scenario(sid).responses), draw) for sid in asked}
    ratings = {
        trait: min(
            high,
            max(
                low,
                round_to(
                    rating + RATING_STEP * draw.integer(-RATING_SPREAD, RATING_SPREAD), RATING_STEP
                ),
            ),
        )
        for trait, rating in case.ratings.items()
    }
    importance = {
        trait: float(draw.nudged(int(points), 1, 5)) for trait, points in case.importance.items()
    }
    return dataclasses.replace(
        case,
        asked=asked,
        option_orders=frozen(orders),
        ratings=frozen(ratings),
        importance=frozen(importance),
    )


# --- what a variant keeps --------------------------------------------------------------------

CUT_GAP = 0.5
"""The second trait to develop leads the third by at least this much weighted gap."""

ORDER_GAP = 0.3
"""The first trait to develop leads the second by at least this much (the answer is ordered)."""


Row = Mapping[str, float]
"""One trait's line of the review: ``rating``, ``expected`` and ``importance``."""

MISTAKEN_RULES: dict[str, Callable[[Row], float]] = {
    "unweighted": lambda r: r["expected"] - r["rating"],
    "absolute": lambda r: r["importance"] * abs(r["expected"] - r["rating"]),
    "lowest-rated": lambda r: -r["rating"],
    "highest-rated": lambda r: r["rating"],
    "reversed": lambda r: r["importance"] * (r["rating"] - r["expected"]),
    "most-important": lambda r: r["importance"],
}
"""What each typical mistake ranks the traits by (the right rule is ``development_gaps``): gaps
without their weights or their sign, or the wrong way round; ratings or importance alone."""


def mistaken_pick(review: Mapping[str, Row], rule: str) -> frozenset[str]:
    """The two traits ``MISTAKEN_RULES[rule]`` ranks first (ties by ``TRAITS`` order); a variant
    keeps each apart from the right pair, so each mistake is recognisable and loses marks."""
    score = {t: MISTAKEN_RULES[rule](review[t]) for t in TRAIT_IDS}
    return frozenset(sorted(TRAIT_IDS, key=lambda t: (-score[t], TRAIT_IDS.index(t)))[:2])


def _leadership_story(case: LeadershipCase) -> Hashable:
    """The scenario pool, how many are asked, and the traits rated above what the role needs
    with the most importance (the strength an absolute gap would mistake for a need)."""
    above = frozenset(t for t in TRAIT_IDS if case.ratings[t] > case.expected[t])
    return tuple(s.scenario_id for s in case.scenarios), len(case.asked), above


def _leadership_well_defined(case: LeadershipCase) -> bool:
    gaps = sorted((g.weighted_gap for g in case.gaps()), reverse=True)
    if gaps[1] <= 0 or gaps[1] - gaps[2] < CUT_GAP or gaps[0] - gaps[1] < ORDER_GAP:
        return False
    right = frozenset(t.id for t in develop_first_by_gap(case.gaps()))
    review = _review(case)
    if any(mistaken_pick(review, rule) == right for rule in MISTAKEN_RULES):
        return False
    letters = case.strong_letters().values()
    return len(set(letters)) >= 2  # "the same letter every time" must never be the answer


def _review(case: LeadershipCase) -> dict[str, dict[str, float]]:
    return {
        t: {
            "rating": float(case.ratings[t]),
            "expected": float(case.expected[t]),
            "importance": float(case.importance[t]),
        }
        for t in TRAIT_IDS
    }


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass(frozen=True)
class LeadershipView:
    """A case as plain data: the scenarios to judge (responses by letter) and the review."""

    learner_id: str
    company: str
    provider: str
    scenarios: list[dict]  # {"id", "situation", "options": {letter: response text}}, in order
    review: dict[str, dict[str, float]]  # trait id -> {"rating", "expected", "importance"}
    trait_names: dict[str, str]  # trait id -> the lesson's name for it

    @property
    def scenario_ids(self) -> list[str]:
        return [scenario["id"] for scenario in self.scenarios]


def plain_view(case: LeadershipCase, learner_id: str) -> LeadershipView:
    """``case`` as the plain data the exercise shows; which response is strong is not in it."""
    scenarios = []
    for sid in case.asked:
        scenario = case.scenario(sid)
        options = {
            letter: scenario.responses[label]
            for letter, label in zip(LETTERS, case.option_orders[sid], strict=True)
        }
        scenarios.append({"id": sid, "situation": scenario.situation, "options": options})
    return LeadershipView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        scenarios=scenarios,
        review=_review(case),
        trait_names={t: TRAITS_BY_ID[t].name for t in TRAIT_IDS},
    )


@dataclass(frozen=True)
class AnswerKey:
    """A learner's view with what the view leaves out, for the checks: each response's label and
    the trait each scenario's strong response shows."""

    view: LeadershipView
    labels: dict[str, dict[str, str]]  # scenario id -> letter -> label
    traits: dict[str, str]  # scenario id -> trait id

    def strong(self, sid: str) -> str:
        """The letter of the strong response of scenario ``sid``."""
        return next(letter for letter, label in self.labels[sid].items() if label == STRONG)


def answer_key(case: LeadershipCase, learner_id: str) -> AnswerKey:
    """``case``'s plain view with its key."""
    labels = {s: dict(zip(LETTERS, case.option_orders[s], strict=True)) for s in case.asked}
    traits = {s: case.scenario(s).trait for s in case.asked}
    return AnswerKey(plain_view(case, learner_id), labels, traits)


KIND = CaseKind(
    LeadershipCase,
    parse=parse_leadership,
    perturb=perturb_leadership,
    story=_leadership_story,
    well_defined=_leadership_well_defined,
    plain_view=plain_view,
)
