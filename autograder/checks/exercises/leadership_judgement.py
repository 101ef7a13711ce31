"""Checks for "Leadership judgement" (case: kestrel-leadership-review): four scenarios (the strong
response's letter, then its trait; a weak one named by its label), then the review's weighted
gaps and the two traits to develop (``course.models.leadership``), each mistake named."""

from __future__ import annotations

import copy
from functools import cache, partial
from typing import NamedTuple

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

exercise_case = partial(learner_view, CASE_ID)


@cache
def _judged(learner_id: str) -> AnswerKey:
    case = load_case(CASE_ID) if learner_id == PUBLISHED else variant(CASE_ID, learner_id)
    return answer_key(case, learner_id)


def judged_case(learner_id: str) -> AnswerKey:
    """The learner's variant with its key, a fresh copy (views hold mutable dicts)."""
    return copy.deepcopy(_judged(learner_id))


def copied_from(case: AnswerKey) -> list[AnswerKey]:
    """The cases a learner may have copied from: the lesson's base case and a classmate's."""
    return [_judged(PUBLISHED), *([_judged(BASE)] if case.view.learner_id != BASE else [])]


checks = ExerciseChecks(CASE_ID, LESSON, case_for=judged_case)

# --- Parts 1-4: the scenarios --------------------------------------------------------------

JUDGING, SCENARIOS_ASKED = "Judging a leadership moment", 4


def expect_entry(answer: Plain, case: AnswerKey, sid: str) -> dict:
    """``judgements`` is a dict by scenario id; the entry for ``sid`` names a letter and a trait."""
    example = f"For example: judgements = {{{sid!r}: {{'response': 'B', 'trait': 'foresight'}}}}"
    if type(answer) is not dict:
        raise ShapeProblem(f"judgements should be a dict by scenario id. {example}")
    if foreign := sorted(set(answer) - set(case.view.scenario_ids)):
        raise ShapeProblem(
            f"judgements names {', '.join(map(repr, foreign))}: these answers fit a different "
            "variant of the case, not yours. Judge the scenarios shown under `case`."
        )
    entry = answer.get(sid)
    if type(entry) is not dict or set(entry) != {"response", "trait"}:
        raise ShapeProblem(f"judgements[{sid!r}] needs a 'response' and a 'trait'. {example}")
    expect_name(entry["response"], LETTERS, f"judgements[{sid!r}]['response']")
    if (trait := entry["trait"]) not in TRAIT_IDS or type(trait) is not str:
        named = {t.name.lower(): t.id for t in TRAITS_BY_ID.values()}
        hint = "it is not one of the lesson's ten traits; use an id from case.trait_names"
        if type(trait) is str and trait.lower() in named:
            hint = f"write it as its id, {named[trait.lower()]!r}"
        raise ShapeProblem(f"judgements[{sid!r}]['trait'] is {trait!r}: {hint}.")
    return entry


class Pick(NamedTuple):
    """One scenario's answer in context: the whole answer, the scenario, the label chosen."""

    judgements: dict
    sid: str
    label: str
    trait: str


def _fits_another(pick: Pick, case: AnswerKey) -> bool:
    """Every letter given is the strong one of another variant's scenario (three or more)."""
    letters = {s: e["response"] for s, e in pick.judgements.items() if type(e) is dict}
    return any(
        len(shared := [s for s in letters if s in other.labels]) >= 3
        and all(letters[s] == other.strong(s) for s in shared)
        for other in copied_from(case)
    )


def _same_position(pick: Pick, case: AnswerKey) -> bool:
    letters = [e.get("response") for e in pick.judgements.values() if type(e) is dict]
    return len(letters) >= 3 and len(set(letters)) == 1


WEAK_RESPONSES = {
    "over-prescriptive": "That response dictates how {case.view.provider} works: it confuses "
    "control with micromanagement. Set the outcome, leave the method (revisit: managing, not "
    "doing).",
    "hands-off": "That response gives control up: leaving the method to the provider still "
    "means checking the outcome (revisit: judging a leadership moment, and process expertise).",
    "doing-the-work": "That response does the provider's work yourself: it hides the problem and "
    "takes ownership away from the provider (revisit: managing, not doing).",
    "punitive": "That response punishes a provider for raising a problem itself, so the next one "
    "stays hidden; apply the contract exactly (revisit: building trust).",
    "announcing": "That response decides before listening to the people closest to the work "
    "(revisit: communication, listening first).",
    "short-term": "That response is cheapest today and expensive in a year (revisit: foresight).",
    "overselling": "That response spends credibility before earning it: every setback becomes "
    "proof of an oversold programme (revisit: earned credibility).",
}
"""Each weak response's label (course/cases/kinds/leadership.py) and what it gets wrong."""

COPIED = "the options are in a different order for every learner; judge those under `case`"
SAME_LETTER = (
    "You gave the same letter for every scenario, but every scenario orders its responses "
    "differently: read each one and judge it (revisit: judging a leadership moment)."
)
RESPONSE_MISCONCEPTIONS = (
    Misconception(
        "another-variant", _fits_another, str(different_variant("These letters", COPIED))
    ),
    Misconception("same-position", _same_position, SAME_LETTER),
    *(
        Misconception(label, lambda pick, case, label=label: pick.label == label, message)
        for label, message in WEAK_RESPONSES.items()
    ),
)

CONFUSED_TRAITS = {
    ("managing-not-doing", "process-expertise"): "Knowing the process and doing the work are "
    "different traits: which does this response show (revisit: process expertise)?",
    ("earned-credibility", "championing-change"): "Championing change argues for the change; "
    "credibility is the record behind you: which is this (revisit: earned credibility)?",
    ("listening-first-communication", "internal-marketing"): "Marketing sells the programme; "
    "listening first hears everyone before deciding (revisit: communication, listening first).",
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


for _position in range(1, SCENARIOS_ASKED + 1):  # one graded part per scenario asked
    _register_scenario(_position)

# --- Part 5: the review ---------------------------------------------------------------------

GAPS = "Gaps against what the role needs"
REVISIT_GAPS = " (revisit: gaps against what the role needs)."


def _gaps(case: AnswerKey) -> tuple:
    review = case.view.review
    return development_gaps(
        *({t: r[c] for t, r in review.items()} for c in ("rating", "expected", "importance"))
    )


def reference_gaps(case: AnswerKey) -> dict[str, float]:
    return {g.trait.id: g.weighted_gap for g in _gaps(case)}


def reference_develop_first(case: AnswerKey) -> list[str]:
    return [t.id for t in develop_first_by_gap(_gaps(case))]


def _gaps_by(case: AnswerKey, rule: str) -> dict[str, float]:
    total = sum(row["importance"] for row in case.view.review.values())
    if rule == "normalised":
        return {t: g / total for t, g in reference_gaps(case).items()}
    return {t: MISTAKEN_RULES[rule](row) for t, row in case.view.review.items()}


def _copied_gaps(answer: Plain, case: AnswerKey) -> bool:
    return any(all_close(answer, reference_gaps(o), TOLERANCE) for o in copied_from(case))


WRONG_GAPS = {
    "unweighted": "Your gaps leave the importance points out. Multiply each gap by its "
    "importance points",
    "absolute": "Your gaps are all positive: a trait rated above what the role needs has a "
    "negative gap, a strength with nothing to close",
    "reversed": "Your gaps have the wrong sign: subtract the rating from the level the role needs",
    "normalised": "Your gaps divide the importance points by their total; use the points as such",
}
"""Each wrong rule for the gaps (``MISTAKEN_RULES``, or normalised), and what it gets wrong."""

GAP_MISCONCEPTIONS = (
    *(
        Misconception(
            rule,
            lambda answer, case, rule=rule: all_close(answer, _gaps_by(case, rule), TOLERANCE),
            message + REVISIT_GAPS,
        )
        for rule, message in WRONG_GAPS.items()
    ),
    Misconception("another-variant", _copied_gaps, str(different_variant("These gaps"))),
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
    raise CheckFailed(f"The weighted gap of {wrong!r} is not right" + REVISIT_GAPS)


PICK_MESSAGES = {
    "unweighted": "These are the largest gaps before weighting by importance",
    "absolute": "One of these traits is rated above what the role needs: a strength, not a gap",
    "highest-rated": "These are the highest-rated traits, the leader's strengths",
    "reversed": "These are strengths, rated above what the role needs",
    "lowest-rated": "These are the lowest ratings: compare them with the level needed first",
    "most-important": "These matter most, but rank by importance times gap",
}
"""The pair each mistaken rule (``MISTAKEN_RULES``) picks, and what it gets wrong."""

DEVELOP_MISCONCEPTIONS = (
    Misconception(
        "wrong-order",
        lambda answer, case: list(answer)[::-1] == reference_develop_first(case),
        "Those are the two traits, but put the larger weighted gap first.",
    ),
    *(
        Misconception(
            f"{rule}-pick",
            lambda answer, case, rule=rule: set(answer) == mistaken_pick(case.view.review, rule),
            message + REVISIT_GAPS,
        )
        for rule, message in PICK_MESSAGES.items()
    ),
)
NOT_LARGEST = "These are not the two largest weighted gaps: not right yet" + REVISIT_GAPS


@checks.check("develop-first", GAPS)
def check_develop_first(case: AnswerKey, answer: Plain) -> None:
    expect_names(answer, TRAIT_IDS, "develop_first")
    if len(answer) != 2:
        raise ShapeProblem(f"develop_first should name two traits; yours names {len(answer)}.")
    right = list(answer) == reference_develop_first(case)
    judge(right, answer, case, DEVELOP_MISCONCEPTIONS, NOT_LARGEST)


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
