"""Parts 3 and 4 of "Cover the clock": the learner's own roster, judged by the model's rules,
and the skills with key-person risk.

A roster has many right answers, so the learner's shifts are read into
``course.models.working_hours`` and judged by ``validate_plan`` on their own variant. Hand-offs
and shift hours are judged once the window is covered: an empty or one-shift roster has no
hand-off to get wrong, and must not earn those points.
"""

from __future__ import annotations

import dataclasses

from autograder.checks.detect import Misconception, diagnose
from autograder.checks.exercises.cover_the_clock import (
    FOLLOW_THE_SUN,
    KEY_PERSON,
    checks,
    model_case,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_names
from course.cases.kinds.working_hours import WorkingHoursView
from course.models import working_hours as model
from course.models.errors import ModelInputError
from course.models.working_hours import Shift, coverage, handoffs, read_shifts, validate_plan

REVISIT_SUN = "(revisit: follow-the-sun)"
REVISIT_RISK = "(revisit: attrition and key-person risk)"


def _read(case: WorkingHoursView, answer: Plain) -> tuple[Shift, ...]:
    if type(answer) not in (list, tuple):
        raise ShapeProblem(
            "shifts should be a list with one dict per shift, such as "
            f"{{'site': 'Cebu', 'start': '07:00', 'end': '16:00'}}, not a {type(answer).__name__}"
        )
    try:
        shifts = read_shifts(model_case(case).sites, answer)
    except ModelInputError as problem:
        raise ShapeProblem(str(problem)) from None
    if not shifts:
        raise ShapeProblem("shifts is empty: add one dict per shift")
    return shifts


def _rules_broken(case: WorkingHoursView, shifts: tuple[Shift, ...]) -> list[model.Finding]:
    m = model_case(case)
    return validate_plan(m.sites, shifts, m.window, m.rules)


def _first(case: WorkingHoursView, shifts: tuple[Shift, ...], rule: str) -> str:
    return next(f.message for f in _rules_broken(case, shifts) if f.rule == rule)


def breaks(rule: str):  # noqa: ANN201 - a detector
    """A detector: the roster breaks ``rule`` (as ``validate_plan`` names it)."""
    return lambda shifts, case: any(f.rule == rule for f in _rules_broken(case, shifts))


@checks.check("shifts-shape", FOLLOW_THE_SUN)
def check_shifts_shape(case: WorkingHoursView, answer: Plain) -> None:
    _read(case, answer)


def _covers_with_offsets_flipped(shifts: tuple[Shift, ...], case: WorkingHoursView) -> bool:
    """The roster leaves gaps, and would cover the window if UTC were local time + offset (the
    slip of converting the wrong way round when planning)."""
    m = model_case(case)
    if not coverage(m.sites, shifts, m.window).gaps:
        return False
    flipped = tuple(dataclasses.replace(s, offset=-s.offset) for s in m.sites)
    window = dataclasses.replace(m.window, offset=-m.window.offset)
    return not coverage(flipped, shifts, window).gaps


COVER_MISCONCEPTIONS = (
    Misconception(
        "planned-offset-wrong-way",
        _covers_with_offsets_flipped,
        "Your roster would cover the window if local time were UTC + offset; it is the other "
        "way round (UTC = local time - offset), so on the client's clock your shifts sit in "
        f"the wrong hours and leave gaps {REVISIT_SUN}.",
    ),
    Misconception(
        model.RULE_COVERED,
        breaks(model.RULE_COVERED),
        lambda shifts, case: (
            f"Your roster leaves the window uncovered: {_first(case, shifts, model.RULE_COVERED)}. "
            "Put each shift on the client's clock and make the next one start before the last "
            f"one ends {REVISIT_SUN}."
        ),
    ),
)


@checks.check("shifts-cover", FOLLOW_THE_SUN)
def check_shifts_cover(case: WorkingHoursView, answer: Plain) -> None:
    diagnose(_read(case, answer), case, COVER_MISCONCEPTIONS)


def _covering(case: WorkingHoursView, answer: Plain) -> tuple[Shift, ...]:
    """The roster, once it covers the window (hand-offs and hours are judged only then)."""
    try:
        shifts = _read(case, answer)
    except ShapeProblem as problem:
        raise CheckFailed(f"Fix the shape of shifts first: {problem}") from None
    if any(f.rule == model.RULE_COVERED for f in _rules_broken(case, shifts)):
        raise CheckFailed(
            "Cover the whole window first: this check judges the hand-offs and hours of a "
            "roster that covers it, and a roster with gaps has hand-offs missing "
            f"{REVISIT_SUN}."
        )
    return shifts


def _end_to_start(shifts: tuple[Shift, ...], case: WorkingHoursView) -> bool:
    m = model_case(case)
    return any(h.overlap == 0 for h in handoffs(m.sites, shifts, m.window))


HANDOFF_MISCONCEPTIONS = (
    Misconception(
        "end-to-start",
        _end_to_start,
        "At least one shift starts exactly when the one before it ends. That covers the clock "
        "on paper, but nobody is there to hand the open work over: a hand-off needs both "
        f"shifts on together for at least case.min_handoff_minutes {REVISIT_SUN}.",
    ),
    Misconception(
        model.RULE_HANDOFF_OVERLAP,
        breaks(model.RULE_HANDOFF_OVERLAP),
        lambda shifts, case: (
            f"{_first(case, shifts, model.RULE_HANDOFF_OVERLAP)}. Move a start earlier or an "
            f"end later so the two shifts overlap long enough to talk the work through "
            f"{REVISIT_SUN}."
        ),
    ),
)


@checks.check("shifts-handoffs", FOLLOW_THE_SUN)
def check_shifts_handoffs(case: WorkingHoursView, answer: Plain) -> None:
    diagnose(_covering(case, answer), case, HANDOFF_MISCONCEPTIONS)


HOURS_MISCONCEPTIONS = (
    Misconception(
        model.RULE_SITE_HOURS,
        breaks(model.RULE_SITE_HOURS),
        lambda shifts, case: (
            f"{_first(case, shifts, model.RULE_SITE_HOURS)}. No site works nights in this case: "
            "cover the clock by passing the work to a site where it is day, which is what "
            f"follow-the-sun means {REVISIT_SUN}."
        ),
    ),
    Misconception(
        model.RULE_SHIFT_LENGTH,
        breaks(model.RULE_SHIFT_LENGTH),
        lambda shifts, case: (
            f"{_first(case, shifts, model.RULE_SHIFT_LENGTH)} (case.shift_hours). Split a long "
            f"stretch between sites or between two shifts {REVISIT_SUN}."
        ),
    ),
)


@checks.check("shifts-hours", FOLLOW_THE_SUN)
def check_shifts_hours(case: WorkingHoursView, answer: Plain) -> None:
    diagnose(_covering(case, answer), case, HOURS_MISCONCEPTIONS)


# --- Part 4: key-person risk ---------------------------------------------------------------------

RISK_MISCONCEPTIONS = (
    Misconception(
        "same-site-safe",
        lambda answer, case: (
            set(answer) == set(model.at_risk_skills(model_case(case).people, min_sites=1))
        ),
        "You listed only the skills one person holds. A skill whose two holders work at the "
        "same site is at risk too: one site's holiday, outage or wave of resignations takes "
        f"both at once, so the case asks for holders at two sites {REVISIT_RISK}.",
    ),
    Misconception(
        "single-holders-missed",
        lambda answer, case: (
            set(answer)
            == {
                r.skill
                for r in model.skill_risks(model_case(case).people)
                if r.at_risk and len(r.holders) > 1
            }
        ),
        "You listed the skills held at one site only, but not those one person holds: a "
        f"single holder is the plainest key-person risk of all {REVISIT_RISK}.",
    ),
)


@checks.check("key-person-risk", KEY_PERSON)
def check_key_person_risk(case: WorkingHoursView, answer: Plain) -> None:
    skills = sorted({s for p in case.people.values() for s in p["skills"]})
    expect_names(answer, skills, "at_risk_skills")
    if set(answer) == set(model.at_risk_skills(model_case(case).people)):
        return
    diagnose(answer, case, RISK_MISCONCEPTIONS)
    raise CheckFailed(
        "at_risk_skills is not right: for each skill, count who holds it and at how many sites; "
        f"it is safe only with at least two holders at two sites or more {REVISIT_RISK}."
    )
