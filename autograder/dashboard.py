"""The cohort report as a live dashboard (served with Voila), from the same figures.

Why a second view: the HTML report is a snapshot to mail around; the dashboard is what an
instructor keeps open while grading, re-read from the gradebook with one click. Both call
``cohort_figures`` and the same plotting functions, so they never disagree.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, display

from autograder.course_dir import CourseDirError, open_course
from autograder.report import (
    cohort_figures,
    html_table,
    pass_rate_plot,
    score_distribution_plot,
    status_plot,
)


def _figure_output(figure: plt.Figure) -> widgets.Output:
    output = widgets.Output()
    with output:
        display(figure)
    plt.close(figure)
    return output


def _html_output(html: str) -> widgets.Output:
    output = widgets.Output()
    with output:
        display(HTML(html))
    return output


def cohort_dashboard(course_dir: Path) -> widgets.Widget:
    """Tabs with the report's figures for ``course_dir``, and a button that re-reads them."""
    try:
        course = open_course(course_dir)
    except CourseDirError as problem:
        return widgets.HTML(f"<p><b>No cohort to show.</b> {problem}</p>")
    tabs = widgets.Tab()
    refresh = widgets.Button(description="Re-read the gradebook", icon="refresh")

    def load(_: object = None) -> None:
        figures = cohort_figures(course)
        pages = {
            "Scores": _figure_output(score_distribution_plot(figures)),
            "Checks missed": _figure_output(pass_rate_plot(figures)),
            "Failure messages": _html_output(html_table(figures.messages)),
            "Late and missing": widgets.VBox(
                [_figure_output(status_plot(figures)), _html_output(html_table(figures.status))]
            ),
            "At risk": _html_output(html_table(figures.at_risk)),
        }
        tabs.children = list(pages.values())
        for index, title in enumerate(pages):
            tabs.set_title(index, title)

    refresh.on_click(load)
    load()
    return widgets.VBox([refresh, tabs])
