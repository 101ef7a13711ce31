"""Draw a matplotlib figure (and HTML below it) into a view's output area.

Why PNG rather than the inline backend: a view redraws on every control change, and appending an
image to ``Output.outputs`` replaces the old one in one step, which works the same in JupyterLab,
Voila and tests (which read ``output.outputs`` without a browser). Views build bare
``matplotlib.figure.Figure`` objects, never through pyplot, so a long session collects no open
figures and nothing needs closing.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
from IPython.display import HTML, Image
from matplotlib.figure import Figure

DPI = 90
"""Sharp enough on a laptop screen, small enough to redraw quickly in a browser."""


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes (a bare Figure: garbage-collected like any object)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def show(output: widgets.Output, figure: Figure, *html_parts: str) -> None:
    """Replace what ``output`` shows with the figure, then each HTML part below it."""
    output.outputs = ()
    output.append_display_data(Image(data=figure_png(figure), format="png"))
    for part in html_parts:
        output.append_display_data(HTML(part))
