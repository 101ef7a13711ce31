"""Write notebooks the way the repository keeps them: no outputs, stable cell ids.

Why: generated notebooks (the start page) are committed, so regenerating one must give the same
bytes when nothing changed; otherwise every run would show a diff and the "is it current?" test
could not work.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat import NotebookNode

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def new_notebook(cells: list[tuple[str, str]]) -> NotebookNode:
    """Build a notebook from ``(kind, source)`` pairs, kind being ``"markdown"`` or ``"code"``."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, (kind, source) in enumerate(cells):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        elif kind == "code":
            cell = nbformat.v4.new_code_cell(source)
        else:
            raise ValueError(f"cell {index}: kind must be 'markdown' or 'code', got {kind!r}")
        cell.id = f"cell-{index:03d}"
        notebook.cells.append(cell)
    return notebook


def notebook_text(notebook: NotebookNode) -> str:
    """The exact text the repository stores for a notebook (sorted keys, one-space indent)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_notebook(notebook: NotebookNode, path: Path) -> None:
    """Validate and write a notebook in the repository's stored form."""
    nbformat.validate(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook_text(notebook), encoding="utf-8")
