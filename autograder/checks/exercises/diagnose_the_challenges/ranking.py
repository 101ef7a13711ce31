"""Parts 3 to 5 of "Diagnose the challenges": the ranking, the challenges tied at the top, and
a remedy for each (``diagnose``, ``most_likely`` and the model's mitigations)."""

from __future__ import annotations

from autograder.checks.detect import Misconception, judge, slip
from autograder.checks.detect import diagnose as explain
from autograder.checks.exercises.diagnose_the_challenges import (
    PRACTISE,
    SYMPTOMS_FIRST,
    checks,
    copied,
    matched_counts,
    reference_diagnosis,
    reference_first,
    reference_ranking,
    remedies_of,
    same_set,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_name, expect_names
from course.cases.kinds.symptoms import SymptomsView, by_count, by_name


def with_the_rest(case: SymptomsView) -> list[str]:
    """The ranking followed by every challenge no symptom points to, in the article's order."""
    ranked = reference_ranking(case)
    return [*ranked, *(key for key in case.challenges if key not in ranked)]


def most_seen(case: SymptomsView) -> set[str]:
    """The challenges with the most symptoms observed, whatever their share."""
    counts = matched_counts(case)
    return {key for key, count in counts.items() if count == max(counts.values())}


# --- Part 3: the ranking -------------------------------------------------------------------

# fmt: off
RANKING_ADVICE = (
    "The ranking is not right. List the challenges at least one observed symptom points to: "
    "highest share first; of equal shares, more symptoms observed first; then the order of "
    "`case.challenges`."
)
RANKING_SLIPS = (
    slip("every-challenge",
         with_the_rest,
         lambda a, e: a == e,
         "Your ranking lists challenges that no observed symptom points to. Leave them out: "
         "the ranking is of what the symptoms point to (revisit: practise, from symptoms to "
         "challenges)."),
    slip("by-count", lambda c: by_count(reference_diagnosis(c)), lambda a, e: a == e,
         "You ranked by the number of symptoms observed. Rank by the share of each challenge's "
         "own symptoms first; the count only breaks a tie (revisit: practise, from symptoms to "
         "challenges)."),
    slip("ties-by-name", lambda c: by_name(reference_diagnosis(c)), lambda a, e: a == e,
         "Your ties are in alphabetical order. Challenges equally strong keep the order of "
         "`case.challenges`, the order of the article (revisit: practise, from symptoms to "
         "challenges)."),
    slip("weakest-first", lambda c: reference_ranking(c)[::-1], lambda a, e: a == e,
         "Your ranking runs from the weakest to the strongest. Put the strongest first."),
    copied("The places in this ranking", reference_ranking, lambda a, e: a == e),
)
# fmt: on


@checks.check("ranking", PRACTISE)
def check_ranking(case: SymptomsView, answer: Plain) -> None:
    expect_names(answer, case.challenges, "ranking")
    right = answer == reference_ranking(case)
    judge(right, answer, case, RANKING_SLIPS, RANKING_ADVICE)


# --- Part 4: the challenges to tackle first ------------------------------------------------

# fmt: off
FIRST_ADVICE = (
    "Not right yet. Name every challenge that is as strong as the strongest: the same share "
    "and the same number of symptoms observed."
)
FIRST_SLIPS = (
    slip("one-of-a-tie", lambda c: set(reference_ranking(c)[:1]), same_set,
         "You named one challenge, but others are just as strong: the same share and the same "
         "number of symptoms. A tie is a finding; name every challenge in it, and let the "
         "people involved tell them apart (revisit: symptoms first)."),
    slip("top-two", lambda c: set(reference_ranking(c)[:2]), same_set,
         "You named the first two of the ranking. Name the challenges tied for first place, "
         "however many there are (revisit: symptoms first)."),
    slip("everything", lambda c: set(reference_ranking(c)), same_set,
         "You named every challenge a symptom points to. Tackle first the ones most of the "
         "symptoms point to: those tied at the top (revisit: symptoms first)."),
    slip("by-count-leaders", most_seen, same_set,
         "You picked the challenges with the most symptoms observed. The strongest is the one "
         "with the highest share of its own symptoms (revisit: practise, from symptoms to "
         "challenges)."),
    copied("These challenges", reference_first, same_set),
)
# fmt: on


@checks.check("tackle-first", SYMPTOMS_FIRST)
def check_tackle_first(case: SymptomsView, answer: Plain) -> None:
    expect_names(answer, case.challenges, "tackle_first")
    right = same_set(answer, reference_first(case))
    judge(right, answer, case, FIRST_SLIPS, FIRST_ADVICE)


# --- Part 5: a remedy for each ------------------------------------------------------------

REMEDIES_ADVICE = (
    "remedies should have one entry for each challenge tied at the top (your Part 4 answer), "
    "and no other: one action for each challenge you tackle first."
)


def _decoy(answer: dict, case: SymptomsView) -> str | None:
    return next((k for k, o in answer.items() if not remedies_of(case.options[o])), None)


def _elsewhere(answer: dict, case: SymptomsView) -> str | None:
    return next((k for k, o in answer.items() if k not in remedies_of(case.options[o])), None)


def _name(challenge_id: str, case: SymptomsView) -> str:
    return str(case.challenges[challenge_id]["name"]).lower()


def _section(challenge_id: str, case: SymptomsView) -> str:
    return f"the section on {_name(challenge_id, case)}"


def _treats_the_symptom(answer: dict, case: SymptomsView) -> str:
    key = str(_decoy(answer, case))
    return (
        f"The option you chose for {_name(key, case)} answers what you see, not the challenge "
        "behind it: it is none of the lesson's mitigations, and the symptom would come back "
        f"(revisit: what to do, in {_section(key, case)})."
    )


def _another_challenges(answer: dict, case: SymptomsView) -> str:
    key = str(_elsewhere(answer, case))
    return (
        f"The option you chose for {_name(key, case)} is a remedy for a different challenge. "
        "Choose one of the mitigations the lesson gives for this one (revisit: what to do, in "
        f"{_section(key, case)})."
    )


REMEDIES_SLIPS = (
    Misconception(
        "treats-the-symptom",
        lambda answer, case: _decoy(answer, case) is not None,
        _treats_the_symptom,
    ),
    Misconception(
        "another-challenges-remedy",
        lambda answer, case: _elsewhere(answer, case) is not None,
        _another_challenges,
    ),
)


@checks.check("remedies", PRACTISE)
def check_remedies(case: SymptomsView, answer: Plain) -> None:
    if type(answer) is not dict:
        raise ShapeProblem(
            f"remedies should be a dict from a challenge id to an option id, not a "
            f"{type(answer).__name__}. For example: remedies = {{'communication': 'F'}}"
        )
    for key, option in answer.items():
        expect_name(key, case.challenges, "a key of remedies")
        expect_name(option, case.options, f"remedies[{key!r}]")
    first = reference_first(case)
    if set(answer) == first and _elsewhere(answer, case) is None:
        return
    explain(answer, case, REMEDIES_SLIPS)
    raise CheckFailed(REMEDIES_ADVICE)
