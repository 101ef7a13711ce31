"""The guide pages every learner gets next to the modules: references, glossary, Python warm-up.

Why a folder of its own: lessons, the start page and the exercises all point to the same three
pages, and the workspace copies ``guide/`` beside ``modules/`` (see :mod:`course.workspace`), so
``../../guide/references.ipynb`` works from any lesson, in the checkout and in a workspace alike.

Why the references page is generated: the catalog is the one place that holds each source in
full (author, title, year, where to find it). ``guide/references.ipynb`` is written from it by
``python -m course.guide``, and a test fails when the committed page and the catalog disagree.
The glossary and the warm-up are written by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nbformat import NotebookNode

from course.catalog import GUIDE_DIR, Catalog, load_catalog
from course.notebook_files import new_notebook, notebook_text, write_notebook

REFERENCES_PAGE = f"{GUIDE_DIR}/references.ipynb"
GLOSSARY_PAGE = f"{GUIDE_DIR}/glossary.ipynb"
WARM_UP_PAGE = f"{GUIDE_DIR}/python-warm-up.ipynb"
GUIDE_PAGES = (REFERENCES_PAGE, GLOSSARY_PAGE, WARM_UP_PAGE)


def link_from_lesson(page: str) -> str:
    """The relative link to a guide page from a notebook in ``modules/<folder>/``."""
    return f"../../{page}"


def build_references(catalog: Catalog) -> NotebookNode:
    """The references page: every source in full, with the modules that draw on it."""
    used_by: dict[str, list[str]] = {key: [] for key in catalog.references}
    for module in catalog.modules:
        for key in module.sources:
            used_by[key].append(f"{module.order}")
    entries = sorted(catalog.references.items(), key=lambda item: item[1].author.lower())
    lines = []
    for key, reference in entries:
        modules = used_by[key]
        where_used = (
            f" *Used in module{'s' if len(modules) > 1 else ''} {', '.join(modules)}.*"
            if modules
            else ""
        )
        lines.append(f"- {reference.citation()}{where_used}")
    intro = (
        "# References\n\n"
        "Every source this course draws on, in full, so that you can find and read it yourself. "
        "The lessons put the sources' ideas in the course's own words and name the source "
        "where they use it; facts and figures carry the year they were published, because "
        "outsourcing markets, wages and prices move.\n\n"
        "Standards (ISO, ISO/IEC, ITIL, COBIT) are sold by their publishers; their abstracts "
        "and tables of contents are free to read. The articles are on the web sites named "
        "below; where a link has moved, search for the title.\n\n"
        "Back to the [start page](../start-here.ipynb) · [Glossary](glossary.ipynb)"
    )
    return new_notebook([("markdown", intro), ("markdown", "\n".join(lines))])


def references_path(catalog: Catalog) -> Path:
    return catalog.root / REFERENCES_PAGE


def references_are_current(catalog: Catalog) -> bool:
    """Does the committed references page say exactly what the catalog says?"""
    path = references_path(catalog)
    return path.is_file() and path.read_text(encoding="utf-8") == notebook_text(
        build_references(catalog)
    )


def main() -> int:
    """Rewrite ``guide/references.ipynb`` from the catalog."""
    catalog = load_catalog()
    path = references_path(catalog)
    write_notebook(build_references(catalog), path)
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
