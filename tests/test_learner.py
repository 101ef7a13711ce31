"""Tests for course/learner.py: the learner id resolves the same way for notebook and grader."""

from __future__ import annotations

from pathlib import Path

from course.learner import DEFAULT_LEARNER_ID, current_learner_id


def test_explicit_id_wins(tmp_path):
    """Does COURSE_LEARNER_ID beat every other source?"""
    env = {"COURSE_LEARNER_ID": "amira-01", "JUPYTERHUB_USER": "hubuser"}
    assert current_learner_id(tmp_path, env) == "amira-01"


def test_nbgrader_autograde_layout(tmp_path):
    """During nbgrader autograde, is the student id taken from autograded/<id>/<assignment>?"""
    folder = tmp_path / "autograded" / "student-7" / "score-a-vendor"
    folder.mkdir(parents=True)
    env = {"NBGRADER_EXECUTION": "autograde", "JUPYTERHUB_USER": "instructor"}
    assert current_learner_id(folder, env) == "student-7"


def test_hub_user_then_file_then_default(tmp_path):
    """Are JupyterHub's user, then a .learner-id file, then the default used in that order?"""
    exercise = tmp_path / "my-exercises" / "score-a-vendor"
    exercise.mkdir(parents=True)
    assert current_learner_id(exercise, {"JUPYTERHUB_USER": "kofi"}) == "kofi"
    assert current_learner_id(exercise, {}) == DEFAULT_LEARNER_ID
    (tmp_path / "my-exercises" / ".learner-id").write_text("local-kofi\n")
    assert current_learner_id(exercise, {}) == "local-kofi"


def test_unsafe_ids_are_ignored(tmp_path: Path):
    """Is an id with path characters or spaces ignored rather than trusted?"""
    env = {"COURSE_LEARNER_ID": "../../etc", "JUPYTERHUB_USER": "has space"}
    assert current_learner_id(tmp_path, env) == DEFAULT_LEARNER_ID
