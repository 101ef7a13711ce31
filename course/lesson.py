"""Small helpers that lesson notebooks call so their text comes from one place.

Why: a module's objectives and sources live in the catalog. A lesson that shows them through
these helpers can never disagree with the start page or the syllabus.
"""

from __future__ import annotations

from IPython.display import Markdown

from course.catalog import load_catalog
from course.formatting import use_in_notebook
from course.guide import REFERENCES_PAGE, link_from_lesson

# Every lesson's first cell imports this module: from then on its pandas tables are shown in the
# course's house style (headers in words, yes/no, separators, no NaN), as the views show theirs.
use_in_notebook()


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
    references = link_from_lesson(REFERENCES_PAGE)
    return Markdown(
        f"**Sources.** This module draws on:\n\n{items}\n\n"
        f"All the course's sources are on the [references page]({references})."
    )


def finished(module_id: str, notebook: str = "lesson") -> Markdown:
    """The last cell of a lesson: record that the learner ran it to the end, and say what next.

    Why a cell of its own: "lesson finished" is only true when the kernel got this far, which is
    exactly when this cell runs (Run All stops at the first error).
    """
    from course.progress import record

    catalog = load_catalog()
    module = catalog.module(module_id)
    saved = record("lesson", module=module_id, notebook=notebook)
    lines = [f"**You reached the end of this part of *{module.title}*.**"]
    if saved:
        lines.append("Your progress is saved: see it on the [start page](../../start-here.ipynb).")
    exercises = catalog.exercises_of(module_id)
    if exercises:
        links = ", ".join(
            f"[{e.title}](../../my-exercises/{e.id}/{e.notebooks[0].split('/')[-1]})"
            for e in exercises
        )
        lines.append(f"Next: the graded exercise{'s' if len(exercises) > 1 else ''} {links}.")
    return Markdown(" ".join(lines))
