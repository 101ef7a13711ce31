"""Leadership self-assessment: rate yourself on the ten traits, see a radar and where to start.

Why a view: a list of traits is easy to nod along to; putting a number on each, and seeing the
shape of your own profile, turns it into a development plan. All advice comes from
``course.models.leadership.self_assessment``, so the lesson, the widget and the grader agree.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.models.leadership import (
    RATING_RANGE,
    STRENGTH_THRESHOLD,
    TRAIT_IDS,
    TRAITS,
    SelfAssessment,
    self_assessment,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

DEFAULT_RATING = 3
"""Where every slider starts unless ``initial`` says otherwise: the middle of the scale."""


def leadership_self_assessment_view(initial: Mapping[str, int] | None = None) -> CaseView:
    """Ten 1-5 sliders (one per trait), a radar of the ratings and the two traits to develop.

    ``initial`` may rate some or all traits; the rest start at ``DEFAULT_RATING``. It is checked
    by the model first, so a mistyped trait id or an out-of-range rating fails loudly instead of
    being clamped by a slider.
    """
    start = {**dict.fromkeys(TRAIT_IDS, DEFAULT_RATING), **(initial or {})}
    self_assessment(start)  # raises ModelInputError naming the trait
    low, high = RATING_RANGE
    controls = {
        trait.id: widgets.IntSlider(
            value=start[trait.id],
            min=low,
            max=high,
            description=f"{trait.name} (1-5)",
            continuous_update=False,
            style={"description_width": "24em"},
            layout=widgets.Layout(width="42em"),
        )
        for trait in TRAITS
    }
    return CaseView(
        "Leadership self-assessment",
        controls,
        compute=self_assessment,
        render=_render,
        intro="Rate yourself from 1 (rarely shown) to 5 (a model for others) on each trait.",
    )


def radar_figure(result: SelfAssessment) -> Figure:
    """A polar chart of the ratings, one spoke per trait, with the traits to develop in red."""
    low, high = RATING_RANGE
    angles = [2 * math.pi * index / len(TRAITS) for index in range(len(TRAITS))]
    values = [result.ratings[trait_id] for trait_id in TRAIT_IDS]
    figure = Figure(figsize=(6.5, 6.5))
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_zero_location("N")  # first trait at the top, then clockwise like a clock
    axes.set_theta_direction(-1)
    axes.plot([*angles, angles[0]], [*values, values[0]], color="#1f4e79", linewidth=2)
    axes.fill([*angles, angles[0]], [*values, values[0]], color="#1f4e79", alpha=0.2)
    picks = {trait.id for trait in result.develop_first}
    for angle, trait_id, value in zip(angles, TRAIT_IDS, values, strict=True):
        # Develop-first traits: a red square, the others a blue circle (shape, not colour alone).
        marker, colour = ("s", "#b22222") if trait_id in picks else ("o", "#1f4e79")
        axes.plot(angle, value, marker, color=colour, markersize=9)
    axes.set_xticks(angles)
    axes.set_xticklabels([textwrap.fill(trait.name, 18) for trait in TRAITS], fontsize=8)
    axes.set_ylim(0, high)
    axes.set_yticks(range(low, high + 1))
    axes.tick_params(axis="x", pad=12)
    axes.set_title(
        f"Your profile: mean {result.mean:.1f} of {high} (red squares: develop first)", pad=28
    )
    figure.tight_layout()
    return figure


def summary_html(result: SelfAssessment) -> str:
    """The traits to develop first, with why each matters, and the strengths, as HTML."""
    items = "".join(
        f"<li><b>{html.escape(trait.name)}</b> (rated {result.ratings[trait.id]}): "
        f"{html.escape(trait.why)}</li>"
        for trait in result.develop_first
    )
    strengths = ", ".join(html.escape(trait.name) for trait in result.strengths) or "none yet"
    return (
        f"<p><b>Develop first</b></p><ol>{items}</ol>"
        f"<p><b>Strengths</b> (rated {STRENGTH_THRESHOLD} or more): {strengths}</p>"
    )


def radar_description(result: SelfAssessment) -> str:
    """What the radar chart shows, in words, for people who cannot see it."""
    ratings = "; ".join(f"{trait.name} {result.ratings[trait.id]}" for trait in TRAITS)
    picks = ", ".join(trait.name for trait in result.develop_first) or "none"
    return (
        f"Radar chart of your ratings from 1 to 5, mean {result.mean:.1f}: {ratings}. "
        f"Marked to develop first: {picks}."
    )


def _render(result: SelfAssessment, output: widgets.Output) -> None:
    show(
        output,
        radar_figure(result),
        summary_html(result),
        description=radar_description(result),
    )
