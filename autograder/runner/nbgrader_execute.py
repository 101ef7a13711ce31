"""nbgrader's own autograde (formgrader's Autograde button, `nbgrader autograde`) in the sandbox.

Why: the course directory's ``nbgrader_config.py`` is read by formgrader and by a plain
``nbgrader autograde`` typed in the course folder. Left alone, both would execute learner code
with the instructor's rights in an ordinary kernel: an input or AST transformer earns full
marks, and learner code can rewrite the gradebook, other learners' grades included
(``docs/threat-model.md``). The configuration written by ``autograder init``
(:func:`route_through_sandbox`) puts :class:`SandboxedExecute` where nbgrader's ``Execute`` step
was, so every path to a grade runs the notebook in the same walls as ``autograder grade``, and
a graded cell earns its points only if the worker saw its checks pass.

The notebook runs in a subprocess of its own (``python -m autograder.runner.nbgrader_execute``):
the formgrader server is a threaded program, which must not fork a sandbox itself, and the
subprocess imports the course's libraries once for the one notebook it runs.
"""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor

STEP_NAME = "autograder.runner.nbgrader_execute.SandboxedExecute"
TIMEOUT_MARGIN_SECONDS = 120


class SandboxedExecute(Preprocessor):
    """nbgrader's Execute step, replaced: the notebook runs in the isolated runner's sandbox."""

    def __call__(self, nb, resources):
        # nbconvert skips a preprocessor whose ``enabled`` is False, its default; skipping this
        # one would grade a notebook that never ran (no errors: full marks). It always runs.
        return self.preprocess(nb, resources)

    def preprocess(self, nb, resources):
        from autograder.runner.sandbox import SandboxError, isolation_problem

        problem = isolation_problem()
        if problem:
            raise SandboxError(f"this notebook was not run, so it is not graded: {problem}")
        job = notebook_job(nb, resources)
        run = run_in_subprocess(job)
        ours = [c for c in nb.cells if c.cell_type == "code"]
        theirs = [c for c in run["cells"] if c.get("cell_type") == "code"]
        for cell, judged in zip(ours, theirs, strict=True):
            cell.outputs = [nbformat.from_dict(copy.deepcopy(o)) for o in judged["outputs"]]
            cell.execution_count = judged.get("execution_count")
        return nb, resources


def notebook_job(nb, resources):
    """The isolated runner's job for the notebook nbgrader sanitized (hidden tests restored)."""
    from autograder import course_dir
    from autograder.runner.judged_notebook import trusted_checks
    from autograder.runner.sandbox import Limits
    from autograder.runner.staging import files_beside_notebooks
    from autograder.runner.worker import NotebookJob

    grading = resources["nbgrader"]
    folder = Path(resources.get("metadata", {}).get("path") or ".")
    files = files_beside_notebooks(folder)
    return NotebookJob(
        learner=grading["student"],
        assignment=grading["assignment"],
        notebook_name=grading["notebook"],
        notebook=nbformat.from_dict(copy.deepcopy(nb)),
        files=files,
        checks=_trusted_checks(grading, trusted_checks),
        limits=Limits(
            cell_seconds=course_dir.CELL_TIMEOUT_SECONDS,
            notebook_seconds=course_dir.NOTEBOOK_TIMEOUT_SECONDS,
        ),
    )


def _trusted_checks(grading: dict[str, Any], trusted_checks) -> dict[str, list[str]]:
    """Per graded cell: the checks its source *in the gradebook* calls (never the submission's)."""
    from nbgrader.api import Gradebook

    with Gradebook(grading["db_url"], grading.get("course_id", "default_course")) as gradebook:
        notebook = gradebook.find_notebook(grading["notebook"], grading["assignment"])
        found = {cell.name: trusted_checks(cell.source or "") for cell in notebook.source_cells}
    return {name: checks for name, checks in found.items() if checks}


def run_in_subprocess(job) -> dict[str, Any]:
    """Run ``job`` with :func:`~autograder.runner.worker.run_notebook` in a fresh process."""
    timeout = job.limits.notebook_seconds + TIMEOUT_MARGIN_SECONDS
    done = subprocess.run(
        [sys.executable, "-m", "autograder.runner.nbgrader_execute"],
        input=pickle.dumps(job),
        capture_output=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(
            "the isolated runner could not run this notebook: "
            + (reason[-1] if reason else f"exit status {done.returncode}")
        )
    return pickle.loads(done.stdout)


def route_through_sandbox(config) -> None:
    """Put :class:`SandboxedExecute` in place of nbgrader's Execute in autograde's steps."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    steps = [
        SandboxedExecute if step is Execute else step
        for step in Autograde.autograde_preprocessors.default()
    ]
    if SandboxedExecute not in steps:
        raise RuntimeError("this nbgrader version has no Execute step to replace")
    config.Autograde.autograde_preprocessors = steps


def main() -> int:
    """Read one pickled job on stdin (from the grader, trusted), print its run's notebook."""
    from autograder.runner.worker import run_notebook, warm_up

    job = pickle.loads(sys.stdin.buffer.read())
    result = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything the libraries print goes to stderr, never into the result
    warm_up()
    run = run_notebook(job)
    result.write(pickle.dumps(run.notebook))
    result.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
