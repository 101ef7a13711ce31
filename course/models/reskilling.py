"""Reskilling the retained team: who takes which role that stays, and the training that gets them
ready before the provider takes the routine work over.

Why: Cramm ("Ask the Coach: Trends in Training for Offshore Management", CIO, 2006) observes
that organisations got better at running sourcing relationships but still neglect retraining the
IT staff they keep for the innovation work that remains, and advises defining that future role
and putting its development programme into the outsourcing plan itself. A plan that does so
names a retained role for everyone who stays, closes each person's skill gaps for that role with
training, and finishes the training inside the transition, within its budget. The rules below
follow docs/evidence.md, E16; "one course at a time" (people keep their day job during the
transition) and "ready by the handover month" are COURSE CONVENTIONS.

A learner's plan is data to be judged: ``read_plan`` fails only on names the case does not know
or values of the wrong type; ``validate_plan`` then returns every problem at once as findings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from course.models.errors import Finding, ModelInputError, Severity, did_you_mean, require_records

RULE_EVERYONE = "everyone-has-a-role"
RULE_WORK_MOVES_OUT = "work-moves-out"
RULE_ROLE_UNFILLED = "role-unfilled"
RULE_ROLE_OVERSTAFFED = "role-overstaffed"
RULE_GAP_CLOSED = "gap-closed"
RULE_TRAINING_NEEDED = "training-needed"
RULE_ONE_AT_A_TIME = "one-at-a-time"
RULE_READY_BY_HANDOVER = "ready-by-handover"
RULE_BUDGET = "within-budget"

RULES = (
    RULE_EVERYONE,
    RULE_WORK_MOVES_OUT,
    RULE_ROLE_UNFILLED,
    RULE_ROLE_OVERSTAFFED,
    RULE_GAP_CLOSED,
    RULE_TRAINING_NEEDED,
    RULE_ONE_AT_A_TIME,
    RULE_READY_BY_HANDOVER,
    RULE_BUDGET,
)
"""Every rule id ``validate_plan`` can report; ids are stable so grader checks can name them."""

ENROLMENT_FIELDS = ("person", "course", "start_month")
"""The keys of one training record, as a learner types it."""

_MONEY_SLACK = 1e-6
"""Sums of fees carry rounding noise; a plan exactly on budget is within it."""


@dataclass(frozen=True)
class Person:
    """Someone who stays: the work they do today and the skills they already hold (a tuple, not a
    set, so a case prints the same in every process: set order depends on the hash seed)."""

    name: str
    current_work: str
    skills: tuple[str, ...]


@dataclass(frozen=True)
class RetainedRole:
    """A role that stays in house (Cramm's innovation role), how many people it needs, and the
    skills each of them must hold by the handover."""

    name: str
    headcount: int
    skills: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    """One way to learn one skill: a fee per participant and a length in whole months."""

    code: str
    skill: str
    fee: float
    months: int


@dataclass(frozen=True)
class Programme:
    """The situation a plan answers: the team who stays, the roles that stay, the work that moves
    to the provider, the courses on offer, the training budget and the month the provider takes
    over (training runs in months 1 to ``handover_month - 1``)."""

    team: tuple[Person, ...]
    roles: tuple[RetainedRole, ...]
    outsourced_work: tuple[str, ...]
    courses: tuple[Course, ...]
    budget: float
    handover_month: int

    def person(self, name: str) -> Person:
        return next(person for person in self.team if person.name == name)

    def role(self, name: str) -> RetainedRole | None:
        return next((role for role in self.roles if role.name == name), None)

    def course(self, code: str) -> Course:
        return next(course for course in self.courses if course.code == code)


@dataclass(frozen=True)
class Enrolment:
    """One person on one course, starting in ``start_month`` (the course runs ``months`` months:
    a two-month course starting in month 3 runs in months 3 and 4)."""

    person: str
    course: str
    start_month: int


@dataclass(frozen=True)
class ReskillingPlan:
    """Who takes which role (``None``: nobody said) and the training, as the model reads them."""

    assignments: Mapping[str, str | None]
    training: tuple[Enrolment, ...]


def read_plan(
    programme: Programme, assignments: Mapping[str, object], training: Iterable[object]
) -> ReskillingPlan:
    """Build a plan from plain data (a dict person -> role, a list of training dicts).

    Refuses only what cannot be judged: a person, role or course the case does not name (with a
    did-you-mean), a missing key, a start month that is not a whole number. Everything else,
    however poor, becomes a plan for ``validate_plan`` to judge.
    """
    people = [person.name for person in programme.team]
    places = [role.name for role in programme.roles] + list(programme.outsourced_work)
    codes = [course.code for course in programme.courses]
    if not isinstance(assignments, Mapping):
        raise ModelInputError("assignments", f"expected a dict, got {assignments!r}", "a dict")
    read: dict[str, str | None] = {}
    for name, place in assignments.items():
        _known(f"assignments[{name!r}]", name, people, "a person in the team")
        if place is not None:
            _known(f"assignments[{name!r}]", place, places, "a retained role, or None")
        read[name] = place
    enrolments = []
    fields = list(ENROLMENT_FIELDS)
    for where, record in require_records("training", training, fields, "a dict per course"):
        _known(f"{where}.person", record["person"], people, "a person in the team")
        _known(f"{where}.course", record["course"], codes, "a course code")
        start = record["start_month"]
        if isinstance(start, bool) or not isinstance(start, int):
            raise ModelInputError(
                f"{where}.start_month", f"expected a whole month number, got {start!r}", "1, 2, 3"
            )
        enrolments.append(Enrolment(record["person"], record["course"], start))
    return ReskillingPlan(read, tuple(enrolments))


def _known(where: str, value: object, known: list[str], what: str) -> None:
    if not isinstance(value, str) or value not in known:
        raise ModelInputError(where, f"{value!r} is not {what}{did_you_mean(value, known)}")


def role_of(programme: Programme, plan: ReskillingPlan, name: str) -> RetainedRole | None:
    """The retained role ``name`` takes in ``plan`` (``None``: outsourced work or nothing)."""
    place = plan.assignments.get(name)
    return programme.role(place) if place is not None else None


def skill_gaps(programme: Programme, assignments: Mapping[str, str | None]) -> dict[str, list]:
    """Person -> the skills their retained role needs that they lack, sorted; only for people
    given a retained role (the gap is measured against the role, not against a wish list)."""
    gaps = {}
    for person in programme.team:
        place = assignments.get(person.name)
        role = programme.role(place) if place is not None else None
        if role is not None:
            gaps[person.name] = sorted(set(role.skills) - set(person.skills))
    return gaps


def end_month(programme: Programme, enrolment: Enrolment) -> int:
    """The last month a course runs: start month + months - 1."""
    return enrolment.start_month + programme.course(enrolment.course).months - 1


def training_cost(programme: Programme, training: Iterable[Enrolment]) -> float:
    """Every participant's fee, added up: the fee is per person, so two people on one course
    pay it twice."""
    return float(sum(programme.course(e.course).fee for e in training))


def last_training_month(programme: Programme, training: Iterable[Enrolment]) -> int:
    """The month the last course ends (0 for a plan with no training)."""
    return max((end_month(programme, e) for e in training), default=0)


def validate_plan(programme: Programme, plan: ReskillingPlan) -> list[Finding]:
    """Every problem in the plan, each tied to a rule id in ``RULES`` (docs/evidence.md, E16).

    - ``everyone-has-a-role``: each person who stays is given a role (Cramm: define the future
      role of the internal workforce).
    - ``work-moves-out``: nobody is kept on work the provider takes over.
    - ``role-unfilled`` / ``role-overstaffed``: each retained role gets its headcount; a role
      left empty is in practice left to the provider, which then manages itself.
    - ``gap-closed``: each skill a person's role needs and they lack is taught by a course they
      take.
    - ``training-needed``: no course teaches a skill the person already holds, a skill their role
      does not need, the same skill twice, or anyone without a retained role.
    - ``one-at-a-time``: a person's courses do not overlap (COURSE CONVENTION).
    - ``ready-by-handover``: every course runs within months 1 to ``handover_month - 1``
      (COURSE CONVENTION: ready when the provider takes over, as Cramm asks the programme be in
      the work plan from the start).
    - ``within-budget``: the fees add up to no more than the budget.
    """
    return [
        *_check_roles(programme, plan),
        *_check_training(programme, plan),
        *_check_timing(programme, plan),
        *_check_budget(programme, plan),
    ]


def _check_roles(programme: Programme, plan: ReskillingPlan) -> list[Finding]:
    findings = []
    for person in programme.team:
        place = plan.assignments.get(person.name)
        if place is None:
            findings.append(_error(person.name, f"{person.name} has no role", RULE_EVERYONE))
        elif place in programme.outsourced_work:
            findings.append(
                _error(
                    person.name,
                    f"{person.name} is kept on {place!r}, work that moves to the provider",
                    RULE_WORK_MOVES_OUT,
                )
            )
    for role in programme.roles:
        count = sum(1 for place in plan.assignments.values() if place == role.name)
        if count < role.headcount:
            findings.append(
                _error(
                    role.name,
                    f"{role.name} needs {role.headcount} and has {count}; a role left empty is "
                    "left to the provider",
                    RULE_ROLE_UNFILLED,
                )
            )
        elif count > role.headcount:
            findings.append(
                _error(
                    role.name,
                    f"{role.name} needs {role.headcount} and has {count}",
                    RULE_ROLE_OVERSTAFFED,
                )
            )
    return findings


def _check_training(programme: Programme, plan: ReskillingPlan) -> list[Finding]:
    findings = []
    gaps = skill_gaps(programme, plan.assignments)
    taught: dict[str, list[str]] = {}
    for enrolment in plan.training:
        skill = programme.course(enrolment.course).skill
        taught.setdefault(enrolment.person, []).append(skill)
        person = programme.person(enrolment.person)
        role = role_of(programme, plan, person.name)
        if role is None:
            reason = "has no retained role to train for"
        elif skill in person.skills:
            reason = f"already holds {skill}"
        elif skill not in role.skills:
            reason = f"does not need {skill} as {role.name}"
        elif taught[person.name].count(skill) > 1:
            reason = f"is taught {skill} twice"
        else:
            continue
        findings.append(
            _error(
                f"{person.name}.{enrolment.course}",
                f"{person.name} {reason} ({enrolment.course})",
                RULE_TRAINING_NEEDED,
            )
        )
    for name, missing in gaps.items():
        for skill in missing:
            if skill not in taught.get(name, []):
                findings.append(
                    _error(
                        f"{name}.{skill}",
                        f"{name} lacks {skill} and takes no course that teaches it",
                        RULE_GAP_CLOSED,
                    )
                )
    return findings


def _check_timing(programme: Programme, plan: ReskillingPlan) -> list[Finding]:
    findings = []
    last = programme.handover_month - 1
    for enrolment in plan.training:
        end = end_month(programme, enrolment)
        if enrolment.start_month < 1 or end > last:
            findings.append(
                _error(
                    f"{enrolment.person}.{enrolment.course}",
                    f"{enrolment.course} runs in months {enrolment.start_month} to {end}; "
                    f"training must run in months 1 to {last}, before the provider takes over "
                    f"in month {programme.handover_month}",
                    RULE_READY_BY_HANDOVER,
                )
            )
    for person in programme.team:
        mine = sorted(
            (e for e in plan.training if e.person == person.name), key=lambda e: e.start_month
        )
        for first, second in itertools.pairwise(mine):
            if second.start_month <= end_month(programme, first):
                findings.append(
                    _error(
                        person.name,
                        f"{person.name}'s {second.course} starts in month {second.start_month}, "
                        f"before {first.course} ends in month {end_month(programme, first)}",
                        RULE_ONE_AT_A_TIME,
                    )
                )
    return findings


def _check_budget(programme: Programme, plan: ReskillingPlan) -> list[Finding]:
    cost = training_cost(programme, plan.training)
    if cost <= programme.budget + _MONEY_SLACK:
        return []
    return [
        _error(
            "training",
            f"the fees add up to {cost:,.0f}, more than the budget of {programme.budget:,.0f}",
            RULE_BUDGET,
        )
    ]


def _error(field: str, message: str, rule: str) -> Finding:
    return Finding(Severity.ERROR, field, message, rule)


# --- the cheapest plan: what keeps a case's budget fair -------------------------------------


def cheapest_route(
    programme: Programme, person: Person, role: RetainedRole
) -> tuple[Course, ...] | None:
    """The cheapest courses that close ``person``'s gaps for ``role`` one after another before
    the handover, or ``None`` if no choice of courses fits the transition."""
    missing = sorted(set(role.skills) - set(person.skills))
    options = [[c for c in programme.courses if c.skill == skill] for skill in missing]
    months = programme.handover_month - 1
    fitting = [
        combo for combo in itertools.product(*options) if sum(c.months for c in combo) <= months
    ]
    return min(fitting, key=lambda combo: sum(c.fee for c in combo), default=None)


def cheapest_plan(programme: Programme) -> tuple[dict[str, str], float] | None:
    """The assignment whose training costs least, and that cost (``None``: no plan fits the
    transition). Why here: a case's variants keep their budget above it, so a sound plan exists
    for every learner; it is not what a learner is asked to find."""
    slots = [role.name for role in programme.roles for _ in range(role.headcount)]
    if len(slots) != len(programme.team):
        return None
    price: dict[tuple[str, str], float | None] = {}
    for person in programme.team:
        for role in programme.roles:
            route = cheapest_route(programme, person, role)
            price[person.name, role.name] = None if route is None else sum(c.fee for c in route)
    best: tuple[dict[str, str], float] | None = None
    for order in sorted(set(itertools.permutations(slots))):
        costs = [price[p.name, r] for p, r in zip(programme.team, order, strict=True)]
        if any(cost is None for cost in costs):
            continue
        total = float(sum(costs))  # type: ignore[arg-type]
        if best is None or total < best[1] - _MONEY_SLACK:
            best = ({p.name: r for p, r in zip(programme.team, order, strict=True)}, total)
    return best
