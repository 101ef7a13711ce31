"""Judge a sandbox's run from outside: which checks a cell must pass, and what it earned.

Why its own module: this is the trusted half of grading. The worker (:mod:`.worker`) collects
what the sandbox reported and the verdicts it ran itself; here those become the notebook
nbgrader scores. A report from the sandbox can lower a grade, never raise one: a cell that did
not run, or whose checks gave no passing verdict in the worker, gets an error output, and
nbgrader (which scores a test cell by the absence of errors) gives it zero. Every output is
rebuilt with only valid fields, since the sandbox may send anything, and held to the output
budget here, on the trusted side (:mod:`autograder.runner.output_budget`): error text included,
so neither the autograded notebook nor the feedback made from it can grow past it.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from autograder.runner.output_budget import OutputBudget
from autograder.verdict_channel import CellDone

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
