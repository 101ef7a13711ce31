"""Does "check my answer" tell a learner what the grader would, and nothing it should not?

The learner's side of every graded cell is ``check_answer``. These tests run the exercises as a
learner does (no grader, the hidden tests taken out as in a release) and ask:

- does every catalogued misconception get its own message, and zero points, where it goes wrong?
- does the reference solution read "right" with its points on several variants?
- does shape-only mode keep a wrong value to itself, and the grader's run make it stand aside?
- is a failure shown as its message alone, with no traceback and no reference value?
"""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.checks.answer import NotRightYet, check_answer, grading_run, judge, lesson_link
from autograder.checks.answer_mode import write_check_mode
from autograder.checks.verifier import exercise_module
from autograder.misconceptions import CATALOGUE
from course.catalog import REPO_ROOT, load_catalog
from course.exercise_parts import autograded_parts

CATALOG = load_catalog()
EXERCISES = [exercise.id for exercise in CATALOG.exercises]


def learner_version(exercise_id: str, replace: dict[str, str] | None = None):
    """The source notebook as a learner's copy runs it: hidden tests gone, answers as given."""
    path = REPO_ROOT / CATALOG.exercise(exercise_id).notebooks[0]
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and "### BEGIN HIDDEN TESTS" in cell.source:
            cell.source = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        if replace and grading.get("grade_id") in replace:
            cell.source = replace[grading["grade_id"]].strip()
    return notebook


def error_text(cell) -> str:
    return "\n".join(
        "\n".join(output.get("traceback", []))
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    )


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


def cells_by_id(notebook) -> dict[str, object]:
    return {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in notebook.cells}


@pytest.fixture(scope="module", params=EXERCISES)
def kernel(request, tmp_path_factory):
    """One kernel per exercise, run as learner "learner-m" outside any grader."""
    folder = tmp_path_factory.mktemp(request.param)
    notebook = learner_version(request.param)
    client = NotebookClient(
        notebook, timeout=120, allow_errors=True, resources={"metadata": {"path": str(folder)}}
    )
    env = {k: v for k, v in os.environ.items() if k not in ("NBGRADER_EXECUTION",)}
    env["COURSE_LEARNER_ID"] = "learner-m"
    with client.setup_kernel(env=env):
        yield request.param, client


def run_all(client, notebook) -> None:
    client.nb = notebook
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            client.execute_cell(cell, index)


def test_every_misconception_gets_its_message_and_no_points(kernel):
    """Does each catalogued wrong answer fail where it goes wrong, with the grader's message?"""
    exercise_id, client = kernel
    parts = autograded_parts(CATALOG, CATALOG.exercise(exercise_id))
    for wrong in CATALOGUE[exercise_id]:
        notebook = learner_version(exercise_id, wrong.replace)
        run_all(client, notebook)
        cells = cells_by_id(notebook)
        for grade_id in wrong.fails:
            shown = error_text(cells[grade_id])
            assert wrong.message in " ".join(shown.split()), (wrong.name, shown)
            assert f"(0 of {parts[grade_id]:g} points)" in shown, (wrong.name, shown)
            assert "Traceback" not in shown and 'File "' not in shown, shown
            assert "the check itself failed" not in shown, shown
        for grade_id in wrong.passes:
            assert "✓" in printed(cells[grade_id]), (wrong.name, grade_id)


def test_the_reference_reads_right_with_its_points(kernel):
    """Does the reference solution get "right" with full points on every part?"""
    exercise_id, client = kernel
    notebook = learner_version(exercise_id)
    run_all(client, notebook)
    parts = autograded_parts(CATALOG, CATALOG.exercise(exercise_id))
    cells = cells_by_id(notebook)
    for grade_id, points in parts.items():
        assert f"({points:g} of {points:g} points)" in printed(cells[grade_id]), grade_id
        assert not error_text(cells[grade_id]), error_text(cells[grade_id])


@pytest.mark.parametrize("learner", ["learner-a", "learner-b", "base"])
def test_reference_values_pass_on_several_variants(learner):
    """Is the same judge the grader uses satisfied by the reference on several variants?"""
    module = exercise_module("score-a-vendor")
    case = module.exercise_case(learner)
    assert judge("score-a-vendor", "weighted-totals", learner, module.reference_totals(case)).passed
    assert judge("score-a-vendor", "ranking", learner, module.reference_ranking(case)).passed


def wrong_totals(learner: str) -> dict[str, float]:
    case = exercise_module("score-a-vendor").exercise_case(learner)
    return {v: sum(case.weights[c] * r for c, r in row.items()) for v, row in case.ratings.items()}


def test_a_wrong_value_never_shows_the_reference(tmp_path, monkeypatch):
    """Does the message for a wrong total leave out every reference total of the learner's case?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_LEARNER_ID", "learner-q")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    module = exercise_module("score-a-vendor")
    expected = module.reference_totals(module.exercise_case("learner-q"))
    with pytest.raises(NotRightYet) as failure:
        check_answer("score-a-vendor", "weighted-totals", wrong_totals("learner-q"))
    text = str(failure.value)
    for total in expected.values():
        for shown in (f"{total:.2f}", f"{total:.3f}", f"{total:g}"):
            assert shown not in text


def test_shape_mode_keeps_a_wrong_value_to_itself(tmp_path, monkeypatch, capsys):
    """In shape-only mode, does a wrong value pass as "the right form", and a wrong form fail?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_LEARNER_ID", "learner-q")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    write_check_mode(tmp_path, "shape")
    check_answer("score-a-vendor", "weighted-totals", wrong_totals("learner-q"))
    said = capsys.readouterr().out
    assert "right form" in said and "right for your case" not in said
    with pytest.raises(NotRightYet, match="does not have the right form"):
        check_answer("score-a-vendor", "weighted-totals", [1, 2, 3])


def test_values_mode_is_the_default_and_says_wrong(tmp_path, monkeypatch):
    """With no mode file (the self-paced default), is a wrong value called wrong?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_LEARNER_ID", "learner-q")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    with pytest.raises(NotRightYet, match="not right yet"):
        check_answer("score-a-vendor", "weighted-totals", wrong_totals("learner-q"))


def test_it_stands_aside_while_the_grader_runs(tmp_path, monkeypatch):
    """Under nbgrader's autograde, does check_answer do nothing (the hidden tests decide)?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    check_answer("score-a-vendor", "weighted-totals", "anything at all")
    assert grading_run({"AUTOGRADER_VERIFY_FD": "5"})
    assert not grading_run({"NBGRADER_EXECUTION": "validate"})


def test_a_failure_renders_as_its_message_alone():
    """Does IPython show a failed check as our lines only, wrapped, with no traceback?"""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown = []
    shell._showtraceback = lambda etype, value, stb: shown.extend(stb)
    long = "word " * 60
    shell.run_cell(
        "from autograder.checks.answer import NotRightYet\n"
        f"raise NotRightYet('✗ part: not right yet (0 of 2 points).', {long!r})"
    )
    assert shown[0] == "✗ part: not right yet (0 of 2 points)."
    assert all(len(line) <= 88 for line in shown)
    assert not any("Traceback" in line or "File " in line for line in shown)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_check_links_a_lesson_heading_that_exists(exercise_id):
    """Does every check name a lesson section, and does that heading exist in the lesson?"""
    module = exercise_module(exercise_id)
    assert set(module.LESSON_SECTIONS) == set(module.CHECKS)
    lesson_notebooks = {
        n
        for m in CATALOG.modules
        if m.id == CATALOG.exercise(exercise_id).module
        for n in m.notebooks
    }
    for check_id, (notebook, heading) in module.LESSON_SECTIONS.items():
        assert notebook in lesson_notebooks, (check_id, notebook)
        text = nbformat.read(REPO_ROOT / notebook, as_version=4)
        headings = {
            line.lstrip("#").strip()
            for cell in text.cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
            if line.startswith("#")
        }
        assert heading in headings, (check_id, heading)
        assert lesson_link((notebook, heading)).startswith(f"../../{notebook}#")


def test_a_check_run_before_its_answer_says_what_to_do(tmp_path, monkeypatch):
    """Does a check cell whose answer is not defined yet say "answer the part above first"?"""
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_LEARNER_ID", "learner-q")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    shell = InteractiveShell.instance()
    shown: list[str] = []
    monkeypatch.setattr(shell, "_showtraceback", lambda etype, value, stb: shown.extend(stb))
    shell.run_cell(
        "from autograder.checks.exercise import start_exercise\n"
        "case = start_exercise('score-a-vendor', show=False)",
        store_history=True,
    )
    shell.run_cell(
        "from autograder.checks.answer import check_answer\n"
        "check_answer('score-a-vendor', 'ranking', ranking_not_written)",
        store_history=True,
    )
    assert shown == [
        "✗ `ranking_not_written` is not defined yet: write the answer cell above this check and "
        "run it first (Run ▸ Run All Cells runs every cell in order)."
    ]
    shown.clear()
    shell.run_cell("total = totl + 1", store_history=True)  # a typo elsewhere keeps its traceback
    assert any("NameError" in line for line in shown)
    shell.set_custom_exc((), None)
