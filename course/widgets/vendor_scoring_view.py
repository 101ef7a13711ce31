"""Vendor scoring: move the weights, the must-have minimums and the price rule, see who wins.

Why a view: a scoring matrix looks objective until you notice that the weights are choices. Moving
one weight until the winner changes, or relaxing a must-have until a knocked-out bid comes back,
shows how robust a recommendation is better than a sensitivity table. Scores, knock-outs and
ranks come from ``course.models.vendor``; the price rating from the case's rule.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.formatting import join_words, number
from course.models.vendor import (
    PRICE_RULES,
    Criterion,
    ScoringMatrix,
    VendorScore,
    price_to_rating,
    score_vendors,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

WEIGHT_SLIDER_MAX = 50
"""Importance points a weight slider reaches: the cases use 5-30 points per criterion."""

NO_MINIMUM = 0
"""Minimum slider value meaning "not a must-have"."""


def weight_control(name: str) -> str:
    return f"weight: {name}"


def minimum_control(name: str) -> str:
    return f"minimum: {name}"


def scoring_matrix_for(case: Any, values: dict[str, Any]) -> ScoringMatrix:
    """The case's matrix with the weights, minimums and price rule from the controls."""
    low, high = case.scale
    price = price_to_rating(case.prices(), case.scale, values["price_rule"])
    price = {vendor: min(high, max(low, rating)) for vendor, rating in price.items()}
    criteria = []
    for criterion in case.criteria:
        minimum = values.get(minimum_control(criterion.name), criterion.minimum)
        criteria.append(
            Criterion(
                criterion.name,
                values[weight_control(criterion.name)],
                None if minimum in (None, NO_MINIMUM) else minimum,
            )
        )
    base = case.scoring_matrix()
    ratings = {
        vendor: {
            name: price[vendor] if name == case.price_criterion else rating
            for name, rating in row.items()
        }
        for vendor, row in base.ratings.items()
    }
    return dataclasses.replace(base, criteria=tuple(criteria), ratings=ratings)


def vendor_scoring_view(case: Any) -> widgets.Widget:
    """A weight slider per criterion, a minimum slider per must-have, and the price rule.

    ``case`` is a vendor-selection case (``load_case("northwind-service-desk")``). The result is
    the list of ``VendorScore`` the model computes, knocked-out vendors included.
    """
    low, high = case.scale
    style = {"description_width": "20em"}
    layout = widgets.Layout(width="42em")
    controls: dict[str, widgets.ValueWidget] = {
        weight_control(c.name): widgets.IntSlider(
            value=int(c.weight),
            min=0,
            max=max(WEIGHT_SLIDER_MAX, int(c.weight)),
            description=f"Weight of {c.name}",
            continuous_update=False,
            style=style,
            layout=layout,
        )
        for c in case.criteria
    }
    for c in case.criteria:
        if c.minimum is not None:
            controls[minimum_control(c.name)] = widgets.IntSlider(
                value=int(c.minimum),
                min=NO_MINIMUM,
                max=int(high),
                description=f"Must-have minimum for {c.name} (0 = none)",
                continuous_update=False,
                style=style,
                layout=layout,
            )
    controls["price_rule"] = widgets.ToggleButtons(
        options=list(PRICE_RULES), value=case.price_rule, description="Price rule"
    )
    return CaseView(
        f"{case.company}: who wins, and how robust is it?",
        controls,
        compute=lambda values: score_vendors(scoring_matrix_for(case, values)),
        render=_render,
        intro=(
            f"Ratings run from {low:g} to {high:g}; weights are importance points, normalised "
            "before scoring. A knocked-out bid has no total, whatever its ratings."
        ),
    )


def scores_figure(scores: list[VendorScore]) -> Figure:
    """Horizontal bars of the weighted totals; knocked-out vendors shown hatched at zero."""
    figure = Figure(figsize=(7.5, 0.6 * len(scores) + 1.2))
    axes = figure.subplots()
    names = [s.vendor for s in scores][::-1]
    totals = [s.weighted_total or 0.0 for s in scores][::-1]
    best = max((s.weighted_total for s in scores if not s.disqualified), default=None)
    colours = [
        "#cccccc" if s.disqualified else "#2e7d32" if s.weighted_total == best else "#1f4e79"
        for s in scores
    ][::-1]
    bars = axes.barh(names, totals, color=colours, edgecolor="white")
    for bar, score in zip(bars, scores[::-1], strict=True):
        if score.weighted_total == best and not score.disqualified:
            bar.set_hatch("//")
    for bar, score in zip(bars, scores[::-1], strict=True):
        label = "knocked out" if score.disqualified else number(score.weighted_total, 2)
        axes.annotate(
            label,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, -3),
            textcoords="offset points",
            fontsize=9,
        )
    axes.set_xlabel("weighted total")
    axes.set_title("Weighted totals (green, hatched: the winner)")
    axes.set_xlim(0, max(totals + [1.0]) * 1.2)
    figure.tight_layout()
    return figure


def ranking_html(scores: list[VendorScore]) -> str:
    """The qualified ranking with ties, then the knock-outs with their reasons."""
    qualified = [s for s in scores if not s.disqualified]
    ordered = sorted(qualified, key=lambda s: -(s.weighted_total or 0.0))
    items = "".join(
        f"<li>{html.escape(s.vendor)}: {number(s.weighted_total, 2)}</li>" for s in ordered
    )
    out = "".join(
        f"<li>{html.escape(s.vendor)}: {html.escape('; '.join(s.reasons))}</li>"
        for s in scores
        if s.disqualified
    )
    text = f"<p><b>Ranking</b></p><ol>{items}</ol>"
    if out:
        text += f"<p><b>Knocked out</b></p><ul>{out}</ul>"
    return text


def winner_names(scores: list[VendorScore]) -> tuple[str, ...]:
    """The vendors ranked first, by the model's ranking (ties included)."""
    qualified = [s for s in scores if not s.disqualified]
    if not qualified:
        return ()
    top = max(s.weighted_total or 0.0 for s in qualified)
    return tuple(s.vendor for s in qualified if abs((s.weighted_total or 0.0) - top) <= 1e-9)


def scores_description(scores: list[VendorScore]) -> str:
    """What the bar chart shows, in words, for people who cannot see it."""
    bars = "; ".join(
        f"{s.vendor} knocked out" if s.disqualified else f"{s.vendor} {number(s.weighted_total, 2)}"
        for s in scores
    )
    winners = join_words(winner_names(scores)) or "none"
    return f"Bar chart of weighted totals: {bars}. Winner: {winners}."


def _render(scores: list[VendorScore], output: widgets.Output) -> None:
    show(
        output,
        scores_figure(scores),
        ranking_html(scores),
        description=scores_description(scores),
    )
