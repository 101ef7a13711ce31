"""Same grades as nbgrader: a demo cohort graded by both runners, compared cell by cell."""

from __future__ import annotations

import shutil

import pytest

from autograder.course_dir import init_course
from autograder.demo_cohort import build_demo_cohort, read_plans
from autograder.grading import grade_assignment, submitted_learners
from tests.runner.gradebook import cell_scores

# One worker builds this module's expensive fixture once (run with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("equivalence")

# Six learners each: with the fixed seed this holds right, partial, wrong, late and broken work.
COHORTS = {"score-a-vendor": 6, "draft-escalation-plan": 6}


@pytest.fixture(scope="module")
def two_gradebooks(tmp_path_factory):
    """One demo cohort, copied; nbgrader grades one copy, the isolated runner the other."""
    root = tmp_path_factory.mktemp("equivalence")
    theirs = init_course(root / "nbgrader")
    build_demo_cohort(theirs, max(COHORTS.values()), exercise_ids=list(COHORTS))
    shutil.copytree(theirs.root, root / "isolated")
    ours = init_course(root / "isolated")
    runs = {}
    for assignment, size in COHORTS.items():
        learners = submitted_learners(theirs, assignment)[:size]
        runs[assignment] = (
            grade_assignment(theirs, assignment, learners, runner="nbgrader"),
            grade_assignment(ours, assignment, learners, runner="isolated", workers=2),
        )
    return theirs, ours, runs


@pytest.mark.parametrize("assignment", sorted(COHORTS))
def test_every_graded_cell_scores_the_same(two_gradebooks, assignment):
    """Does every learner get the same score in every graded cell from both runners?"""
    theirs, ours, _ = two_gradebooks
    expected, actual = cell_scores(theirs, assignment), cell_scores(ours, assignment)
    assert expected, "nbgrader graded nothing: the comparison would prove nothing"
    assert {k: v for k, v in actual.items() if v is not None} == {
        k: v for k, v in expected.items() if v is not None
    }


@pytest.mark.parametrize("assignment", sorted(COHORTS))
def test_the_same_learners_are_graded_and_fail(two_gradebooks, assignment):
    """Do both runners grade the same learners and fail the same broken submissions?"""
    _, _, runs = two_gradebooks
    theirs, ours = runs[assignment]
    assert sorted(ours.graded) == sorted(theirs.graded)
    assert sorted(ours.failed) == sorted(theirs.failed)
    kinds = {p.kind for p in read_plans(two_gradebooks[0]) if p.learner in ours.graded}
    assert {"full", "partial"} <= kinds, "the cohort should hold right and wrong answers"
