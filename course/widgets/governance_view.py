"""Nine-step health check: score the relationship, see the overall health and what to fix first.

Why a view: Gartner's nine steps read as a checklist; scoring each step 0-4 and watching the
priority list reorder shows that the steps build on each other (ties go to the earlier step).
The scores, percentage and actions come from ``course.models.governance.health_check``.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.models.governance import MAX_SCORE, NINE_STEPS, HealthCheck, health_check
from course.widgets.base import CaseView
from course.widgets.figures import show

ACTIONS_SHOWN = 3
"""How many actions the view lists: a relationship in trouble cannot fix nine things at once."""


def governance_health_view(
    case: Any = None, scores: Mapping[str, int] | None = None
) -> widgets.Widget:
    """A 0-4 slider per step, starting from the case's scores (or ``scores``, or all 2).

    ``case`` is a governance case (``load_case("orion-manufacturing-rescue")``); its evidence for
    each step is shown as the slider's tooltip.
    """
    start = dict(scores or (case.health_scores if case is not None else {}))
    start = {step.step_id: start.get(step.step_id, 2) for step in NINE_STEPS}
    health_check(start)  # a mistyped step id or score fails here, by name
    evidence = dict(case.health_evidence) if case is not None else {}
    controls = {
        step.step_id: widgets.IntSlider(
            value=start[step.step_id],
            min=0,
            max=MAX_SCORE,
            description=f"{step.number}. {step.title}",
            description_allow_html=False,
            tooltip=evidence.get(step.step_id, ""),
            continuous_update=False,
            style={"description_width": "26em"},
            layout=widgets.Layout(width="44em"),
        )
        for step in NINE_STEPS
    }
    title = f"{case.company}: " if case is not None else ""
    return CaseView(
        f"{title}a health check on the nine steps",
        controls,
        compute=health_check,
        render=_render,
        intro="Score each step from 0 (absent) to 4 (working well).",
    )


def health_figure(result: HealthCheck) -> Figure:
    """One bar per step, red for the first steps to fix, on the 0-4 scale."""
    figure = Figure(figsize=(8, 4))
    axes = figure.subplots()
    first = set(result.priorities[:ACTIONS_SHOWN])
    labels = [textwrap.fill(f"{s.number}. {s.title}", 28) for s in NINE_STEPS][::-1]
    values = [result.scores[s.step_id] for s in NINE_STEPS][::-1]
    colours = ["#b22222" if s.step_id in first else "#1f4e79" for s in NINE_STEPS][::-1]
    bars = axes.barh(labels, values, color=colours, edgecolor="white")
    for bar, step in zip(bars, NINE_STEPS[::-1], strict=True):
        if step.step_id in first:
            bar.set_hatch("//")
    axes.set_xlim(0, MAX_SCORE)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_title(f"Overall health {result.overall_percent:.0f}% (red, hatched: fix first)")
    figure.tight_layout()
    return figure


def actions_html(result: HealthCheck) -> str:
    """The first actions, most urgent first."""
    if not result.actions:
        return "<p>Every step scores 4: keep the reviews going.</p>"
    items = "".join(f"<li>{html.escape(a)}</li>" for a in result.actions[:ACTIONS_SHOWN])
    return f"<p><b>Fix first</b></p><ol>{items}</ol>"


def health_description(result: HealthCheck) -> str:
    """What the health chart shows, in words, for people who cannot see it."""
    first = set(result.priorities[:ACTIONS_SHOWN])
    steps = "; ".join(
        f"{s.number}. {s.title} {result.scores[s.step_id]} of {MAX_SCORE}"
        + (" (fix first)" if s.step_id in first else "")
        for s in NINE_STEPS
    )
    overall = f"{result.overall_percent:.0f}%"
    return f"Bar chart of the nine steps' scores, overall health {overall}: {steps}."


def _render(result: HealthCheck, output: widgets.Output) -> None:
    show(
        output,
        health_figure(result),
        actions_html(result),
        description=health_description(result),
    )
