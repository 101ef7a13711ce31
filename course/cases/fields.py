"""Typed access to one mapping of case data, failing with the file, the field and the fix.

Why: a case file is edited by hand, and a typo there would otherwise surface far away, as a
``KeyError`` in a grader or a wrong total in a lesson. Every read goes through ``Fields``, so a
missing field, a wrong type, an out-of-range value or an unknown (misspelt) key stops the load
with a ``CaseDataError`` that says where and what to write instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn

from course.cases.errors import CaseDataError
from course.models.errors import did_you_mean


@dataclass(frozen=True)
class Fields:
    """One mapping read from ``file``; ``where`` is its place in the file (``""`` at the top).

    ``text_values`` is true for CSV rows, whose cells all arrive as text: numbers and booleans
    are then parsed from text. In YAML a quoted number (``"30"``) is refused instead, because it
    usually means the value was typed in the wrong place.
    """

    data: Mapping[str, object]
    file: str
    where: str = ""
    text_values: bool = False

    # --- paths and failures ------------------------------------------------------------------

    def path(self, key: str) -> str:
        """The field's full name, e.g. ``criteria[2].weight``."""
        if not self.where:
            return key
        return f"{self.where}, column {key!r}" if self.text_values else f"{self.where}.{key}"

    def fail(self, key: str, problem: str, fix: str) -> NoReturn:
        """Raise a ``CaseDataError`` for ``key`` of this mapping."""
        raise CaseDataError(self.file, self.path(key), problem, fix)

    def here(self, problem: str, fix: str) -> NoReturn:
        """Raise a ``CaseDataError`` about this mapping as a whole."""
        raise CaseDataError(self.file, self.where or "(top level)", problem, fix)

    # --- structure -----------------------------------------------------------------------------

    def raw(self, key: str) -> object:
        """The value of ``key``; a missing or empty value is an error naming the key."""
        value = self.data.get(key)
        if key not in self.data or value is None or (isinstance(value, str) and not value.strip()):
            self.fail(key, "missing or empty", f"add a value for {key!r}")
        return value

    def has(self, key: str) -> bool:
        """Whether ``key`` is present with a non-empty value."""
        value = self.data.get(key)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def reject_unknown(self, known: Iterable[str]) -> None:
        """Refuse keys this mapping does not use: a misspelt optional key would be ignored."""
        allowed = list(known)
        for key in self.data:
            if key not in allowed:
                self.fail(
                    str(key),
                    f"unknown field{did_you_mean(key, allowed)}",
                    f"use only {', '.join(allowed)}",
                )

    def section(self, key: str) -> Fields:
        """A nested mapping as ``Fields``."""
        value = self.raw(key)
        if not isinstance(value, Mapping):
            self.fail(
                key, f"expected a mapping (key: value lines), got {value!r}", "indent the keys"
            )
        return Fields(value, self.file, self.path(key))

    def sections(self, key: str, label: str = "name") -> list[Fields]:
        """A non-empty list of mappings; each is named by index and ``label`` in errors."""
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            self.fail(key, f"expected a non-empty list, got {value!r}", "give one '- ' item a line")
        items = []
        for index, item in enumerate(value, start=1):
            where = f"{self.path(key)}[{index}]"
            if not isinstance(item, Mapping):
                raise CaseDataError(
                    self.file, where, f"expected a mapping, got {item!r}", "give key: value lines"
                )
            name = item.get(label)
            if isinstance(name, str) and name.strip():
                where += f" ({name.strip()})"
            items.append(Fields(item, self.file, where))
        return items

    # --- scalars -------------------------------------------------------------------------------

    def text(self, key: str) -> str:
        """A non-empty text."""
        value = self.raw(key)
        if not isinstance(value, str):
            self.fail(key, f"expected a text, got {value!r}", "write the value as text")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        """A text, or ``None`` when the field is absent or blank (a gap the case may plant)."""
        if not self.has(key):
            return None
        return self.text(key)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of texts (blank items dropped); a single text counts as a one-item list."""
        value = self.raw(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(key, f"expected a list of texts, got {value!r}", "give one '- text' a line")
        return tuple(item.strip() for item in value if item.strip())

    def number(self, key: str, low: float | None = None, high: float | None = None) -> float:
        """A finite number, within ``low``..``high`` when given."""
        value = self._parsed_number(key)
        self._check_range(key, value, low, high)
        return value

    def integer(self, key: str, low: int | None = None, high: int | None = None) -> int:
        """A whole number, within ``low``..``high`` when given."""
        value = self._parsed_number(key)
        if not value.is_integer():
            self.fail(key, f"expected a whole number, got {value:g}", "drop the decimals")
        self._check_range(key, value, low, high)
        return int(value)

    def boolean(self, key: str) -> bool:
        """``true``/``false`` (in CSV also ``yes``/``no``, any case)."""
        value = self.raw(key)
        if self.text_values and isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "yes"):
                return True
            if word in ("false", "no"):
                return False
        if isinstance(value, bool):
            return value
        self.fail(key, f"expected true or false, got {value!r}", "write true or false (yes/no)")

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        """A text that must be one of ``allowed``."""
        options = list(allowed)
        value = self.text(key)
        if value not in options:
            self.fail(
                key,
                f"unknown value {value!r}{did_you_mean(value, options)}",
                f"use one of {', '.join(options)}",
            )
        return value

    def _parsed_number(self, key: str) -> float:
        value = self.raw(key)
        if self.text_values and isinstance(value, str):
            try:
                value = float(value.replace("_", ""))
            except ValueError:
                self.fail(key, f"expected a number, got {value!r}", "write digits, e.g. 42 or 0.5")
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"expected a number, got {value!r}", "write digits without quotes")
        number = float(value)
        if not math.isfinite(number):
            self.fail(key, f"expected a finite number, got {value!r}", "write a finite number")
        return number

    def _check_range(self, key: str, value: float, low: float | None, high: float | None) -> None:
        if (low is not None and value < low) or (high is not None and value > high):
            low_text = "-inf" if low is None else f"{low:g}"
            high_text = "inf" if high is None else f"{high:g}"
            self.fail(
                key, f"{value:g} is out of range", f"use a value from {low_text} to {high_text}"
            )
