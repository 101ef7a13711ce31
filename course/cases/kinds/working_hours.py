"""Working hours: sites, a support window, a proposed roster, a skills matrix
(``course.models.working_hours``).

The sites, the window and the rules come from case.yml, the proposed roster and the people from
two tables. A site's UTC offset holds for one week only, so case.yml gives each site a winter
and a summer offset and names the two weeks; a variant picks one of the weeks (daylight saving
moves the client's clock against sites that keep none), nudges office hours and the proposed
shifts by half hours, and may ask for a longer hand-off. Names, skills and the window stay.
"Working hours across sites" shows the plain view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import Draw
from course.cases.errors import CaseDataError
from course.cases.fields import Fields
from course.cases.source import Source, allow_case_keys, common_fields, frozen, require_unique
from course.models.errors import ModelInputError
from course.models.working_hours import (
    DAY,
    RULES,
    Coverage,
    HandoffRules,
    Person,
    Shift,
    Site,
    Window,
    clock_minutes,
    clock_text,
    coverage,
    handoffs,
    offset_text,
    shift_span,
    span,
)

SEASONS = ("winter", "summer")
"""The two weeks a case names: standard time and daylight-saving time where a site keeps it."""

HALF_HOUR = 30


@dataclass(frozen=True)
class WorkingHoursCase(Case):
    """Sites in several time zones, the client's support window, the provider's proposed roster
    and who holds which skill. Feeds ``course.models.working_hours``.

    ``season`` names the week the offsets hold for (``weeks[season]``); ``offsets`` holds each
    site's offset in both weeks, so a variant can move to the other week.
    """

    kind: ClassVar[str] = "working-hours"

    provider: str
    client_site: str
    season: str
    weeks: Mapping[str, str]
    offsets: Mapping[str, Mapping[str, int]]
    sites: tuple[Site, ...]
    who: Mapping[str, str]
    window: Window
    days: str
    rules: HandoffRules
    proposal: tuple[Shift, ...]
    people: tuple[Person, ...]

    @property
    def week(self) -> str:
        return self.weeks[self.season]

    def site(self, name: str) -> Site:
        return next(site for site in self.sites if site.name == name)

    def validate(self) -> None:
        """The proposal names known sites, and a sound plan exists (``sound_plan``)."""
        names = {site.name for site in self.sites}
        for shift in self.proposal:
            if shift.site not in names:
                raise ModelInputError("proposal", f"{shift.site!r} is not a site of the case")
        for person in self.people:
            if person.site not in names:
                raise ModelInputError("people", f"{person.name}'s site {person.site!r} is unknown")
        if self.client_site not in names:
            raise ModelInputError("client_site", f"{self.client_site!r} is not a site")


# --- reading case files ----------------------------------------------------------------------


def _pair(item: Fields, key: str) -> tuple[int, int]:
    value = item.raw(key)
    if not isinstance(value, list) or len(value) != 2:
        item.fail(key, f"expected [start, end], got {value!r}", 'write ["08:00", "17:00"]')
    try:
        return clock_minutes(key, value[0]), clock_minutes(key, value[1], end=True)
    except ModelInputError as problem:
        item.fail(key, str(problem), 'write times as "HH:MM"')


def _sites(main: Fields, season: str) -> tuple[list[Site], dict[str, dict[str, int]], dict]:
    sites, offsets, who = [], {}, {}
    for item in main.sections("sites"):
        item.reject_unknown(("name", "who", "winter_offset", "summer_offset", "office", "staffed"))
        name = item.text("name")
        offsets[name] = {s: item.integer(f"{s}_offset", -720, 840) for s in SEASONS}
        office, staffed = _pair(item, "office"), _pair(item, "staffed")
        who[name] = item.text("who")
        try:
            sites.append(Site(name, offsets[name][season], *office, *staffed))
        except ModelInputError as problem:
            item.fail("office", str(problem), "check the site's hours")
    require_unique(main, "sites", [site.name for site in sites])
    return sites, offsets, who


def parse_working_hours(source: Source) -> WorkingHoursCase:
    """Sites, window and rules from case.yml; the proposed roster and the people from tables."""
    main = source.main
    allow_case_keys(
        main,
        "provider client_site weeks window min_handoff_minutes shift_hours sites proposal people",
    )
    weeks = main.section("weeks")
    weeks.reject_unknown(SEASONS)
    season = SEASONS[0]
    sites, offsets, who = _sites(main, season)
    client = main.text("client_site")
    if client not in offsets:
        main.fail("client_site", f"{client!r} is not one of the sites", "name one of the sites")
    window_fields = main.section("window")
    window_fields.reject_unknown(("start", "end", "days"))
    try:
        window = Window(
            offsets[client][season],
            clock_minutes("window.start", window_fields.text("start")),
            clock_minutes("window.end", window_fields.text("end"), end=True),
        )
    except ModelInputError as problem:
        main.fail("window", str(problem), 'write times as "HH:MM"')
    hours = main.section("shift_hours")
    hours.reject_unknown(("min", "max"))
    rules = HandoffRules(
        main.integer("min_handoff_minutes", 0, 240),
        round(hours.number("min", 0.5, 24) * 60),
        round(hours.number("max", 0.5, 24) * 60),
    )
    proposal_table = source.table(main, "proposal")
    proposal_table.require_columns(("site", "start", "end"))
    proposal = []
    for row in proposal_table.rows:
        site = row.choice("site", list(offsets))
        try:
            start = clock_minutes("start", row.text("start"))
            end = clock_minutes("end", row.text("end"), end=True)
        except ModelInputError as problem:
            raise CaseDataError(proposal_table.file, site, str(problem), 'write "HH:MM"') from None
        proposal.append(Shift(site, start, end))
    people_table = source.table(main, "people")
    people_table.require_columns(("name", "site", "skills"))
    people = [
        Person(
            row.text("name"),
            row.choice("site", list(offsets)),
            tuple(sorted({s.strip() for s in row.text("skills").split(";")} - {""})),
        )
        for row in people_table.rows
    ]
    require_unique(main, "people", [p.name for p in people], people_table.file)
    return WorkingHoursCase(
        **common_fields(source),
        provider=main.text("provider"),
        client_site=client,
        season=season,
        weeks=frozen({s: weeks.text(s) for s in SEASONS}),
        offsets=frozen({name: frozen(o) for name, o in offsets.items()}),
        sites=tuple(sites),
        who=frozen(who),
        window=window,
        days=window_fields.text("days"),
        rules=rules,
        proposal=tuple(proposal),
        people=tuple(people),
    )


# --- variants --------------------------------------------------------------------------------


def in_season(case: WorkingHoursCase, season: str) -> WorkingHoursCase:
    """The case in the other named week: every site's offset, and the client's, moved."""
    sites = tuple(dataclasses.replace(s, offset=case.offsets[s.name][season]) for s in case.sites)
    window = dataclasses.replace(case.window, offset=case.offsets[case.client_site][season])
    return dataclasses.replace(case, season=season, sites=sites, window=window)


def _nudge(draw: Draw, minutes: int, step: int) -> int:
    return minutes + HALF_HOUR * draw.integer(-step, step)


def perturb_working_hours(case: WorkingHoursCase, draw: Draw) -> WorkingHoursCase:
    """One of the two weeks; each office start and end moved by up to half an hour; each
    proposed shift's start and end by up to an hour, in half hours; the hand-off minimum 30 or
    45 minutes. The window, the staffed hours, the names and the skills stay."""
    moved = in_season(case, draw.pick(SEASONS))
    sites = tuple(
        dataclasses.replace(
            site,
            office_start=_nudge(draw, site.office_start, 1),
            office_end=_nudge(draw, site.office_end, 1),
        )
        for site in moved.sites
    )
    proposal = tuple(
        Shift(shift.site, _nudge(draw, shift.start, 2) % DAY, _nudge(draw, shift.end, 2))
        for shift in moved.proposal
    )
    proposal = tuple(
        dataclasses.replace(s, end=DAY if s.end % DAY == 0 else s.end % DAY) for s in proposal
    )
    rules = dataclasses.replace(case.rules, min_handoff_minutes=draw.pick((30, 45)))
    return dataclasses.replace(moved, sites=sites, proposal=proposal, rules=rules)


# --- what a slip computes (the misconceptions the exercise recognises) -------------------------


def client(case: WorkingHoursCase) -> Site:
    return case.site(case.client_site)


def overlap_hours_with_client(case: WorkingHoursCase) -> dict[str, float]:
    """Each other site -> the hours a day its office hours share with the client's."""
    home = client(case).office()
    return {s.name: len(s.office() & home) / 60 for s in case.sites if s.name != case.client_site}


def wrong_way_overlap_hours(case: WorkingHoursCase) -> dict[str, float]:
    """The slip "UTC = local + offset": every office moved the wrong way round."""

    def wrong(site: Site) -> frozenset[int]:
        return span(site.office_start, site.office_end, -site.offset)

    home = wrong(client(case))
    return {s.name: len(wrong(s) & home) / 60 for s in case.sites if s.name != case.client_site}


def linear_overlap_hours(case: WorkingHoursCase) -> dict[str, float]:
    """The slip "max(0, min(ends) - max(starts))" on UTC times: an office that runs past UTC
    midnight (its UTC end before its UTC start) shares nothing."""

    def utc(site: Site) -> tuple[int, int]:
        return (site.office_start - site.offset) % DAY, (site.office_end - site.offset) % DAY

    home_start, home_end = utc(client(case))
    result = {}
    for site in case.sites:
        if site.name != case.client_site:
            start, end = utc(site)
            result[site.name] = max(0, min(end, home_end) - max(start, home_start)) / 60
    return result


def proposal_coverage(case: WorkingHoursCase) -> Coverage:
    return coverage(case.sites, case.proposal, case.window)


def double_counted_percent(case: WorkingHoursCase) -> float:
    """The slip of adding up shift hours: two shifts on at once count twice."""
    open_minutes = set(case.window.order())
    by_name = {s.name: s for s in case.sites}
    total = sum(len(shift_span(by_name, s) & open_minutes) for s in case.proposal)
    return 100 * total / case.window.minutes


def crosses_client_midnight(case: WorkingHoursCase, shift: Shift) -> bool:
    """Whether a shift, on the client's clock, ends at or runs past midnight."""
    offset = case.site(shift.site).offset
    start = (shift.start - offset + case.window.offset) % DAY
    end = (shift.end - offset + case.window.offset) % DAY
    return end <= start


def midnight_dropped_coverage(case: WorkingHoursCase) -> Coverage:
    """The slip of linear arithmetic on the client's clock: a shift that ends at 24:00 (read as
    0) or runs past midnight has a negative length and counts as nothing."""
    kept = [s for s in case.proposal if not crosses_client_midnight(case, s)]
    return coverage(case.sites, kept, case.window)


def utc_coverage(case: WorkingHoursCase) -> Coverage:
    """The slip of measuring the window on UTC's clock instead of the client's."""
    return coverage(case.sites, case.proposal, dataclasses.replace(case.window, offset=0))


def shift_ends_in_window(case: WorkingHoursCase) -> int:
    """The slip of counting every shift end inside the window, a shift ending into a gap too."""
    open_minutes = set(case.window.order())
    return sum(1 for s in case.proposal if (s.end - case.site(s.site).offset) % DAY in open_minutes)


# --- what a variant keeps --------------------------------------------------------------------


def _working_hours_story(case: WorkingHoursCase) -> Hashable:
    """The proposal leaves a gap and has a hand-off; some shift meets the client's midnight;
    which sites' offices run past UTC midnight; every site shares office hours with the client."""
    cover = proposal_coverage(case)
    wrapping = tuple(
        s.name
        for s in case.sites
        if (s.office_end - s.offset) % DAY <= (s.office_start - s.offset) % DAY
    )
    return (
        bool(cover.gaps),
        bool(handoffs(case.sites, case.proposal, case.window)),
        any(crosses_client_midnight(case, s) for s in case.proposal),
        wrapping,
        all(hours > 0 for hours in overlap_hours_with_client(case).values()),
    )


def _working_hours_well_defined(case: WorkingHoursCase) -> bool:
    """Every slip the exercise recognises gives an answer apart from the right one, and no gap
    or hand-off is a near miss (under half an hour, or no overlap at all)."""
    right = overlap_hours_with_client(case)
    wrong_way, linear = wrong_way_overlap_hours(case), linear_overlap_hours(case)
    if any(wrong_way[name] == hours for name, hours in right.items()):
        return False
    if linear == right:
        return False
    cover = proposal_coverage(case)
    if any(gap.minutes < HALF_HOUR for gap in cover.gaps):
        return False
    if abs(double_counted_percent(case) - cover.percent) < 1:
        return False
    if midnight_dropped_coverage(case).covered_minutes == cover.covered_minutes:
        return False
    passed = handoffs(case.sites, case.proposal, case.window)
    if any(h.overlap < 15 for h in passed) or shift_ends_in_window(case) == len(passed):
        return False
    return utc_coverage(case).gaps != cover.gaps


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass
class WorkingHoursView:
    """A case as plain data: what the notebook shows and the checks read back into the model.

    Times are ``"HH:MM"`` texts in each site's local time; offsets are minutes east of UTC for
    ``week``. It holds no computed result: overlap, coverage and hand-offs are the learner's.
    """

    learner_id: str
    company: str
    provider: str
    client_site: str
    week: str
    window: dict[str, str]  # start, end (client time), days
    sites: dict[str, dict[str, Any]]  # name -> who, offset, office, staffed
    proposal: list[dict[str, str]]  # site, start, end (local)
    people: dict[str, dict[str, Any]]  # name -> site, skills
    min_handoff_minutes: int
    shift_hours: dict[str, float]  # min, max
    rules: list[str]


def sites_of(view: WorkingHoursView) -> tuple[Site, ...]:
    """The model's sites for a plain view."""
    return tuple(
        Site(
            name,
            int(s["offset"]),
            clock_minutes("office", s["office"][0]),
            clock_minutes("office", s["office"][1], end=True),
            clock_minutes("staffed", s["staffed"][0]),
            clock_minutes("staffed", s["staffed"][1], end=True),
        )
        for name, s in view.sites.items()
    )


def window_of(view: WorkingHoursView) -> Window:
    return Window(
        int(view.sites[view.client_site]["offset"]),
        clock_minutes("window", view.window["start"]),
        clock_minutes("window", view.window["end"], end=True),
    )


def rules_of(view: WorkingHoursView) -> HandoffRules:
    return HandoffRules(
        int(view.min_handoff_minutes),
        round(view.shift_hours["min"] * 60),
        round(view.shift_hours["max"] * 60),
    )


def people_of(view: WorkingHoursView) -> tuple[Person, ...]:
    return tuple(Person(n, str(p["site"]), tuple(p["skills"])) for n, p in view.people.items())


def case_of(view: WorkingHoursView, base: WorkingHoursCase) -> WorkingHoursCase:
    """The case a plain view describes (the checks compute slips on it)."""
    return dataclasses.replace(
        base,
        sites=sites_of(view),
        window=window_of(view),
        rules=rules_of(view),
        proposal=tuple(
            Shift(
                p["site"],
                clock_minutes("start", p["start"]),
                clock_minutes("end", p["end"], end=True),
            )
            for p in view.proposal
        ),
        people=people_of(view),
    )


def plain_view(case: WorkingHoursCase, learner_id: str) -> WorkingHoursView:
    """``case`` as the plain data the exercise shows and its checks read."""
    return WorkingHoursView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        client_site=case.client_site,
        week=case.week,
        window={
            "start": clock_text(case.window.start),
            "end": clock_text(case.window.end),
            "days": case.days,
        },
        sites={
            s.name: {
                "who": case.who[s.name],
                "offset": s.offset,
                "office": [clock_text(s.office_start), clock_text(s.office_end)],
                "staffed": [clock_text(s.earliest), clock_text(s.latest)],
            }
            for s in case.sites
        },
        proposal=[
            {"site": s.site, "start": clock_text(s.start), "end": clock_text(s.end)}
            for s in case.proposal
        ],
        people={p.name: {"site": p.site, "skills": list(p.skills)} for p in case.people},
        min_handoff_minutes=case.rules.min_handoff_minutes,
        shift_hours={
            "min": case.rules.min_shift_minutes / 60,
            "max": case.rules.max_shift_minutes / 60,
        },
        rules=list(RULES),
    )


def describe(case: WorkingHoursView) -> list[Any]:
    """What the exercise's setup cell shows: the sites, the window, the proposal, the people."""
    import pandas as pd
    from IPython.display import Markdown

    def table(frame: pd.DataFrame) -> Any:
        return frame.style.format(escape="html").set_properties(**{"text-align": "left"})

    sites = pd.DataFrame(
        {
            name: {
                "who works there": s["who"],
                "UTC offset": f"{offset_text(s['offset'])} ({s['offset']} minutes)",
                "office hours (local)": f"{s['office'][0]} to {s['office'][1]}",
                "hours it staffs (local)": f"{s['staffed'][0]} to {s['staffed'][1]}",
            }
            for name, s in case.sites.items()
        }
    ).T
    proposal = pd.DataFrame(case.proposal).rename(
        columns={"site": "site", "start": "starts (local)", "end": "ends (local)"}
    )
    people = pd.DataFrame(
        {n: {"site": p["site"], "skills": ", ".join(p["skills"])} for n, p in case.people.items()}
    ).T
    return [
        Markdown(
            f"**{case.company}** promises support from **{case.window['start']} to "
            f"{case.window['end']}**, {case.window['days']}, on **{case.client_site}'s clock** "
            f"(`case.window`). The offsets hold for **{case.week}** (`case.week`); daylight "
            f"saving moves them in other weeks. Every hand-off needs at least "
            f"**{case.min_handoff_minutes} minutes** with both shifts on "
            f"(`case.min_handoff_minutes`); shifts last {case.shift_hours['min']:g} to "
            f"{case.shift_hours['max']:g} hours (`case.shift_hours`)."
        ),
        Markdown("The sites (`case.sites`; offsets in minutes east of UTC):"),
        table(sites),
        Markdown(f"The roster {case.provider} proposes (`case.proposal`, each site's local time):"),
        table(proposal).hide(axis="index"),
        Markdown("Who holds which skill (`case.people`):"),
        table(people),
    ]


KIND = CaseKind(
    WorkingHoursCase,
    parse=parse_working_hours,
    perturb=perturb_working_hours,
    story=_working_hours_story,
    well_defined=_working_hours_well_defined,
    plain_view=plain_view,
)
