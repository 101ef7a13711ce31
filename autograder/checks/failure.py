"""The exceptions a check raises for a wrong answer, and how a notebook shows them.

They live in their own module because the verifier runs as ``python -m autograder.checks.verifier``:
a class defined in that module would exist twice (once as ``__main__``), and a check's failure
would be mistaken for a crash of the checker.

Why ``_render_traceback_``: IPython shows the lines this method returns instead of a traceback.
A learner (and nbgrader's Validate and feedback, which copy the error output) then reads the
teaching message alone, not twenty lines through the grading code with the message last.
"""

from __future__ import annotations

import textwrap

WRAP_COLUMNS = 88


def message_lines(message: str) -> list[str]:
    """A message as lines short enough to read without scrolling sideways."""
    lines: list[str] = []
    for paragraph in message.split("\n"):
        lines += textwrap.wrap(paragraph, WRAP_COLUMNS) or [""]
    return lines


class CheckFailed(AssertionError):
    """The answer is wrong; the message says what and which idea to revisit."""

    def _render_traceback_(self) -> list[str]:
        return message_lines(str(self))


class ShapeProblem(CheckFailed):
    """The answer is not yet the right kind of thing (type, keys, names); says what to give.

    Told apart from other failures so that a "shape only" check can say what is wrong with an
    answer's form without telling whether its values are right.
    """
