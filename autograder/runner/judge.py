"""Judge a sandbox's run from outside: which checks a cell must pass, and what it earned.

Why its own module: this is the trusted half of grading. The worker (:mod:`.worker`) collects
what the sandbox reported and the verdicts it ran itself; here those become the notebook
nbgrader scores. A report from the sandbox can lower a grade, never raise one: a cell that did
not run, or whose checks gave no passing verdict in the worker, gets an error output, and
nbgrader (which scores a test cell by the absence of errors) gives it zero. Every output is
rebuilt with only valid fields, since the sandbox may send anything, and held to the output
budget here, on the trusted side: error text included, so neither the autograded notebook nor
the feedback made from it can grow past what :data:`OUTPUT_BUDGET_BYTES` allows.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from autograder.verdict_channel import CellDone

OUTPUT_BUDGET_BYTES = 1024 * 1024
"""Output one notebook may keep in all (text, rich data and error text together)."""
ERROR_TEXT_CHARACTERS = 8 * 1024
"""Characters one error keeps of its message, and of its traceback."""
SHORT_ERROR_CHARACTERS = 500
"""What an error keeps once the notebook's budget is spent (its cell must still fail)."""
CUT_NOTE = "[output cut: this notebook printed more than the {} KiB it may keep]\n"

_VERIFY_CALL = re.compile(r"""verify\(\s*["']([a-z0-9-]+)["']\s*,\s*["']([a-z0-9-]+)["']""")


def trusted_checks(source: str) -> list[str]:
    """The ``exercise/check`` names a trusted test source calls ``verify`` with."""
    return [f"{exercise}/{check}" for exercise, check in _VERIFY_CALL.findall(source)]


def judged_notebook(
    sanitized: dict[str, Any],
    checks: dict[str, list[str]],
    reports: dict[int, CellDone],
    verdicts: dict[str, list[bool]],
    problem: str,
) -> dict[str, Any]:
    """The sanitized notebook with the sandbox's outputs, judged by what the worker saw.

    ``checks`` maps each graded cell id to the checks its trusted source calls
    (:func:`trusted_checks`); ``verdicts`` holds what the worker's own runs of them said.
    """
    notebook = copy.deepcopy(sanitized)
    budget = OutputBudget()
    code_index = -1
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        code_index += 1
        report = reports.get(code_index)
        if report is None:
            cell["outputs"] = [_error("NotRun", problem or "the submission stopped before it")]
            cell["execution_count"] = None
            continue
        cell["outputs"] = budget.admit([o for o in map(_clean_output, report.outputs) if o])
        count = report.execution_count
        cell["execution_count"] = count if count is not None and count > 0 else None
        grading = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = grading.get("grade_id")
        if grading.get("grade") and grade_id in checks:
            cell["outputs"] = [o for o in cell["outputs"] if o["output_type"] != "execute_result"]
            if not any(o["output_type"] == "error" for o in cell["outputs"]):
                missing = [c for c in checks[grade_id] if not _passed(verdicts.get(c))]
                if missing:
                    cell["outputs"].append(
                        _error(
                            "NoVerdict",
                            "the grader received no passing verdict for "
                            + ", ".join(name.split("/")[-1] for name in missing),
                        )
                    )
    return notebook


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


def _passed(verdicts: list[bool] | None) -> bool:
    return bool(verdicts) and all(verdicts)


def _error(name: str, value: str) -> dict[str, Any]:
    return {
        "output_type": "error",
        "ename": name,
        "evalue": value,
        "traceback": [f"{name}: {value}"],
    }


def _clean_output(output: Any) -> dict[str, Any] | None:
    """Rebuild one output from the sandbox with only valid fields (it may be malformed)."""
    if not isinstance(output, dict):
        return None
    kind = output.get("output_type")
    if kind == "stream" and output.get("name") in ("stdout", "stderr"):
        return {"output_type": "stream", "name": output["name"], "text": str(output.get("text"))}
    if kind in ("display_data", "execute_result"):
        data = output.get("data")
        if not isinstance(data, dict):
            return None
        data = {str(k): v for k, v in data.items() if isinstance(v, str | dict | list)}
        metadata = output.get("metadata") if isinstance(output.get("metadata"), dict) else {}
        clean = {"output_type": kind, "data": data, "metadata": metadata}
        if kind == "execute_result":
            count = output.get("execution_count")
            clean["execution_count"] = count if type(count) is int else None
        return clean
    if kind == "error":
        trace = output.get("traceback")
        return {
            "output_type": "error",
            "ename": str(output.get("ename")),
            "evalue": str(output.get("evalue")),
            "traceback": [str(line) for line in trace] if isinstance(trace, list) else [],
        }
    return None
