"""``autograder grade --scheduler``: the same grades when a Dask cluster runs the submissions."""

from __future__ import annotations

import pytest

from autograder.course_dir import init_course
from autograder.demo_cohort import build_demo_cohort
from autograder.grading import grade_assignment, submitted_learners
from tests.runner.gradebook import cell_scores

# One worker builds this module's expensive fixture once (run with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("dask")

ASSIGNMENT = "score-a-vendor"


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_a_cluster_grades_like_the_local_workers(tmp_path, cluster):
    """Do a LocalCluster's workers give every learner the local workers' score per cell?"""
    local = init_course(tmp_path / "local")
    build_demo_cohort(local, 6, exercise_ids=[ASSIGNMENT])
    remote = init_course(tmp_path / "remote")
    build_demo_cohort(remote, 6, exercise_ids=[ASSIGNMENT])
    learners = submitted_learners(local, ASSIGNMENT)
    on_cluster = grade_assignment(
        remote, ASSIGNMENT, learners, runner="isolated", scheduler=cluster.scheduler_address
    )
    here = grade_assignment(local, ASSIGNMENT, learners, runner="isolated", workers=2)
    assert on_cluster.graded == here.graded and on_cluster.failed.keys() == here.failed.keys()
    assert cell_scores(remote, ASSIGNMENT) == cell_scores(local, ASSIGNMENT)
    assert any(score for score in cell_scores(remote, ASSIGNMENT).values())


def test_the_command_line_takes_a_scheduler_address(tmp_path, cluster, capsys):
    """Does ``autograder grade --scheduler ADDRESS`` grade through the cluster?"""
    from autograder.cli import main

    course = init_course(tmp_path / "course-work")
    build_demo_cohort(course, 3, exercise_ids=[ASSIGNMENT])
    status = main(
        [
            "grade",
            ASSIGNMENT,
            "--course-dir",
            str(course.root),
            "--scheduler",
            cluster.scheduler_address,
        ]
    )
    assert status == 0
    assert "graded" in capsys.readouterr().out
    assert any(score for score in cell_scores(course, ASSIGNMENT).values())
