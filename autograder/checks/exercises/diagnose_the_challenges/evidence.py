"""Parts 1 and 2 of "Diagnose the challenges": the symptoms the reports support, and each
challenge's share of its own symptoms observed (the case's evidence rule, then ``diagnose``)."""

from __future__ import annotations

from autograder.checks.detect import all_close, judge, slip
from autograder.checks.exercises.diagnose_the_challenges import (
    PRACTISE,
    SYMPTOMS_FIRST,
    checks,
    copied,
    matched_counts,
    reference_observed,
    reference_shares,
    same_set,
    shares_close,
)
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_names, expect_numbers_by_key
from course.cases.kinds.symptoms import SymptomsView, corroborated, observed_symptoms
from course.models.challenges import CHALLENGES

# --- what the usual slips compute ----------------------------------------------------------


def any_mention(case: SymptomsView) -> set[str]:
    """Every symptom some source reported: one report taken as a finding."""
    return set(corroborated(case.mentions, 1))


def mentions_added(case: SymptomsView) -> set[str]:
    """Symptoms mentioned ``corroboration`` times in all, repeats by one source included."""
    return {name for name, row in case.mentions.items() if sum(row.values()) >= case.corroboration}


def share_of_all_seen(case: SymptomsView) -> dict[str, float]:
    """Symptoms matched over every symptom observed, as if the shares had to add up to 1."""
    seen = len(observed_symptoms(case))
    return {key: count / seen for key, count in matched_counts(case).items()}


def shared_counted_once(case: SymptomsView) -> dict[str, float]:
    """Each observed symptom credited to the first challenge that lists it, and no other."""
    taken: set[str] = set()
    seen = observed_symptoms(case)
    shares = {}
    for c in CHALLENGES:
        mine = [s for s in c.symptoms if s in seen and s not in taken]
        taken.update(mine)
        shares[c.id] = len(mine) / len(c.symptoms)
    return shares


# --- Part 1: the symptoms the reports support ----------------------------------------------

# fmt: off
OBSERVED_ADVICE = (
    "At least one symptom is wrongly in or out. Count, for each symptom, how many different "
    "sources reported it (a count above 0), and keep those with at least `case.corroboration`."
)
OBSERVED_SLIPS = (
    slip("one-report-enough", any_mention, same_set,
         "You counted symptoms that only one source reported. One report is a lead to follow "
         "up, not a finding: a symptom counts when at least `case.corroboration` different "
         "sources report it (revisit: symptoms first)."),
    slip("mentions-added", mentions_added, same_set,
         "You added up the mentions. A source that repeats a symptom is still one source: count "
         "the sources that report it, not the times it was reported (revisit: symptoms first)."),
    copied("These symptoms", reference_observed, same_set),
)
# fmt: on


def expect_observed(case: SymptomsView, answer: Plain) -> None:
    expect_names(answer, case.symptoms, "observed")


@checks.check("observed-shape", SYMPTOMS_FIRST)
def check_observed_shape(case: SymptomsView, answer: Plain) -> None:
    expect_observed(case, answer)
    if not answer:
        raise ShapeProblem("observed is an empty list: list the symptom ids that count")


@checks.check("observed", SYMPTOMS_FIRST)
def check_observed(case: SymptomsView, answer: Plain) -> None:
    expect_observed(case, answer)
    right = same_set(answer, reference_observed(case))
    judge(right, answer, case, OBSERVED_SLIPS, OBSERVED_ADVICE)


# --- Part 2: each challenge's share --------------------------------------------------------

# fmt: off
SHARES_ADVICE = (
    "At least one share is not right. For each challenge: the number of its symptoms in your "
    "Part 1 list, divided by the number of symptoms it has in `case.challenges`."
)
SHARES_SLIPS = (
    slip("share-of-all-seen", share_of_all_seen, shares_close,
         "Your shares divide by the number of symptoms observed. A challenge's share is of its "
         "own symptoms: how many of them you observed over how many it has, so the shares need "
         "not add up to 1 (revisit: practise, from symptoms to challenges)."),
    slip("shared-counted-once", shared_counted_once, shares_close,
         "You counted a symptom for one challenge only. A symptom that appears under two "
         "challenges points to both: count it for each (revisit: symptoms first)."),
    slip("percent", lambda c: {k: 100 * v for k, v in reference_shares(c).items()},
         lambda a, e: all_close(a, e, 1e-4),
         "Give each share as a fraction of 1 (0.5 for half of its symptoms), not a percentage."),
    slip("counts-not-shares", lambda c: {k: float(n) for k, n in matched_counts(c).items()},
         shares_close,
         "These are counts of symptoms. A share divides that count by the number of symptoms "
         "the challenge has, so a challenge with few symptoms is not outweighed by one with "
         "many (revisit: practise, from symptoms to challenges)."),
    copied("These shares", reference_shares, shares_close),
)
# fmt: on


@checks.check("shares", PRACTISE)
def check_shares(case: SymptomsView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.challenges, "shares")
    right = shares_close(answer, reference_shares(case))
    judge(right, answer, case, SHARES_SLIPS, SHARES_ADVICE)
