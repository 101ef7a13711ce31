"""Tests for the risk register (course/models/risk.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.models.errors import ModelInputError, Severity
from course.models.risk import (
    RATING_BANDS,
    RULE_MITIGATION,
    RULE_OWNER,
    RULE_RESIDUAL,
    Band,
    Risk,
    RiskRegister,
    heat_map,
    heat_map_bands,
    rating_band,
    register_frame,
    risk_score,
    validate_register,
)

POSSIBLE_SCORES = {1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25}  # docs/evidence.md, E4
BAND_ORDER = [Band.LOW, Band.MEDIUM, Band.HIGH, Band.CRITICAL]


def medline() -> RiskRegister:
    """A small register in the spirit of Case 4 MedLine (offshore transition, PHI data)."""
    return RiskRegister(
        (
            Risk("R-01", "PHI exposed in offshore test data", 3, 5, "CISO", "Mask data", 2, 5),
            Risk("R-02", "Key SME leaves before KT ends", 4, 4, None, "Retention bonus"),
            Risk("R-03", "Claims backlog during cut-over", 5, 2, "Ops lead", None),
            Risk("R-04", "Time-zone gap delays P1 fixes", 2, 5, "Service manager", "Overlap"),
            Risk("R-05", "Provider attrition above plan", 3, 3, None, None),
            Risk("R-06", "Audit finding on access rights", 1, 4, None, None, 2, 4),
        )
    )


# --- scoring and bands ------------------------------------------------------------------------


def test_scores_are_likelihood_times_impact() -> None:
    """Is the score the product of likelihood and impact on hand-checked cells?"""
    assert risk_score(3, 5) == 15  # 3 x 5
    assert risk_score(4, 4) == 16
    assert risk_score(1, 1) == 1
    assert risk_score(5, 5) == 25


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, Band.LOW),
        (5, Band.LOW),
        (6, Band.MEDIUM),
        (11, Band.MEDIUM),
        (12, Band.HIGH),
        (19, Band.HIGH),
        (20, Band.CRITICAL),
        (25, Band.CRITICAL),
    ],
)
def test_band_boundaries_follow_the_course_convention(score: int, band: Band) -> None:
    """Does each band start and end where the course convention says (5/6, 11/12, 19/20)?"""
    assert rating_band(score) is band


def test_rating_bands_cover_1_to_25_without_gaps() -> None:
    """Do the published thresholds cover every score 1-25 once, in order?"""
    covered = [score for _, low, high in RATING_BANDS for score in range(low, high + 1)]
    assert covered == list(range(1, 26))
    assert [band for band, _, _ in RATING_BANDS] == BAND_ORDER


def test_risk_properties_give_inherent_and_residual_results() -> None:
    """Does a risk report its score, band and residual score and band?"""
    risk = Risk("R-01", "PHI exposed", 3, 5, "CISO", "Mask data", 2, 5)
    assert (risk.score, risk.band) == (15, Band.HIGH)  # 3 x 5 = 15 -> 12-19 High
    assert (risk.residual_score, risk.residual_band) == (10, Band.MEDIUM)  # 2 x 5 = 10
    bare = Risk("R-02", "No residual yet", 1, 1)
    assert bare.residual_score is None and bare.residual_band is None


def test_blank_owner_counts_as_none() -> None:
    """Is an owner of only spaces treated as no owner?"""
    assert Risk("R-01", "x", 1, 1, owner="   ").owner is None
    assert Risk("R-01", "x", 1, 1, owner=" CISO ").owner == "CISO"


# --- register table -------------------------------------------------------------------------


def test_register_frame_sorted_by_score_then_impact_then_id() -> None:
    """Is the register sorted by score, ties by higher impact, then by id?"""
    frame = register_frame(medline())
    # scores: R-01 15, R-02 16, R-03 10 (I2), R-04 10 (I5), R-05 9, R-06 4
    assert list(frame["risk_id"]) == ["R-02", "R-01", "R-04", "R-03", "R-05", "R-06"]
    assert list(frame["score"]) == [16, 15, 10, 10, 9, 4]
    assert list(frame["band"]) == ["High", "High", "Medium", "Medium", "Medium", "Low"]
    first = frame.iloc[1]
    assert (first["residual_score"], first["residual_band"]) == (10, "Medium")
    assert pd.isna(frame.iloc[0]["residual_score"])


def test_register_frame_tie_on_score_and_impact_goes_by_id() -> None:
    """With equal score and impact, does the lower id come first?"""
    register = RiskRegister((Risk("R-9", "b", 2, 3), Risk("R-1", "a", 2, 3)))
    assert list(register_frame(register)["risk_id"]) == ["R-1", "R-9"]


def test_empty_register_gives_an_empty_table_with_columns() -> None:
    """Does an empty register still give a table with the usual columns?"""
    frame = register_frame(RiskRegister(()))
    assert frame.empty and "residual_band" in frame.columns


# --- validation -----------------------------------------------------------------------------


def test_validate_register_finds_every_problem() -> None:
    """Are the missing owner, the missing mitigation and the worse residual all reported?"""
    findings = validate_register(medline())
    # R-02 (16, High) has no owner; R-05 (9, Medium) needs neither; R-03 (10, Medium) neither;
    # R-06 residual 2 x 4 = 8 > inherent 1 x 4 = 4.
    assert [(f.field, f.rule) for f in findings] == [
        ("R-02.owner", RULE_OWNER),
        ("R-06.residual", RULE_RESIDUAL),
    ]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert "High" in findings[0].message and "16" in findings[0].message
    assert "8" in findings[1].message and "4" in findings[1].message


def test_critical_risk_needs_owner_and_mitigation() -> None:
    """Does a Critical risk without owner and mitigation get both findings?"""
    register = RiskRegister((Risk("R-07", "Provider insolvent", 4, 5),))
    findings = validate_register(register)
    assert [(f.field, f.rule) for f in findings] == [
        ("R-07.owner", RULE_OWNER),
        ("R-07.mitigation", RULE_MITIGATION),
    ]


def test_clean_register_has_no_findings() -> None:
    """Does a register that follows every rule (residual equal to inherent allowed) pass?"""
    register = RiskRegister(
        (
            Risk("R-01", "x", 4, 5, "CIO", "Exit plan", 2, 5),
            Risk("R-02", "y", 2, 3, residual_likelihood=3, residual_impact=2),  # 6 -> 6
        )
    )
    assert validate_register(register) == []


def test_rule_ids_are_kebab_case() -> None:
    """Are the rule ids short kebab-case strings?"""
    for rule in (RULE_OWNER, RULE_MITIGATION, RULE_RESIDUAL):
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule)


# --- heat map -------------------------------------------------------------------------------


def test_heat_map_layout_and_counts() -> None:
    """Is the most likely row on top, impact left to right, and each risk counted once?"""
    grid = heat_map(medline())
    assert list(grid.index) == [5, 4, 3, 2, 1]
    assert list(grid.columns) == [1, 2, 3, 4, 5]
    assert (grid.index.name, grid.columns.name) == ("likelihood", "impact")
    assert grid.iloc[0, 1] == 1  # likelihood 5 (top row), impact 2 (second column)
    assert grid.loc[3, 5] == 1 and grid.loc[4, 4] == 1 and grid.loc[2, 5] == 1
    assert grid.to_numpy().sum() == 6


def test_residual_heat_map_counts_only_assessed_risks() -> None:
    """Does the residual heat map place risks by residual values and skip unassessed ones?"""
    grid = heat_map(medline(), residual=True)
    assert grid.to_numpy().sum() == 2  # only have a residual assessment
    assert grid.loc[2, 5] == 1 and grid.loc[2, 4] == 1


def test_heat_map_bands_colour_the_corners() -> None:
    """Is the top-right cell Critical, the bottom-left Low and likelihood 3 x impact 4 High?"""
    bands = heat_map_bands()
    assert bands.loc[5, 5] == "Critical"
    assert bands.loc[1, 1] == "Low"
    assert bands.loc[3, 4] == "High"  # 12
    assert bands.loc[2, 3] == "Medium"  # 6
    assert bands.shape == (5, 5)
    assert list(bands.index) == list(heat_map(RiskRegister(())).index)


# --- error paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [2.5, True, "3", 0, 6, None, 3.0])
def test_likelihood_must_be_a_whole_number_1_to_5(bad: object) -> None:
    """Is a likelihood of 2.5, True, "3", 0, 6, None or 3.0 rejected naming the risk and field?"""
    with pytest.raises(ModelInputError, match=r"R-01\.likelihood.*1, 2, 3, 4 or 5"):
        Risk("R-01", "x", bad, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["impact", "residual_likelihood", "residual_impact"])
def test_other_levels_must_be_whole_numbers(field: str) -> None:
    """Are impact and the residual values checked the same way, naming the field?"""
    values = {"likelihood": 2, "impact": 2, "residual_likelihood": 1, "residual_impact": 1}
    values[field] = 2.5
    with pytest.raises(ModelInputError, match=rf"R-01\.{field}"):
        Risk("R-01", "x", **values)  # type: ignore[arg-type]


def test_residual_needs_both_values() -> None:
    """Is a residual likelihood without a residual impact rejected, naming the missing one?"""
    with pytest.raises(ModelInputError, match=r"R-01\.residual_impact.*both"):
        Risk("R-01", "x", 3, 3, residual_likelihood=2)
    with pytest.raises(ModelInputError, match=r"R-01\.residual_likelihood.*both"):
        Risk("R-01", "x", 3, 3, residual_impact=2)


def test_id_title_owner_and_mitigation_are_checked() -> None:
    """Are a blank id, a blank title and a non-text owner or mitigation rejected by field?"""
    with pytest.raises(ModelInputError, match="risk_id"):
        Risk(" ", "x", 1, 1)
    with pytest.raises(ModelInputError, match=r"R-01\.title"):
        Risk("R-01", "", 1, 1)
    with pytest.raises(ModelInputError, match=r"R-01\.owner"):
        Risk("R-01", "x", 1, 1, owner=42)  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match=r"R-01\.mitigation"):
        Risk("R-01", "x", 1, 1, mitigation=["plan"])  # type: ignore[arg-type]


def test_duplicate_risk_ids_are_rejected_by_id() -> None:
    """Is a register with the same id twice rejected, naming the id?"""
    with pytest.raises(ModelInputError, match="risks: risk ids appear more than once: 'R-01'"):
        RiskRegister((Risk("R-01", "a", 1, 1), Risk("R-02", "b", 1, 1), Risk("R-01", "c", 2, 2)))


def test_register_accepts_only_risks() -> None:
    """Is a register of plain dicts (or a single string) rejected?"""
    with pytest.raises(ModelInputError, match="risks: expected Risk"):
        RiskRegister(({"risk_id": "R-01"},))  # type: ignore[arg-type]
    with pytest.raises(ModelInputError, match="risks: expected Risk"):
        RiskRegister("R-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, 26, 2.5, True, "12"])
def test_rating_band_rejects_impossible_scores(bad: object) -> None:
    """Is a score outside 1-25, or not a whole number, rejected naming the score?"""
    with pytest.raises(ModelInputError, match="score.*1 to 25"):
        rating_band(bad)  # type: ignore[arg-type]


def test_risk_score_rejects_bad_levels_by_name() -> None:
    """Does risk_score name which argument is wrong?"""
    with pytest.raises(ModelInputError, match="likelihood"):
        risk_score(0, 3)
    with pytest.raises(ModelInputError, match="impact"):
        risk_score(3, 2.5)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------

levels = st.integers(1, 5)


@given(levels, levels)
def test_score_is_one_of_the_14_possible_values(likelihood: int, impact: int) -> None:
    """Is every score one of the 14 values a 5x5 matrix can produce?"""
    assert risk_score(likelihood, impact) in POSSIBLE_SCORES


def test_the_14_values_are_all_reachable() -> None:
    """Can every one of the 14 values actually occur (so the list above is not too wide)?"""
    assert {risk_score(a, b) for a in range(1, 6) for b in range(1, 6)} == POSSIBLE_SCORES


@given(st.integers(1, 25), st.integers(1, 25))
def test_band_is_monotone_in_score(a: int, b: int) -> None:
    """Does a higher score never fall in a lower band?"""
    low, high = sorted((a, b))
    assert BAND_ORDER.index(rating_band(low)) <= BAND_ORDER.index(rating_band(high))


risks = st.builds(
    Risk,
    risk_id=st.text(alphabet="ABCR-0123456789", min_size=1, max_size=5).filter(str.strip),
    title=st.just("risk"),
    likelihood=levels,
    impact=levels,
    owner=st.one_of(st.none(), st.just("Owner")),
    mitigation=st.one_of(st.none(), st.just("Plan")),
)


@given(st.lists(risks, max_size=15, unique_by=lambda r: r.risk_id))
def test_register_views_agree(items: list[Risk]) -> None:
    """Is the table sorted as promised and does the heat map count every risk once?"""
    register = RiskRegister(tuple(items))
    frame = register_frame(register)
    keys = list(zip(-frame["score"], -frame["impact"], frame["risk_id"], strict=True))
    assert keys == sorted(keys)
    assert heat_map(register).to_numpy().sum() == len(items)
    needing_action = [r for r in items if r.band in (Band.HIGH, Band.CRITICAL)]
    expected = sum((r.owner is None) + (r.mitigation is None) for r in needing_action)
    assert len(validate_register(register)) == expected
