"""Turn a learner's answer into plain data, trusting nothing about its type.

Why: a hidden test that compares ``answer == expected`` can be fooled by an object whose ``__eq__``
always says yes, or by a subclass of ``float`` with a rigged comparison. Every answer is therefore
rebuilt from exact built-in types (``type(x) is float``, never ``isinstance``) before anyone
compares it, and anything else is refused with a message that tells the learner what to give.
"""

from __future__ import annotations

import collections
from typing import Any

Plain = None | bool | int | float | str | list["Plain"] | dict[str, "Plain"]

# numpy scalars are immutable C types whose conversion slots a learner cannot patch; accepting them
# spares learners who computed with pandas a pointless float() call.
_NUMPY_FLOATS = {"float16", "float32", "float64", "longdouble"}
_NUMPY_INTS = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
# Mappings of the standard library that a learner reaches for where a dict is asked; their
# entries are read with dict.items (the C method), so no override of theirs is ever called.
_DICT_TYPES = (dict, collections.defaultdict, collections.OrderedDict, collections.Counter)
MAX_ITEMS = 10_000
MAX_DEPTH = 8
# No figure in this course comes near a thousand billion; a larger whole number is a slip (an
# exponent for a product, say), and comparing it with a float would overflow.
MAX_WHOLE_NUMBER = 10**15


class NotPlainData(ValueError):
    """The answer is not plain data; the message says where and what to give instead."""


def _describe(value: object) -> str:
    kind = type(value)
    return (
        f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else kind.__name__
    )


def _hint(value: object) -> str:
    name = type(value).__name__
    if name in {"Series", "DataFrame"}:
        return " Convert it with .to_dict() first."
    if name == "ndarray":
        return " Convert it with .tolist() first."
    return ""


def _text(value: str) -> str:
    """An exact ``str`` copy; characters that cannot be stored (lone surrogates) become U+FFFD.

    Why replace rather than refuse: a lone surrogate comes from pasted text, not from the
    learner's reasoning; the answer is then judged on everything else it says.
    """
    text = str.__add__("", value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def to_plain(value: Any, where: str = "answer", depth: int = 0) -> Plain:
    """Copy ``value`` into exact built-in types, or raise :class:`NotPlainData` naming ``where``."""
    if depth > MAX_DEPTH:
        raise NotPlainData(f"{where} is nested too deeply")
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is str or (kind.__module__ == "numpy" and kind.__name__ == "str_"):
        return _text(value)
    if kind.__module__ == "numpy" and kind.__name__ in {"bool", "bool_"}:
        return bool(value)
    if kind is int:
        if not -MAX_WHOLE_NUMBER <= value <= MAX_WHOLE_NUMBER:
            raise NotPlainData(
                f"{where} is a whole number with {len(str(abs(value)))} digits; no figure in "
                "this exercise is that large: check the calculation"
            )
        return int(value)
    if kind is float:
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise NotPlainData(f"{where} is {number}; give a finite number")
        return number
    if kind.__module__ == "numpy" and kind.__name__ in _NUMPY_FLOATS | _NUMPY_INTS:
        converted = float(value) if kind.__name__ in _NUMPY_FLOATS else int(value)
        return to_plain(converted, where, depth)
    if kind is list or kind is tuple:
        if len(value) > MAX_ITEMS:
            raise NotPlainData(f"{where} has more than {MAX_ITEMS} items")
        return [to_plain(item, f"{where}[{index}]", depth + 1) for index, item in enumerate(value)]
    if any(kind is known for known in _DICT_TYPES):  # identity: a metaclass cannot fake it
        if dict.__len__(value) > MAX_ITEMS:
            raise NotPlainData(f"{where} has more than {MAX_ITEMS} entries")
        plain: dict[str, Plain] = {}
        for key, item in dict.items(value):
            if type(key) is not str:
                raise NotPlainData(f"{where} has a key {_describe(key)}; use text keys")
            plain[str(key)] = to_plain(item, f"{where}[{key!r}]", depth + 1)
        return plain
    raise NotPlainData(
        f"{where} is a {_describe(value)}; give plain Python data "
        f"(a number, text, list or dict).{_hint(value)}"
    )
