"""Four ways to pay for the same demand: move the swing, the effort and the unit price, and see
who carries the risk.

Why a view: on paper the four pricing models are four expected figures, and the cheapest looks
best. What decides a contract is how each figure moves in a quiet or a busy year and how far the
provider's margin moves with it. The chart shows both ranges side by side; the table says the
same in words, with who carries the volume risk and the model the lesson's rule picks. Every
figure comes from ``course.models.pricing``.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from course.formatting import money, percent, table_html, whole
from course.models.pricing import (
    MODEL_NAMES,
    MODELS,
    Demand,
    RiskView,
    VolumeBand,
    choose_model,
    price_scenarios,
    risk_views,
    within_tolerance,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

CARRIER_WORDS = {
    "client": "mostly the client",
    "provider": "mostly the provider",
    "shared": "both about equally",
}


@dataclasses.dataclass(frozen=True)
class PricingResult:
    """What the view computed: each model's risk view, the rule's choice, the tolerance."""

    views: dict[str, RiskView]
    chosen: str | None
    tolerance: float
    currency: str
    provider: str


def priced(case: Any, values: dict[str, Any]) -> PricingResult:
    """Every model under the chosen swing, effort, first-band unit price and achievement."""
    terms = case.terms
    first, *rest = terms.bands
    bands = (VolumeBand(first.up_to, values["unit_price"]), *rest)
    terms = dataclasses.replace(terms, bands=bands)
    demand = Demand(case.demand.monthly, values["swing"])
    rows = price_scenarios(terms, case.cost, demand, values["achievement"], values["effort"])
    views = risk_views(rows)
    return PricingResult(
        views, choose_model(views, case.tolerance), case.tolerance, case.currency, case.provider
    )


def contract_pricing_view(case: Any) -> widgets.Widget:
    """Sliders for the demand swing, the effort per ticket, the first band's unit price and the
    outcome achieved, over a contract-pricing case (``brightwater-desk-pricing``)."""
    first_price = case.terms.bands[0].price
    controls: dict[str, widgets.ValueWidget] = {
        "swing": widgets.FloatSlider(
            value=case.demand.swing,
            min=0.0,
            max=0.4,
            step=0.05,
            readout_format=".0%",
            description="Demand swing in a quiet or busy year",
            continuous_update=False,
        ),
        "effort": widgets.FloatSlider(
            value=1.0,
            min=0.8,
            max=1.3,
            step=0.05,
            readout_format=".0%",
            description="Effort per ticket against the plan",
            continuous_update=False,
        ),
        "unit_price": widgets.FloatSlider(
            value=first_price,
            min=round(first_price * 0.7),
            max=round(first_price * 1.3),
            step=0.5,
            readout_format=".1f",
            description=f"Unit price per ticket, first band ({case.currency})",
            continuous_update=False,
        ),
        "achievement": widgets.FloatSlider(
            value=case.achievement,
            min=0.0,
            max=1.0,
            step=0.05,
            readout_format=".0%",
            description="Share of the outcome achieved",
            continuous_update=False,
        ),
    }
    return CaseView(
        f"{case.company} and {case.provider}: one year of demand, four ways to pay",
        controls,
        compute=lambda values: priced(case, values),
        render=_render,
        intro=(
            "Each bar runs from a quiet year to a busy one; the dot is the expected year. Top: "
            f"what {html.escape(case.company)} pays. Bottom: what {html.escape(case.provider)} "
            "keeps. The wider a bar, the more risk that side carries."
        ),
    )


def pricing_figure(result: PricingResult) -> Figure:
    """Client cost (left) and provider margin (right), low to high demand, for each model."""
    figure = Figure(figsize=(6, 5.4))  # stacked, so a phone shows it at a readable size
    left, right = figure.subplots(2, 1)
    labels = [MODEL_NAMES[m] for m in MODELS]
    for axes, what, title in (
        (left, "client", "Client's cost"),
        (right, "margin", "Provider's margin"),
    ):
        for row, model in enumerate(MODELS):
            view = result.views[model]
            values = (
                (view.client_low, view.client_expected, view.client_high)
                if what == "client"
                else (view.margin_low, view.margin_expected, view.margin_high)
            )
            low, high = min(values), max(values)
            axes.barh(row, max(high - low, 1.0), left=low, height=0.5, color="#4c72b0")
            axes.plot(values[1], row, "o", color="#dd8452", markersize=8)
        axes.set_title(title)
        axes.set_xlabel(f"{result.currency}, thousands")
        axes.xaxis.set_major_formatter(lambda value, _pos: whole(value / 1000))
        axes.use_sticky_edges = False  # room either side of the widest bar
        axes.margins(x=0.05)
        axes.set_yticks(range(len(MODELS)), labels)
        axes.invert_yaxis()
    right.axvline(0, color="#b22222", linewidth=1, linestyle="--")
    figure.tight_layout()
    return figure


def pricing_description(result: PricingResult) -> str:
    """What the chart shows, in words, for people who cannot see it."""
    cur = result.currency
    parts = []
    for model in MODELS:
        view = result.views[model]
        parts.append(
            f"{MODEL_NAMES[model]}: client pays {money(view.client_low, cur)} to "
            f"{money(view.client_high, cur)}, provider keeps {money(view.margin_low, cur)} to "
            f"{money(view.margin_high, cur)} from a quiet to a busy year"
        )
    return "Ranges of the client's cost and the provider's margin. " + "; ".join(parts) + "."


def pricing_table(result: PricingResult) -> str:
    """One row per model: the client's range, the provider's range, who carries the risk."""
    cur = result.currency
    rows = []
    for model in MODELS:
        view = result.views[model]
        rows.append(
            {
                "model": MODEL_NAMES[model],
                "client pays (quiet to busy year)": f"{money(view.client_low, cur)} to "
                f"{money(view.client_high, cur)}",
                "client's cost moves by": moves_by(view, result.tolerance),
                "provider keeps (quiet to busy year)": f"{money(view.margin_low, cur)} to "
                f"{money(view.margin_high, cur)}",
                "volume risk carried by": CARRIER_WORDS[view.carrier],
            }
        )
    return table_html(pd.DataFrame(rows), caption="Who carries the risk under each model")


def moves_by(view: RiskView, tolerance: float) -> str:
    """How far the client's cost moves, as a share of its expected cost, against the limit."""
    if not view.client_expected:
        return "—"
    within = "within" if within_tolerance(view, tolerance) else "over"
    return f"{percent(view.client_spread / view.client_expected)}, {within} the limit"


def choice_html(result: PricingResult) -> str:
    """The rule's choice in one sentence."""
    limit = percent(result.tolerance)
    if result.chosen is None:
        return (
            f"<p>No model keeps the year's cost within the limit of {limit} of its expected "
            "value: the client must accept more risk or pay for certainty.</p>"
        )
    view = result.views[result.chosen]
    return (
        f"<p>By the lesson's rule (cost may move by at most {limit}, then the cheapest): "
        f"<strong>{html.escape(MODEL_NAMES[result.chosen])}</strong>, "
        f"{money(view.client_expected, result.currency)} in an expected year.</p>"
    )


def _render(result: PricingResult, output: widgets.Output) -> None:
    show(
        output,
        pricing_figure(result),
        choice_html(result),
        pricing_table(result),
        description=pricing_description(result),
    )
