"""Is every exercise graded fairly both ways, and safe from answers that try to cheat?

- nbgrader generates every assignment, and the release leaks no solution or hidden test;
- the reference solution earns full marks on one learner variant through the real
  ``nbgrader autograde``, where the unchanged release earns zero, and on several more variants
  through the product's own runner (``tests/runner/test_equivalence.py`` holds that runner to
  nbgrader's scores cell by cell, so each extra variant costs a second, not a kernel);
- every catalogued misconception loses marks where the idea went wrong, with its own message;
- a solution that hard-codes another learner's numbers loses marks;
- an answer object that claims to equal anything, and a learner cell that patches the checks,
  ``course``, numpy, pandas or ``math``, earn nothing for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from autograder.misconceptions import ANSWER_CELLS, CATALOGUE, Misconception
from course.catalog import REPO_ROOT, load_catalog
from tests.grading.nbgrader_course import NbgraderCourse
from tests.grading.notebook_grades import NotebookGrades, grade_as_the_grader

CATALOG = load_catalog()
EXERCISES = [exercise.id for exercise in CATALOG.exercises]
# One variant goes through nbgrader itself; all of them through the runner.
VARIANTS = ["learner-a", "learner-b", "learner-c"]
NBGRADER_VARIANT = VARIANTS[0]


def source_notebook(exercise_id: str) -> nbformat.NotebookNode:
    path = REPO_ROOT / CATALOG.exercise(exercise_id).notebooks[0]
    return nbformat.read(path, as_version=4)


def cell_by_grade_id(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def with_sources(exercise_id: str, replace: dict[str, str]) -> nbformat.NotebookNode:
    notebook = source_notebook(exercise_id)
    for grade_id, source in replace.items():
        cell_by_grade_id(notebook, grade_id).source = source.strip()
    return notebook


def grade(
    exercise_id: str, notebook: nbformat.NotebookNode, learner: str, tmp_path: Path
) -> NotebookGrades:
    """Run the source notebook as the grader does: the hidden tests decide."""
    return grade_as_the_grader(notebook, learner, exercise_id, tmp_path)[0]


def full_marks(grades: NotebookGrades) -> bool:
    return all(c.score == c.max_score for c in grades.cells if c.score is not None)


# --- nbgrader, end to end ------------------------------------------------------------------


# The tests that use nbgrader's own commands share one course and each exercise's release: on one
# worker (make test runs --dist loadgroup), every exercise is generated once, not once per worker.
NBGRADER_GROUP = pytest.mark.xdist_group("nbgrader-exercises")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> NbgraderCourse:
    return NbgraderCourse(tmp_path_factory.mktemp("nbgrader-course"))


@NBGRADER_GROUP
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_release_leaks_nothing(course, exercise_id):
    """Does generate_assignment succeed, and is the release free of solutions and hidden tests?"""
    release = course.generate(exercise_id)
    files = sorted(p for p in release.rglob("*") if p.is_file())
    assert files, "nothing was released"
    for path in files:
        assert path.suffix == ".ipynb", f"{path.name} should not ship to learners"
        text = path.read_text(encoding="utf-8")
        for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "verify(", "BEGIN MARK SCHEME"):
            assert secret not in text, f"{path.name} leaks {secret!r}"
    # The reference memo (a written answer's model text) must not ship either.
    memo = cell_by_grade_id(source_notebook(exercise_id), "memo").source[:60]
    assert all(memo not in p.read_text(encoding="utf-8") for p in files)


@NBGRADER_GROUP
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_reference_full_marks_and_release_zero(course, exercise_id):
    """Through nbgrader autograde: full marks for the reference, zero for the unchanged release?"""
    release = course.generate(exercise_id)
    exercise = CATALOG.exercise(exercise_id)
    names = [Path(nb).name for nb in exercise.notebooks]
    course.submit(
        NBGRADER_VARIANT,
        exercise_id,
        {n: REPO_ROOT / "exercises" / exercise_id / n for n in names},
    )
    course.submit("learner-unchanged", exercise_id, {n: release / n for n in names})
    course.autograde(exercise_id, [NBGRADER_VARIANT, "learner-unchanged"])
    notebook = Path(names[0]).stem
    scores = course.scores(exercise_id, notebook)
    source = source_notebook(exercise_id)
    auto_cells = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    }
    earned = {cell: scores[NBGRADER_VARIANT][cell] for cell in auto_cells}
    assert earned == auto_cells, f"{NBGRADER_VARIANT} did not earn full marks: {earned}"
    assert sum(scores["learner-unchanged"][cell] for cell in auto_cells) == 0


# A learner's cell after the first hidden test: the class of their case, imported again, must be
# the very class the case was built from (as in their own kernel), or models refuse it.
SAME_CLASSES_PROBE = """
import importlib
_module = importlib.import_module(type(case).__module__)
assert getattr(_module, type(case).__name__) is type(case), "the course's classes changed"
"""


def with_probe_after_first_hidden_test(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    first = next(i for i, c in enumerate(notebook.cells) if "BEGIN HIDDEN TESTS" in c.source)
    notebook.cells.insert(first + 1, nbformat.v4.new_code_cell(SAME_CLASSES_PROBE))
    return notebook


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_reference_full_marks_on_every_variant(exercise_id, tmp_path):
    """In the grader's runner: does the reference earn every point on each learner's variant,
    and does a learner's import after a hidden test still meet the classes of their own case?"""
    for learner in VARIANTS:
        (workdir := tmp_path / learner).mkdir()
        notebook = with_probe_after_first_hidden_test(source_notebook(exercise_id))
        grades, executed = grade_as_the_grader(notebook, learner, exercise_id, workdir)
        assert grades.auto_max > 0
        assert grades.auto_score == grades.auto_max, f"{learner}: {grades.messages()}"
        probe = next(c for c in executed.cells if c.source == SAME_CLASSES_PROBE)
        errors = [o for o in probe.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{learner}: {errors}"


# --- misconceptions ------------------------------------------------------------------------


CASES = [(e, m) for e, items in CATALOGUE.items() for m in items]


@pytest.mark.parametrize(("exercise_id", "wrong"), CASES, ids=[f"{e}:{m.name}" for e, m in CASES])
def test_misconception_loses_marks_with_its_message(exercise_id, wrong: Misconception, tmp_path):
    """Does this realistic wrong answer lose marks, with a message naming the idea to revisit?"""
    grades = grade(exercise_id, with_sources(exercise_id, wrong.replace), "learner-m", tmp_path)
    for grade_id in wrong.fails:
        cell = grades.cell(grade_id)
        assert cell.score == 0, f"{grade_id} should fail for '{wrong.name}'"
        assert wrong.message in cell.message, cell.message
        assert "checker failed" not in cell.message, cell.message
    for grade_id in wrong.passes:
        assert grades.cell(grade_id).score == grades.cell(grade_id).max_score, grades.messages()
    assert grades.auto_score < grades.auto_max


def test_every_exercise_has_five_misconceptions():
    """Does each exercise in the catalog have at least five catalogued wrong answers?"""
    assert set(CATALOGUE) == set(EXERCISES)
    assert all(len(items) >= 5 for items in CATALOGUE.values())


# --- copying and cheating ------------------------------------------------------------------


def reference_answers(exercise_id: str, learner: str, tmp_path: Path) -> dict[str, object]:
    """The values the reference solution computes for ``learner``, as JSON-able data."""
    notebook = source_notebook(exercise_id)
    names = [n for names in ANSWER_CELLS[exercise_id].values() for n in names]
    dump = "import json\nfrom autograder.checks.plain import to_plain\n"
    dump += f"print(json.dumps({{n: to_plain(globals()[n]) for n in {names!r}}}))"
    notebook.cells.append(nbformat.v4.new_code_cell(dump))
    notebook = grade_as_the_grader(notebook, learner, exercise_id, tmp_path)[1]
    stream = [o for o in notebook.cells[-1].outputs if o.output_type == "stream"]
    return json.loads(stream[-1].text)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_hard_coding_another_variant_loses_marks(exercise_id, tmp_path):
    """Does a learner who types in a classmate's numbers lose marks on their own variant?"""
    copied = reference_answers(exercise_id, "learner-a", tmp_path)
    replace = {
        cell: "\n".join(f"{name} = {copied[name]!r}" for name in names)
        for cell, names in ANSWER_CELLS[exercise_id].items()
    }
    grades = grade(exercise_id, with_sources(exercise_id, replace), "learner-b", tmp_path)
    assert grades.auto_score < grades.auto_max
    assert "different variant" in grades.messages() or "not right" in grades.messages()


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_answer_that_equals_anything_earns_nothing(exercise_id, tmp_path):
    """Does an object whose == always says yes earn zero?"""
    rigged = (
        "class Anything(dict):\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    def __contains__(self, item): return True\n"
    )
    replace = {
        cell: rigged + "\n".join(f"{name} = Anything()" for name in names)
        for cell, names in ANSWER_CELLS[exercise_id].items()
    }
    grades = grade(exercise_id, with_sources(exercise_id, replace), "learner-r", tmp_path)
    assert grades.auto_score == 0, grades.messages()


PATCHES = """
import math, numpy, pandas
import autograder.checks, autograder.checks.verify, autograder.checks.compare
import course.models
always = lambda *args, **kwargs: None
autograder.checks.verify = always
autograder.checks.verify.verify = always
autograder.checks.compare.close = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
numpy.isclose = numpy.allclose = lambda *args, **kwargs: True
pandas.DataFrame.equals = pandas.Series.equals = lambda *args, **kwargs: True
for module in list(__import__("sys").modules.values()):
    if getattr(module, "__name__", "").startswith(("course.", "autograder.checks.")):
        for name in dir(module):
            if name.startswith(("check", "reference", "score", "rank", "most")):
                setattr(module, name, always)
"""


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_patching_the_checks_earns_nothing(exercise_id, tmp_path):
    """Does a learner cell that patches the checks, course, numpy, pandas and math earn nothing?"""
    notebook = source_notebook(exercise_id)
    wrong = with_sources(exercise_id, {})
    for cell, names in ANSWER_CELLS[exercise_id].items():
        solution = cell_by_grade_id(notebook, cell).source
        # Keep the right *shape* but wrong values: the cell runs the solution, then breaks it.
        spoil = "\n".join(f"{name} = _spoil({name})" for name in names)
        cell_by_grade_id(wrong, cell).source = f"{solution}\n{spoil}"
    first = next(c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("solution"))
    first.source = PATCHES + SPOIL + "\n" + first.source
    grades = grade(exercise_id, wrong, "learner-p", tmp_path)
    shape_cells = [c for c in grades.cells if c.grade_id.endswith("-shape")]
    earned_beyond_shape = grades.auto_score - sum(c.score or 0 for c in shape_cells)
    assert earned_beyond_shape == 0, grades.messages()


SPOIL = '''
def _spoil(value):
    """Wrong but well-formed: numbers shifted, lists reversed, names swapped for another."""
    if isinstance(value, dict):
        return {k: _spoil(v) for k, v in value.items()}
    if isinstance(value, list):
        return list(reversed(value))[:-1] if len(value) > 1 else value + value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value * 0.5 + 0.37
    if isinstance(value, str):
        return value + " (changed)"
    return value
'''


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_catalog_points_match_the_notebook(exercise_id):
    """Does the catalog announce exactly the points the notebook's graded cells carry?"""
    notebook = source_notebook(exercise_id)
    points = sum(
        c.metadata["nbgrader"].get("points", 0)
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    )
    assert CATALOG.exercise(exercise_id).points == points
