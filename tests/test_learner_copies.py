"""Tests for autograder/learner_copies.py on a tiny nbgrader exercise made in a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from autograder.learner_copies import BuildError, build_learner_copies
from course.catalog import Catalog, Exercise


def nbgrader_cell(kind: str, source: str, grade_id: str, **flags) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source) if kind == "code" else None
    cell.metadata["nbgrader"] = {
        "grade_id": grade_id,
        "schema_version": 3,
        "solution": flags.get("solution", False),
        "grade": flags.get("grade", False),
        "locked": flags.get("locked", False),
        **({"points": flags["points"]} if "points" in flags else {}),
    }
    return cell


def make_course(root: Path, solution_body: str = "answer = 42") -> Catalog:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbgrader_cell(
            "code",
            f"### BEGIN SOLUTION\n{solution_body}\n### END SOLUTION",
            "answer",
            solution=True,
        ),
        nbgrader_cell(
            "code",
            '"""Check that answer is 42"""\nassert answer == 42',
            "check_answer",
            grade=True,
            locked=True,
            points=1,
        ),
    ]
    root = root / "course"
    path = root / "exercises" / "tiny" / "tiny.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(notebook, path)
    exercise = Exercise("tiny", "Tiny", "m", 1, ("exercises/tiny/tiny.ipynb",))
    return Catalog("T", "t", {}, (), (exercise,), root)


def test_learner_copy_has_no_solution(tmp_path):
    """Is the learner copy stripped of the solution and given the stub instead?"""
    catalog = make_course(tmp_path, "answer = 6 * 7  # the secret line")
    results = build_learner_copies(catalog, tmp_path / "ws")
    copy = tmp_path / "ws" / "my-exercises" / "tiny" / "tiny.ipynb"
    assert {r.path.name: r.action for r in results} == {
        ".learner-checks": "created",
        "tiny.ipynb": "created",
    }
    text = copy.read_text()
    assert "the secret line" not in text
    assert "raise NotImplementedError" in text


def test_existing_learner_work_is_kept(tmp_path):
    """Does rebuilding keep a learner's edited copy instead of overwriting it?"""
    catalog = make_course(tmp_path)
    build_learner_copies(catalog, tmp_path / "ws")
    copy = tmp_path / "ws" / "my-exercises" / "tiny" / "tiny.ipynb"
    data = json.loads(copy.read_text())
    data["cells"][0]["source"] = "answer = 41  # my attempt"
    copy.write_text(json.dumps(data))
    results = build_learner_copies(catalog, tmp_path / "ws")
    assert {r.path.name: r.action for r in results}["tiny.ipynb"] == "kept"
    assert "my attempt" in copy.read_text()


def test_broken_source_names_the_exercise(tmp_path):
    """Is an exercise nbgrader cannot read reported with its id and nbgrader's reason?"""
    catalog = make_course(tmp_path)
    (tmp_path / "course" / "exercises" / "tiny" / "tiny.ipynb").write_text("{ not json")
    with pytest.raises(BuildError, match="could not generate exercise 'tiny'"):
        build_learner_copies(catalog, tmp_path / "ws")


def test_learner_id_is_written_once(tmp_path):
    """Does the first build give the learner a stable id that later builds keep?"""
    catalog = make_course(tmp_path)
    build_learner_copies(catalog, tmp_path / "ws")
    id_file = tmp_path / "ws" / "my-exercises" / ".learner-id"
    first = id_file.read_text()
    assert first.startswith("local-")
    id_file.write_text("local-chosen\n")
    build_learner_copies(catalog, tmp_path / "ws")
    assert id_file.read_text() == "local-chosen\n"


def test_unchanged_exercise_is_not_built_again(tmp_path, monkeypatch):
    """Is a second build quick: no nbgrader run when the exercise's sources did not change?"""
    import autograder.learner_copies as copies

    catalog = make_course(tmp_path)
    build_learner_copies(catalog, tmp_path / "ws")
    calls = []
    real = copies.generate_releases
    monkeypatch.setattr(copies, "generate_releases", lambda *a: calls.append(a) or real(*a))
    build_learner_copies(catalog, tmp_path / "ws")
    assert calls == []
    notebook = tmp_path / "course" / "exercises" / "tiny" / "tiny.ipynb"
    notebook.write_text(notebook.read_text().replace("answer = 42", "answer = 43"))
    build_learner_copies(catalog, tmp_path / "ws")
    assert len(calls) == 1


def test_untouched_copy_is_updated_and_the_mode_file_says_values(tmp_path):
    """Does a copy the learner never changed follow a course update, in "values" mode?"""
    catalog = make_course(tmp_path)
    build_learner_copies(catalog, tmp_path / "ws")
    folder = tmp_path / "ws" / "my-exercises" / "tiny"
    assert (folder / ".learner-checks").read_text().strip() == "values"
    source = tmp_path / "course" / "exercises" / "tiny" / "tiny.ipynb"
    source.write_text(source.read_text().replace("Check that answer is 42", "Check the answer"))
    results = build_learner_copies(catalog, tmp_path / "ws")
    assert {r.path.name: r.action for r in results}["tiny.ipynb"] == "updated"
    assert "Check the answer" in (folder / "tiny.ipynb").read_text()


def test_a_first_build_runs_nbgrader_once_for_every_exercise(tmp_path, monkeypatch):
    """Does a learner's first start build all exercises in one nbgrader run (each run costs
    seconds to start), with every release in place and free of solutions?"""
    import dataclasses
    import shutil

    import autograder.learner_copies as copies
    from autograder.learner_copies import cached_releases

    catalog = make_course(tmp_path)
    twin = catalog.root / "exercises" / "twin"
    shutil.copytree(catalog.root / "exercises" / "tiny", twin)
    (twin / "tiny.ipynb").rename(twin / "twin.ipynb")
    second = Exercise("twin", "Twin", "m", 1, ("exercises/twin/twin.ipynb",))
    catalog = dataclasses.replace(catalog, exercises=(*catalog.exercises, second))
    runs = []
    real = copies._run_generate
    monkeypatch.setattr(copies, "_run_generate", lambda *a: runs.append(a[0]) or real(*a))
    releases = cached_releases(catalog, tmp_path / "releases")
    assert runs == ["*"]
    for exercise_id in ("tiny", "twin"):
        text = (releases[exercise_id] / f"{exercise_id}.ipynb").read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "raise NotImplementedError" in text
