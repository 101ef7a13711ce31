"""The course's house style for numbers, money, percentages, hours and tables.

Why one module: every view, lesson table and exercise case table shows figures to a person, and a
figure written three ways (``1230000``, ``1,230,000.0``, ``1.23e6``) reads as three figures. Each
rule lives here once:

- whole counts and money with thousands separators and no decimals: ``1,230,000``;
- money with its currency after the amount: ``1,230,000 EUR``;
- shares as percentages with at most one decimal: ``4.5%``;
- scores and ratings with as many decimals as they need, at most the ones asked: ``61``, ``3.25``
  (a table's figure below 1 keeps up to four: ``0.995``, ``0.0449``);
- hours with the unit: ``4 h``, ``0.5 h``;
- yes/no for flags, an em dash for "no value", never ``True``, ``NaN``, ``None`` or ``()``;
- tables with headers in words (``max_response_hours`` becomes "Max response hours"), numbers
  right-aligned, and a caption a screen reader announces.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

MISSING = "—"
"""What a table or sentence shows where there is no value (NaN, None, an empty tuple)."""


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas' NA and empty tuples/lists: shown as ``MISSING``."""
    if value is None:
        return True
    if isinstance(value, tuple | list | set | frozenset) and not value:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: float, decimals: int = 2) -> str:
    """A figure with thousands separators and at most ``decimals`` decimals, trailing zeros cut.

    ``number(61.0)`` is ``61``, ``number(0.04493, 3)`` is ``0.045``, ``number(1230000)`` is
    ``1,230,000``.
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return yes_no(value)
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def whole(value: float) -> str:
    """A count or amount rounded to a whole number: ``1,230,000``."""
    return number(value, 0)


def money(value: float, currency: str = "") -> str:
    """An amount in whole units with its currency after it: ``1,230,000 EUR``."""
    if is_missing(value):
        return MISSING
    amount = whole(value)
    return f"{amount} {currency}".strip()


def percent(share: float, decimals: int = 1) -> str:
    """A share (0.045) as a percentage (``4.5%``), trailing zeros cut (``10%``, not ``10.0%``)."""
    if is_missing(share):
        return MISSING
    return f"{number(float(share) * 100, decimals)}%"


def hours(value: float) -> str:
    """A duration in hours with its unit: ``4 h``, ``0.5 h``."""
    if is_missing(value):
        return MISSING
    return f"{number(value, 2)} h"


def yes_no(value: Any) -> str:
    """A flag in words."""
    if is_missing(value):
        return MISSING
    return "yes" if bool(value) else "no"


def text(value: Any) -> str:
    """Any value as a person reads it: tuples as lists in words, flags as yes/no, numbers by
    ``number``, nothing as ``MISSING``."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, numbers.Integral):
        return whole(value)
    if isinstance(value, numbers.Real):
        # A share or a measurement below 1 keeps the digits that tell 0.995 from 0.99.
        return number(value, 4 if abs(float(value)) < 1 else 2)
    if isinstance(value, tuple | list | set | frozenset):
        return ", ".join(text(item) for item in value)
    return str(value)


def header(name: Any) -> str:
    """A column name in words: ``max_response_hours`` is "Max response hours"."""
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else words


Formatter = Callable[[Any], str]


def table_html(
    frame: pd.DataFrame,
    caption: str = "",
    formats: Mapping[str, Formatter] | None = None,
    index: bool = False,
    headers: Mapping[str, str] | None = None,
) -> str:
    """A frame as an HTML table in the house style.

    ``formats`` maps a column to its formatter (``money``, ``percent``...); other columns go
    through ``text``. ``headers`` renames columns; the rest are put into words by ``header``.
    Numbers are right-aligned; the caption is the table's accessible name.
    """
    formats = dict(formats or {})
    headers = dict(headers or {})
    shown = frame.reset_index() if index else frame
    columns = list(shown.columns)
    numeric = {
        column
        for column in columns
        if pd.api.types.is_numeric_dtype(shown[column])
        and not pd.api.types.is_bool_dtype(shown[column])
    }

    def cell(column: Any, value: Any, tag: str = "td") -> str:
        shown_text = formats.get(column, text)(value) if not is_missing(value) else MISSING
        align = number_class if column in numeric else ""
        return f"<{tag}{align}>{html.escape(shown_text)}</{tag}>"

    number_class = ' class="course-number"'
    head = "".join(
        f'<th scope="col"{number_class if c in numeric else ""}>'
        f"{html.escape(headers.get(c, header(c)))}</th>"
        for c in columns
    )
    rows = "".join(
        "<tr>" + "".join(cell(c, row[i]) for i, c in enumerate(columns)) + "</tr>"
        for row in shown.itertuples(index=False, name=None)
    )
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    # A table wider than a phone scrolls inside its frame, which keyboard users must reach too.
    name = html.escape(caption or "table")
    return (
        f'<div class="course-table-wrap" tabindex="0" role="region" aria-label="{name}">'
        f'<table class="course-table">{title}'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def join_words(items: Iterable[str], last: str = "and") -> str:
    """``a, b and c``: a list in a sentence."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


TABLE_CSS = """
.course-table-wrap { overflow-x: auto; max-width: 100%; }
.course-table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.95em; }
.course-table caption { text-align: left; font-weight: 600; padding: 0.25em 0; }
.course-table.course-table th, .course-table.course-table td {
  padding: 0.3em 0.7em; border-bottom: 1px solid #8888; text-align: left; vertical-align: top; }
.course-table.course-table .course-number {
  text-align: right; font-variant-numeric: tabular-nums; }
"""
"""How house-style tables look: included once with each view's output (course/widgets/figures.py)
and in the demo page's styles."""


MAX_ROWS_SHOWN = 60
"""Rows a notebook table shows before saying how many more there are."""


def frame_html(data: pd.DataFrame | pd.Series) -> str:
    """A frame or series as a notebook shows it in the house style: its index as the first column
    unless it is a plain 0, 1, 2... count, long tables cut with a sentence saying so."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    plain_index = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    shown = frame.head(MAX_ROWS_SHOWN)
    if not plain_index and shown.index.name is None:
        shown = shown.rename_axis("")
    table = table_html(shown, index=not plain_index)
    more = len(frame) - len(shown)
    if more > 0:
        table += f"<p>…and {whole(more)} more rows.</p>"
    return table


def use_in_notebook() -> None:
    """Show every pandas table in this notebook in the house style (lessons call this once,
    through ``course.lesson``). Outside IPython it does nothing."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with every kernel
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    style = f"<style>{TABLE_CSS}</style>"
    formatter.for_type(pd.DataFrame, lambda frame: style + frame_html(frame))
    formatter.for_type(pd.Series, lambda series: style + frame_html(series))
