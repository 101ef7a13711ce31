"""Draw a matplotlib figure into a view's output area as a PNG, and free it.

Why PNG rather than the inline backend: a view redraws on every control change, and appending an
image to ``Output.outputs`` replaces the old one in one step, which works the same in JupyterLab,
Voila and tests (which read ``output.outputs`` without a browser). Closing the figure keeps a long
session from collecting hundreds of open figures.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import Image
from matplotlib.figure import Figure

DPI = 90
"""Sharp enough on a laptop screen, small enough to redraw quickly in a browser."""


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes; the figure is closed afterwards."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return buffer.getvalue()


def show_figure(figure: Figure, output: widgets.Output) -> None:
    """Append the figure to ``output`` as an image (call ``output.outputs = ()`` first to clear)."""
    output.append_display_data(Image(data=figure_png(figure), format="png"))
