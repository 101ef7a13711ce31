"""Tests for course/cases/kinds/: every kind registered once, with all its pieces."""

from __future__ import annotations

import pytest

from course.cases import CASE_KINDS, load_case, variant
from course.cases.kinds import KINDS, kind_of
from course.cases.loader import known_case_ids


def test_every_kind_is_registered_once_under_its_own_name():
    """Is each kind's module registered under the name its case.yml files use, in course order?"""
    assert list(KINDS) == [case_class.kind for case_class in CASE_KINDS]
    assert list(KINDS) == [
        "vendor-selection",
        "sourcing-cost",
        "sla",
        "risk",
        "negotiation",
        "governance",
        "escalation",
        "leadership",
        "symptoms",
        "reskilling",
        "transition",
        "working-hours",
        "capstone",
        "contract-pricing",
    ]
    for name, kind in KINDS.items():
        assert kind.name == name
        assert kind.case_class.__module__ == kind.parse.__module__ == kind.perturb.__module__


VIEWED = [case_id for case_id in known_case_ids() if kind_of(load_case(case_id)).plain_view]
"""Cases of the kinds an exercise uses (the others register no plain view)."""


def test_every_kind_has_a_plain_view():
    """Does every kind register its plain view (each is used by a graded exercise)?"""
    assert [name for name, kind in KINDS.items() if kind.plain_view is None] == []


@pytest.mark.parametrize("case_id", VIEWED)
def test_a_kind_with_a_plain_view_shows_the_learners_own_numbers(case_id):
    """Does a kind's plain view carry the learner id and differ between variants?"""
    kind = kind_of(load_case(case_id))
    mine = kind.plain_view(variant(case_id, "learner-a"), "learner-a")
    theirs = kind.plain_view(variant(case_id, "learner-b"), "learner-b")
    assert mine.learner_id == "learner-a"
    assert mine != theirs
