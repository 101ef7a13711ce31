"""Draw a matplotlib figure (and HTML below it) into a view's output area.

Why a PNG inside HTML: a view redraws on every control change, and replacing ``Output.outputs``
swaps the old picture for the new one in one step, which works the same in JupyterLab, Voila and
tests (which read ``output.outputs`` without a browser). Wrapping the PNG in a ``<figure>`` gives
it what a bare image output cannot have: an ``alt`` text and a caption a screen reader reaches,
a width that follows the page (phones), and a dark-mode rendering (the picture is inverted with
its hues kept when JupyterLab's theme is dark or the visitor's system prefers dark).

Views build bare ``matplotlib.figure.Figure`` objects, never through pyplot, so a long session
collects no open figures and nothing needs closing.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from IPython.display import HTML
from matplotlib.figure import Figure

from course.formatting import TABLE_CSS

CONTROLS_CSS = """
.course-case-view .widget-inline-hbox { height: auto; flex-wrap: wrap; align-items: center; }
.course-case-view .widget-inline-hbox > .widget-label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.3;
  flex: 0 0 17em; max-width: 100%; padding: 0.2em 0; }
.course-case-view .widget-checkbox > .widget-label { flex: 0 0 auto; }
.course-case-view .widget-checkbox { height: auto; }
.course-case-view .widget-checkbox label.widget-label-basic { white-space: normal; height: auto; }
.course-case-view .widget-readout { overflow: visible; min-width: 5.5em; }
.course-case-view .slider-container { flex: 1 1 10em; min-width: 8em; }
.course-case-view .widget-dropdown > select,
.course-case-view .widget-text > input { flex: 1 1 12em; min-width: 0; }
.course-case-view .widget-toggle-buttons .widget-toggle-button { width: auto; }
.course-case-view .widget-html-content { white-space: normal; line-height: 1.45; }
.course-plot details { margin-top: 0.25em; }
.course-case-view.course-case-view :focus-visible,
.course-case-view.course-case-view .noUi-handle:focus-visible {
  outline: 3px solid var(--course-focus-color, var(--jp-brand-color1, #1a5fb4)) !important;
  outline-offset: 2px; }
.course-case-view .widget-inline-hbox { max-width: 100%; box-sizing: border-box; }
@media (max-width: 600px) {
  .course-case-view .widget-inline-hbox > .widget-label {
    flex: 1 1 100%; text-align: left; margin-right: 0; }
  .course-case-view .widget-inline-hbox > select,
  .course-case-view .widget-inline-hbox > input { max-width: 100%; margin-right: 0; }
}
"""
"""How a case view's controls fit any width: labels whole (wrapped, never cut), and on a narrow
screen each label above its control; the control with the keyboard focus outlined (ipywidgets
removes the outline of a focused dropdown or text box). ipywidgets' own styles give every row a
fixed height and every label one line cut with an ellipsis."""

DPI = 90
"""Sharp enough on a laptop screen, small enough to redraw quickly in a browser."""

STYLE = (
    "<style>"
    ".course-plot { margin: 0.5em 0; max-width: 100%; }"
    ".course-plot img { display: block; max-width: 100%; height: auto; }"
    ".course-plot figcaption { font-size: 0.9em; margin-top: 0.25em; }"
    # JupyterLab's dark themes mark the body; the demo site follows the visitor's system.
    "body[data-jp-theme-light='false'] .course-plot img "
    "{ filter: invert(0.88) hue-rotate(180deg); }"
    "@media (prefers-color-scheme: dark) { body.course-demo-page .course-plot img "
    "{ filter: invert(0.88) hue-rotate(180deg); } }"
    f"{TABLE_CSS}"
    f"{CONTROLS_CSS}"
    "</style>"
)
"""The figure's, tables' and controls' styles, sent with each drawing so a lesson needs no
set-up cell (JupyterLab and the demo page alike)."""


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes (a bare Figure: garbage-collected like any object)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def figure_html(figure: Figure, description: str, caption: str = "") -> str:
    """The figure as an accessible ``<figure>``: the PNG with ``description`` as its alt text,
    and ``caption`` (or the description) shown below it."""
    data = base64.b64encode(figure_png(figure)).decode("ascii")
    width = int(figure.get_figwidth() * DPI)
    return (
        f'{STYLE}<figure class="course-plot" style="width:{width}px">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(description)}">'
        f"<figcaption><details><summary>The chart in words</summary>"
        f"{html.escape(caption or description)}</details></figcaption></figure>"
    )


def show(
    output: widgets.Output, figure: Figure | None, *html_parts: str, description: str = ""
) -> None:
    """Replace what ``output`` shows with the figure (described for screen readers), then each
    HTML part below it. ``figure=None`` shows the HTML parts alone."""
    output.outputs = ()
    if figure is not None:
        if not description:
            raise ValueError("a figure needs a description for people who cannot see it")
        output.append_display_data(HTML(figure_html(figure, description)))
    else:
        output.append_display_data(HTML(STYLE))
    for part in html_parts:
        output.append_display_data(HTML(part))
