"""How long a learner waits for "check my answer": every graded cell of every exercise, timed.

Runs each exercise as a learner does (hidden tests removed, the reference answers in place) on a
live kernel and times each test cell from the moment it is sent until the kernel is idle again,
the wait a learner sees after Shift+Enter. Also times the same check when the answer is wrong (a
catalogued misconception), which runs the misconception detectors too. Target: under a second.

    python bench/check_answer.py            # prints one line per exercise, then the summary
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from autograder.misconceptions import CATALOGUE  # noqa: E402
from course.catalog import REPO_ROOT, load_catalog  # noqa: E402


def learner_notebook(exercise_id: str, replace: dict[str, str]) -> nbformat.NotebookNode:
    path = REPO_ROOT / load_catalog().exercise(exercise_id).notebooks[0]
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and "### BEGIN HIDDEN TESTS" in cell.source:
            cell.source = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        if grade_id in replace:
            cell.source = replace[grade_id].strip()
    return notebook


def time_checks(client: NotebookClient, notebook: nbformat.NotebookNode) -> list[float]:
    """Run every cell; return the seconds each graded (test) cell took."""
    client.nb = notebook
    timings = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        started = time.perf_counter()
        client.execute_cell(cell, index)
        if cell.metadata.get("nbgrader", {}).get("grade"):
            timings.append(time.perf_counter() - started)
    return timings


def main() -> int:
    right, wrong = [], []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "COURSE_LEARNER_ID": "bench-learner"}
        env.pop("NBGRADER_EXECUTION", None)
        for exercise in load_catalog().exercises:
            notebook = learner_notebook(exercise.id, {})
            client = NotebookClient(
                notebook, timeout=120, allow_errors=True, resources={"metadata": {"path": folder}}
            )
            with client.setup_kernel(env=env):
                these_right = time_checks(client, notebook)
                these_wrong = []
                for misconception in CATALOGUE[exercise.id]:
                    these_wrong += time_checks(
                        client, learner_notebook(exercise.id, misconception.replace)
                    )
            right += these_right
            wrong += these_wrong
            print(
                f"{exercise.id:26} reference: p50 {statistics.median(these_right):.3f} s, "
                f"max {max(these_right):.3f} s; with misconceptions: p50 "
                f"{statistics.median(these_wrong):.3f} s, max {max(these_wrong):.3f} s"
            )
    print(
        f"\nall checks: {len(right)} on the reference, {len(wrong)} with a misconception in place; "
        f"p50 {statistics.median(right + wrong):.3f} s, max {max(right + wrong):.3f} s "
        f"(target: under 1 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
