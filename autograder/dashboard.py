"""The cohort report as a live dashboard (served with Voila), from the same sections.

Why a second view: the HTML report is a snapshot to mail around; the dashboard is what an
instructor keeps open while grading, re-read from the gradebook with one click. Both show
``report_sections``, so they never disagree, and plots reach the page as PNG images: a
matplotlib Figure displayed in a widget shows as ``<Figure size ...>`` text wherever the inline
backend is not active.

Where the course is: ``COURSE_DIR``. Voila runs the notebook's kernel in the notebook's own
folder (``autograder/``), so a relative ``COURSE_DIR`` such as ``course-work`` is resolved
against the folder Voila was started in (the shell's ``PWD``, which the kernel inherits), not
against the kernel's working directory.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from autograder.course_dir import DEFAULT_COURSE_DIR, CourseDirError, open_course
from autograder.report import Section, cohort_figures, report_sections, style

SCOPE = "cohort-dashboard"
WIDGET_RULES = (
    f".{SCOPE}{{white-space:normal;line-height:1.45;width:100%;max-width:100%}}"
    ".widget-html,.widget-html-content{white-space:normal;width:100%;max-width:100%;min-width:0}"
)
"""An HTML widget keeps its text on one line (Voila's widget style); report text must wrap."""


def resolve_course_dir(
    value: str | os.PathLike | None,
    environ: Mapping[str, str] = os.environ,
    cwd: Path | None = None,
) -> Path:
    """The course directory as an absolute path: ``value`` (or ``./course-work``) as given when
    absolute, else relative to the folder the server was started in (``PWD``), else ``cwd``."""
    path = Path(value) if value else DEFAULT_COURSE_DIR
    if path.is_absolute():
        return path
    started_in = environ.get("PWD", "")
    base = Path(started_in) if started_in and Path(started_in).is_dir() else (cwd or Path.cwd())
    return (base / path).resolve()


def _section_page(section: Section) -> widgets.HTML:
    return widgets.HTML(f'<div class="{SCOPE}">{section.body}</div>', layout={"width": "100%"})


def cohort_dashboard(course_dir: str | os.PathLike | None = None) -> widgets.Widget:
    """The report's sections, one per fold (the first open), for the course directory, and a
    button that re-reads the gradebook; a sentence naming the folder and the fix when it is not
    a course directory. Folds rather than tabs: on a phone, seven tabs do not fit and their
    pages are cut off at the right edge."""
    root = resolve_course_dir(course_dir)
    try:
        course = open_course(root)
    except CourseDirError as problem:
        return widgets.HTML(
            f"<p><b>No cohort to show.</b> {html.escape(str(problem))}. Set COURSE_DIR to the "
            "course directory (absolute, or relative to the folder you start Voila in).</p>"
        )
    folds = widgets.Accordion(layout={"width": "100%"})
    status = widgets.HTML()
    refresh = widgets.Button(
        description="Re-read the gradebook",
        icon="refresh",
        tooltip="Read the grades again",
        layout={"width": "auto"},
    )

    def load(_: object = None) -> None:
        sections = report_sections(cohort_figures(course))
        opened = folds.selected_index if folds.children else 0
        folds.children = [_section_page(section) for section in sections]
        for index, section in enumerate(sections):
            folds.set_title(index, section.title)
        folds.selected_index = opened
        when = datetime.now().strftime("%H:%M:%S")
        status.value = f"Course directory {html.escape(str(root))}, read at {when}."

    refresh.on_click(load)
    load()
    css = widgets.HTML(f"<style>{style(SCOPE)}{WIDGET_RULES}</style>")
    header = widgets.HBox([refresh, status], layout={"flex_flow": "row wrap"})
    return widgets.VBox([css, header, folds], layout={"width": "100%"})
