"""What every case view shares: named controls, the last result, and a refresh.

Why a shared shape: lessons show views, Voila serves them, and tests drive them without a
browser. Tests set ``view.controls[name].value`` and read ``view.result``; because the view
recomputes on every change through the models, the assertion is about the model's answer, not
about HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib

matplotlib.use("module://matplotlib_inline.backend_inline")


class CaseView(widgets.VBox):
    """A view: controls on top, output below; ``result`` holds the last computed model result.

    ``compute(values)`` gets the current control values by name and returns the result;
    ``render(result, output)`` draws it into the output area (tables, plots, text).
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[[dict[str, Any]], Any],
        render: Callable[[Any, widgets.Output], None],
        intro: str = "",
    ) -> None:
        self.controls = dict(controls)
        self._compute = compute
        self._render = render
        self.output = widgets.Output()
        self.result: Any = None
        self.error: str | None = None
        header = [widgets.HTML(f"<h3>{title}</h3>")]
        if intro:
            header.append(widgets.HTML(f"<p>{intro}</p>"))
        super().__init__(
            [*header, widgets.VBox(list(self.controls.values())), self.output],
        )
        for control in self.controls.values():
            control.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute through the models and redraw; a model error is shown, not raised.

        Showing the model's message (which names the field and the allowed range) teaches more
        than a traceback, and keeps a Voila demo alive when a visitor tries an odd value.
        """
        self.output.clear_output(wait=True)
        try:
            self.result = self._compute(self.values())
            self.error = None
        except ValueError as problem:
            self.result = None
            self.error = str(problem)
            with self.output:
                from IPython.display import HTML, display

                display(HTML(f"<p style='color:#8a1c1c'>{html.escape(str(problem))}</p>"))
            return
        self._render(self.result, self.output)
