"""The first cell of every exercise: load the learner's own case variant and show it.

Why one entry point: the notebook and the grader must build the same variant from the same
learner id (see :mod:`course.learner`); routing both through the exercise's check module makes
that true by construction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from IPython.display import Markdown, display

from autograder.checks.verifier import exercise_module
from course.learner import current_learner_id


def _unanswered_part_message(
    shell: Any, etype: type, value: BaseException, tb: Any, tb_offset=None
):
    """Say "answer the part above first" when a check cell meets a name not defined yet.

    Why: a learner who runs a check before its answer cell saw ten lines of ``NameError``
    traceback; the one thing to do is to run (or write) the answer cell above. Any other
    ``NameError`` keeps IPython's usual traceback, which points at the typo.
    """
    cell = _current_cell(shell)
    name = getattr(value, "name", None)
    if name and "check_answer(" in cell:
        lines = [
            f"✗ `{name}` is not defined yet: write the answer cell above this check and run it "
            "first (Run ▸ Run All Cells runs every cell in order)."
        ]
    else:
        lines = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    # IPython's run_code ignores what a custom handler returns: show it as the cell's error.
    shell._showtraceback(etype, value, lines)
    return lines


def _current_cell(shell: Any) -> str:
    history = getattr(shell, "history_manager", None)
    raw = getattr(history, "input_hist_raw", None) if history else None
    return raw[-1] if raw else ""


def start_exercise(exercise_id: str, show: bool = True) -> Any:
    """Return the learner's case for ``exercise_id`` and display its data tables."""
    from IPython import get_ipython

    from autograder.checks.answer import grading_run

    shell = get_ipython()
    if shell is not None and not grading_run():
        shell.set_custom_exc((NameError,), _unanswered_part_message)
    module = exercise_module(exercise_id)
    learner_id = current_learner_id(Path.cwd())
    case = module.exercise_case(learner_id)
    if show:
        display(
            Markdown(
                f"Your case variant: **{learner_id}**. Your numbers differ from your classmates', "
                "so compute every answer from `case`; do not type numbers in."
            )
        )
        for part in module.describe(case):
            display(part)
    return case
