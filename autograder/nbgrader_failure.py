"""Why nbgrader could not grade a submission, in one line an instructor can act on.

Why its own module: both runners report nbgrader's refusals the same way, the plain one
(:mod:`autograder.grading`) and the isolated one (:mod:`autograder.runner.grade`), which the
first one calls; keeping the rule here keeps the runner from importing its caller.
"""

from __future__ import annotations


def failure_reason(result: dict) -> str:
    """One line an instructor can act on, from nbgrader's error text and log."""
    text = f"{result.get('log', '')}\n{result.get('error', '')}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for marker in ("NotJSONError", "Notebook does not appear to be JSON", "JSONDecodeError"):
        if any(marker in line for line in lines):
            return "the notebook file is not valid JSON (damaged or not a notebook)"
    for marker in ("ValidationError", "NBFormatError", "nbformat"):
        if any(marker in line for line in lines):
            return "the file is not a valid Jupyter notebook (wrong nbformat)"
    if any("CellExecutionError" in line or "Timeout" in line for line in lines):
        return "a cell failed or timed out while running"
    generic = ("Please see the", "There was an error processing")
    errors = [
        line
        for line in lines
        if ("[ERROR]" in line or "Error" in line) and not any(g in line for g in generic)
    ]
    return (errors[-1] if errors else (lines[-1] if lines else "nbgrader gave no reason"))[:300]
