"""What a graded test cell says to people: the check's name and, when it failed, its message.

Why here, once: the feedback page, formgrader's view and the cohort report all show checks, and
must name them and quote them alike. A check is named by the docstring its grade cell starts
with (nbgrader's convention, ``\"\"\"Check that the weighted totals are right for your case\"\"\"``
-> "The weighted totals are right for your case"), or by its ``grade_id`` when it has none; the
cell's code, visible or hidden, is never shown. Its message is what the failing check raised:
the teaching message of an ``AssertionError`` in full, never the traceback through the grading
machinery that carried it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_DOCSTRING = re.compile(r'^\s*(?:[rRuU])?("""|\'\'\')(.*?)\1', re.DOTALL)
_CHECK_PREFIX = re.compile(r"^check(?:\s+that)?\s+", re.IGNORECASE)
_NOT_RUN = {
    "NotRun": "This check did not run: {value}.",
    "NoVerdict": "The grader could not confirm this answer: its check gave no passing verdict.",
    "CellTimeoutError": "This check took too long and was stopped.",
    "DeadKernelError": "The notebook stopped while this check ran.",
}
"""Failures raised by the grading machinery rather than by a check, in words for a learner."""


def check_name(source: str, grade_id: str) -> str:
    """The check's name for people: its docstring without "Check that", or its grade id."""
    found = _DOCSTRING.match(source or "")
    text = " ".join(found.group(2).split()) if found else ""
    text = _CHECK_PREFIX.sub("", text).rstrip(".")
    if not text:
        return grade_id
    first = text.split()[0]
    # "the totals ..." -> "The totals ...", but a variable name stays as the learner typed it
    return text[0].upper() + text[1:] if first.isalpha() and first.islower() else text


def error_message(ename: str, evalue: str) -> str:
    """A failed check's message in full: the check's own words for an assertion, a sentence for
    the grader's own failures, and the error's type and text for anything else (a learner's
    answer that raised, or a variable never defined)."""
    value = str(evalue or "").strip()
    if ename in _NOT_RUN:
        return _NOT_RUN[ename].format(value=value.rstrip(".") or "the notebook stopped before it")
    if ename in ("AssertionError", "CheckFailed") or ename.endswith("CheckFailed"):
        return value or "This answer is not right yet."
    if ename == "NameError":
        return f"No answer to check: {value} (the answer cell is empty or was not run)."
    return f"{ename}: {value}" if value else ename


def cell_message(outputs: Iterable[Mapping[str, Any]]) -> str:
    """The message of the first error among a cell's outputs ("" when none failed)."""
    for output in outputs:
        if output.get("output_type") == "error":
            return error_message(str(output.get("ename", "")), str(output.get("evalue", "")))
    return ""
