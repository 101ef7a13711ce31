"""Shape checks: is the answer the right kind of thing before we ask whether it is right?

Used twice: in the learner's kernel by the visible tests (instant feedback while working) and in
the verifier on the plain copy of the answer (the hidden tests, which decide the grade). Messages
name the variable and say what it should look like, never what the right values are.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
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
    if low is not None and high is not None and not low <= value <= high:
        _fail(f"{name} should lie between {low:g} and {high:g}; yours is {value:g}")
    if low is not None and value < low:
        _fail(f"{name} should be at least {low:g}; yours is {value:g}")
    if high is not None and value > high:
        _fail(f"{name} should be at most {high:g}; yours is {value:g}")


def listed(names: Sequence[Any]) -> str:
    """Names as a message lists them: ``'R01', 'R02'``."""
    return ", ".join(map(repr, names))


def missing_and_extra(
    value: dict[Any, Any], keys: Sequence[Any], as_given: bool = False
) -> tuple[list[Any], list[Any]]:
    """The ``keys`` that ``value`` lacks (in the order of ``keys``) and the keys it has that are
    not asked for (as text, sorted; ``as_given``: as they are, in the answer's order). Every
    answer made of named parts is read this way; each words the failure for its own parts."""
    missing = [key for key in keys if key not in value]
    extra = [key for key in value if key not in keys]
    return missing, extra if as_given else sorted(str(key) for key in extra)


def expect_keys(
    value: dict[Any, Any],
    keys: Sequence[Any],
    missing: Callable[[list[Any]], str],
    extra: Callable[[list[Any]], str],
    as_given: bool = False,
) -> None:
    """``value`` has every one of ``keys`` and no other: else the failure ``missing`` (given the
    keys lacking) or ``extra`` (given the keys not asked for) words (see ``missing_and_extra``)."""
    lacking, unknown = missing_and_extra(value, keys, as_given)
    if lacking:
        _fail(missing(lacking))
    if unknown:
        _fail(extra(unknown))


def expect_record(
    value: Any, fields: Sequence[str], where: str, unknown: str, every: bool = True
) -> None:
    """``value`` is one record of a table-like answer: a dict with exactly ``fields``. A failure
    names every field missing or not asked for (``every``), or the first; ``unknown`` says
    whose fields these are not ("the draft does not")."""
    if type(value) is not dict:
        _fail(f"{where} should be a dict, not a {type(value).__name__}")

    def named(keys: list[Any]) -> str:
        return listed(keys) if every else repr(keys[0])

    expect_keys(
        value,
        fields,
        lambda missing: f"{where} is missing {named(missing)}",
        lambda extra: f"{where} has fields {unknown}: {named(extra)} (use {', '.join(fields)})",
    )


def expect_numbers_by_key(value: Any, keys: Collection[str], name: str) -> None:
    """``value`` is a dict with exactly ``keys``, each mapped to a number."""
    if type(value) is not dict:
        first = next(iter(keys), "name")
        _fail(
            f"{name} should be a dict with one number per entry, not a {type(value).__name__}. "
            f"For example: {name} = {{{first!r}: 3.5, ...}}"
        )
    expect_keys(
        value,
        sorted(keys),
        lambda missing: f"{name} is missing {listed(missing)}",
        lambda extra: f"{name} has entries that are not in the case: {listed(extra)}",
    )
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


def part(answer: Any, *names: str) -> tuple[Any, ...]:
    """The named entries of a check's answer, for a check that judges several of the learner's
    variables together (the hidden cell passes them as one dict, such as a plan's parts)."""
    if type(answer) is not dict or set(answer) != set(names):
        raise ShapeProblem("the answer could not be read; run the cells of this part again")
    return tuple(answer[name] for name in names)
