"""The output budget: how much of what a notebook printed or raised the grader keeps.

Why one place: the cap is applied twice, inside the sandbox (:mod:`autograder.runner.cells`, so
a run does not carry megabytes to the worker) and again on the trusted side
(:mod:`autograder.runner.judged_notebook`, since the sandbox may send anything). Error text is
held to it too: a failing cell's error can be as large as the learner's code makes it (an
exception whose message is 30 MB), and the autograded notebook, and the feedback made from it,
must not grow past :data:`OUTPUT_BUDGET_BYTES`. An error is never dropped (it is what makes a
test cell score zero), only shortened.
"""

from __future__ import annotations

import json
from typing import Any

OUTPUT_BUDGET_BYTES = 1024 * 1024
"""Output one notebook may keep in all (text, rich data and error text together)."""
ERROR_TEXT_CHARACTERS = 8 * 1024
"""Characters one error keeps of its message, and of its traceback."""
SHORT_ERROR_CHARACTERS = 500
"""What an error keeps once the notebook's budget is spent (its cell must still fail)."""
CUT_NOTE = "[output cut: this notebook printed more than the {} KiB it may keep]\n"


def cut(text: str, limit: int) -> str:
    """``text`` with at most ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n[cut: {len(text) - limit} more characters]"


def short_error(ename: str, evalue: str, traceback: list[str], limit: int) -> dict[str, Any]:
    """An error output whose message and traceback keep at most ``limit`` characters each."""
    lines, used = [], 0
    for line in traceback:
        if used + len(line) > limit:
            lines.append(cut(line, max(0, limit - used)))
            break
        lines.append(line)
        used += len(line)
    return {
        "output_type": "error",
        "ename": cut(ename, 200),
        "evalue": cut(evalue, limit),
        "traceback": lines,
    }


class OutputBudget:
    """The notebook's output budget, spent cell by cell as the judged notebook is built.

    Streams and rich data that do not fit are dropped (one note says so); an error is never
    dropped, since it is what makes a test cell score zero, but it is shortened, and once the
    budget is spent a cell keeps only its first error, shortened further.
    """

    def __init__(self, budget: int = OUTPUT_BUDGET_BYTES) -> None:
        self.remaining = budget
        self.noted = False

    def admit(self, outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept: list[dict[str, Any]] = []
        for output in outputs:
            if output["output_type"] == "error":
                spent = self.remaining <= 0
                if spent and any(o["output_type"] == "error" for o in kept):
                    continue
                limit = SHORT_ERROR_CHARACTERS if spent else ERROR_TEXT_CHARACTERS
                output = short_error(output["ename"], output["evalue"], output["traceback"], limit)
                self.remaining -= _size(output)
                kept.append(output)
                continue
            size = _size(output)
            if size <= self.remaining:
                self.remaining -= size
                kept.append(output)
            elif not self.noted:
                self.noted = True
                note = CUT_NOTE.format(OUTPUT_BUDGET_BYTES // 1024)
                kept.append({"output_type": "stream", "name": "stderr", "text": note})
        return kept


def _size(output: dict[str, Any]) -> int:
    return len(json.dumps(output, ensure_ascii=False).encode("utf-8", "replace"))
