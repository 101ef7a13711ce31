"""Tests for course/cases/kinds/capstone.py: one case made of sub-cases of the earlier kinds.

Is each step parsed by its own kind, with errors named under the step, and does a variant move
every step's numbers while the capstone's own facts stay put?
"""

from __future__ import annotations

from course.cases import load_case, variant
from course.cases.kinds import capstone
from course.cases.kinds.governance import GovernanceCase
from course.cases.kinds.sla import SlaCase
from course.cases.kinds.sourcing_cost import SourcingCostCase
from course.cases.kinds.vendor_selection import VendorSelectionCase
from tests.cases.test_broken_data import copy_case, edit, load_error

CASE_ID = "ferncastle-lifecycle"


def test_each_step_is_a_case_of_its_own_kind_with_the_capstones_company():
    """Is each step parsed by its own kind, sharing the capstone's company and currency?"""
    case = load_case(CASE_ID)
    kinds = {step: type(sub) for step, sub in case.sub_cases().items()}
    assert kinds == {
        "decide": SourcingCostCase,
        "select": VendorSelectionCase,
        "contract": SlaCase,
        "relationship": GovernanceCase,
    }
    assert {sub.company for sub in case.sub_cases().values()} == {case.company}
    assert {sub.currency for sub in case.sub_cases().values()} == {case.currency}


def test_a_variant_moves_every_step_and_keeps_the_step_to_fix_first():
    """Does a learner's variant change each step's numbers but not the step to fix first?"""
    base, mine = load_case(CASE_ID), variant(CASE_ID, "learner-a")
    for step in capstone.STEPS:
        assert getattr(mine, step) != getattr(base, step), step
    assert capstone.fix_first(mine) == capstone.fix_first(base)
    assert mine.credit_month == base.credit_month


def test_an_error_inside_a_step_names_the_step(tmp_path):
    """Is a broken field inside a step reported under the step's key, in case.yml?"""
    folder = copy_case(tmp_path, CASE_ID)
    edit(folder / "case.yml", "  years: 3\n", "  years: three\n")
    error = load_error(folder)
    assert error.file.endswith(f"{CASE_ID}/case.yml")
    assert error.field == "decide.years"


def test_a_common_field_repeated_inside_a_step_is_refused(tmp_path):
    """Is a currency written again inside a step refused, saying it belongs at the top?"""
    folder = copy_case(tmp_path, CASE_ID)
    edit(folder / "case.yml", "  years: 3\n", "  years: 3\n  currency: EUR\n")
    error = load_error(folder)
    assert error.field == "decide.currency"
    assert "top of case.yml" in error.problem


def test_a_credit_month_outside_the_report_is_refused(tmp_path):
    """Is a credit month the contract's report does not hold refused, with a month it does?"""
    folder = copy_case(tmp_path, CASE_ID)
    edit(folder / "case.yml", "credit_month: 2026-03", "credit_month: 2026-07")
    error = load_error(folder)
    assert error.field == "credit_month"
    assert "2026-01" in error.fix
