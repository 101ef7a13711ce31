"""Draw a matplotlib figure (and HTML below it) into a view's output area, and free the figure.

Why PNG rather than the inline backend: a view redraws on every control change, and appending an
image to ``Output.outputs`` replaces the old one in one step, which works the same in JupyterLab,
Voila and tests (which read ``output.outputs`` without a browser). Closing the figure keeps a long
session from collecting hundreds of open figures.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, Image
from matplotlib.figure import Figure

DPI = 90
"""Sharp enough on a laptop screen, small enough to redraw quickly in a browser."""


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes; the figure is closed afterwards."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return buffer.getvalue()


def show(output: widgets.Output, figure: Figure, *html_parts: str) -> None:
    """Replace what ``output`` shows with the figure, then each HTML part below it."""
    output.outputs = ()
    output.append_display_data(Image(data=figure_png(figure), format="png"))
    for part in html_parts:
        output.append_display_data(HTML(part))
