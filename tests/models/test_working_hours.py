"""Tests for course/models/working_hours.py: overlap, coverage, hand-offs and key-person risk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.working_hours import (
    DAY,
    RULE_COVERED,
    RULE_HANDOFF_OVERLAP,
    RULE_SHIFT_LENGTH,
    RULE_SITE_HOURS,
    HandoffRules,
    Person,
    Shift,
    Site,
    Window,
    at_risk_skills,
    clock_minutes,
    clock_text,
    coverage,
    follow_the_sun,
    handoffs,
    office_overlap_hours,
    offset_text,
    read_shifts,
    skill_risks,
    span,
    validate_plan,
)

# Three sites in the week of 11 January 2027 (Rotterdam on winter time, UTC+1), each staffing
# 07:00 to 21:00 local time.
ROTTERDAM = Site("Rotterdam", 60, 8 * 60, 18 * 60, 7 * 60, 21 * 60)
CEBU = Site("Cebu", 8 * 60, 7 * 60, 16 * 60, 7 * 60, 21 * 60)
BOGOTA = Site("Bogota", -5 * 60, 8 * 60, 17 * 60, 7 * 60, 21 * 60)
PUNE = Site("Pune", 5 * 60 + 30, 9 * 60, 18 * 60)
SITES = (ROTTERDAM, CEBU, BOGOTA, PUNE)
CLIENT_DAY = Window(60, 0, DAY)  # round the clock, Rotterdam time
RULES = HandoffRules(min_handoff_minutes=30, min_shift_minutes=4 * 60, max_shift_minutes=9 * 60)


def shifts(*rows: tuple[str, str, str]) -> tuple[Shift, ...]:
    return read_shifts(SITES, [{"site": s, "start": a, "end": b} for s, a, b in rows])


def test_clock_reads_24_00_as_the_end_of_the_day_only():
    """Is "24:00" the end of the day (1440) for an end, and refused as a start?"""
    assert clock_minutes("end", "24:00", end=True) == 1440
    assert clock_minutes("start", "08:30") == 510
    assert clock_text(1440) == "24:00" and clock_text(510) == "08:30"
    with pytest.raises(ModelInputError, match="start"):
        clock_minutes("start", "24:00")
    for bad in ("8h30", "25:00", "08:61", 830, None):
        with pytest.raises(ModelInputError):
            clock_minutes("t", bad, end=True)


def test_offsets_are_written_as_people_write_them():
    assert offset_text(330) == "UTC+5:30"
    assert offset_text(-300) == "UTC-5"
    assert offset_text(0) == "UTC+0"


def test_office_overlap_across_utc_midnight():
    """Is an overlap found when one site's office hours run past UTC midnight?"""
    # Cebu 07:00-16:00 at UTC+8 is 23:00-08:00 UTC; Rotterdam 08:00-18:00 at UTC+1 is 07:00-17:00
    # UTC: they share 07:00-08:00 UTC, one hour. Linear arithmetic (max(0, 8 - 23)) says 0.
    assert office_overlap_hours(ROTTERDAM, CEBU) == 1.0
    # Bogota 08:00-17:00 at UTC-5 is 13:00-22:00 UTC: shared with Rotterdam 13:00-17:00, 4 hours.
    assert office_overlap_hours(ROTTERDAM, BOGOTA) == 4.0
    # Pune 09:00-18:00 at UTC+5:30 is 03:30-12:30 UTC: with Rotterdam 07:00-12:30, 5.5 hours.
    assert office_overlap_hours(ROTTERDAM, PUNE) == 5.5
    # Cebu 23:00-08:00 and Bogota 13:00-22:00 UTC never meet.
    assert office_overlap_hours(CEBU, BOGOTA) == 0.0


def test_coverage_gaps_and_handoffs_of_a_roster_with_a_gap():
    """Are coverage, the gap and the hand-offs of a three-site roster the hand-checked ones?"""
    roster = shifts(
        ("Cebu", "08:00", "17:00"),  # 00:00-09:00 UTC, 01:00-10:00 Rotterdam
        ("Rotterdam", "09:00", "17:30"),  # 09:00-17:30 Rotterdam
        ("Bogota", "11:00", "18:00"),  # 16:00-23:00 UTC, 17:00-24:00 Rotterdam
    )
    result = coverage(SITES, roster, CLIENT_DAY)
    # Covered 01:00-24:00 Rotterdam time: 23 of 24 hours, 95.83%; the gap is 00:00-01:00.
    assert result.covered_minutes == 23 * 60
    assert result.percent == pytest.approx(95.8333, abs=1e-3)
    assert [gap.text() for gap in result.gaps] == [("00:00", "01:00")]
    passed = handoffs(SITES, roster, CLIENT_DAY)
    # Cebu ends 10:00 with Rotterdam on since 09:00 (60 min); Rotterdam ends 17:30 with Bogota
    # on since 17:00 (30 min); Bogota ends at 24:00 with nobody on: a gap, not a hand-off.
    assert [(h.giver.site, h.receiver.site, clock_text(h.at), h.overlap) for h in passed] == [
        ("Cebu", "Rotterdam", "10:00", 60),
        ("Rotterdam", "Bogota", "17:30", 30),
    ]


def test_a_gap_across_the_clients_midnight_is_one_gap():
    """In a round-the-clock window, is a gap from 23:00 to 01:00 one gap, not two?"""
    roster = shifts(("Rotterdam", "01:00", "23:00"))
    assert [g.text() for g in coverage(SITES, roster, CLIENT_DAY).gaps] == [("23:00", "01:00")]


def test_double_cover_counts_once_and_a_window_of_part_of_the_day():
    """Do two shifts on at once count once, and is coverage measured in the client's window?"""
    window = Window(60, 6 * 60, DAY)  # 06:00-24:00 Rotterdam time, 18 hours
    roster = shifts(("Rotterdam", "07:00", "16:00"), ("Rotterdam", "08:00", "15:00"))
    result = coverage(SITES, roster, window)
    # Covered 07:00-16:00, 9 of 18 hours; gaps 06:00-07:00 and 16:00-24:00.
    assert result.covered_minutes == 9 * 60 and result.share == 0.5
    assert [g.text() for g in result.gaps] == [("06:00", "07:00"), ("16:00", "24:00")]
    # The inner shift ends at 15:00 with the outer still on: a hand-off with 7 hours together.
    assert [(clock_text(h.at), h.overlap) for h in handoffs(SITES, roster, window)] == [
        ("15:00", 7 * 60)
    ]


def test_a_shift_ending_as_the_window_closes_hands_nothing_over():
    window = Window(60, 8 * 60, 17 * 60)
    roster = shifts(("Rotterdam", "08:00", "17:00"), ("Rotterdam", "12:00", "17:00"))
    assert handoffs(SITES, roster, window) == []


def test_a_sound_follow_the_sun_plan_breaks_no_rule():
    plan = shifts(
        ("Cebu", "07:00", "16:00"),  # 23:00-08:00 UTC
        ("Rotterdam", "08:30", "17:30"),  # 07:30-16:30 UTC: 30 min with Cebu
        ("Bogota", "11:00", "20:00"),  # 16:00-01:00 UTC: 30 min with Rotterdam, 2 h with Cebu
    )
    assert validate_plan(SITES, plan, CLIENT_DAY, RULES) == []
    assert [h.overlap for h in handoffs(SITES, plan, CLIENT_DAY)] == [120, 30, 30]
    assert follow_the_sun(SITES, plan, CLIENT_DAY).holds


def test_each_rule_is_named_when_broken():
    """Does each broken rule come back with its own id and the shift it concerns?"""
    plan = shifts(
        ("Cebu", "07:00", "15:00"),  # 23:00-07:00 UTC
        ("Rotterdam", "08:00", "20:00"),  # 07:00-19:00 UTC: 12 hours, starts as Cebu ends
        ("Bogota", "14:00", "22:00"),  # 19:00-03:00 UTC, past Bogota's 21:00
    )
    findings = validate_plan(SITES, plan, CLIENT_DAY, RULES)
    rules = sorted(f.rule for f in findings)
    # Cebu -> Rotterdam and Rotterdam -> Bogota meet with 0 minutes; Rotterdam's 12 hours are
    # too long; Bogota runs to 22:00. Bogota -> Cebu has 4 hours together; no gap.
    assert rules == sorted(
        [RULE_HANDOFF_OVERLAP, RULE_HANDOFF_OVERLAP, RULE_SHIFT_LENGTH, RULE_SITE_HOURS]
    )
    assert not follow_the_sun(SITES, plan, CLIENT_DAY).holds
    gap_plan = shifts(("Rotterdam", "08:00", "17:00"))
    assert [f.rule for f in validate_plan(SITES, gap_plan, CLIENT_DAY, RULES)] == [RULE_COVERED]


def test_read_shifts_refuses_what_it_cannot_judge():
    with pytest.raises(ModelInputError, match="did you mean 'Bogota'"):
        read_shifts(SITES, [{"site": "Bogata", "start": "08:00", "end": "17:00"}])
    with pytest.raises(ModelInputError, match=r"shifts\[0\].end"):
        read_shifts(SITES, [{"site": "Cebu", "start": "08:00", "end": "5pm"}])
    with pytest.raises(ModelInputError, match="same time"):
        read_shifts(SITES, [{"site": "Cebu", "start": "08:00", "end": "08:00"}])
    with pytest.raises(ModelInputError, match="unknown key"):
        read_shifts(SITES, [{"site": "Cebu", "begin": "08:00", "end": "12:00"}])
    with pytest.raises(ModelInputError, match="at most 48"):
        read_shifts(SITES, [{"site": "Cebu", "start": "08:00", "end": "12:00"}] * 49)


def test_key_person_risk_counts_people_and_sites():
    """Is a skill held by two people at one site at risk, as one held by one person is?"""
    people = [
        Person("Anouk", "Rotterdam", ("billing", "carriers")),
        Person("Joost", "Rotterdam", ("billing",)),
        Person("Maria", "Cebu", ("tracking", "carriers")),
        Person("Camila", "Bogota", ("tracking", "customs")),
    ]
    # billing: 2 holders, 1 site -> at risk; customs: 1 holder -> at risk; carriers and
    # tracking: 2 holders at 2 sites -> safe.
    assert at_risk_skills(people) == ["billing", "customs"]
    assert at_risk_skills(people, min_sites=1) == ["customs"]
    reasons = {r.skill: r.reason for r in skill_risks(people)}
    assert reasons["billing"] == "all 2 holders work in Rotterdam"
    assert reasons["customs"] == "held by 1 person only"


# --- properties ----------------------------------------------------------------------------------

times = st.integers(0, DAY // 15 - 1).map(lambda q: q * 15)
offsets = st.sampled_from([-300, 0, 60, 330, 480, 600])
shift_lists = st.lists(
    st.tuples(st.sampled_from(["Rotterdam", "Cebu", "Bogota", "Pune"]), times, times).filter(
        lambda row: row[1] != row[2]
    ),
    max_size=5,
).map(lambda rows: tuple(Shift(s, a, b) for s, a, b in rows))


@settings(max_examples=40, deadline=None)
@given(roster=shift_lists, offset=offsets, start=times, end=times)
def test_coverage_and_gaps_add_up_to_the_window(roster, offset, start, end):
    """Do covered minutes and gap minutes always add up to the window, and never exceed it?"""
    window = Window(offset, start, end)  # start == end: the whole day from ``start``
    result = coverage(SITES, roster, window)
    assert 0 <= result.covered_minutes <= window.minutes
    assert result.covered_minutes + sum(g.minutes for g in result.gaps) == window.minutes


@settings(max_examples=40, deadline=None)
@given(roster=shift_lists, shift_by=st.sampled_from([-120, -60, 60, 180]))
def test_moving_everyone_and_the_client_together_changes_nothing(roster, shift_by):
    """If every site and the client move their clocks alike, are coverage and hand-offs the same?"""
    moved = tuple(Site(s.name, s.offset + shift_by, s.office_start, s.office_end) for s in SITES)
    before = coverage(SITES, roster, CLIENT_DAY)
    after = coverage(moved, roster, Window(60 + shift_by, 0, DAY))
    assert before == after
    assert [h.overlap for h in handoffs(SITES, roster, CLIENT_DAY)] == [
        h.overlap for h in handoffs(moved, roster, Window(60 + shift_by, 0, DAY))
    ]


@settings(max_examples=40, deadline=None)
@given(a=times, b=times, c=times, d=times, offset=offsets)
def test_overlap_is_symmetric_and_bounded(a, b, c, d, offset):
    first, second = span(a, b, offset), span(c, d)
    assert len(first & second) == len(second & first) <= min(len(first), len(second))
