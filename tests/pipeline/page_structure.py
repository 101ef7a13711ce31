"""What a person reads on a page, as plain data, for golden-file comparisons.

Why structural: a golden HTML file breaks on every change of markup or style; what must not
change unnoticed is what a reader sees: headings, paragraphs, tables cell by cell, how many
images, list items. ``page_structure`` reads that from HTML; ``assert_matches_golden`` compares
it with a JSON file in ``tests/files/golden/`` and, with ``UPDATE_GOLDEN=1``, rewrites the file
instead (review the diff before committing it).
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "files" / "golden"
BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "figcaption", "summary", "dt", "dd"}
SKIPPED = {"style", "script", "head", "title"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.skip = 0
        self.block: list[str] | None = None
        self.block_tag = ""
        self.table: dict | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.regions: list[str] = []  # classes of the enclosing <section>/<header> elements

    def _add(self, item: dict) -> None:
        if self.regions:
            item["region"] = self.regions[-1]
        self.items.append(item)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("section", "header"):
            self.regions.append(dict(attrs).get("class") or tag)
        if tag in SKIPPED:
            self.skip += 1
        elif tag == "img":
            self._add({"image": dict(attrs).get("alt", "")})
        elif tag == "table":
            self.table = {"table": []}
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in BLOCKS and self.table is None and self.block is None:
            self.block, self.block_tag = [], tag
        elif tag == "br" and self.block is not None:
            self.block.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("section", "header") and self.regions:
            self.regions.pop()
        if tag in SKIPPED:
            self.skip -= 1
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            self.table["table"].append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self._add(self.table)
            self.table = None
        elif tag == self.block_tag and self.block is not None:
            text = " ".join("".join(self.block).split())
            if text:
                self._add({self.block_tag: text})
            self.block = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.block is not None:
            self.block.append(data)


def page_structure(html: str) -> list[dict]:
    """Headings, paragraphs, list items, captions, tables (cell text) and images, in order;
    an item inside a ``<section>`` or ``<header>`` names it (its class) under ``region``."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.items


def assert_matches_golden(structure: list[dict], name: str) -> None:
    """Compare with ``tests/files/golden/<name>.json``; ``UPDATE_GOLDEN=1`` rewrites it."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(structure, indent=1, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    for index, (got, want) in enumerate(zip(structure, expected, strict=False)):
        assert got == want, (
            f"{name}: item {index} differs from {path.name}:\n  got  {got}\n  want {want}\n"
            "If the change is intended, run with UPDATE_GOLDEN=1 and review the diff."
        )
    assert len(structure) == len(expected), (
        f"{name}: {len(structure)} items, {path.name} has {len(expected)}; "
        "if intended, run with UPDATE_GOLDEN=1 and review the diff."
    )
