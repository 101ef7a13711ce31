"""Check and repair a submission before nbgrader sees it, in a staging copy.

Why: some damage makes ``nbgrader autograde`` fail a learner outright or abort a whole run
(docs/grader-threats.md, #6, #7, #8, #32 and #33): a grade cell pasted twice,
a cell whose nbgrader metadata has a foreign schema version, a file that is not JSON or not a
notebook. Unreadable files become a per-learner failure with a reason here, and the repairable
cases are repaired in a copy (``.autograder/staged/<learner>/<assignment>``), so the learner's
submitted files stay exactly as they were handed in.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course_dir import STATE_DIR, CourseDir

STAGED = f"{STATE_DIR}/staged"
"""nbgrader's ``submitted_directory`` while the isolated runner grades (relative to the root)."""
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_SUBMISSION_BYTES = 50 * 1024 * 1024


class Unusable(ValueError):
    """The submission cannot be graded; the message is the reason an instructor sees."""


@dataclass(frozen=True)
class Staged:
    """A learner's submission as the runner grades it."""

    learner: str
    assignment: str
    folder: Path
    notebooks: list[Path]
    repairs: list[str]


def staged_folder(course: CourseDir, learner: str, assignment: str) -> Path:
    return course.root / STAGED / learner / assignment


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` as nbformat 4, or :class:`Unusable` saying what is wrong."""
    size = path.stat().st_size
    if size == 0:
        raise Unusable(f"{path.name} is an empty file, not a notebook")
    if size > MAX_NOTEBOOK_BYTES:
        raise Unusable(f"{path.name} is {size // 1024 // 1024} MB, over the 20 MB limit")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Unusable(f"{path.name} is not UTF-8 text (damaged or not a notebook)") from None
    try:
        notebook = nbformat.reads(text, as_version=4)
    except nbformat.reader.NotJSONError:
        raise Unusable(f"{path.name} is not valid JSON (damaged or not a notebook)") from None
    except Exception as error:  # nbformat raises several types for the wrong shape
        raise Unusable(
            f"{path.name} is not a Jupyter notebook nbformat 4 can read ({type(error).__name__})"
        ) from None
    if not isinstance(notebook.get("cells"), list):
        raise Unusable(f"{path.name} has no list of cells")
    for cell in notebook.cells:
        if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), str | list):
            raise Unusable(f"{path.name} has a cell nbformat cannot read")
    return notebook


def repair(notebook: nbformat.NotebookNode) -> list[str]:
    """Make nbgrader's metadata safe to grade; returns what was changed, in plain words.

    - a grade id used twice: the last cell keeps it (nbgrader's own choice), the others become
      ordinary cells, instead of failing the learner;
    - nbgrader metadata with another schema version, or not valid at all: the version is set to
      the current one if the metadata is otherwise valid, dropped if not. Locked and test cells
      are restored from the gradebook afterwards by nbgrader either way.
    """
    from nbgrader.nbgraderformat import SCHEMA_VERSION, MetadataValidator, ValidationError

    validator = MetadataValidator()
    notes: list[str] = []
    seen: set[str] = set()
    for cell in reversed(notebook.cells):
        metadata = cell.get("metadata")
        if not isinstance(metadata, dict):
            cell["metadata"] = nbformat.NotebookNode()
            continue
        grading = metadata.get("nbgrader")
        if grading is None:
            continue
        if not isinstance(grading, dict):
            del metadata["nbgrader"]
            notes.append("dropped nbgrader metadata that was not a dict")
            continue
        if grading.get("schema_version") != SCHEMA_VERSION:
            grading["schema_version"] = SCHEMA_VERSION
            notes.append("set a foreign nbgrader schema version to the current one")
        try:
            validator.validate_cell(cell)
        except (ValidationError, Exception):
            del metadata["nbgrader"]
            notes.append("dropped nbgrader metadata that was not valid")
            continue
        grade_id = grading.get("grade_id")
        if grade_id in seen:
            del metadata["nbgrader"]
            notes.append(f"a second copy of cell {grade_id!r} became an ordinary cell")
        elif grade_id:
            seen.add(grade_id)
    return notes


def stage(course: CourseDir, learner: str, assignment: str, notebook_names: list[str]) -> Staged:
    """Copy, check and repair one submission into its staging folder."""
    source = course.submitted(learner, assignment)
    target = staged_folder(course, learner, assignment)
    if target.exists():
        shutil.rmtree(target)
    files = [p for p in source.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    if total > MAX_SUBMISSION_BYTES:
        raise Unusable(f"the submission is {total // 1024 // 1024} MB, over the 50 MB limit")
    shutil.copytree(source, target, symlinks=True)
    for link in [p for p in target.rglob("*") if p.is_symlink()]:
        link.unlink()  # a link could point at the instructor's files
    notebooks, repairs = [], []
    for name in notebook_names:
        path = target / f"{name}.ipynb"
        if not path.is_file():
            continue  # nbgrader scores a missing notebook zero
        notebook = read_notebook(path)
        notes = repair(notebook)
        if notes:
            nbformat.write(notebook, path)
            repairs += [f"{name}: {note}" for note in notes]
        notebooks.append(path)
    if not notebooks:
        expected = ", ".join(f"{n}.ipynb" for n in notebook_names)
        raise Unusable(f"no notebook to grade: expected {expected} in the submission")
    return Staged(learner, assignment, target, notebooks, repairs)


def files_beside_notebooks(folder: Path) -> dict[str, bytes]:
    """Files next to the notebooks (data a notebook reads), by relative path: what a sandbox
    gets besides the notebook. nbgrader's ``timestamp.txt`` is not the notebook's."""
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix != ".ipynb" and path.name != "timestamp.txt"
    }
