"""Parts 1 and 2 of "A reskilling plan for the retained team": a retained role for everyone who
stays, and each person's skill gaps for the role they were given."""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import Misconception, diagnose
from autograder.checks.exercises.reskilling_plan import (
    RESKILLING,
    REVISIT,
    breaks,
    checks,
    part,
    read,
    staffed_plan,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from course.cases.kinds.reskilling import ReskillingView, programme_of
from course.models import reskilling as model
from course.models.reskilling import ReskillingPlan, skill_gaps

# --- Part 1: who takes which role ------------------------------------------------------------


def _assignments(case: ReskillingView, answer: Plain) -> ReskillingPlan:
    if answer == {}:
        raise ShapeProblem("assignments is empty: map each person in case.team to a role")
    return read(case, answer)


def _kept_on_old_job(plan: ReskillingPlan, case: ReskillingView) -> bool:
    return any(plan.assignments.get(name) == p["current_work"] for name, p in case.team.items())


def _unfilled(plan: ReskillingPlan, case: ReskillingView) -> str:
    counts = {role: 0 for role in case.roles}
    for place in plan.assignments.values():
        if place in counts:
            counts[place] += 1
    return next(role for role, count in counts.items() if count < case.roles[role]["headcount"])


ROLE_MISCONCEPTIONS = (
    Misconception(
        "no-role",
        breaks(model.RULE_EVERYONE),
        "Someone who stays has no role in your plan. Everyone in case.team stays, and the "
        "first thing a reskilling plan does is define the role each person will have once the "
        f"routine work has moved out {REVISIT}.",
    ),
    Misconception(
        "kept-on-old-job",
        _kept_on_old_job,
        "You kept someone on the work they do today, but that work moves to the provider "
        "(case.outsourced_work). The people who stay need a new role among the roles that stay, "
        f"or they will have nothing to do on the day of the handover {REVISIT}.",
    ),
    Misconception(
        model.RULE_WORK_MOVES_OUT,
        breaks(model.RULE_WORK_MOVES_OUT),
        "Someone is given work that moves to the provider (case.outsourced_work). Give every "
        f"person one of the retained roles in case.roles {REVISIT}.",
    ),
    Misconception(
        model.RULE_ROLE_UNFILLED,
        breaks(model.RULE_ROLE_UNFILLED),
        lambda plan, case: (
            f"Nobody (or too few people) takes the role {_unfilled(plan, case)!r}. A retained "
            "role left empty is in practice left to the provider, which then directs and "
            "checks its own work. Fill every role with the number of people case.roles asks "
            f"for, moving someone from a role that has more than it needs {REVISIT}."
        ),
    ),
)


@checks.check("assignments-shape", RESKILLING)
def check_assignments_shape(case: ReskillingView, answer: Plain) -> None:
    _assignments(case, answer)


@checks.check("assignments", RESKILLING)
def check_assignments(case: ReskillingView, answer: Plain) -> None:
    diagnose(_assignments(case, answer), case, ROLE_MISCONCEPTIONS)


# --- Part 2: the skill gaps ------------------------------------------------------------------


def _gaps_by(case: ReskillingView, plan: ReskillingPlan, what: Any) -> dict[str, set[str]]:
    """Person -> ``what(person, role)`` for everyone given a retained role: what a slip lists."""
    return {
        name: set(what(case.team[name], case.roles[place]))
        for name, place in plan.assignments.items()
        if place in case.roles
    }


def _same(answer: dict[str, list[str]], expected: dict[str, set[str]]) -> bool:
    return set(answer) == set(expected) and all(set(answer[k]) == v for k, v in expected.items())


GAP_MISCONCEPTIONS = (
    Misconception(
        "whole-role",
        lambda answer, c: _same(answer[1], _gaps_by(c, answer[0], lambda p, r: r["skills"])),
        "You listed every skill the role needs. A gap is what the role needs and the person "
        "does not hold yet: take the skills they already have (case.team) away, or you will pay "
        f"to teach people what they know {REVISIT}.",
    ),
    Misconception(
        "skills-held",
        lambda answer, c: _same(
            answer[1], _gaps_by(c, answer[0], lambda p, r: set(r["skills"]) & set(p["skills"]))
        ),
        "You listed the role's skills the person already holds. The gap is the other way "
        f"round: the skills the role needs that the person lacks {REVISIT}.",
    ),
    Misconception(
        "other-roles",
        lambda answer, c: _same(
            answer[1], _gaps_by(c, answer[0], lambda p, r: _all_role_skills(c) - set(p["skills"]))
        ),
        "You compared each person with the skills of every retained role. Measure each gap "
        f"against the one role you gave that person in Part 1 {REVISIT}.",
    ),
)


def _all_role_skills(case: ReskillingView) -> set[str]:
    return {skill for role in case.roles.values() for skill in role["skills"]}


def _expect_gaps_shape(case: ReskillingView, gaps: Plain, people: list[str]) -> None:
    if type(gaps) is not dict:
        example = (people or list(case.team))[0]
        raise ShapeProblem(
            "skill_gaps should be a dict that maps each person with a retained role to a list "
            f"of skills, for example {{{example!r}: ['business analysis']}}, not a "
            f"{type(gaps).__name__}"
        )
    missing = [name for name in people if name not in gaps]
    extra = [name for name in gaps if name not in people]
    if missing or extra:
        raise CheckFailed(
            f"skill_gaps should have one entry for each person you gave a retained role in "
            f"Part 1, no more and no less ({'missing ' + repr(missing) if missing else ''}"
            f"{'not in a retained role: ' + repr(extra) if extra else ''}) {REVISIT}."
        )
    skills = {course["skill"] for course in case.courses.values()} | _all_role_skills(case)
    for name, listed in gaps.items():
        if type(listed) is not list or any(type(skill) is not str for skill in listed):
            raise ShapeProblem(f"skill_gaps[{name!r}] should be a list of skills (texts)")
        if len(set(listed)) != len(listed):
            raise ShapeProblem(f"skill_gaps[{name!r}] lists a skill more than once")
        unknown = [skill for skill in listed if skill not in skills]
        if unknown:
            raise ShapeProblem(
                f"skill_gaps[{name!r}] names {unknown[0]!r}, which is not a skill of the case; "
                "spell skills as case.roles does"
            )


@checks.check("skill-gaps", RESKILLING)
def check_skill_gaps(case: ReskillingView, answer: Plain) -> None:
    assignments, gaps = part(answer, "assignments", "skill_gaps")
    plan = staffed_plan(case, assignments)
    expected = skill_gaps(programme_of(case), plan.assignments)
    _expect_gaps_shape(case, gaps, list(expected))
    if _same(gaps, {name: set(skills) for name, skills in expected.items()}):
        return
    diagnose((plan, gaps), case, GAP_MISCONCEPTIONS)
    raise CheckFailed(
        "At least one person's gaps are not right: for each person, the skills their retained "
        f"role needs (case.roles) that they do not hold yet (case.team) {REVISIT}."
    )
