"""The learner's progress table, in a notebook (the start page's first code cell).

Why a function, not text baked into the page: progress changes while the course is open; running
this cell again shows where the learner stands now.
"""

from __future__ import annotations

from pathlib import Path

from IPython.display import HTML

from course.catalog import load_catalog
from course.learner import current_learner_id
from course.progress import workspace_store
from course.progress_report import progress_html, summarise


def progress_table(start: Path | None = None) -> HTML:
    """The progress of the workspace this kernel runs in, as an HTML table."""
    store = workspace_store(start)
    if store is None:
        return HTML(
            "<p>Progress is recorded in your own workspace, which <code>make start</code> "
            "(or <code>course start</code>) creates and opens.</p>"
        )
    learner = current_learner_id(store.workspace / "my-exercises")
    progress = summarise(load_catalog(), store.events(), learner)
    return HTML(progress_html(progress))
