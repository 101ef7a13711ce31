"""Tests for service levels and service credits (course/models/sla.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.sla import (
    ServiceLevel,
    allowed_downtime,
    availability,
    credits_frame,
    met,
    service_credits,
)

MONTH = 43_200  # minutes in a 30-day month: 30 * 24 * 60


def uptime(target: float = 0.999, allocation: float = 0.4, **kwargs: object) -> ServiceLevel:
    """An availability level, higher is better."""
    return ServiceLevel("Availability", target, True, "fraction", allocation, **kwargs)  # type: ignore[arg-type]


def cobalt_levels() -> tuple[ServiceLevel, ...]:
    """Service levels in the spirit of Case 3 Cobalt Regional Bank (three category pools)."""
    return (
        ServiceLevel("Core app availability", 0.9995, True, "fraction", 0.5, "Availability"),
        ServiceLevel("Network availability", 0.999, True, "fraction", 0.5, "Availability"),
        ServiceLevel("ASA p80", 30, False, "seconds", 0.6, "Service Desk"),
        ServiceLevel("First-contact resolution", 0.70, True, "fraction", 0.4, "Service Desk"),
        ServiceLevel("Days to patch critical CVE", 14, False, "days", 1.0, "Security"),
    )


COBALT_POOLS = {"Availability": 0.8, "Service Desk": 0.6, "Security": 0.4}


# --- availability ---------------------------------------------------------------------------


def test_availability_without_exclusions() -> None:
    """Is 43.2 minutes down in a 30-day month exactly 99.9% available?"""
    assert availability(MONTH, 43.2) == pytest.approx(0.999)  # (43200 - 43.2) / 43200


def test_availability_removes_excluded_minutes_from_both_terms() -> None:
    """Are approved-maintenance minutes removed from both scheduled time and downtime?"""
    # 300 min down, 120 of them in an approved window:
    # (43200 - 120) - (300 - 120) = 42900 up out of 43080 measured -> 0.995822
    assert availability(MONTH, 300, excluded_minutes=120) == pytest.approx(42_900 / 43_080)
    assert availability(MONTH, 120, excluded_minutes=120) == 1.0


@pytest.mark.parametrize(
    ("target", "minutes"),
    [(0.99, 432), (0.995, 216), (0.999, 43.2), (0.9995, 21.6), (0.9999, 4.32)],
)
def test_allowed_downtime_table_from_e3(target: float, minutes: float) -> None:
    """Does each target allow the minutes in docs/evidence.md, E3 for a 30-day month?"""
    assert allowed_downtime(target, MONTH) == pytest.approx(minutes)  # (1 - target) * 43200


def test_allowed_downtime_per_year() -> None:
    """Is 99.9% over a year 8.76 hours?"""
    assert allowed_downtime(0.999, 365 * 24 * 60) / 60 == pytest.approx(8.76)  # 525600 * .001


# --- met ------------------------------------------------------------------------------------


def test_met_follows_the_direction_of_the_target() -> None:
    """Is a target met above it when higher is better, and below it when lower is better?"""
    asa = ServiceLevel("ASA", 30, False, "seconds", 0.5)
    assert met(uptime(), 0.9991) and not met(uptime(), 0.9989)
    assert met(asa, 29) and not met(asa, 31)


def test_exactly_on_target_is_met_despite_rounding() -> None:
    """Is availability computed as exactly 99.9% (with float noise) counted as met?"""
    measured = availability(MONTH, allowed_downtime(0.999, MONTH))  # 43.20000000000004 min down
    assert met(uptime(0.999), measured)
    assert met(ServiceLevel("ASA", 30, False, "s", 0.5), 30)


# --- credits --------------------------------------------------------------------------------


def test_texas_dir_published_example() -> None:
    """Does the published example give $2,000 (invoice 100k, at-risk 10%, A 50%, B 40%)?"""
    report = service_credits(
        [uptime(allocation=0.4)],
        {"Availability": 0.99},
        monthly_charge=100_000,
        at_risk_share=0.10,
        pool_allocation=0.5,
    )
    # C = 10% x 100,000 = 10,000; credit = A x B x C = 0.5 x 0.4 x 10,000 = 2,000
    assert report.at_risk_amount == pytest.approx(10_000)
    assert report.lines[0].credit == pytest.approx(2_000)
    assert report.total_after_cap == pytest.approx(2_000)
    assert not report.capped


def test_cobalt_credits_are_summed_then_capped() -> None:
    """Are several misses summed, and the month's total cut to the at-risk amount?"""
    measured = {
        "Core app availability": 0.9990,  # missed (target 99.95%)
        "Network availability": 0.9993,  # met
        "ASA p80": 42,  # missed (target 30 s, lower is better)
        "First-contact resolution": 0.65,  # missed (target 70%)
        "Days to patch critical CVE": 21,  # missed (target 14 days)
    }
    report = service_credits(cobalt_levels(), measured, 500_000, 0.12, COBALT_POOLS)
    # C = 12% x 500,000 = 60,000
    # core 0.8 x 0.5 x 60,000 = 24,000; ASA 0.6 x 0.6 x 60,000 = 21,600;
    # FCR 0.6 x 0.4 x 60,000 = 14,400; patching 0.4 x 1.0 x 60,000 = 24,000 -> 84,000
    credits = {line.name: line.credit for line in report.lines}
    assert credits == pytest.approx(
        {
            "Core app availability": 24_000,
            "Network availability": 0,
            "ASA p80": 21_600,
            "First-contact resolution": 14_400,
            "Days to patch critical CVE": 24_000,
        }
    )
    assert report.total_before_cap == pytest.approx(84_000)
    assert report.at_risk_amount == pytest.approx(60_000)
    assert report.total_after_cap == pytest.approx(60_000)
    assert report.capped


def test_total_equal_to_the_cap_is_not_capped() -> None:
    """When the credits add up to exactly the at-risk amount, is the report not marked capped?"""
    measured = {
        "Core app availability": 0.9990,
        "Network availability": 0.9993,
        "ASA p80": 42,
        "First-contact resolution": 0.65,
        "Days to patch critical CVE": 10,  # met this time
    }
    report = service_credits(cobalt_levels(), measured, 500_000, 0.12, COBALT_POOLS)
    assert report.total_before_cap == pytest.approx(60_000)  # 24,000 + 21,600 + 14,400
    assert not report.capped


def test_credits_frame_has_one_row_per_level() -> None:
    """Does the display table show every level with its met flag and credit?"""
    report = service_credits([uptime()], {"Availability": 0.98}, 100_000, 0.1)
    frame = credits_frame(report)
    assert list(frame.columns) == [
        "service_level",
        "category",
        "target",
        "measured",
        "met",
        "credit",
    ]
    assert frame.loc[0, "credit"] == pytest.approx(4_000)  # 1.0 x 0.4 x 10,000
    assert not frame.loc[0, "met"]


# --- error paths ----------------------------------------------------------------------------


def test_availability_errors_name_the_field() -> None:
    """Are impossible minutes rejected, each naming its argument?"""
    with pytest.raises(ModelInputError, match="scheduled_minutes"):
        availability(0, 0)
    with pytest.raises(ModelInputError, match="scheduled_minutes"):
        availability(-5, 0)
    with pytest.raises(ModelInputError, match="downtime_minutes.*0 to 43200"):
        availability(MONTH, 50_000)
    with pytest.raises(ModelInputError, match="downtime_minutes"):
        availability(MONTH, -1)
    with pytest.raises(ModelInputError, match="excluded_minutes.*part of the downtime"):
        availability(MONTH, 100, excluded_minutes=200)
    with pytest.raises(ModelInputError, match="excluded_minutes"):
        availability(MONTH, 10, excluded_minutes=-1)
    with pytest.raises(ModelInputError, match="excluded_minutes.*nothing to measure"):
        availability(100, 100, excluded_minutes=100)
    with pytest.raises(ModelInputError, match="downtime_minutes"):
        availability(MONTH, "43")  # type: ignore[arg-type]


def test_allowed_downtime_errors_name_the_field() -> None:
    """Is a target given as a percentage explained, and a bad target or time rejected?"""
    with pytest.raises(ModelInputError, match="target: 99.9 looks like a percentage.*0.999"):
        allowed_downtime(99.9, MONTH)
    with pytest.raises(ModelInputError, match="target"):
        allowed_downtime(-0.1, MONTH)
    with pytest.raises(ModelInputError, match="scheduled_minutes"):
        allowed_downtime(0.999, -1)


def test_service_level_fields_are_checked_by_name() -> None:
    """Is each invalid ServiceLevel field rejected with the level and field named?"""
    with pytest.raises(ModelInputError, match="service level name"):
        ServiceLevel(" ", 0.9, True, "fraction", 0.5)
    with pytest.raises(ModelInputError, match=r"Uptime\.target"):
        ServiceLevel("Uptime", "99.9%", True, "fraction", 0.5)  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match=r"Uptime\.higher_is_better"):
        ServiceLevel("Uptime", 0.9, "yes", "fraction", 0.5)  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match=r"Uptime\.unit"):
        ServiceLevel("Uptime", 0.9, True, "", 0.5)
    with pytest.raises(ModelInputError, match=r"Uptime\.credit_allocation.*0 to 1"):
        ServiceLevel("Uptime", 0.9, True, "fraction", 40)
    with pytest.raises(ModelInputError, match=r"Uptime\.category"):
        ServiceLevel("Uptime", 0.9, True, "fraction", 0.5, category="")


def test_allocations_above_the_pool_are_rejected_naming_the_levels() -> None:
    """Are credit allocations adding up to more than the pool rejected, each level named?"""
    levels = (
        ServiceLevel("Uptime", 0.999, True, "fraction", 0.7),
        ServiceLevel("ASA", 30, False, "seconds", 0.5),
    )
    with pytest.raises(ModelInputError) as err:
        service_credits(levels, {"Uptime": 1, "ASA": 1}, 100_000, 0.1)
    message = str(err.value)
    assert message.startswith("credit_allocation")
    assert "120%" in message and "Uptime 70%" in message and "ASA 50%" in message


def test_allocations_are_checked_per_category() -> None:
    """Do allocations in different categories each get their own 100% pool?"""
    levels = (
        ServiceLevel("Uptime", 0.999, True, "fraction", 0.7, "Availability"),
        ServiceLevel("ASA", 30, False, "seconds", 0.5, "Service Desk"),
    )
    report = service_credits(levels, {"Uptime": 1, "ASA": 1}, 100_000, 0.1)
    assert report.total_before_cap == 0


def test_missing_measurements_are_all_named() -> None:
    """Is every level without a measurement named in one message?"""
    with pytest.raises(ModelInputError, match="measured: no measurement for 'Core app.*'ASA p80'"):
        service_credits(
            cobalt_levels(),
            {
                "Network availability": 1,
                "First-contact resolution": 1,
                "Days to patch critical CVE": 1,
            },
            500_000,
            0.12,
            COBALT_POOLS,
        )


def test_unknown_or_bad_measurements_are_rejected() -> None:
    """Are a measurement for an unknown level and a non-number measurement rejected by name?"""
    with pytest.raises(ModelInputError, match="measured: .*unknown service level 'Uptme'"):
        service_credits([uptime()], {"Availability": 1, "Uptme": 1}, 100, 0.1)
    with pytest.raises(ModelInputError, match="measured Availability"):
        service_credits([uptime()], {"Availability": "99.9%"}, 100, 0.1)
    with pytest.raises(ModelInputError, match="measured"):
        service_credits([uptime()], [0.99], 100, 0.1)  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match="measured Availability"):
        met(uptime(), None)  # type: ignore[arg-type]


def test_money_and_share_arguments_are_checked() -> None:
    """Are an at-risk share above 1, a negative charge and a bad pool allocation rejected?"""
    ok = {"Availability": 1}
    with pytest.raises(ModelInputError, match="at_risk_share.*0 to 1"):
        service_credits([uptime()], ok, 100_000, 12)
    with pytest.raises(ModelInputError, match="monthly_charge"):
        service_credits([uptime()], ok, -1, 0.1)
    with pytest.raises(ModelInputError, match="pool_allocation.*0 to 1"):
        service_credits([uptime()], ok, 100_000, 0.1, pool_allocation=1.5)
    with pytest.raises(ModelInputError, match="pool_allocation: no pool allocation for.*'all'"):
        service_credits([uptime()], ok, 100_000, 0.1, pool_allocation={"Security": 0.4})
    with pytest.raises(ModelInputError, match=r"pool_allocation\['all'\]"):
        service_credits([uptime()], ok, 100_000, 0.1, pool_allocation={"all": -0.1})


def test_levels_are_checked() -> None:
    """Are no levels, duplicate names and objects that are not ServiceLevels rejected?"""
    with pytest.raises(ModelInputError, match="levels: no service levels"):
        service_credits([], {}, 100, 0.1)
    with pytest.raises(
        ModelInputError, match="levels: service levels appear more than once: 'Availability'"
    ):
        service_credits([uptime(allocation=0.1), uptime(allocation=0.1)], {}, 100, 0.1)
    with pytest.raises(ModelInputError, match="levels: expected ServiceLevel"):
        service_credits([{"name": "Availability"}], {}, 100, 0.1)  # type: ignore[list-item]
    with pytest.raises(ModelInputError, match="levels: expected ServiceLevel"):
        service_credits(uptime(), {}, 100, 0.1)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------


@st.composite
def credit_cases(draw: st.DrawFn) -> tuple[list[ServiceLevel], dict[str, float], float, float]:
    """Random months: up to 6 levels, allocations within the pool, any measurements."""
    count = draw(st.integers(1, 6))
    raw = draw(st.lists(st.floats(0, 1), min_size=count, max_size=count))
    scale = max(1.0, sum(raw))  # keep the allocations within the whole pool
    levels = [
        ServiceLevel(
            f"SL{i}",
            draw(st.floats(0, 100)),
            draw(st.booleans()),
            "unit",
            share / scale * 0.999999,
        )
        for i, share in enumerate(raw)
    ]
    measured = {level.name: draw(st.floats(0, 100)) for level in levels}
    charge = draw(st.floats(0, 1e7))
    at_risk = draw(st.floats(0, 1))
    return levels, measured, charge, at_risk


@given(credit_cases(), st.floats(0, 1))
def test_credits_never_exceed_the_cap(
    case: tuple[list[ServiceLevel], dict[str, float], float, float], pool: float
) -> None:
    """Whatever the misses, is the month's credit at most the at-risk amount?"""
    levels, measured, charge, share = case
    report = service_credits(levels, measured, charge, share, pool)
    assert report.total_after_cap <= report.at_risk_amount
    assert report.at_risk_amount == pytest.approx(share * charge)
    assert report.total_before_cap == pytest.approx(sum(line.credit for line in report.lines))
    if report.capped:
        assert report.total_before_cap > report.at_risk_amount == report.total_after_cap
    else:
        assert report.total_before_cap <= report.at_risk_amount * (1 + 1e-9)


@given(credit_cases(), st.floats(0, 1))
def test_a_met_level_never_earns_a_credit(
    case: tuple[list[ServiceLevel], dict[str, float], float, float], pool: float
) -> None:
    """Does a met level earn nothing, and a missed one A x B x C?"""
    levels, measured, charge, share = case
    report = service_credits(levels, measured, charge, share, pool)
    by_name = {level.name: level for level in levels}
    for line in report.lines:
        assert line.met == met(by_name[line.name], measured[line.name])
        if line.met:
            assert line.credit == 0
        else:
            expected = pool * by_name[line.name].credit_allocation * share * charge
            assert line.credit == pytest.approx(expected)


@given(st.floats(0.9, 0.99999), st.floats(1, 1e6), st.floats(0, 1))
def test_met_exactly_when_downtime_within_allowance(
    target: float, scheduled: float, fraction: float
) -> None:
    """Is availability met exactly when downtime stays within the allowed downtime?"""
    downtime = fraction * scheduled * 0.2
    allowed = allowed_downtime(target, scheduled)
    assume(abs(downtime - allowed) > 1e-6 * scheduled)  # away from the rounding boundary
    measured = availability(scheduled, downtime)
    assert 0 <= measured <= 1
    assert met(uptime(target), measured) == (downtime <= allowed)
    assert math.isclose(availability(scheduled, allowed), target, rel_tol=1e-9)
