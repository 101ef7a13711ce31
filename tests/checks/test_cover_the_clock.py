"""Tests for autograder/checks/exercises/cover_the_clock/, run in-process (no kernel).

The figures and rosters are built here in plain Python from the case's plain data, minute by
minute as a learner would, not with the model the checks use: agreement between the two is the
point. Each wrong answer is what a learner with one misconception writes and must get that
misconception's message, never a pass and never a crash. A roster has many right answers, so
more than one sound roster must pass.
"""

from __future__ import annotations

import pytest

from autograder.checks.exercises import cover_the_clock as ex
from autograder.checks.failure import CheckFailed, ShapeProblem

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]


# --- a learner's computation ---------------------------------------------------------------


def minutes(text):
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def utc_set(case, site, start, end, sign=1):
    offset = sign * case.sites[site]["offset"]
    first = (minutes(start) - offset) % 1440
    length = (minutes(end) - minutes(start)) % 1440 or 1440
    return {(first + m) % 1440 for m in range(length)}


def overlap(case, sign=1):
    home = utc_set(case, case.client_site, *case.sites[case.client_site]["office"], sign=sign)
    return {
        name: len(utc_set(case, name, *site["office"], sign=sign) & home) / 60
        for name, site in case.sites.items()
        if name != case.client_site
    }


def window(case, offset=None):
    offset = case.sites[case.client_site]["offset"] if offset is None else offset
    start = (minutes(case.window["start"]) - offset) % 1440
    length = (minutes(case.window["end"]) - minutes(case.window["start"])) % 1440 or 1440
    return [(start + m) % 1440 for m in range(length)]


def on_minutes(case, shifts):
    on = set()
    for s in shifts:
        on |= utc_set(case, s["site"], s["start"], s["end"])
    return on


def clock(m):
    m %= 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def gaps(case, offset=None):
    offset = case.sites[case.client_site]["offset"] if offset is None else offset
    order = window(case, offset)
    on = on_minutes(case, case.proposal)
    found = []
    for i, m in enumerate(order):
        if m in on:
            continue
        if i == 0 or order[i - 1] in on:
            found.append([clock(m + offset), None])
        found[-1][1] = clock(m + 1 + offset)
    return found


def handoff_count(case):
    order = set(window(case))
    count = 0
    for i, s in enumerate(case.proposal):
        end = (minutes(s["end"]) - case.sites[s["site"]]["offset"]) % 1440
        others = on_minutes(case, [o for j, o in enumerate(case.proposal) if j != i])
        count += end in order and end in others
    return count


def chain(case, overlap_minutes=60, length=None):
    """Follow the sun east to west: each site starts ``overlap_minutes`` before the last ends."""
    length = length or int(case.shift_hours["max"] * 60)
    order = sorted(case.sites, key=lambda name: -case.sites[name]["offset"])
    start = (minutes("07:00") - case.sites[order[0]]["offset"]) % 1440
    shifts = []
    for site in order:
        offset = case.sites[site]["offset"]
        shifts.append(
            {"site": site, "start": clock(start + offset), "end": clock(start + length + offset)}
        )
        start += length - overlap_minutes
    return shifts


def at_risk(case, min_sites=2):
    holders = {}
    for person in case.people.values():
        for skill in person["skills"]:
            holders.setdefault(skill, []).append(person["site"])
    return sorted(
        s for s, where in holders.items() if len(where) < 2 or len(set(where)) < min_sites
    )


def run(learner, check, answer):
    ex.CHECKS[check](learner, answer)


def fails(learner, check, answer, words):
    with pytest.raises(CheckFailed) as caught:
        run(learner, check, answer)
    assert words in str(caught.value), str(caught.value)


# --- right answers pass on every learner's own variant --------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_right_answers_pass(learner):
    case = ex.exercise_case(learner)
    run(learner, "overlap-hours", overlap(case))
    on = on_minutes(case, case.proposal)
    order = window(case)
    run(learner, "proposal-coverage", 100 * sum(m in on for m in order) / len(order))
    run(learner, "proposal-gaps", gaps(case))
    run(learner, "proposal-handoffs", handoff_count(case))
    for check in ("shifts-shape", "shifts-cover", "shifts-handoffs", "shifts-hours"):
        run(learner, check, chain(case))
        run(learner, check, chain(case, overlap_minutes=45))
    run(learner, "key-person-risk", at_risk(case))


def test_gaps_split_at_midnight_or_ending_at_00_00_are_the_same_gaps():
    case = ex.exercise_case("learner-a")
    pieces = gaps(case)
    split = []
    for start, end in pieces:
        if minutes(end) <= minutes(start) and end != "00:00":
            split += [[start, "24:00"], ["00:00", end]]
        else:
            split.append([start, end])
    run("learner-a", "proposal-gaps", list(reversed(split)))


# --- misconceptions get their message -------------------------------------------------------


def test_overlap_slips():
    case = ex.exercise_case("learner-b")
    fails("learner-b", "overlap-hours", overlap(case, sign=-1), "moved the wrong way")
    right = overlap(case)
    fails("learner-b", "overlap-hours", {k: v * 60 for k, v in right.items()}, "minutes")
    wrapped = dict(right, Cebu=0.0)
    fails("learner-b", "overlap-hours", wrapped, "run past midnight")
    published = overlap(ex.checks.published_case())
    if published != right:
        fails("learner-b", "overlap-hours", published, "different variant")


def test_coverage_slips():
    case = ex.exercise_case("learner-a")
    order = set(window(case))
    total = sum(len(utc_set(case, s["site"], s["start"], s["end"]) & order) for s in case.proposal)
    fails("learner-a", "proposal-coverage", 100 * total / len(order), "counts twice")
    on = on_minutes(case, case.proposal)
    share = sum(m in on for m in order) / len(order)
    fails("learner-a", "proposal-coverage", share, "a share")
    fails("learner-a", "proposal-coverage", 50.0, "coverage_percent is not right")
    with pytest.raises(ShapeProblem):
        run("learner-a", "proposal-coverage", "95%")


def test_gap_and_handoff_slips():
    case = ex.exercise_case("learner-a")
    fails("learner-a", "proposal-gaps", gaps(case, offset=0), "UTC's clock")
    fails("learner-a", "proposal-gaps", [], "gaps is not right")
    with pytest.raises(ShapeProblem):
        run("learner-a", "proposal-gaps", [["25:00", "01:00"]])
    with pytest.raises(ShapeProblem, match="far fewer"):
        run("learner-a", "proposal-gaps", [["00:00", "01:00"]] * 10_000)
    fails("learner-a", "proposal-handoffs", len(case.proposal), "nobody on")


def test_roster_slips():
    case = ex.exercise_case("learner-c")
    # Shifts that meet end to start: covered, but no time together at a hand-off.
    fails("learner-c", "shifts-handoffs", chain(case, overlap_minutes=0, length=8 * 60), "exactly")
    run("learner-c", "shifts-cover", chain(case, overlap_minutes=0, length=8 * 60))
    # One site round the clock: covered, hand-offs fine, but nights.
    home = [
        {"site": case.client_site, "start": a, "end": b}
        for a, b in (("00:00", "09:00"), ("08:00", "17:00"), ("16:00", "01:00"))
    ]
    run("learner-c", "shifts-cover", home)
    fails("learner-c", "shifts-hours", home, "No site works nights")
    # Planned with UTC = local + offset.
    flipped = chain(case)
    for s in flipped:
        utc_start = (minutes(s["start"]) - case.sites[s["site"]]["offset"]) % 1440
        utc_end = (minutes(s["end"]) - case.sites[s["site"]]["offset"]) % 1440
        s["start"] = clock(utc_start - case.sites[s["site"]]["offset"])
        s["end"] = clock(utc_end - case.sites[s["site"]]["offset"])
    fails("learner-c", "shifts-cover", flipped, "local time were UTC + offset")
    # A roster with a gap earns no hand-off or hours points.
    one = chain(case)[:1]
    fails("learner-c", "shifts-cover", one, "uncovered")
    fails("learner-c", "shifts-handoffs", one, "Cover the whole window first")
    fails("learner-c", "shifts-hours", one, "Cover the whole window first")
    with pytest.raises(ShapeProblem, match="did you mean"):
        run("learner-c", "shifts-shape", [{"site": "Cebo", "start": "07:00", "end": "16:00"}])
    with pytest.raises(ShapeProblem):
        run("learner-c", "shifts-shape", [])


def test_key_person_slips():
    case = ex.exercise_case("learner-a")
    fails("learner-a", "key-person-risk", at_risk(case, min_sites=1), "same site")
    single = set(at_risk(case, min_sites=1))
    fails(
        "learner-a",
        "key-person-risk",
        [s for s in at_risk(case) if s not in single],
        "one person holds",
    )
    with pytest.raises(ShapeProblem):
        run("learner-a", "key-person-risk", ["cooking"])
