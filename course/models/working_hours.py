"""Working hours across sites: overlap, coverage of a support window, hand-offs, key-person risk.

Why: a team spread over time zones is led through its clock. The hours two sites share are the
only hours they can talk live; a support window the client promises its users is covered only
where some shift is on; every shift that ends while the window is open hands its open work to a
shift that is still on, and a hand-off with no overlap is a note left on a desk. Carmel, Espinosa
and Dubinsky ("'Follow the Sun' Workflow in Global Software Development", Journal of Management
Information Systems, 2010) describe follow-the-sun work as sites in distant zones passing the
work on at the end of each local day, and find the hand-offs themselves to be where it is won or
lost. The rules below (a minimum overlap at every hand-off, no gap in the window, shifts within
agreed lengths and local hours) are COURSE CONVENTIONS that make that advice checkable; the
figures (30 minutes, 9 hours) are a case's parameters, not published norms (docs/evidence.md,
E12).

Time is kept on one day's clock, in whole minutes. A site has a fixed offset from UTC, which
holds for one stated week only: daylight saving moves it, so a case names the week. Every
working day is taken to be the same (a typical weekday); weekends and local holidays are out of
the model, and a case that needs them says so.

A learner's plan is data to be judged: ``read_shifts`` fails only on sites the case does not know
or times it cannot read; ``validate_plan`` then returns every problem at once as findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from course.models.errors import (
    Finding,
    ModelInputError,
    Severity,
    did_you_mean,
    require_records,
)

DAY = 24 * 60
"""Minutes in a day: the model's clock runs from 0 (00:00) to 1440 (24:00)."""

RULE_COVERED = "window-covered"
RULE_HANDOFF_OVERLAP = "handoff-overlap"
RULE_SHIFT_LENGTH = "shift-length"
RULE_SITE_HOURS = "within-site-hours"

RULES = (RULE_COVERED, RULE_HANDOFF_OVERLAP, RULE_SHIFT_LENGTH, RULE_SITE_HOURS)
"""Every rule id ``validate_plan`` can report; ids are stable so grader checks can name them."""

SHIFT_FIELDS = ("site", "start", "end")
"""The keys of one shift record, as a learner types it."""

MAX_SHIFTS = 48
"""Most shifts a roster may list: one starting every half hour. More is no roster a site could
staff, and judging thousands of shifts would only make a grader slow."""

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


# --- the clock ---------------------------------------------------------------------------------


def clock_minutes(field: str, value: object, end: bool = False) -> int:
    """Minutes after midnight for a time written ``"HH:MM"``.

    ``"24:00"`` is allowed as an end (the end of the day, 1440 minutes), never as a start: a
    shift that ends at midnight is not a shift that ends at 0, and arithmetic that forgets it
    counts the shift as nothing.
    """
    match = _CLOCK.match(value) if isinstance(value, str) else None
    allowed = "'00:00' to '24:00'" if end else "'00:00' to '23:59'"
    if match is None:
        raise ModelInputError(field, f"expected a time such as '08:30', got {value!r}", allowed)
    hours, minutes = int(match.group(1)), int(match.group(2))
    total = hours * 60 + minutes
    if minutes > 59 or total > DAY or (total == DAY and not end):
        raise ModelInputError(field, f"{value!r} is not a time of day", allowed)
    return total


def clock_text(minutes: int) -> str:
    """``"HH:MM"`` for minutes after midnight; 1440 is ``"24:00"`` (the end of the day)."""
    if minutes == DAY:
        return "24:00"
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def offset_text(offset: int) -> str:
    """An offset in minutes as people write it: ``UTC+5:30``, ``UTC-5``, ``UTC+0``."""
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def to_utc(local: int, offset: int) -> int:
    """A local time on UTC's clock: local time minus the offset (UTC+8 at 07:00 is 23:00 UTC
    the day before), wrapped onto the day."""
    return (local - offset) % DAY


def span(start: int, end: int, offset: int = 0) -> frozenset[int]:
    """The minutes of UTC's day (0..1439) a local span ``start``..``end`` covers.

    ``end <= start`` means the span runs past local midnight (22:00 to 06:00); ``end == 1440`` is
    midnight itself. Why a set of minutes: overlap, union and gaps then follow from set
    arithmetic, with no special case for a span that wraps past UTC midnight.
    """
    length = (end - start) % DAY or DAY
    first = to_utc(start, offset)
    return frozenset((first + step) % DAY for step in range(length))


# --- sites, shifts and the window --------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A place people work: its fixed UTC offset in minutes (for the case's stated week), its
    office hours (local), and the local hours the site agreed to staff (``earliest`` to
    ``latest``; 0 to 1440 for round the clock)."""

    name: str
    offset: int
    office_start: int
    office_end: int
    earliest: int = 0
    latest: int = DAY

    def __post_init__(self) -> None:
        if not -12 * 60 <= self.offset <= 14 * 60:
            raise ModelInputError(
                f"sites[{self.name!r}].offset", f"{self.offset} minutes", "-720 to 840"
            )
        if self.office_start == self.office_end % DAY:
            raise ModelInputError(
                f"sites[{self.name!r}].office", "office hours start and end at the same time"
            )
        if not 0 <= self.earliest < self.latest <= DAY:
            raise ModelInputError(
                f"sites[{self.name!r}].hours",
                f"{clock_text(self.earliest)} to {clock_text(self.latest)}",
                "an earliest time before the latest, within 00:00 to 24:00",
            )

    def office(self) -> frozenset[int]:
        """The UTC minutes of this site's office hours."""
        return span(self.office_start, self.office_end, self.offset)


@dataclass(frozen=True)
class Shift:
    """One shift a site staffs every working day, in the site's local time (``end`` 1440 is
    midnight; ``end <= start`` runs past local midnight)."""

    site: str
    start: int
    end: int

    @property
    def minutes(self) -> int:
        """The shift's length in minutes."""
        return (self.end - self.start) % DAY or DAY

    def label(self) -> str:
        return f"{self.site} {clock_text(self.start)}-{clock_text(self.end)}"


@dataclass(frozen=True)
class Window:
    """The hours the client promised its users support, in the client's local time: every
    working day from ``start`` to ``end`` (0 to 1440 for round the clock)."""

    offset: int
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return (self.end - self.start) % DAY or DAY

    @property
    def round_the_clock(self) -> bool:
        return self.minutes == DAY

    def order(self) -> list[int]:
        """The window's UTC minutes in the order the client's day meets them."""
        first = to_utc(self.start, self.offset)
        return [(first + step) % DAY for step in range(self.minutes)]


@dataclass(frozen=True)
class HandoffRules:
    """What a plan must meet: the least overlap at a hand-off, and the agreed shift lengths."""

    min_handoff_minutes: int
    min_shift_minutes: int
    max_shift_minutes: int

    def __post_init__(self) -> None:
        if not 0 <= self.min_handoff_minutes <= 240:
            raise ModelInputError("min_handoff_minutes", f"{self.min_handoff_minutes}", "0 to 240")
        if not 0 < self.min_shift_minutes <= self.max_shift_minutes <= DAY:
            raise ModelInputError(
                "shift lengths",
                f"{self.min_shift_minutes} to {self.max_shift_minutes} minutes",
                "a minimum above 0 and no more than the maximum, at most 1440",
            )


def _site_map(sites: Iterable[Site]) -> dict[str, Site]:
    return {site.name: site for site in sites}


def shift_span(sites: Mapping[str, Site], shift: Shift) -> frozenset[int]:
    """The UTC minutes ``shift`` covers."""
    return span(shift.start, shift.end, sites[shift.site].offset)


def to_client(minute_utc: int, window: Window) -> int:
    """A UTC minute on the client's clock."""
    return (minute_utc + window.offset) % DAY


def read_shifts(sites: Iterable[Site], records: object) -> tuple[Shift, ...]:
    """Shifts from plain data (a list of ``{"site", "start", "end"}`` with ``"HH:MM"`` times).

    Refuses only what cannot be judged: a site the case does not name (with a did-you-mean), a
    missing or misspelt key, a time it cannot read, a shift that starts when it ends. A plan,
    however poor, is otherwise left for ``validate_plan`` to judge.
    """
    names = [site.name for site in sites]
    checked = require_records("shifts", records, list(SHIFT_FIELDS), "a dict per shift")
    if len(checked) > MAX_SHIFTS:
        raise ModelInputError(
            "shifts", f"{len(checked)} shifts is more than a roster needs", f"at most {MAX_SHIFTS}"
        )
    shifts = []
    for where, record in checked:
        site = record["site"]
        if not isinstance(site, str) or site not in names:
            raise ModelInputError(
                f"{where}.site", f"{site!r} is not a site of the case{did_you_mean(site, names)}"
            )
        start = clock_minutes(f"{where}.start", record["start"])
        end = clock_minutes(f"{where}.end", record["end"], end=True)
        if start == end % DAY:
            raise ModelInputError(
                f"{where}", "the shift starts and ends at the same time", "a shift of some length"
            )
        shifts.append(Shift(site, start, end))
    return tuple(shifts)


# --- overlap, coverage, gaps, hand-offs ---------------------------------------------------------


def overlap_minutes(first: frozenset[int], second: frozenset[int]) -> int:
    """How many minutes a day two spans share (both on at once)."""
    return len(first & second)


def office_overlap_hours(first: Site, second: Site) -> float:
    """The hours a day two sites' office hours share: when their people can talk live."""
    return overlap_minutes(first.office(), second.office()) / 60


@dataclass(frozen=True)
class Gap:
    """Part of the window no shift covers, on the client's clock (``end`` may be past midnight:
    23:00 to 01:00 in a round-the-clock window)."""

    start: int
    end: int

    @property
    def minutes(self) -> int:
        return (self.end - self.start) % DAY or DAY

    def text(self) -> tuple[str, str]:
        return clock_text(self.start), clock_text(self.end)


@dataclass(frozen=True)
class Coverage:
    """How much of the window a roster covers, and the gaps it leaves (client time)."""

    window_minutes: int
    covered_minutes: int
    gaps: tuple[Gap, ...]

    @property
    def share(self) -> float:
        return self.covered_minutes / self.window_minutes

    @property
    def percent(self) -> float:
        return 100 * self.share


def coverage(sites: Iterable[Site], shifts: Iterable[Shift], window: Window) -> Coverage:
    """The share of the window some shift covers (two shifts on at once count once) and its
    gaps, measured on the client's clock: the window is the client's promise to its users.

    In a round-the-clock window a gap that runs past the client's midnight is one gap (the
    clock does not stop at midnight on a working night); otherwise gaps run from the window's
    start to its end.
    """
    by_name = _site_map(sites)
    on: set[int] = set()
    for shift in shifts:
        on |= shift_span(by_name, shift)
    order = window.order()
    runs: list[list[int]] = []
    previous_covered = True
    for minute in order:
        if minute in on:
            previous_covered = True
            continue
        if previous_covered:
            runs.append([minute, minute])
        runs[-1][1] = minute
        previous_covered = False
    if window.round_the_clock and len(runs) > 1 and order[0] not in on and order[-1] not in on:
        first = runs.pop(0)
        runs[-1][1] = first[1]
    gaps = tuple(Gap(to_client(a, window), to_client(b + 1, window)) for a, b in runs)
    gaps = tuple(Gap(g.start, DAY if g.end == 0 else g.end) for g in gaps)
    covered = sum(1 for minute in order if minute in on)
    return Coverage(window.minutes, covered, gaps)


@dataclass(frozen=True)
class Handoff:
    """A shift that ends while the window is open, the shift that takes its work over (the one
    that shares the most time with it just before), the moment on the client's clock, and the
    minutes the two are on together just before it."""

    giver: Shift
    receiver: Shift
    at: int
    overlap: int


def _run_before(first: frozenset[int], second: frozenset[int], end: int) -> int:
    """Minutes both spans are on, counted back from ``end`` (UTC) until one of them is off."""
    count = 0
    while count < DAY and (end - count - 1) % DAY in first and (end - count - 1) % DAY in second:
        count += 1
    return count


def handoffs(sites: Iterable[Site], shifts: Sequence[Shift], window: Window) -> list[Handoff]:
    """One hand-off per shift that ends while the window is still open and someone else is on.

    A shift that ends as the window closes hands nothing over; one that ends with nobody on
    leaves a gap, which is not a hand-off (``coverage`` reports it). Listed in the order of the
    client's day.
    """
    by_name = _site_map(sites)
    spans = [shift_span(by_name, shift) for shift in shifts]
    open_minutes = set(window.order())
    found = []
    for index, shift in enumerate(shifts):
        end = to_utc(shift.end, by_name[shift.site].offset)
        if end not in open_minutes:
            continue
        others = [i for i in range(len(shifts)) if i != index and end in spans[i]]
        if not others:
            continue
        best = max(others, key=lambda i: (_run_before(spans[index], spans[i], end), -i))
        found.append(
            Handoff(
                shift,
                shifts[best],
                to_client(end, window),
                _run_before(spans[index], spans[best], end),
            )
        )
    return sorted(found, key=lambda h: ((h.at - window.start) % DAY, h.giver.label()))


@dataclass(frozen=True)
class FollowTheSun:
    """Whether a roster works follow-the-sun, and why not."""

    holds: bool
    reasons: tuple[str, ...]


DAYTIME = (7 * 60, 20 * 60)
"""Local daytime for the follow-the-sun check: 07:00 to 20:00 (COURSE CONVENTION)."""


def follow_the_sun(
    sites: Iterable[Site],
    shifts: Sequence[Shift],
    window: Window,
    daytime: tuple[int, int] = DAYTIME,
) -> FollowTheSun:
    """Follow-the-sun in the sense of Carmel, Espinosa and Dubinsky (2010): the whole day is
    covered, nobody works outside their local daytime, and every hand-off passes the work to
    another site (a site handing to itself is a shift change, not the sun moving on)."""
    by_name = _site_map(sites)
    reasons = []
    if not window.round_the_clock:
        reasons.append("the window is not round the clock")
    if coverage(by_name.values(), shifts, window).gaps:
        reasons.append("the window has gaps")
    used = {shift.site for shift in shifts}
    if len(used) < 2:
        reasons.append("fewer than two sites work")
    day = span(daytime[0], daytime[1])
    for shift in shifts:
        if not span(shift.start, shift.end) <= day:
            reasons.append(f"{shift.label()} runs outside local daytime")
    for handoff in handoffs(by_name.values(), shifts, window):
        if handoff.giver.site == handoff.receiver.site:
            reasons.append(f"{handoff.giver.label()} hands over within its own site")
    return FollowTheSun(not reasons, tuple(reasons))


# --- the rules of a hand-off plan ---------------------------------------------------------------


def validate_plan(
    sites: Iterable[Site], shifts: Sequence[Shift], window: Window, rules: HandoffRules
) -> list[Finding]:
    """Every problem in a roster, each tied to a rule id in ``RULES`` (COURSE CONVENTIONS).

    - ``window-covered``: no minute of the support window is left without a shift.
    - ``handoff-overlap``: at every hand-off, the giving and the receiving shift are on together
      for at least ``rules.min_handoff_minutes`` (time to talk the open work through).
    - ``shift-length``: every shift lasts between the agreed minimum and maximum.
    - ``within-site-hours``: every shift lies within the local hours its site agreed to staff.
    """
    by_name = _site_map(sites)
    findings = []
    for gap in coverage(by_name.values(), shifts, window).gaps:
        start, end = gap.text()
        findings.append(
            _error("shifts", f"nobody is on from {start} to {end} (client time)", RULE_COVERED)
        )
    for handoff in handoffs(by_name.values(), shifts, window):
        if handoff.overlap < rules.min_handoff_minutes:
            findings.append(
                _error(
                    handoff.giver.label(),
                    f"{handoff.giver.label()} hands over to {handoff.receiver.label()} at "
                    f"{clock_text(handoff.at)} (client time) with {handoff.overlap} minutes "
                    f"together; the plan needs at least {rules.min_handoff_minutes}",
                    RULE_HANDOFF_OVERLAP,
                )
            )
    for shift in shifts:
        if not rules.min_shift_minutes <= shift.minutes <= rules.max_shift_minutes:
            findings.append(
                _error(
                    shift.label(),
                    f"{shift.label()} lasts {shift.minutes / 60:g} hours; shifts last "
                    f"{rules.min_shift_minutes / 60:g} to {rules.max_shift_minutes / 60:g} hours",
                    RULE_SHIFT_LENGTH,
                )
            )
        site = by_name[shift.site]
        if not span(shift.start, shift.end) <= span(site.earliest, site.latest):
            findings.append(
                _error(
                    shift.label(),
                    f"{shift.label()} runs outside the hours {site.name} staffs "
                    f"({clock_text(site.earliest)} to {clock_text(site.latest)} local time)",
                    RULE_SITE_HOURS,
                )
            )
    return findings


def _error(field: str, message: str, rule: str) -> Finding:
    return Finding(Severity.ERROR, field, message, rule)


# --- key-person risk ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone in the distributed team: where they work and the skills they hold (a tuple, so a
    case prints the same in every process)."""

    name: str
    site: str
    skills: tuple[str, ...]


@dataclass(frozen=True)
class SkillRisk:
    """A skill and who holds it, where; ``reason`` is empty when the skill is safe."""

    skill: str
    holders: tuple[str, ...]
    sites: tuple[str, ...]
    reason: str

    @property
    def at_risk(self) -> bool:
        return bool(self.reason)


def skill_risks(
    people: Iterable[Person], min_holders: int = 2, min_sites: int = 2
) -> list[SkillRisk]:
    """Each skill of a skills matrix, sorted, with the reason it is a key-person risk, if it is.

    A skill is at risk when fewer than ``min_holders`` people hold it (one resignation or one
    illness stops the work), or when its holders sit at fewer than ``min_sites`` sites (one
    site's holiday, outage or wave of resignations stops it just the same: attrition at a
    provider tends to come in waves from one site). Both defaults are COURSE CONVENTIONS.
    """
    holders: dict[str, list[Person]] = {}
    for person in people:
        for skill in person.skills:
            holders.setdefault(skill, []).append(person)
    risks = []
    for skill in sorted(holders):
        who = holders[skill]
        sites = tuple(sorted({person.site for person in who}))
        if len(who) < min_holders:
            reason = f"held by {len(who)} {'person' if len(who) == 1 else 'people'} only"
        elif len(sites) < min_sites:
            reason = f"all {len(who)} holders work in {sites[0]}"
        else:
            reason = ""
        risks.append(SkillRisk(skill, tuple(sorted(p.name for p in who)), sites, reason))
    return risks


def at_risk_skills(people: Iterable[Person], min_holders: int = 2, min_sites: int = 2) -> list[str]:
    """The skills with key-person risk, sorted (see ``skill_risks``)."""
    return [risk.skill for risk in skill_risks(people, min_holders, min_sites) if risk.at_risk]
