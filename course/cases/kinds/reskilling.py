"""Reskilling: the team who stays, the roles that stay, the courses (``course.models.reskilling``).

The roles and the work that moves out come from case.yml, the people and the courses from two
tables. Variants move every fee and the budget, never the names, skills or lengths, so the
cheapest plan keeps its assignment, fits the budget with room to spare, and the fastest route
everywhere still breaks it. "A reskilling plan for the retained team" shows the plain view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import RATE_SPREAD, Draw
from course.cases.source import Source, allow_case_keys, common_fields, frozen, require_unique
from course.models.errors import ModelInputError
from course.models.reskilling import (
    RULES,
    Course,
    Person,
    Programme,
    RetainedRole,
    cheapest_plan,
)

BUDGET_SPREAD = 0.1
"""The training budget moves by up to 10% either way."""

BUDGET_MARGIN = 0.05
"""The cheapest plan stays at least 5% under the budget, and the fastest route for its people at
least 5% over it: room to choose, and a budget that still bites."""


@dataclass(frozen=True)
class ReskillingCase(Case):
    """The retained team, its future roles and the courses on offer.

    Feeds ``course.models.reskilling``.
    """

    kind: ClassVar[str] = "reskilling"

    provider: str
    programme: Programme
    course_titles: Mapping[str, str]

    def validate(self) -> None:
        """A case must allow at least one plan that fits the transition."""
        if cheapest_plan(self.programme) is None:
            raise ModelInputError(
                "roles",
                "no assignment of the team to the roles fits the transition",
                "as many role places as people, and courses short enough",
            )


# --- reading case files ----------------------------------------------------------------------


def parse_reskilling(source: Source) -> ReskillingCase:
    """Roles, budget and handover from case.yml; the team and the courses from two tables."""
    main = source.main
    allow_case_keys(main, "provider handover_month budget outsourced_work roles team courses")
    roles = []
    for item in main.sections("roles"):
        item.reject_unknown(("name", "headcount", "skills"))
        roles.append(
            RetainedRole(item.text("name"), item.integer("headcount", 1), item.texts("skills"))
        )
    require_unique(main, "roles", [role.name for role in roles])
    team_table = source.table(main, "team")
    team_table.require_columns(("name", "current_work", "skills"))
    team = [
        Person(
            row.text("name"),
            row.text("current_work"),
            tuple(
                sorted({s.strip() for s in (row.optional_text("skills") or "").split(";")} - {""})
            ),
        )
        for row in team_table.rows
    ]
    require_unique(main, "team", [person.name for person in team], team_table.file)
    course_table = source.table(main, "courses")
    course_table.require_columns(("code", "skill", "title", "fee", "months"))
    courses = [
        Course(row.text("code"), row.text("skill"), row.number("fee", 0), row.integer("months", 1))
        for row in course_table.rows
    ]
    require_unique(main, "courses", [course.code for course in courses], course_table.file)
    return ReskillingCase(
        **common_fields(source),
        provider=main.text("provider"),
        programme=Programme(
            team=tuple(team),
            roles=tuple(roles),
            outsourced_work=main.texts("outsourced_work"),
            courses=tuple(courses),
            budget=main.number("budget", 0),
            handover_month=main.integer("handover_month", 2),
        ),
        course_titles=frozen({row.text("code"): row.text("title") for row in course_table.rows}),
    )


# --- variants --------------------------------------------------------------------------------


def perturb_reskilling(case: ReskillingCase, draw: Draw) -> ReskillingCase:
    """Each fee +/-15% (to 50 dollars) and the budget +/-10% (to 500 dollars); names, skills,
    course lengths and the handover month stay, so the story's timing stays too."""
    programme = case.programme
    courses = tuple(
        dataclasses.replace(course, fee=draw.scaled(course.fee, RATE_SPREAD, 50, 50))
        for course in programme.courses
    )
    budget = draw.scaled(programme.budget, BUDGET_SPREAD, 500)
    return dataclasses.replace(
        case, programme=dataclasses.replace(programme, courses=courses, budget=budget)
    )


# --- what a variant keeps --------------------------------------------------------------------


def fastest_cost(programme: Programme, assignments: dict[str, str]) -> float:
    """The fees when every gap is closed by the shortest course for its skill (the dearest way
    to be ready early): what a variant must keep above its budget."""
    total = 0.0
    for person in programme.team:
        role = programme.role(assignments[person.name])
        assert role is not None
        for skill in sorted(set(role.skills) - set(person.skills)):
            options = [c for c in programme.courses if c.skill == skill]
            total += min(options, key=lambda c: (c.months, -c.fee)).fee
    return total


def _reskilling_story(case: ReskillingCase) -> Hashable:
    """Who takes which role in the cheapest plan, and whether the budget fits it and refuses the
    fastest route everywhere."""
    programme = case.programme
    best = cheapest_plan(programme)
    if best is None:
        return None
    assignments, cost = best
    fits = cost <= programme.budget
    refuses_fastest = fastest_cost(programme, assignments) > programme.budget
    return tuple(sorted(assignments.items())), fits, refuses_fastest


def _reskilling_well_defined(case: ReskillingCase) -> bool:
    programme = case.programme
    best = cheapest_plan(programme)
    if best is None:
        return False
    assignments, cost = best
    budget = programme.budget
    fastest = fastest_cost(programme, assignments)
    return cost <= budget * (1 - BUDGET_MARGIN) and fastest >= budget * (1 + BUDGET_MARGIN)


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass
class ReskillingView:
    """A case as plain data: what the notebook shows and the checks read back into the model.

    ``team`` maps each person to their current work and skills; ``roles`` each retained role to
    its headcount and skills; ``courses`` each course code to its skill, title, fee and months.
    It holds no computed result: gaps, costs and months are the learner's to work out.
    """

    learner_id: str
    company: str
    provider: str
    currency: str
    handover_month: int
    budget: float
    outsourced_work: list[str]
    team: dict[str, dict[str, Any]]  # name -> current_work, skills
    roles: dict[str, dict[str, Any]]  # name -> headcount, skills
    courses: dict[str, dict[str, Any]]  # code -> skill, title, fee, months
    rules: list[str]


def programme_of(view: ReskillingView) -> Programme:
    """The model's programme for a plain view (what the checks judge a plan against)."""
    return Programme(
        team=tuple(
            Person(name, str(p["current_work"]), tuple(p["skills"]))
            for name, p in view.team.items()
        ),
        roles=tuple(
            RetainedRole(name, int(r["headcount"]), tuple(r["skills"]))
            for name, r in view.roles.items()
        ),
        outsourced_work=tuple(view.outsourced_work),
        courses=tuple(
            Course(code, str(c["skill"]), float(c["fee"]), int(c["months"]))
            for code, c in view.courses.items()
        ),
        budget=float(view.budget),
        handover_month=int(view.handover_month),
    )


def plain_view(case: ReskillingCase, learner_id: str) -> ReskillingView:
    """``case`` as the plain data the exercise shows and its checks read."""
    programme = case.programme
    return ReskillingView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        currency=case.currency,
        handover_month=programme.handover_month,
        budget=float(programme.budget),
        outsourced_work=list(programme.outsourced_work),
        team={
            p.name: {"current_work": p.current_work, "skills": sorted(p.skills)}
            for p in programme.team
        },
        roles={
            r.name: {"headcount": r.headcount, "skills": list(r.skills)} for r in programme.roles
        },
        courses={
            c.code: {
                "skill": c.skill,
                "title": case.course_titles[c.code],
                "fee": float(c.fee),
                "months": c.months,
            }
            for c in programme.courses
        },
        rules=list(RULES),
    )


def describe(case: ReskillingView) -> list[Any]:
    """What the exercise's setup cell shows: the team, the roles that stay and the courses."""
    import pandas as pd
    from IPython.display import Markdown

    def listed(values: list[str]) -> str:
        return ", ".join(values) or "(none yet)"

    def table(frame: pd.DataFrame) -> object:
        """The whole of every cell, text to the left: pandas cuts text at 50 characters, and a
        list of skills is longer than that."""
        return frame.style.format(escape="html").set_properties(**{"text-align": "left"})

    team = pd.DataFrame(
        {
            name: {"work today": p["current_work"], "skills held": listed(p["skills"])}
            for name, p in case.team.items()
        }
    ).T
    roles = pd.DataFrame(
        {
            name: {"people": r["headcount"], "skills needed": listed(r["skills"])}
            for name, r in case.roles.items()
        }
    ).T
    courses = pd.DataFrame(
        {
            code: {
                "skill": c["skill"],
                "course": c["title"],
                "fee, length": f"{c['fee']:,.0f} {case.currency}, "
                f"{c['months']} month{'' if c['months'] == 1 else 's'}",
            }
            for code, c in case.courses.items()
        }
    ).T
    return [
        Markdown(
            f"**{case.company}** hands its routine IT work to **{case.provider}** in month "
            f"**{case.handover_month}** (`case.handover_month`); training runs in months 1 to "
            f"{case.handover_month - 1}. Training budget: **{case.budget:,.0f} {case.currency}** "
            "(`case.budget`). The work that moves out (`case.outsourced_work`): "
            f"{listed(case.outsourced_work)}."
        ),
        Markdown("The people who stay (`case.team`):"),
        table(team),
        Markdown("The roles that stay (`case.roles`):"),
        table(roles),
        Markdown("The courses on offer (`case.courses`; the fee is per participant):"),
        table(courses),
    ]


KIND = CaseKind(
    ReskillingCase,
    parse=parse_reskilling,
    perturb=perturb_reskilling,
    story=_reskilling_story,
    well_defined=_reskilling_well_defined,
    plain_view=plain_view,
)
