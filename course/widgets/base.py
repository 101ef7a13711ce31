"""What every case view shares: named controls, the last result, and a refresh.

Why a shared shape: lessons show views, Voila serves them, and tests drive them without a
browser. Tests set ``view.controls[name].value`` and read ``view.result``; because the view
recomputes on every change through the models, the assertion is about the model's answer, not
about HTML.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import matplotlib

matplotlib.use("module://matplotlib_inline.backend_inline")

_log = logging.getLogger(__name__)


CONTROL_MAX_WIDTH = "44em"
"""Widest a control grows on a large screen; on a phone it takes the screen's width."""


def fit_to_screen(control: widgets.Widget) -> None:
    """Make a control's label whole and the control usable from a 390 px phone to a desktop.

    ipywidgets gives a description a fixed width and cuts what does not fit ("Must-have minimum
    for Security & co..."). Here the control takes the row's width (up to a readable maximum)
    and its label wraps instead of being cut; the styles in course/widgets/figures.py
    (CONTROLS_CSS) put the label above the control on a narrow screen. One place, so every
    view's controls behave alike.
    """
    if hasattr(control, "style") and hasattr(control.style, "description_width"):
        control.style.description_width = "initial"
    control.layout.width = "auto" if isinstance(control, widgets.Checkbox) else "100%"
    control.layout.max_width = CONTROL_MAX_WIDTH


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
        self.title = title
        self.controls = dict(controls)
        self._compute = compute
        self._render = render
        self.output = widgets.Output()
        self.result: Any = None
        self.error: str | None = None
        for control in self.controls.values():
            fit_to_screen(control)
        # An h2: below the page's h1 and never skipping a level, in a lesson or a demo page.
        header = [
            widgets.HTML(f"<h2 class='course-view-title' style='font-size:1.25em'>{title}</h2>")
        ]
        if intro:
            header.append(widgets.HTML(f"<p>{intro}</p>"))
        super().__init__(
            [*header, widgets.VBox(list(self.controls.values())), self.output],
        )
        self.add_class("course-case-view")  # styled by course/widgets/figures.py CONTROLS_CSS
        for control in self.controls.values():
            control.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute through the models and redraw; an error is shown as a sentence, not raised.

        Showing the model's message (which names the field and the allowed range) teaches more
        than a traceback, and keeps a Voila demo alive when a visitor tries an odd value. Any
        other failure is logged for the maintainers and shown as a short apology: visitors of
        the demo site must never see a traceback.
        """
        self.output.clear_output(wait=True)
        try:
            self.result = self._compute(self.values())
            self.error = None
            self._render(self.result, self.output)
        except ValueError as problem:
            self._show_problem(str(problem))
        except Exception as problem:  # noqa: BLE001 - a demo must stay alive for the next visitor
            _log.exception("view %r failed for %r", self.title, self.values())
            self._show_problem(
                "Something went wrong with these values "
                f"({type(problem).__name__}). Try other values, or reload the page."
            )

    def _show_problem(self, message: str) -> None:
        """Replace the output with one plain sentence (never a traceback)."""
        from IPython.display import HTML

        self.result = None
        self.error = message
        self.output.outputs = ()
        self.output.append_display_data(
            HTML(
                "<p class='course-problem' role='alert' "
                "style='border-left:4px solid #b3261e;padding-left:0.6em'>"
                f"{html.escape(message)}</p>"
            )
        )
