"""Cover the clock: pick up to three sites and their shifts, see overlap, hand-offs and gaps.

Why a view: a roster across time zones is easy to get wrong in one's head. Drawing every shift
on the client's clock shows at once where the sites overlap, where the work changes hands and
where nobody is on; switching the week from January to July shows daylight saving moving one
site against the others. Every figure comes from ``course.models.working_hours``; the chart is
repeated in words and tables below it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from course.formatting import join_words, percent, table_html
from course.models.working_hours import (
    DAY,
    Coverage,
    FollowTheSun,
    Handoff,
    HandoffRules,
    Shift,
    Site,
    Window,
    clock_text,
    coverage,
    follow_the_sun,
    handoffs,
    offset_text,
    overlap_minutes,
    shift_span,
    validate_plan,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

LOCATIONS: dict[str, tuple[int, int]] = {
    "Rotterdam": (60, 120),
    "London": (0, 60),
    "New York": (-300, -240),
    "Bogota": (-300, -300),
    "Sao Paulo": (-180, -180),
    "Pune": (330, 330),
    "Cebu": (480, 480),
    "Sydney": (660, 600),
}
"""Each location's UTC offset in minutes in the week of 11 January and of 12 July 2027 (IANA
time zone database; Sydney keeps daylight saving in the southern summer, so its offset falls in
July while the European and North American ones rise)."""

WEEKS = {"January (week of 11 January 2027)": 0, "July (week of 12 July 2027)": 1}
WINDOWS = {
    "24 hours (00:00 to 24:00)": (0, DAY),
    "18 hours (06:00 to 24:00)": (6 * 60, DAY),
    "12 hours (07:00 to 19:00)": (7 * 60, 19 * 60),
}
NOT_USED = "(not used)"
SLOTS = 3
STARTS = [clock_text(m) for m in range(0, DAY, 30)]
ENDS = [clock_text(m) for m in range(30, DAY + 1, 30)]
DEFAULTS = (
    ("Rotterdam", "08:30", "17:30"),
    ("Bogota", "11:00", "20:00"),
    ("Cebu", "07:00", "16:00"),
)
"""The Tidewater Parcel case's sites, with a roster that follows the sun in January."""


@dataclass(frozen=True)
class RosterResult:
    """What the view shows: the sites and shifts picked, on the client's clock, and the model's
    figures for them."""

    week: str
    sites: tuple[Site, ...]
    shifts: tuple[Shift, ...]
    window: Window
    min_handoff: int
    cover: Coverage
    passed: tuple[Handoff, ...]
    sun: FollowTheSun
    problems: tuple[str, ...]

    def overlaps(self) -> list[tuple[str, str, int]]:
        """Each pair of shifts at different sites and the minutes a day they share."""
        by_name = {s.name: s for s in self.sites}
        pairs = []
        for i, first in enumerate(self.shifts):
            for second in self.shifts[i + 1 :]:
                shared = overlap_minutes(shift_span(by_name, first), shift_span(by_name, second))
                pairs.append((first.site, second.site, shared))
        return pairs


def roster_result(
    week: str, window: str, min_handoff: int, picks: list[tuple[str, str, str]]
) -> RosterResult:
    """The model's figures for the sites and shifts picked (``picks``: location, start, end;
    the first location is the client's, whose clock the window is on)."""
    season = WEEKS[week]
    used = [(name, start, end) for name, start, end in picks if name != NOT_USED]
    names = [name for name, _start, _end in used]
    if not used or picks[0][0] == NOT_USED:
        raise ValueError("Pick the client's site (site 1) first.")
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"{twice[0]} is picked twice: pick each location once.")
    sites = tuple(Site(name, LOCATIONS[name][season], 9 * 60, 17 * 60) for name in names)
    shifts = tuple(Shift(name, _minutes(start), _minutes(end)) for name, start, end in used)
    for shift in shifts:
        if shift.start == shift.end % DAY:
            raise ValueError(f"{shift.site}'s shift starts and ends at the same time.")
    start, end = WINDOWS[window]
    client = Window(sites[0].offset, start, end)
    rules = HandoffRules(min_handoff, 1, DAY)
    problems = tuple(f.message for f in validate_plan(sites, shifts, client, rules))
    return RosterResult(
        week,
        sites,
        shifts,
        client,
        min_handoff,
        coverage(sites, shifts, client),
        tuple(handoffs(sites, shifts, client)),
        follow_the_sun(sites, shifts, client),
        problems,
    )


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def working_hours_view() -> CaseView:
    """Up to three sites, each with a location and a shift; the first is the client's."""
    controls: dict[str, widgets.ValueWidget] = {
        "week": widgets.Dropdown(options=list(WEEKS), description="Week (offsets hold for it)"),
        "window": widgets.Dropdown(
            options=list(WINDOWS), description="Support window, client's clock"
        ),
        "min_handoff": widgets.Dropdown(
            options=[("none", 0), ("15 minutes", 15), ("30 minutes", 30), ("60 minutes", 60)],
            value=30,
            description="Least time together at a hand-off",
        ),
    }
    for slot, (name, start, end) in enumerate(DEFAULTS, start=1):
        options = list(LOCATIONS) if slot == 1 else [*LOCATIONS, NOT_USED]
        controls[f"site{slot}"] = widgets.Dropdown(
            options=options,
            value=name,
            description=f"Site {slot} location" + (" (the client's)" if slot == 1 else ""),
        )
        controls[f"start{slot}"] = widgets.Dropdown(
            options=STARTS, value=start, description=f"Site {slot} shift starts (local)"
        )
        controls[f"end{slot}"] = widgets.Dropdown(
            options=ENDS, value=end, description=f"Site {slot} shift ends (local)"
        )
    return CaseView(
        "Cover the clock: sites, shifts and hand-offs",
        controls,
        compute=lambda v: roster_result(
            v["week"],
            v["window"],
            v["min_handoff"],
            [(v[f"site{n}"], v[f"start{n}"], v[f"end{n}"]) for n in range(1, SLOTS + 1)],
        ),
        render=_render,
        intro="Site 1 is the client's: the support window and the chart are on its clock. "
        "Shifts are each site's local time and run every working day.",
    )


# --- drawing -----------------------------------------------------------------------------------


def _client_pieces(result: RosterResult, shift: Shift) -> list[tuple[int, int]]:
    """A shift on the client's clock as (start, length) pieces, split at midnight."""
    site = next(s for s in result.sites if s.name == shift.site)
    start = (shift.start - site.offset + result.window.offset) % DAY
    length = shift.minutes
    if start + length <= DAY:
        return [(start, length)]
    return [(start, DAY - start), (0, start + length - DAY)]


def _gap_pieces(result: RosterResult) -> list[tuple[int, int]]:
    pieces = []
    for gap in result.cover.gaps:
        if gap.start + gap.minutes <= DAY:
            pieces.append((gap.start, gap.minutes))
        else:
            pieces += [(gap.start, DAY - gap.start), (0, gap.start + gap.minutes - DAY)]
    return pieces


def roster_figure(result: RosterResult) -> Figure:
    """A 24-hour timeline on the client's clock: one row per shift, the window on top with its
    gaps hatched, each hand-off a labelled tick."""
    figure = Figure(figsize=(7.5, 0.9 + 0.55 * (len(result.shifts) + 1)))
    axes = figure.subplots()
    rows = [f"{s.site} {clock_text(s.start)}-{clock_text(s.end)} local" for s in result.shifts]
    labels = [*rows[::-1], "Support window"]
    for row, shift in enumerate(reversed(result.shifts)):
        axes.broken_barh(_client_pieces(result, shift), (row - 0.35, 0.7), color="#1f4e79")
    top = len(result.shifts)
    window = [(result.window.start, result.window.minutes)]
    if result.window.start + result.window.minutes > DAY:
        window = [(result.window.start, DAY - result.window.start), (0, result.window.end)]
    axes.broken_barh(window, (top - 0.35, 0.7), color="#cfe3f3")
    axes.broken_barh(
        _gap_pieces(result),
        (top - 0.35, 0.7),
        facecolor="white",
        edgecolor="#b22222",
        hatch="xx",
    )
    for handoff in result.passed:
        axes.axvline(handoff.at, color="#444444", linestyle="--", linewidth=1)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlim(0, DAY)
    axes.set_xticks(range(0, DAY + 1, 180), [clock_text(m) for m in range(0, DAY + 1, 180)])
    client = result.sites[0]
    axes.set_xlabel(f"{client.name} time ({offset_text(client.offset)})")
    axes.set_title("Shifts on the client's clock (gaps hatched, hand-offs dashed)", fontsize=10)
    figure.tight_layout()
    return figure


def roster_description(result: RosterResult) -> str:
    """What the chart shows, in words."""
    client = result.sites[0].name
    shifts = "; ".join(
        f"{s.site} "
        + " and ".join(
            f"{clock_text(a)} to {clock_text(a + n)}" for a, n in _client_pieces(result, s)
        )
        for s in result.shifts
    )
    gaps = join_words([f"{g.text()[0]} to {g.text()[1]}" for g in result.cover.gaps]) or "none"
    passed = join_words([clock_text(h.at) for h in result.passed]) or "none"
    return (
        f"Timeline on {client}'s clock. Shifts: {shifts}. Support window "
        f"{clock_text(result.window.start)} to {clock_text(result.window.end)}, "
        f"{percent(result.cover.share)} covered. Gaps: {gaps}. Hand-offs at: {passed}."
    )


def roster_html(result: RosterResult) -> str:
    """The figures in words and tables: coverage, gaps, hand-offs, overlaps, follow-the-sun."""
    client = result.sites[0]
    by_name = {s.name: s for s in result.sites}
    parts = [
        f"<p><b>Coverage:</b> {percent(result.cover.share)} of the support window "
        f"({clock_text(result.window.start)} to {clock_text(result.window.end)} on "
        f"{html.escape(client.name)}'s clock, {result.week}).</p>"
    ]
    if result.cover.gaps:
        gaps = join_words(
            [f"{g.text()[0]} to {g.text()[1]} ({g.minutes} minutes)" for g in result.cover.gaps]
        )
        parts.append(f"<p><b>Gaps, nobody on:</b> {gaps}.</p>")
    else:
        parts.append("<p><b>Gaps:</b> none.</p>")
    sites = pd.DataFrame(
        [
            {
                "site": f"{s.site} ({offset_text(by_name[s.site].offset)})",
                "shift, local": f"{clock_text(s.start)} to {clock_text(s.end)}",
                f"shift, {client.name} time": " and ".join(
                    f"{clock_text(a)} to {clock_text(a + n)}" for a, n in _client_pieces(result, s)
                ),
                "hours": s.minutes / 60,
            }
            for s in result.shifts
        ]
    )
    parts.append(table_html(sites, caption="Shifts, in local and client time"))
    if result.passed:
        handed = pd.DataFrame(
            [
                {
                    f"at ({client.name} time)": clock_text(h.at),
                    "from, to": f"{h.giver.site} to {h.receiver.site}",
                    "minutes both on": h.overlap,
                    "enough": "yes" if h.overlap >= result.min_handoff else "too short",
                }
                for h in result.passed
            ]
        )
        parts.append(
            f"<p><b>Hand-offs a day:</b> {len(result.passed)}.</p>"
            + table_html(handed, caption="Hand-offs, in the order of the client's day")
        )
    else:
        parts.append("<p><b>Hand-offs a day:</b> none.</p>")
    pairs = result.overlaps()
    if pairs:
        shared = pd.DataFrame(
            [{"sites": f"{a} and {b}", "hours a day both on": m / 60} for a, b, m in pairs]
        )
        parts.append(table_html(shared, caption="Hours the shifts share"))
    if result.sun.holds:
        parts.append("<p><b>Follow-the-sun:</b> yes, every hour is covered in local daytime.</p>")
    else:
        why = html.escape("; ".join(result.sun.reasons))
        parts.append(f"<p><b>Follow-the-sun:</b> not yet: {why}.</p>")
    if result.problems:
        items = "".join(f"<li>{html.escape(p)}</li>" for p in result.problems)
        parts.append(f"<p><b>To fix:</b></p><ul>{items}</ul>")
    return "".join(parts)


def _render(result: RosterResult, output: widgets.Output) -> None:
    show(output, roster_figure(result), roster_html(result), description=roster_description(result))
