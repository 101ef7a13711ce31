"""Tests for the coverage matrix (course/coverage.yml, course/coverage.py, docs/coverage.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.catalog import load_catalog
from course.coverage import (
    COVERAGE_FILE,
    CoverageError,
    load_coverage,
    missed_targets,
    page_path,
    render,
    totals,
)

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def coverage():
    return load_coverage(CATALOG)


def test_every_reference_resolves(coverage):
    """Does every lesson heading, self-check, exercise, check and rubric criterion exist?

    load_coverage raises naming each one that does not; this also guards the ids."""
    assert coverage.ideas and coverage.objectives
    assert len({e.id for e in coverage.ideas}) == len(coverage.ideas)


def test_the_page_is_current(coverage):
    """Is docs/coverage.md exactly what `python -m course.coverage` writes today?"""
    expected = render(coverage, CATALOG)
    assert page_path(CATALOG).read_text(encoding="utf-8") == expected, (
        "docs/coverage.md is stale: run `python -m course.coverage` and commit it"
    )


def test_the_course_meets_its_coverage_targets(coverage):
    """Every objective graded, at least 80% of the source ideas graded, the rest self-checked,
    every idea taught."""
    assert missed_targets(coverage, CATALOG) == []


def test_the_totals_count_what_the_page_says(coverage):
    """Do the totals add up, and does the page print them?"""
    figures = totals(coverage)
    assert (
        figures.ideas_graded + figures.ideas_self_checked_only + figures.ideas_neither
        == figures.ideas
    )
    assert figures.ideas_graded_for_everyone <= figures.ideas_graded
    page = render(coverage, CATALOG)
    assert f"Source ideas graded: {figures.ideas_graded} of {figures.ideas}" in page
    assert f"objectives graded: {figures.objectives_graded} of {figures.objectives}" in page


# --- broken references are caught, each with its own message ---------------------------------

IDEA = """
ideas:
  - id: an-idea
    source: bdg-2013
    idea: Both sides meet regularly.
    taught:
      - {{notebook: modules/04-vendor-governance/governance.ipynb, heading: "{heading}"}}
    self_checked: [{self_check}]
    graded:
      - {graded}
objectives: []
"""
GOOD = {
    "heading": "Review meetings in three tiers, and the issue list",
    "self_check": "vendor-governance/review-cadence",
    "graded": "{exercise: govern-the-relationship, check: cadence-frequency}",
}


def write(tmp_path: Path, **changes: str) -> Path:
    path = tmp_path / "coverage.yml"
    path.write_text(IDEA.format(**{**GOOD, **changes}), encoding="utf-8")
    return path


def test_a_good_entry_loads(tmp_path):
    """Is the sample entry itself valid, so the failures below come from the one change?"""
    coverage = load_coverage(CATALOG, write(tmp_path))
    assert coverage.ideas[0].graded[0].check == "cadence-frequency"
    assert missed_targets(coverage, CATALOG)  # no objectives listed: targets are missed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"heading": "Review meetings"}, "no heading 'Review meetings' in modules/04"),
        ({"self_check": "vendor-governance/nope"}, "no self-check 'nope' in course/self_checks"),
        ({"self_check": "no-module/q"}, "self-check 'no-module/q'"),
        ({"graded": "{exercise: no-such, check: x}"}, "no exercise 'no-such'"),
        (
            {"graded": "{exercise: govern-the-relationship, check: nope}"},
            "govern-the-relationship has no graded check 'nope'",
        ),
        (
            {"graded": "{exercise: govern-the-relationship, check: memo}"},
            "has no graded check 'memo'",
        ),
        (
            {"graded": "{exercise: govern-the-relationship, rubric: 9, about: x}"},
            "has no rubric criterion 9",
        ),
        (
            {"graded": "{exercise: govern-the-relationship, rubric: 1, about: invented words}"},
            "rubric criterion 1 does not mention 'invented words'",
        ),
        (
            {"graded": "{exercise: govern-the-relationship}"},
            "give either 'check' or 'rubric'",
        ),
    ],
)
def test_a_broken_reference_is_named(tmp_path, change, message):
    """Does each kind of broken reference fail with a message naming the entry and the fix?"""
    with pytest.raises(CoverageError, match="an-idea") as error:
        load_coverage(CATALOG, write(tmp_path, **change))
    assert message in str(error.value)


def test_an_unknown_source_or_objective_is_named(tmp_path):
    """Is a source key the catalog does not know, or an objective it does not have, rejected?"""
    path = tmp_path / "coverage.yml"
    path.write_text(
        IDEA.format(**GOOD).replace("source: bdg-2013", "source: someone-2099"), encoding="utf-8"
    )
    with pytest.raises(CoverageError, match="someone-2099.*course/catalog.yml"):
        load_coverage(CATALOG, path)
    path.write_text(
        "ideas: []\nobjectives:\n  - {module: negotiation, number: 9}\n", encoding="utf-8"
    )
    with pytest.raises(CoverageError, match=r"negotiation #9\): no such objective"):
        load_coverage(CATALOG, path)


def test_targets_name_what_is_missing(tmp_path):
    """Does an ungraded, unpractised idea, and a missing objective, show up as a missed target?"""
    path = tmp_path / "coverage.yml"
    shutil.copy(CATALOG.root / COVERAGE_FILE, path)
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: chal-knowledge-transfer")
    end = text.index("  - id: chal-knowledge-in-house")
    bare = (
        "  - id: chal-knowledge-transfer\n    source: masters-2024\n"
        "    idea: Define how knowledge moves.\n"
    )
    path.write_text(text[:start] + bare + text[end:], encoding="utf-8")
    problems = missed_targets(load_coverage(CATALOG, path), CATALOG)
    assert "chal-knowledge-transfer is not taught in any lesson" in problems
    assert "chal-knowledge-transfer is neither graded nor self-checked" in problems
