"""The speed-ups around nbgrader's own steps change nothing nbgrader or an instructor can see."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nbgrader import api

from autograder.course_dir import put_tools_on_path
from autograder.runner.nbgrader_steps import one_engine_per_gradebook

put_tools_on_path()  # a new gradebook runs nbgrader's ``alembic`` command


def journal_mode(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def test_gradebooks_share_one_engine_and_see_each_others_commits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with one_engine_per_gradebook():
        with api.Gradebook(url) as first:
            first.add_student("learner-a", first_name="A")
            engine = first.engine
        with api.Gradebook(url) as second:
            assert second.engine is engine
            assert second.find_student("learner-a").first_name == "A"
        assert journal_mode(tmp_path / "gradebook.db") == "wal"


def test_nbgrader_is_left_as_it_was(tmp_path: Path) -> None:
    original = api.Gradebook.__init__
    path = tmp_path / "gradebook.db"
    with one_engine_per_gradebook():
        with api.Gradebook(f"sqlite:///{path}") as gradebook:
            gradebook.add_student("learner-b")
        assert api.Gradebook.__init__ is not original
    assert api.Gradebook.__init__ is original
    assert journal_mode(path) == "delete"  # one self-contained file, as nbgrader made it
    assert not Path(f"{path}-wal").exists()
    with api.Gradebook(f"sqlite:///{path}") as gradebook:
        assert gradebook.find_student("learner-b").id == "learner-b"


def test_a_recreated_gradebook_is_built_again(tmp_path: Path) -> None:
    """Outside the context, a gradebook deleted and made anew gets its tables again."""
    path = tmp_path / "gradebook.db"
    for _ in range(2):
        with one_engine_per_gradebook(), api.Gradebook(f"sqlite:///{path}") as gradebook:
            gradebook.add_student("learner-c")
        path.unlink()


def test_a_reader_holding_the_file_does_not_fail_the_run(tmp_path: Path) -> None:
    """formgrader open on the gradebook: the run ends normally and the file stays readable."""
    path = tmp_path / "gradebook.db"
    reader = sqlite3.connect(path)
    try:
        with one_engine_per_gradebook():
            with api.Gradebook(f"sqlite:///{path}") as gradebook:
                gradebook.add_student("learner-d")
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM student").fetchone()  # holds a read lock
        assert reader.execute("SELECT id FROM student").fetchall() == [("learner-d",)]
    finally:
        reader.close()
    with api.Gradebook(f"sqlite:///{path}") as gradebook:
        assert gradebook.find_student("learner-d").id == "learner-d"
