"""Errors and findings shared by every model.

Why one module: learners and instructors meet these messages in lessons, widgets and grader
feedback, so they must read the same everywhere: what is wrong, which field, what is allowed.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ModelInputError(ValueError):
    """An input to a model is invalid.

    The message always names the field and says what is allowed, so that a learner reading it
    in a notebook knows what to change without opening the library.
    """

    def __init__(self, field: str, problem: str, allowed: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.allowed = allowed
        message = f"{field}: {problem}"
        if allowed:
            message += f" (allowed: {allowed})"
        super().__init__(message)


def require_number(field: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise naming ``field``.

    Booleans are refused on purpose: ``True`` silently counting as 1 hides a wrong column.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelInputError(field, f"expected a number, got {value!r}", "a finite number")
    number = float(value)
    if not math.isfinite(number):
        raise ModelInputError(field, f"expected a finite number, got {value!r}", "a finite number")
    return number


def require_in_range(
    field: str, value: object, low: float | None = None, high: float | None = None
) -> float:
    """Return ``value`` as a float if ``low <= value <= high``; otherwise raise naming the range."""
    number = require_number(field, value)
    if (low is not None and number < low) or (high is not None and number > high):
        low_text = "-inf" if low is None else f"{low:g}"
        high_text = "inf" if high is None else f"{high:g}"
        raise ModelInputError(field, f"{number:g} is out of range", f"{low_text} to {high_text}")
    return number


def require_text(field: str, value: object) -> str:
    """Return ``value`` stripped if it is a non-empty string; otherwise raise naming ``field``."""
    if not isinstance(value, str) or not value.strip():
        raise ModelInputError(
            field, f"expected a non-empty text, got {value!r}", "a non-empty text"
        )
    return value.strip()


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest known name, or ``""``: typos are common."""
    close = difflib.get_close_matches(str(value), list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def require_records(
    field: str, records: object, keys: list[str], each: str
) -> list[tuple[str, Mapping[str, Any]]]:
    """Each record of a list of dicts, named by its place (``"field[2]"``), keys checked.

    Why one function: plans are typed by hand as lists of dicts (escalation levels, training
    enrolments); a text, a dict, a record that is not a dict, a misspelt key or a missing one
    gets the same message in every model, naming the record and the keys it takes.
    """
    if isinstance(records, (str, Mapping)) or not isinstance(records, Iterable):
        raise ModelInputError(field, f"expected a list of dicts, got {records!r}", "a list")
    checked = []
    for index, record in enumerate(records):
        where = f"{field}[{index}]"
        if not isinstance(record, Mapping):
            raise ModelInputError(where, f"expected a dict, got {record!r}", each)
        unknown = [key for key in record if key not in keys]
        if unknown:
            key = unknown[0]
            raise ModelInputError(
                f"{where}.{key}", f"unknown key {key!r}{did_you_mean(key, keys)}", ", ".join(keys)
            )
        missing = [key for key in keys if key not in record]
        if missing:
            raise ModelInputError(
                f"{where}.{missing[0]}",
                f"missing key {missing[0]!r} (missing: {', '.join(missing)})",
                ", ".join(keys),
            )
        checked.append((where, record))
    return checked


def require_unique_items(
    field: str,
    value: object,
    kind: type,
    name_of: Callable[[Any], str],
    what: str,
    allow_empty: bool = False,
) -> tuple[Any, ...]:
    """Return ``value`` as a non-empty tuple of ``kind`` with unique names, or raise.

    Shared by the models that take a collection of named parts (criteria, service levels,
    risks): the same three mistakes (not a collection, a wrong item, a name twice) get the same
    words everywhere.
    """
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ModelInputError(field, f"expected {kind.__name__} objects, got {value!r}")
    items = tuple(value)
    if not items and not allow_empty:
        raise ModelInputError(field, f"no {what} given", f"at least one {kind.__name__}")
    for item in items:
        if not isinstance(item, kind):
            raise ModelInputError(field, f"expected {kind.__name__} objects, got {item!r}")
    names = [name_of(item) for item in items]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ModelInputError(
            field, f"{what} appear more than once: {', '.join(map(repr, twice))}", "unique names"
        )
    return items


class Severity(StrEnum):
    """How much a finding matters: an error breaks the rule, a warning weakens the plan."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem a validator found in a learner's plan (escalation plan, RACI, governance).

    Validators return findings instead of raising because a plan usually has several problems and
    the learner should see all of them at once, each tied to the field to fix.
    """

    severity: Severity
    field: str
    message: str
    rule: str

    def __str__(self) -> str:
        return f"[{self.severity.value}] {self.field}: {self.message}"
