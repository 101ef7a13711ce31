"""Small helpers that lesson notebooks call so their text comes from one place.

Why: a module's objectives and sources live in the catalog. A lesson that shows them through
these helpers can never disagree with the start page or the syllabus.
"""

from __future__ import annotations

from IPython.display import Markdown

from course.catalog import load_catalog


def objectives(module_id: str) -> Markdown:
    """The module's learning objectives, as a Markdown block for the top of a lesson."""
    catalog = load_catalog()
    module = catalog.module(module_id)
    items = "\n".join(f"- {objective}" for objective in module.objectives)
    return Markdown(
        f"**{module.title}**, about {module.minutes} minutes.\n\n"
        f"By the end of this module you will be able to:\n\n{items}"
    )


def sources(module_id: str) -> Markdown:
    """The sources a module draws on, with their full citations from the catalog."""
    catalog = load_catalog()
    module = catalog.module(module_id)
    items = "\n".join(f"- {catalog.sources[key]}" for key in module.sources)
    return Markdown(f"**Sources.** This module draws on:\n\n{items}")
