"""Checks for the exercise "Leadership judgement" (case: kestrel-leadership-review).

Parts 1-4 judge one scenario each: the strong response's letter, then its trait; a weak response
is named by its label. Part 5 reads the review with ``course.models.leadership``; each typical
mistake gives its own gaps or pair (kept apart by the variants). Copied answers are named.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache, partial

from autograder.checks.detect import Misconception, all_close, diagnose, different_variant, judge
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_name, expect_names, expect_numbers_by_key
from autograder.checks.views import BASE, PUBLISHED, learner_view
from course.cases import load_case, variant
from course.cases.kinds.leadership import (
    LETTERS,
    MISTAKEN_RULES,
    AnswerKey,
    LeadershipView,
    answer_key,
    mistaken_pick,
)
from course.models.leadership import TRAIT_IDS, TRAITS_BY_ID, develop_first_by_gap, development_gaps

EXERCISE_ID = "leadership-judgement"
CASE_ID = "kestrel-leadership-review"
LESSON = "modules/02-leading-outsourcing/lesson.ipynb"
TOLERANCE = 0.005
ROW = ("rating", "expected", "importance")

exercise_case = partial(learner_view, CASE_ID)


@cache
def _judged(learner_id: str) -> AnswerKey:
    case = load_case(CASE_ID) if learner_id == PUBLISHED else variant(CASE_ID, learner_id)
    return answer_key(case, learner_id)


def judged_case(learner_id: str) -> AnswerKey:
    """The learner's variant with its key (a fresh copy: views hold mutable dicts)."""
    return copy.deepcopy(_judged(learner_id))


def copied_from(case: AnswerKey) -> list[AnswerKey]:
    """The cases a learner may have copied from: the lesson's base case and a classmate's."""
    others = [_judged(PUBLISHED)]
    return others + ([_judged(BASE)] if case.view.learner_id != BASE else [])


checks = ExerciseChecks(CASE_ID, LESSON, case_for=judged_case)

# --- Parts 1-4: the scenarios --------------------------------------------------------------

JUDGING = "Judging a leadership moment"
SCENARIOS_ASKED = 4


def expect_entry(answer: Plain, case: AnswerKey, sid: str) -> dict:
    """``judgements`` is a dict by scenario id; the entry for ``sid`` names a letter and a trait."""
    example = f"judgements = {{{sid!r}: {{'response': 'B', 'trait': 'foresight'}}, ...}}"
    if type(answer) is not dict:
        raise ShapeProblem(f"judgements should be a dict by scenario id. For example: {example}")
    foreign = sorted(set(answer) - set(case.view.scenario_ids))
    if foreign:
        raise ShapeProblem(
            f"judgements names {', '.join(map(repr, foreign))}, not among your scenarios: these "
            "answers fit a different variant of the case, not yours. Judge the scenarios shown "
            "under `case` (case.scenarios)."
        )
    entry = answer.get(sid)
    if type(entry) is not dict or set(entry) != {"response", "trait"}:
        raise ShapeProblem(
            f"judgements[{sid!r}] should be a dict with 'response' and 'trait'. "
            f"For example: {example}"
        )
    expect_name(entry["response"], LETTERS, f"judgements[{sid!r}]['response']")
    trait = entry["trait"]
    if type(trait) is not str or trait not in TRAIT_IDS:
        named = {t.name.lower(): t.id for t in TRAITS_BY_ID.values()}
        hint = (
            f"write it as its id, {named[trait.lower()]!r}"
            if type(trait) is str and trait.lower() in named
            else "it is not one of the lesson's ten traits; use an id from case.trait_names"
        )
        raise ShapeProblem(f"judgements[{sid!r}]['trait'] is {trait!r}: {hint}.")
    return entry


@dataclass(frozen=True)
class Pick:
    """One scenario's answer in context: the whole answer, the scenario, the label chosen."""

    judgements: dict
    sid: str
    label: str
    trait: str


def _fits_another(pick: Pick, case: AnswerKey) -> bool:
    """Every response letter given equals the strong letter of another variant's scenario."""
    letters = {s: e["response"] for s, e in pick.judgements.items() if type(e) is dict}
    for other in copied_from(case):
        shared = [s for s in letters if s in other.labels]
        if len(shared) >= 3 and all(letters[s] == other.strong(s) for s in shared):
            return True
    return False


def _same_position(pick: Pick, case: AnswerKey) -> bool:
    letters = [e.get("response") for e in pick.judgements.values() if type(e) is dict]
    return len(letters) >= 3 and len(set(letters)) == 1


def _label(label: str, message: str) -> Misconception:
    return Misconception(label, lambda pick, case: pick.label == label, message)


WEAK_RESPONSES = {
    "over-prescriptive": "That response dictates how {case.view.provider} works: it confuses "
    "control with micromanagement. Control the outcome (a target, a review) and let the provider "
    "choose the method (revisit: managing, not doing).",
    "hands-off": "That response gives control up: setting outcomes still means checking them, "
    "and a leader who leaves everything to the provider learns of problems last (revisit: "
    "judging a leadership moment, and process expertise).",
    "doing-the-work": "That response does the provider's work yourself: it hides the problem and "
    "takes ownership away from the provider paid to do it (revisit: managing, not doing).",
    "punitive": "That response punishes a provider for raising a problem itself: next time "
    "problems stay hidden. Apply the contract exactly, no more and no less (revisit: building "
    "trust).",
    "announcing": "That response decides before listening: the people closest to the work are "
    "not asked what could go wrong (revisit: communication, listening first).",
    "short-term": "That response is cheapest today and expensive in a year: it ignores what the "
    "decision will mean later (revisit: foresight).",
    "overselling": "That response spends credibility before earning it: big promises turn every "
    "setback into proof the programme was oversold (revisit: earned credibility).",
}
"""Each weak response's label (course/cases/kinds/leadership.py) and what it gets wrong."""

RESPONSE_MISCONCEPTIONS = (
    Misconception(
        "another-variant",
        _fits_another,
        str(
            different_variant(
                "These letters",
                "the options are in a different order for every learner; judge the "
                "responses shown under `case`",
            )
        ),
    ),
    Misconception(
        "same-position",
        _same_position,
        "You gave the same letter for every scenario. The responses are in a different order in "
        "every scenario: read each one and judge it (revisit: judging a leadership moment).",
    ),
    *(_label(label, message) for label, message in WEAK_RESPONSES.items()),
)

CONFUSED_TRAITS = {
    ("managing-not-doing", "process-expertise"): "Knowing the process and doing the work are "
    "different traits: knowing it lets you ask the right question; leaving the method to the "
    "provider is managing, not doing. Which one does this response show (revisit: process "
    "expertise)?",
    ("earned-credibility", "championing-change"): "Championing change argues for the change; "
    "earned credibility is the record that makes people believe you. Which one does this "
    "response build on (revisit: earned credibility)?",
    ("listening-first-communication", "internal-marketing"): "Marketing the programme sells its "
    "value; listening first hears everyone before deciding. Which one does this response show "
    "(revisit: communication, listening first)?",
}


def _confusion(pick: Pick, case: AnswerKey) -> str | None:
    pair = {pick.trait, case.traits[pick.sid]}
    return next((m for traits, m in CONFUSED_TRAITS.items() if set(traits) == pair), None)


TRAIT_MISCONCEPTIONS = (
    Misconception("confused-trait", lambda p, c: _confusion(p, c) is not None, _confusion),
)


NOT_STRONGEST = "That response is not the strongest (revisit: judging a leadership moment)."


def _register_scenario(position: int) -> None:
    @checks.check(f"scenario-{position}", JUDGING)
    def check_scenario(case: AnswerKey, answer: Plain) -> None:
        sid = case.view.scenario_ids[position - 1]
        entry = expect_entry(answer, case, sid)
        pick = Pick(answer, sid, case.labels[sid][entry["response"]], entry["trait"])
        judge(pick.label == "strong", pick, case, RESPONSE_MISCONCEPTIONS, NOT_STRONGEST)
        wrong_trait = f"The response is right, but {pick.trait!r} is not the trait it shows."
        judge(pick.trait == case.traits[sid], pick, case, TRAIT_MISCONCEPTIONS, wrong_trait)


for _position in range(1, SCENARIOS_ASKED + 1):
    _register_scenario(_position)

# --- Part 5: the review ---------------------------------------------------------------------

GAPS = "Gaps against what the role needs"


def _gaps(case: AnswerKey) -> tuple:
    review = case.view.review
    return development_gaps(*({t: r[c] for t, r in review.items()} for c in ROW))


def reference_gaps(case: AnswerKey) -> dict[str, float]:
    return {g.trait.id: g.weighted_gap for g in _gaps(case)}


def reference_develop_first(case: AnswerKey) -> list[str]:
    return [t.id for t in develop_first_by_gap(_gaps(case))]


def _gaps_by(case: AnswerKey, rule: str) -> dict[str, float]:
    total = sum(row["importance"] for row in case.view.review.values())
    if rule == "normalised":
        return {t: g / total for t, g in reference_gaps(case).items()}
    return {t: MISTAKEN_RULES[rule](row) for t, row in case.view.review.items()}


WRONG_GAPS = {
    "unweighted": "Your gaps leave the importance points out: a gap on a trait that matters "
    "little now counts as much as one that matters a lot. Multiply each gap by its importance "
    "points",
    "absolute": "Your gaps are all positive: a trait rated above what the role needs has a "
    "negative gap, a strength with nothing to close. Keep the sign of needed minus rated",
    "reversed": "Your gaps have the wrong sign: subtract the rating from the level the role needs",
    "normalised": "Your gaps divide the importance points by their total; use the points as "
    "they are",
}
"""Each wrong rule for the gaps (``MISTAKEN_RULES``, or normalised points), and what it gets
wrong."""

GAP_MISCONCEPTIONS = (
    *(
        Misconception(
            rule,
            lambda answer, case, rule=rule: all_close(answer, _gaps_by(case, rule), TOLERANCE),
            f"{message} (revisit: gaps against what the role needs).",
        )
        for rule, message in WRONG_GAPS.items()
    ),
    Misconception(
        "another-variant",
        lambda answer, case: any(
            all_close(answer, reference_gaps(o), TOLERANCE) for o in copied_from(case)
        ),
        str(different_variant("These gaps")),
    ),
)


@checks.check("weighted-gaps-shape", GAPS)
def check_gaps_shape(case: AnswerKey, answer: Plain) -> None:
    expect_numbers_by_key(answer, TRAIT_IDS, "weighted_gaps")


@checks.check("weighted-gaps", GAPS)
def check_gaps(case: AnswerKey, answer: Plain) -> None:
    expect_numbers_by_key(answer, TRAIT_IDS, "weighted_gaps")
    expected = reference_gaps(case)
    if all_close(answer, expected, TOLERANCE):
        return
    diagnose(answer, case, GAP_MISCONCEPTIONS)
    wrong = next(t for t in TRAIT_IDS if not all_close(answer, {t: expected[t]}, TOLERANCE))
    raise CheckFailed(
        f"The weighted gap of {wrong!r} is not right: importance points times "
        "(the level the role needs minus the rating)."
    )


PICK_MESSAGES = {
    "unweighted": "These are the largest gaps before weighting: the importance points decide "
    "which gap to close first (revisit: gaps against what the role needs).",
    "absolute": "One of these traits is rated above what the role needs: a strength, not a gap "
    "to close. Keep the sign (revisit: gaps against what the role needs).",
    "reversed": "These are strengths: their ratings are above what the role needs. Develop the "
    "traits furthest below it (revisit: gaps against what the role needs).",
    "highest-rated": "These are the highest-rated traits, the leader's strengths. Develop where "
    "the weighted gap is largest (revisit: gaps against what the role needs).",
    "lowest-rated": "These are the lowest ratings, but the role does not need every trait at the "
    "same level, nor equally now: compare with the level needed and weight by importance "
    "(revisit: gaps against what the role needs).",
    "most-important": "These matter most, but a trait that already meets the need has nothing "
    "to close: rank by importance times gap (revisit: gaps against what the role needs).",
}

DEVELOP_MISCONCEPTIONS = (
    Misconception(
        "wrong-order",
        lambda answer, case: list(answer)[::-1] == reference_develop_first(case),
        "Those are the two traits, but put the larger weighted gap first.",
    ),
    *(
        Misconception(
            f"{rule}-pick",
            lambda answer, case, rule=rule: (
                frozenset(answer) == mistaken_pick(case.view.review, rule)
            ),
            message,
        )
        for rule, message in PICK_MESSAGES.items()
    ),
)


@checks.check("develop-first", GAPS)
def check_develop_first(case: AnswerKey, answer: Plain) -> None:
    expect_names(answer, TRAIT_IDS, "develop_first")
    if len(answer) != 2:
        raise ShapeProblem(f"develop_first should name two traits; yours names {len(answer)}.")
    judge(
        list(answer) == reference_develop_first(case),
        answer,
        case,
        DEVELOP_MISCONCEPTIONS,
        "These are not the two traits with the largest weighted gaps: not right yet "
        "(revisit: gaps against what the role needs).",
    )


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections


def describe(case: LeadershipView) -> list[object]:
    """What the notebook shows under the setup cell: the scenarios, then the review."""
    import pandas as pd
    from IPython.display import Markdown

    parts: list[object] = [Markdown(f"**{case.company}**, provider: {case.provider}")]
    for n, s in enumerate(case.scenarios, start=1):
        options = "\n".join(f"- **{k}.** {text}" for k, text in s["options"].items())
        parts.append(Markdown(f"#### Scenario {n} (`{s['id']}`)\n\n{s['situation']}\n\n{options}"))
    review = pd.DataFrame(case.review).T.rename(index=case.trait_names).rename_axis("trait")
    title = "The review (`case.review`, by trait id; names in `case.trait_names`)"
    return [*parts, Markdown(title), review]
