"""Shape checks: is the answer the right kind of thing before we ask whether it is right?

Used twice: in the learner's kernel by the visible tests (instant feedback while working) and in
the verifier on the plain copy of the answer (the hidden tests, which decide the grade). Messages
name the variable and say what it should look like, never what the right values are.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from autograder.checks.failure import ShapeProblem


def _fail(message: str) -> None:
    raise ShapeProblem(message)


def _is_number(value: Any) -> bool:
    return type(value) in (int, float) or type(value).__name__ in {"float64", "int64", "float32"}


def expect_number(
    value: Any, name: str, low: float | None = None, high: float | None = None
) -> None:
    """``value`` is a plain number, within ``[low, high]`` when given."""
    if not _is_number(value):
        _fail(
            f"{name} should be a number, but it is a {type(value).__name__}. "
            f"For example: {name} = 1234.5"
        )
    if (low is not None and value < low) or (high is not None and value > high):
        _fail(f"{name} should lie between {low:g} and {high:g}; yours is {value:g}")


def expect_numbers_by_key(value: Any, keys: Collection[str], name: str) -> None:
    """``value`` is a dict with exactly ``keys``, each mapped to a number."""
    if type(value) is not dict:
        first = next(iter(keys), "name")
        _fail(
            f"{name} should be a dict with one number per entry, not a {type(value).__name__}. "
            f"For example: {name} = {{{first!r}: 3.5, ...}}"
        )
    missing = sorted(set(keys) - set(value))
    extra = sorted(set(value) - set(keys))
    if missing:
        _fail(f"{name} is missing {', '.join(map(repr, missing))}")
    if extra:
        _fail(f"{name} has entries that are not in the case: {', '.join(map(repr, extra))}")
    for key in keys:
        expect_number(value[key], f"{name}[{key!r}]")


def expect_name(value: Any, allowed: Collection[str], name: str) -> None:
    """``value`` is one of the ``allowed`` names (spelled as in the case)."""
    if type(value) is not str:
        _fail(
            f"{name} should be a name (text), not a {type(value).__name__}. "
            f"For example: {name} = {next(iter(sorted(allowed)), 'a name')!r}"
        )
    if value not in allowed:
        _fail(f"{name} is {value!r}, which is not one of: {', '.join(map(repr, sorted(allowed)))}")


def expect_names(value: Any, allowed: Collection[str], name: str, unique: bool = True) -> None:
    """``value`` is a list of names from ``allowed``, each at most once when ``unique``."""
    if type(value) not in (list, tuple):
        example = ", ".join(repr(n) for n in sorted(allowed)[:2])
        _fail(
            f"{name} should be a list of names, not a {type(value).__name__}. "
            f"For example: {name} = [{example}]"
        )
    for position, item in enumerate(value):
        expect_name(item, allowed, f"{name}[{position}]")
    if unique and len(set(value)) != len(value):
        _fail(f"{name} lists a name more than once")
