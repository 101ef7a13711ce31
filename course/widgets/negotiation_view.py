"""Negotiation views: walk-away prices and the zone of agreement, and a multi-issue offer builder.

Why two views: the price view shows that the zone of agreement is set by the alternatives, not by
the haggling (move the rival bid or the provider's cost and watch it grow or vanish); the offer
builder shows that once several issues are on the table, a package can beat "split the
difference" for both sides. Every figure comes from ``course.models.negotiation`` through the
case's own methods.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.formatting import header, money, number, whole
from course.models.negotiation import Zopa, acceptable, packages_frame, score_offer
from course.widgets.base import CaseView
from course.widgets.figures import show

PRICE_SLIDER_SPREAD = 0.35
"""Price sliders run from 35% below to 35% above the case's figure: far enough to make the zone
appear and disappear in the Atlas case, close enough to stay plausible."""

DEFAULT_PROPOSAL = "Split the difference"
"""Where the offer builder starts when the case has it: the compromise most people reach for."""


@dataclass(frozen=True)
class PriceZone:
    """Both walk-away prices for the values on the sliders, and the zone between them."""

    client_reservation: float
    provider_reservation: float
    switching_cost: float
    zopa: Zopa | None


def price_zone(case: Any, values: dict[str, Any]) -> PriceZone:
    """The case with the slider ``values`` in place, reduced to what the view shows."""
    changed = dataclasses.replace(case, **values)
    return PriceZone(
        client_reservation=changed.client_reservation(),
        provider_reservation=changed.provider_reservation(),
        switching_cost=changed.switching_cost(),
        zopa=changed.zopa(),
    )


def _money_slider(value: float, description: str, step: int = 10_000) -> widgets.IntSlider:
    low = int(value * (1 - PRICE_SLIDER_SPREAD)) // step * step
    high = -(-int(value * (1 + PRICE_SLIDER_SPREAD)) // step) * step
    return widgets.IntSlider(
        value=int(round(value)),
        min=low,
        max=high,
        step=step,
        readout_format=",d",  # 1,230,000 rather than 1230000
        description=description,
        continuous_update=False,
        style={"description_width": "18em"},
        layout=widgets.Layout(width="44em"),
    )


def negotiation_view(case: Any) -> widgets.Widget:
    """Sliders for the rival bid, switching, risk premium, provider cost and term; the zone drawn.

    ``case`` is a negotiation case (``load_case("atlas-logistics-renewal")``).
    """
    controls: dict[str, widgets.ValueWidget] = {
        "alternative_price": _money_slider(
            case.alternative_price, f"{case.alternative_bidder}'s bid ({case.currency} a year)"
        ),
        "transition_fee": _money_slider(
            case.transition_fee, f"Transition fee ({case.currency}, one time)"
        ),
        "risk_premium": widgets.IntSlider(
            value=int(case.risk_premium),
            min=0,
            max=int(max(case.risk_premium * 3, 100_000)),
            step=10_000,
            readout_format=",d",
            description=f"{case.client}'s risk premium ({case.currency} a year)",
            continuous_update=False,
            style={"description_width": "18em"},
            layout=widgets.Layout(width="44em"),
        ),
        "delivery_cost": _money_slider(
            case.delivery_cost, f"{case.provider}'s cost ({case.currency} a year)"
        ),
        "term_years": widgets.IntSlider(
            value=int(case.term_years),
            min=1,
            max=7,
            description="Term of the renewal (years)",
            continuous_update=False,
            style={"description_width": "18em"},
            layout=widgets.Layout(width="44em"),
        ),
    }
    return CaseView(
        f"{case.client} and {case.provider}: where does each side walk away?",
        controls,
        compute=lambda values: price_zone(case, values),
        render=lambda result, output: _render_zone(result, output, case),
        intro=(
            "The shaded band is the zone of possible agreement: every annual price in it leaves "
            "both sides better off than their alternatives."
        ),
    )


def zone_figure(result: PriceZone, case: Any) -> Figure:
    """A price line with both walk-away points, the zone shaded, and the prices on the table."""
    figure = Figure(figsize=(8, 2.8))
    axes = figure.subplots()
    marks = {
        f"{case.provider} asks": case.asking_price,
        "today's price": case.current_price,
        f"{case.client}'s target": case.client_target,
    }
    low_end = min([result.provider_reservation, result.client_reservation, *marks.values()])
    high_end = max([result.provider_reservation, result.client_reservation, *marks.values()])
    margin = (high_end - low_end) * 0.1 or 1.0
    if result.zopa is not None:
        axes.axvspan(result.zopa.low, result.zopa.high, color="#2e7d32", alpha=0.25, label="ZOPA")
    axes.axvline(
        result.provider_reservation,
        color="#b22222",
        linewidth=2,
        label=f"{case.provider}'s walk-away (least it accepts)",
    )
    axes.axvline(
        result.client_reservation,
        color="#1f4e79",
        linewidth=2,
        label=f"{case.client}'s walk-away (most it pays)",
    )
    for height, (label, price) in zip((0.8, 0.55, 0.3), marks.items(), strict=True):
        axes.plot(price, height, "v", color="#555555")
        axes.annotate(label, (price, height), xytext=(4, 4), textcoords="offset points", fontsize=8)
    axes.set_xlim(low_end - margin, high_end + margin)
    axes.set_ylim(0, 1)
    axes.set_yticks([])
    axes.set_xlabel(f"annual price ({case.currency})")
    axes.xaxis.set_major_formatter(lambda value, _pos: f"{value / 1e6:.2f}M")
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3)
    figure.tight_layout()
    return figure


def zone_html(result: PriceZone, case: Any) -> str:
    """The zone, or its absence, in one sentence."""
    currency = case.currency
    if result.zopa is None:
        gap = result.provider_reservation - result.client_reservation
        return (
            f"<p><b>No zone of agreement.</b> {html.escape(case.provider)} needs at least "
            f"{money(result.provider_reservation, currency)}, {money(gap, currency)} more than "
            f"{html.escape(case.client)} should ever pay. Haggling cannot close that gap; only "
            "changing the deal or an alternative can.</p>"
        )
    return (
        f"<p><b>Zone of agreement:</b> {whole(result.zopa.low)} to "
        f"{money(result.zopa.high, currency)} a year, a surplus of "
        f"{money(result.zopa.width, currency)} to divide. Switching would cost "
        f"{html.escape(case.client)} {money(result.switching_cost, currency)} once.</p>"
    )


def zone_description(result: PriceZone, case: Any) -> str:
    """What the price line shows, in words, for people who cannot see it."""
    currency = case.currency
    zone = (
        f"the zone of agreement runs from {money(result.zopa.low, currency)} to "
        f"{money(result.zopa.high, currency)}"
        if result.zopa is not None
        else "there is no zone of agreement"
    )
    return (
        f"Price line in {currency} a year: {case.provider}'s walk-away "
        f"{money(result.provider_reservation, currency)}, {case.client}'s walk-away "
        f"{money(result.client_reservation, currency)}; {zone}. On the table: {case.provider} "
        f"asks {money(case.asking_price, currency)}, today's price "
        f"{money(case.current_price, currency)}, {case.client}'s target "
        f"{money(case.client_target, currency)}."
    )


def _render_zone(result: PriceZone, output: widgets.Output, case: Any) -> None:
    show(
        output,
        zone_figure(result, case),
        zone_html(result, case),
        description=zone_description(result, case),
    )


# --- the offer builder -------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferScores:
    """How both sides score one package, whether each accepts it, and whether it is efficient."""

    offer: dict[str, str]
    client_score: float
    provider_score: float
    client_accepts: bool
    provider_accepts: bool
    pareto_efficient: bool
    better_for_both: int  # how many packages both sides would prefer to this one


def offer_scores(case: Any, offer: dict[str, str]) -> OfferScores:
    """Score ``offer`` for both sides and compare it with every other package."""
    buyer, seller = case.client_preferences(), case.provider_preferences()
    client_score, provider_score = score_offer(offer, buyer), score_offer(offer, seller)
    frame = packages_frame(case.issues(), buyer, seller)
    better = frame[
        (frame["buyer_score"] >= client_score + 1e-9) & (frame["seller_score"] >= provider_score)
        | (frame["buyer_score"] >= client_score) & (frame["seller_score"] >= provider_score + 1e-9)
    ]
    return OfferScores(
        offer=dict(offer),
        client_score=client_score,
        provider_score=provider_score,
        client_accepts=acceptable(offer, buyer, case.client_batna_utility),
        provider_accepts=acceptable(offer, seller, case.provider_batna_utility),
        pareto_efficient=bool(_row_of(frame, offer)["pareto"]),
        better_for_both=len(better),
    )


def _row_of(frame: Any, offer: dict[str, str]) -> Any:
    """The packages-table row of ``offer`` (the model's own verdict on efficiency)."""
    matches = frame
    for issue, option in offer.items():
        matches = matches[matches[issue] == option]
    return matches.iloc[0]


def offer_builder_view(case: Any) -> widgets.Widget:
    """One dropdown per issue; both sides' scores against their alternatives, on all packages.

    Starts from the case's "Split the difference" proposal when it has one, else from each
    issue's first option.
    """
    start = (
        case.proposal(DEFAULT_PROPOSAL)
        if DEFAULT_PROPOSAL in case.proposals
        else {issue.name: issue.options[0] for issue in case.issues()}
    )
    controls = {
        issue.name: widgets.Dropdown(
            options=list(issue.options),
            value=start[issue.name],
            description=header(issue.name),
            style={"description_width": "14em"},
            layout=widgets.Layout(width="32em"),
        )
        for issue in case.issues()
    }
    frame = packages_frame(case.issues(), case.client_preferences(), case.provider_preferences())
    return CaseView(
        "Build a package",
        controls,
        compute=lambda values: offer_scores(case, values),
        render=lambda result, output: _render_offer(result, output, case, frame),
        intro=(
            f"Each dot is one possible package. Choose an option per issue and see how "
            f"{html.escape(case.client)} and {html.escape(case.provider)} score it (0-100)."
        ),
    )


def packages_figure(result: OfferScores, case: Any, frame: Any) -> Figure:
    """Every package by both scores, the efficient frontier in red, the chosen one as a star."""
    figure = Figure(figsize=(6.5, 5))
    axes = figure.subplots()
    axes.scatter(
        frame["buyer_score"], frame["seller_score"], s=12, color="#8a8a8a", label="a package"
    )
    efficient = frame[frame["pareto"]]
    axes.scatter(
        efficient["buyer_score"],
        efficient["seller_score"],
        s=30,
        marker="D",
        color="#b22222",
        label="Pareto-efficient (diamonds)",
    )
    axes.axvline(case.client_batna_utility, color="#1f4e79", linestyle=":", linewidth=1)
    axes.axhline(case.provider_batna_utility, color="#1f4e79", linestyle=":", linewidth=1)
    axes.scatter(
        [result.client_score],
        [result.provider_score],
        marker="*",
        s=260,
        color="#f2a900",
        edgecolor="black",
        zorder=5,
        label="your package",
    )
    axes.set_xlabel(f"{case.client}'s score")
    axes.set_ylabel(f"{case.provider}'s score")
    axes.set_title("Dotted lines: each side's alternative (BATNA)")
    axes.legend(fontsize=8, loc="lower left")
    figure.tight_layout()
    return figure


def offer_html(result: OfferScores, case: Any) -> str:
    """Both scores, both verdicts and the efficiency verdict in a short list."""

    def verdict(side: str, score: float, batna: float, accepts: bool) -> str:
        word = "accepts" if accepts else "walks away"
        return (
            f"<li>{html.escape(side)}: {score:.1f} against its alternative "
            f"{number(batna, 1)}: {word}</li>"
        )

    efficiency = (
        "No other package is better for one side without being worse for the other."
        if result.pareto_efficient
        else f"{packages(result.better_for_both)} at least as good for both sides and "
        "better for one: value is left on the table."
    )
    return (
        "<ul>"
        + verdict(
            case.client, result.client_score, case.client_batna_utility, result.client_accepts
        )
        + verdict(
            case.provider,
            result.provider_score,
            case.provider_batna_utility,
            result.provider_accepts,
        )
        + f"</ul><p>{efficiency}</p>"
    )


def packages(count: int) -> str:
    """``1 package is`` / ``3 packages are``."""
    return "1 package is" if count == 1 else f"{count} packages are"


def packages_description(result: OfferScores, case: Any, frame: Any) -> str:
    """What the scatter plot shows, in words, for people who cannot see it."""
    return (
        f"Scatter plot of all {len(frame)} packages, {case.client}'s score across and "
        f"{case.provider}'s up; {int(frame['pareto'].sum())} are Pareto-efficient. Your package "
        f"scores {result.client_score:.1f} for {case.client} (alternative "
        f"{number(case.client_batna_utility, 1)}) and {result.provider_score:.1f} for "
        f"{case.provider} (alternative {number(case.provider_batna_utility, 1)})."
    )


def _render_offer(result: OfferScores, output: widgets.Output, case: Any, frame: Any) -> None:
    show(
        output,
        packages_figure(result, case, frame),
        offer_html(result, case),
        description=packages_description(result, case, frame),
    )
