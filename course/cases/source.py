"""What a case parser reads, and the checks every kind's parser shares.

Why: each kind's file has its own shape, and each check knows the exact field it reads, so an
error names it ("bids.csv, row 2 (Cordillera Services), column 'Security & compliance'") instead
of surfacing later as a model error with no file attached. Reading files is the loader's job; a
kind's parser gets the data through a ``Source``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from course.cases.errors import CaseDataError
from course.cases.fields import Fields

COMMON_KEYS = ("kind", "company", "title", "pitch", "currency")


class Source(Protocol):
    """What a parser may read: the case file's top level and the case's CSV tables."""

    case_id: str
    main: Fields
    narrative: str

    def table(self, field: Fields, key: str) -> Table:
        """The CSV file named by ``field[key]``, read from the case folder."""
        ...


@dataclass(frozen=True)
class Table:
    """A CSV table: its column names and one ``Fields`` per row."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[Fields, ...]

    def require_columns(self, needed: list[str] | tuple[str, ...]) -> None:
        """Stop with the missing column's name when the header lacks one."""
        for column in needed:
            if column not in self.columns:
                raise CaseDataError(
                    self.file,
                    f"column {column!r}",
                    f"missing from the header ({', '.join(self.columns)})",
                    f"add a {column!r} column",
                )


def allow_case_keys(main: Fields, keys: str) -> None:
    """Stop at a misspelt top-level key: case.yml holds the common keys and ``keys`` (spaced)."""
    main.reject_unknown((*COMMON_KEYS, *keys.split()))


def common_fields(source: Source) -> dict[str, object]:
    """The fields every case has (``Case``), read from the top of case.yml."""
    main = source.main
    return {
        "case_id": source.case_id,
        "company": main.text("company"),
        "title": main.text("title"),
        "pitch": " ".join(main.text("pitch").split()),
        "narrative": source.narrative,
        "currency": main.text("currency"),
    }


def frozen(mapping: Mapping) -> MappingProxyType:
    """A read-only copy: cases are immutable, so a consumer cannot change what others see."""
    return MappingProxyType(dict(mapping))


def require_unique(main: Fields, key: str, names: list[str], file: str | None = None) -> None:
    """Stop naming every entry of ``key`` that appears more than once."""
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise CaseDataError(
            file or main.file,
            main.path(key),
            f"{', '.join(map(repr, twice))} appear more than once",
            "give every entry its own name",
        )
