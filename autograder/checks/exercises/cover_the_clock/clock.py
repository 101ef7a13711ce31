"""Parts 1 and 2 of "Cover the clock": the hours each site shares with the client's office, and
the provider's proposed roster measured on the client's clock (coverage, gaps, hand-offs)."""

from __future__ import annotations

from autograder.checks.compare import close
from autograder.checks.detect import Misconception, diagnose
from autograder.checks.exercises.cover_the_clock import (
    COVERAGE,
    OVERLAP,
    checks,
    model_case,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_number, expect_numbers_by_key
from course.cases.kinds.working_hours import (
    WorkingHoursView,
    double_counted_percent,
    midnight_dropped_coverage,
    overlap_hours_with_client,
    proposal_coverage,
    shift_ends_in_window,
    utc_coverage,
    wrong_way_overlap_hours,
)
from course.cases.kinds.working_hours import (
    linear_overlap_hours as linear_hours,
)
from course.models.errors import ModelInputError
from course.models.working_hours import DAY, clock_minutes, handoffs, span

REVISIT_OVERLAP = "(revisit: time zones and overlap hours)"
REVISIT_COVERAGE = "(revisit: coverage, gaps and hand-offs)"
HOURS_TOLERANCE = 0.01
PERCENT_TOLERANCE = 0.05
"""Hours are compared to within 0.01 hour, percentages to within 0.05 percentage points."""
MAX_GAPS = 96
"""Most gaps an answer may list (one every quarter hour): more cannot be a day's gaps."""


def _same_hours(answer: dict[str, float], expected: dict[str, float]) -> bool:
    return all(close(answer[k], v, absolute=HOURS_TOLERANCE) for k, v in expected.items())


# --- Part 1: overlap hours -------------------------------------------------------------------

OVERLAP_MISCONCEPTIONS = (
    Misconception(
        "offset-wrong-way",
        lambda answer, case: _same_hours(answer, wrong_way_overlap_hours(model_case(case))),
        "Your hours fit clocks moved the wrong way. An offset says how far local time is ahead "
        "of UTC, so UTC = local time - offset: 07:00 in a UTC+8 city is 23:00 UTC the day "
        f"before, not 15:00 {REVISIT_OVERLAP}.",
    ),
    Misconception(
        "midnight-wrap",
        lambda answer, case: _same_hours(answer, linear_hours(model_case(case))),
        "At least one site's office hours run past midnight on UTC's clock (they end, in UTC, "
        "before they start), and your arithmetic treats them as sharing nothing. Split such "
        "hours at midnight, or count the shared minutes one by one round the clock "
        f"{REVISIT_OVERLAP}.",
    ),
    Misconception(
        "minutes-not-hours",
        lambda answer, case: _same_hours(
            answer, {k: v * 60 for k, v in overlap_hours_with_client(model_case(case)).items()}
        ),
        "Your figures are minutes; overlap_hours asks for hours (90 minutes is 1.5 hours).",
    ),
    checks.another_variant(
        "These hours",
        lambda answer, other: _same_hours(answer, overlap_hours_with_client(model_case(other))),
    ),
)


@checks.check("overlap-hours", OVERLAP)
def check_overlap_hours(case: WorkingHoursView, answer: Plain) -> None:
    expected = overlap_hours_with_client(model_case(case))
    expect_numbers_by_key(answer, list(expected), "overlap_hours")
    if _same_hours(answer, expected):
        return
    diagnose(answer, case, OVERLAP_MISCONCEPTIONS)
    wrong = next(k for k, v in expected.items() if not close(answer[k], v, absolute=0.01))
    raise CheckFailed(
        f"overlap_hours[{wrong!r}] is not right: put both offices' hours on UTC's clock "
        f"(local time - offset), then count the hours both are open {REVISIT_OVERLAP}."
    )


# --- Part 2: the proposed roster on the client's clock ------------------------------------------

COVERAGE_MISCONCEPTIONS = (
    Misconception(
        "double-counted",
        lambda answer, case: close(answer, double_counted_percent(model_case(case)), absolute=0.05),
        "You added up the hours of every shift, so an hour when two sites are both on counts "
        "twice (a roster can then look better than complete). Coverage counts each minute of "
        f"the window once, whoever is on {REVISIT_COVERAGE}.",
    ),
    Misconception(
        "midnight-as-zero",
        lambda answer, case: close(
            answer, midnight_dropped_coverage(model_case(case)).percent, absolute=0.05
        ),
        "A shift that ends at 24:00 (or runs past midnight) on the client's clock counted as "
        "nothing in your figure: read as 0, 24:00 makes the shift end before it starts. "
        f"Midnight at the end of a day is minute 1440, not 0 {REVISIT_COVERAGE}.",
    ),
    Misconception(
        "share-not-percent",
        lambda answer, case: close(
            answer * 100, proposal_coverage(model_case(case)).percent, absolute=0.05
        ),
        "Your figure is a share (0 to 1); coverage_percent asks for a percentage (0 to 100).",
    ),
    checks.another_variant(
        "This coverage",
        lambda answer, other: close(
            answer, proposal_coverage(model_case(other)).percent, absolute=0.05
        ),
    ),
)


@checks.check("proposal-coverage", COVERAGE)
def check_proposal_coverage(case: WorkingHoursView, answer: Plain) -> None:
    expect_number(answer, "coverage_percent", 0)
    expected = proposal_coverage(model_case(case)).percent
    if close(answer, expected, absolute=PERCENT_TOLERANCE):
        return
    diagnose(answer, case, COVERAGE_MISCONCEPTIONS)
    raise CheckFailed(
        "coverage_percent is not right: put every proposed shift on one clock, mark each minute "
        "of the client's window that some shift covers (once, however many are on), and give "
        f"the covered minutes as a percentage of the window {REVISIT_COVERAGE}."
    )


def gap_minutes(answer: Plain) -> frozenset[int]:
    """The client's minutes a list of ``[start, end]`` gaps names (pieces may be split at
    midnight or given in any order; an end of "00:00" or "24:00" is midnight)."""
    if type(answer) not in (list, tuple):
        raise ShapeProblem(
            "gaps should be a list of [start, end] pairs of times on the client's clock, such "
            f"as [['00:00', '01:00']], not a {type(answer).__name__}"
        )
    if len(answer) > MAX_GAPS:
        raise ShapeProblem(f"gaps lists {len(answer)} stretches; a day has far fewer")
    minutes: set[int] = set()
    for index, pair in enumerate(answer):
        if type(pair) not in (list, tuple) or len(pair) != 2:
            raise ShapeProblem(
                f"gaps[{index}] should be a pair [start, end], such as ['23:00', '01:00']"
            )
        try:
            start = clock_minutes(f"gaps[{index}][0]", pair[0])
            end = clock_minutes(f"gaps[{index}][1]", pair[1], end=True)
        except ModelInputError as problem:
            raise ShapeProblem(str(problem)) from None
        if start == end % DAY:
            raise ShapeProblem(f"gaps[{index}] starts and ends at the same time")
        minutes |= span(start, end)
    return frozenset(minutes)


def _gap_set(coverage) -> frozenset[int]:  # noqa: ANN001 - a Coverage
    return frozenset(m for g in coverage.gaps for m in span(g.start, g.end))


GAP_MISCONCEPTIONS = (
    Misconception(
        "gaps-in-utc",
        lambda answer, case: answer == _gap_set(utc_coverage(model_case(case))),
        "Your gaps are on UTC's clock. The window is the client's promise to its users, so "
        f"measure it and report its gaps on the client's clock (case.client_site) "
        f"{REVISIT_COVERAGE}.",
    ),
    Misconception(
        "midnight-as-zero",
        lambda answer, case: answer == _gap_set(midnight_dropped_coverage(model_case(case))),
        "Your gaps leave out a shift that ends at 24:00 or runs past midnight on the client's "
        f"clock: midnight at the end of a day is minute 1440, not 0 {REVISIT_COVERAGE}.",
    ),
)


@checks.check("proposal-gaps", COVERAGE)
def check_proposal_gaps(case: WorkingHoursView, answer: Plain) -> None:
    minutes = gap_minutes(answer)
    expected = _gap_set(proposal_coverage(model_case(case)))
    if minutes == expected:
        return
    diagnose(minutes, case, GAP_MISCONCEPTIONS)
    raise CheckFailed(
        "gaps is not right: list every stretch of the client's window that no proposed shift "
        f"covers, from its start to its end on the client's clock {REVISIT_COVERAGE}."
    )


@checks.check("proposal-handoffs", COVERAGE)
def check_proposal_handoffs(case: WorkingHoursView, answer: Plain) -> None:
    expect_number(answer, "handoffs_per_day", 0)
    model = model_case(case)
    expected = len(handoffs(model.sites, model.proposal, model.window))
    if answer == expected:
        return
    if answer == shift_ends_in_window(model):
        raise CheckFailed(
            "You counted a shift that ends with nobody on as a hand-off. Work is handed over "
            "only to someone who is there: a shift that ends into a gap leaves the work "
            f"waiting, which is a gap, not a hand-off {REVISIT_COVERAGE}."
        )
    raise CheckFailed(
        "handoffs_per_day is not right: count the shifts that end while the window is open "
        f"and another shift is on to take the work over {REVISIT_COVERAGE}."
    )
