"""Tests for course/workspace.py: the learner's own copy of the course, updated without loss."""

from __future__ import annotations

import json

import pytest

from course.workspace import Workspace, WorkspaceError, check_location, fingerprint


def notebook(source: str, outputs: list | None = None) -> str:
    cell = {
        "cell_type": "code",
        "source": source,
        "metadata": {},
        "outputs": outputs or [],
        "execution_count": None,
    }
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def course(tmp_path):
    source = tmp_path / "course"
    (source / "modules").mkdir(parents=True)
    (source / "modules" / "lesson.ipynb").write_text(notebook("print('v1')"))
    (source / "modules" / "notes.md").write_text("notes v1")
    return source


def files(course):
    return {
        "modules/lesson.ipynb": course / "modules" / "lesson.ipynb",
        "modules/notes.md": course / "modules" / "notes.md",
    }


def test_first_sync_copies_everything(tmp_path, course):
    """Does a new workspace get every file, reported as added?"""
    space = Workspace(tmp_path / "ws")
    report = space.sync(files(course))
    assert sorted(report.created) == ["modules/lesson.ipynb", "modules/notes.md"]
    assert (tmp_path / "ws" / "modules" / "notes.md").read_text() == "notes v1"
    assert report.lines() == ["Added 2 file(s) to your workspace."]


def test_nothing_changed_says_nothing(tmp_path, course):
    """Is a second sync with nothing new silent (no lines before the address)?"""
    space = Workspace(tmp_path / "ws")
    space.sync(files(course))
    report = space.sync(files(course))
    assert report.lines() == [] and report.unchanged == 2


def test_an_untouched_file_follows_the_course(tmp_path, course):
    """Is a copy the learner never changed replaced by the course's newer version?"""
    space = Workspace(tmp_path / "ws")
    space.sync(files(course))
    (course / "modules" / "notes.md").write_text("notes v2")
    report = space.sync(files(course))
    assert report.updated == ["modules/notes.md"]
    assert (tmp_path / "ws" / "modules" / "notes.md").read_text() == "notes v2"


def test_running_a_lesson_does_not_count_as_editing_it(tmp_path, course):
    """Does a lesson with outputs only (run, not edited) still get the course's update?"""
    space = Workspace(tmp_path / "ws")
    space.sync(files(course))
    copy = tmp_path / "ws" / "modules" / "lesson.ipynb"
    copy.write_text(notebook("print('v1')", [{"output_type": "stream", "text": "v1"}]))
    (course / "modules" / "lesson.ipynb").write_text(notebook("print('v2')"))
    assert space.sync(files(course)).updated == ["modules/lesson.ipynb"]
    assert "v2" in copy.read_text()


def test_an_edited_file_is_kept_and_the_update_is_announced(tmp_path, course):
    """Is a notebook the learner edited kept, with a line saying a newer version exists?"""
    space = Workspace(tmp_path / "ws")
    space.sync(files(course))
    copy = tmp_path / "ws" / "modules" / "lesson.ipynb"
    copy.write_text(notebook("print('my own notes')"))
    (course / "modules" / "lesson.ipynb").write_text(notebook("print('v2')"))
    report = space.sync(files(course))
    assert "my own notes" in copy.read_text()
    assert report.kept_with_update == ["modules/lesson.ipynb"]
    [line] = report.lines()
    assert "Kept your edited modules/lesson.ipynb" in line and "delete yours" in line
    # Deleting it brings a fresh copy of the newer version.
    copy.unlink()
    assert space.sync(files(course)).created == ["modules/lesson.ipynb"]
    assert "v2" in copy.read_text()


def test_a_learner_file_with_a_course_name_is_theirs(tmp_path, course):
    """Is a file the learner made before the course shipped one of that name left alone?"""
    (tmp_path / "ws" / "modules").mkdir(parents=True)
    (tmp_path / "ws" / "modules" / "notes.md").write_text("mine")
    Workspace(tmp_path / "ws").sync(files(course))
    assert (tmp_path / "ws" / "modules" / "notes.md").read_text() == "mine"


def test_the_workspace_must_be_outside_the_checkout(tmp_path, course):
    """Are a workspace inside the course's folder, and one that contains it, refused?"""
    with pytest.raises(WorkspaceError, match="inside the course's own folder"):
        check_location(course / "work", course)
    with pytest.raises(WorkspaceError, match="contains the course's own folder"):
        check_location(tmp_path, course)
    assert check_location(tmp_path / "elsewhere", course) == (tmp_path / "elsewhere").resolve()


def test_a_damaged_manifest_says_how_to_recover(tmp_path, course):
    """Is an unreadable manifest reported with the fix, instead of a traceback or a reset?"""
    space = Workspace(tmp_path / "ws")
    space.sync(files(course))
    space.manifest_path.write_text("{ not json")
    with pytest.raises(WorkspaceError, match="delete it and start again"):
        space.sync(files(course))


def test_a_damaged_notebook_is_fingerprinted_not_fatal(tmp_path):
    """Does a notebook that is not JSON get a fingerprint (so it counts as the learner's)?"""
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ half a notebook")
    assert len(fingerprint(broken)) == 64
