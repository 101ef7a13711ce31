"""Misconceptions of the exercise "Cover the clock"."""

from autograder.misconceptions import Misconception

_HELPERS = """
def to_minutes(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def utc_minutes(site, start, end):
    first = (to_minutes(start) - case.sites[site]["offset"]) % 1440
    length = (to_minutes(end) - to_minutes(start)) % 1440 or 1440
    return {(first + step) % 1440 for step in range(length)}
"""

_PART_2 = """
client_offset = case.sites[case.client_site]["offset"]
window = [(0 - client_offset + step) % 1440 for step in range(1440)]
on = set()
for shift in case.proposal:
    on |= utc_minutes(shift["site"], shift["start"], shift["end"])
covered = [minute in on for minute in window]
coverage_percent = 100 * sum(covered) / len(window)
gaps = []
for index, minute in enumerate(window):
    if covered[index]:
        continue
    if index == 0 or covered[index - 1]:
        gaps.append([None, None])
        gaps[-1][0] = f"{(minute + SHOWN) % 1440 // 60:02d}:{(minute + SHOWN) % 60:02d}"
    gaps[-1][1] = f"{(minute + 1 + SHOWN) % 1440 // 60:02d}:{(minute + 1 + SHOWN) % 60:02d}"
handoffs_per_day = 0
for index, shift in enumerate(case.proposal):
    end = (to_minutes(shift["end"]) - case.sites[shift["site"]]["offset"]) % 1440
    others = set()
    for other_index, other in enumerate(case.proposal):
        if other_index != index:
            others |= utc_minutes(other["site"], other["start"], other["end"])
    if HANDED_OVER:
        handoffs_per_day += 1
"""


def _part_2(shown: str = "client_offset", handed_over: str = "end in others") -> str:
    return _PART_2.replace("SHOWN", shown).replace("HANDED_OVER", handed_over)


def _chain(together: str, sites: str = "east_to_west", length: str = "540") -> str:
    """A roster chained east to west, each shift ``together`` minutes over the last."""
    return f"""
east_to_west = sorted(case.sites, key=lambda name: -case.sites[name]["offset"])
start = (420 - case.sites[east_to_west[0]]["offset"]) % 1440
shifts = []
for site in {sites}:
    first = (start + case.sites[site]["offset"]) % 1440
    last = (first + {length}) % 1440
    shifts.append({{
        "site": site,
        "start": f"{{first // 60:02d}}:{{first % 60:02d}}",
        "end": f"{{last // 60:02d}}:{{last % 60:02d}}",
    }})
    start += {length} - {together}
"""


MISCONCEPTIONS = [
    Misconception(
        "moved the clocks the wrong way (UTC = local + offset)",
        {
            "a1": _HELPERS.replace('- case.sites[site]["offset"]', '+ case.sites[site]["offset"]')
            + """
home = utc_minutes(case.client_site, *case.sites[case.client_site]["office"])
overlap_hours = {
    name: len(utc_minutes(name, *site["office"]) & home) / 60
    for name, site in case.sites.items()
    if name != case.client_site
}
"""
            + _HELPERS
        },
        fails=("overlap-hours",),
        message="moved the wrong way",
        passes=("proposal-coverage", "proposal-gaps", "shifts-cover"),
    ),
    Misconception(
        "an office day that runs past UTC midnight shares nothing",
        {
            "a1": _HELPERS
            + """
def utc_span(site):
    start, end = (to_minutes(t) for t in case.sites[site]["office"])
    offset = case.sites[site]["offset"]
    return (start - offset) % 1440, (end - offset) % 1440


home_start, home_end = utc_span(case.client_site)
overlap_hours = {}
for name in case.sites:
    if name != case.client_site:
        start, end = utc_span(name)
        overlap_hours[name] = max(0, min(end, home_end) - max(start, home_start)) / 60
"""
        },
        fails=("overlap-hours",),
        message="run past midnight",
        passes=("proposal-coverage", "proposal-handoffs"),
    ),
    Misconception(
        "added up the hours of every shift",
        {
            "a2": _part_2()
            + """
coverage_percent = 100 * sum(
    len(utc_minutes(s["site"], s["start"], s["end"])) for s in case.proposal
) / 1440
"""
        },
        fails=("proposal-coverage",),
        message="counts twice",
        passes=("proposal-gaps", "proposal-handoffs", "overlap-hours"),
    ),
    Misconception(
        "read a shift ending at 24:00 on the client's clock as 0",
        {
            "a2": _part_2()
            + """
covered_minutes = set()
for s in case.proposal:
    offset = case.sites[s["site"]]["offset"]
    start = (to_minutes(s["start"]) - offset + client_offset) % 1440
    end = (to_minutes(s["end"]) - offset + client_offset) % 1440  # 24:00 becomes 0
    covered_minutes |= set(range(start, end))  # empty when the end comes before the start
coverage_percent = 100 * len(covered_minutes) / 1440
"""
        },
        fails=("proposal-coverage",),
        message="Midnight at the end of a day is minute 1440",
        passes=("proposal-gaps", "proposal-handoffs"),
    ),
    Misconception(
        "reported the gaps on UTC's clock",
        {"a2": _part_2(shown="0")},
        fails=("proposal-gaps",),
        message="Your gaps are on UTC's clock",
        passes=("proposal-coverage", "proposal-handoffs"),
    ),
    Misconception(
        "counted a shift ending into a gap as a hand-off",
        {"a2": _part_2(handed_over="True")},
        fails=("proposal-handoffs",),
        message="ends with nobody on",
        passes=("proposal-coverage", "proposal-gaps"),
    ),
    Misconception(
        "shifts that meet end to start, with no time together",
        {"a3": _chain(together="0", length="480")},
        fails=("shifts-handoffs",),
        message="starts exactly when the one before it ends",
        passes=("shifts-shape", "shifts-cover", "shifts-hours"),
    ),
    Misconception(
        "one site around the clock, nights included",
        {
            "a3": """
shifts = [
    {"site": case.client_site, "start": "00:00", "end": "09:00"},
    {"site": case.client_site, "start": "08:00", "end": "17:00"},
    {"site": case.client_site, "start": "16:00", "end": "01:00"},
]
"""
        },
        fails=("shifts-hours",),
        message="No site works nights",
        passes=("shifts-shape", "shifts-cover", "shifts-handoffs"),
    ),
    Misconception(
        "planned the roster with UTC = local + offset",
        {
            "a3": _chain(together="60")
            + """
for shift in shifts:
    offset = case.sites[shift["site"]]["offset"]
    for key in ("start", "end"):
        minute = (to_minutes(shift[key]) - 2 * offset) % 1440
        shift[key] = f"{minute // 60:02d}:{minute % 60:02d}"
"""
        },
        fails=("shifts-cover",),
        message="local time were UTC + offset",
        passes=("shifts-shape",),
    ),
    Misconception(
        "two holders at the same site counted as safe",
        {
            "a4": """
holders = {}
for person in case.people.values():
    for skill in person["skills"]:
        holders.setdefault(skill, []).append(person["site"])
at_risk_skills = sorted(skill for skill, sites in holders.items() if len(sites) < 2)
"""
        },
        fails=("key-person-risk",),
        message="A skill whose two holders work at the same site is at risk too",
        passes=("shifts-cover",),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["overlap_hours"],
    "a2": ["coverage_percent", "gaps", "handoffs_per_day"],
    "a3": ["shifts"],
    "a4": ["at_risk_skills"],
}
