"""Risk heat map: re-assess one risk's likelihood and impact, see it move on the 5x5 matrix.

Why a view: a register is a long table; the heat map shows at a glance where the risks sit, and
moving one risk by hand (what would it take to bring this one out of the red?) shows why
likelihood and impact are multiplied, not added. Scores, bands and counts come from
``course.models.risk``; the band thresholds are the course convention stated there.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import ipywidgets as widgets
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from course.formatting import table_html
from course.models.risk import (
    RATING_BANDS,
    SCALE,
    RiskRegister,
    heat_map,
    heat_map_bands,
    register_frame,
    validate_register,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

BAND_COLOURS = {"Low": "#c8e6c9", "Medium": "#fff59d", "High": "#ffb74d", "Critical": "#e57373"}
"""Cell colours per band, from calm to alarming."""

TOP_RISKS_SHOWN = 5
"""How many risks the table under the map lists: the ones a steering committee would discuss."""


def reassessed_register(case: Any, values: dict[str, Any]) -> RiskRegister:
    """The case's register with the chosen risk moved to the slider values."""
    register = case.register()
    risks = tuple(
        dataclasses.replace(risk, likelihood=values["likelihood"], impact=values["impact"])
        if risk.risk_id == values["risk"]
        else risk
        for risk in register.risks
    )
    return RiskRegister(risks)


def risk_heat_map_view(case: Any) -> widgets.Widget:
    """A risk dropdown with likelihood and impact sliders over a risk case's register.

    ``case`` is a risk case (``load_case("medline-hospital-provider")``). Choosing a risk sets the
    sliders to its assessment; the result is the register as re-assessed.
    """
    register = case.register()
    first = register.risks[0]
    style = {"description_width": "10em"}
    controls: dict[str, widgets.ValueWidget] = {
        "risk": widgets.Dropdown(
            options=[(f"{r.risk_id}: {r.title}", r.risk_id) for r in register.risks],
            value=first.risk_id,
            description="Risk",
            style=style,
            layout=widgets.Layout(width="44em"),
        ),
        "likelihood": widgets.IntSlider(
            value=first.likelihood,
            min=min(SCALE),
            max=max(SCALE),
            description="Likelihood",
            continuous_update=False,
            style=style,
        ),
        "impact": widgets.IntSlider(
            value=first.impact,
            min=min(SCALE),
            max=max(SCALE),
            description="Impact",
            continuous_update=False,
            style=style,
        ),
    }
    view = CaseView(
        f"{case.company}: where do the risks sit?",
        controls,
        compute=lambda values: reassessed_register(case, values),
        render=lambda result, output: _render(result, output, controls["risk"].value),
        intro="Score = likelihood x impact, each 1-5. Pick a risk and re-assess it.",
    )

    def load_risk(change: dict[str, Any]) -> None:
        chosen = next(r for r in register.risks if r.risk_id == change["new"])
        controls["likelihood"].value = chosen.likelihood
        controls["impact"].value = chosen.impact

    controls["risk"].observe(load_risk, names="value")
    return view


def heat_map_figure(register: RiskRegister, highlight: str) -> Figure:
    """The 5x5 matrix coloured by band, with the number of risks in each cell."""
    counts = heat_map(register)
    bands = heat_map_bands()
    order = [band.value for band, _low, _high in RATING_BANDS]
    codes = bands.apply(lambda column: column.map(order.index))
    figure = Figure(figsize=(5.5, 4.8))
    axes = figure.subplots()
    axes.imshow(
        codes.to_numpy(),
        cmap=ListedColormap([BAND_COLOURS[b] for b in order]),
        vmin=0,
        vmax=len(order) - 1,
    )
    chosen = next(r for r in register.risks if r.risk_id == highlight)
    for row, likelihood in enumerate(counts.index):
        for col, impact in enumerate(counts.columns):
            count = int(counts.loc[likelihood, impact])
            if count:
                weight = (
                    "bold" if (likelihood, impact) == (chosen.likelihood, chosen.impact) else None
                )
                axes.text(
                    col, row, str(count), ha="center", va="center", fontsize=12, fontweight=weight
                )
    row = list(counts.index).index(chosen.likelihood)
    col = list(counts.columns).index(chosen.impact)
    axes.add_patch(
        Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, linewidth=3, edgecolor="#1f4e79")
    )
    axes.set_xticks(range(len(counts.columns)), counts.columns)
    axes.set_yticks(range(len(counts.index)), counts.index)
    axes.set_xlabel("impact")
    axes.set_ylabel("likelihood")
    axes.set_title(f"Risks per cell (blue frame: {chosen.risk_id})")
    figure.tight_layout()
    return figure


def top_risks_html(register: RiskRegister) -> str:
    """The highest-scoring risks and any findings the register raises."""
    columns = ["risk_id", "title", "likelihood", "impact", "score", "band", "owner"]
    frame = register_frame(register).head(TOP_RISKS_SHOWN)[columns]
    findings = validate_register(register)
    items = "".join(f"<li>{html.escape(f.message)}</li>" for f in findings)
    text = table_html(
        frame,
        caption=f"The {TOP_RISKS_SHOWN} highest-scoring risks",
        headers={"risk_id": "Risk"},
    )
    if items:
        text += f"<p><b>Register findings</b></p><ul>{items}</ul>"
    return text


def heat_map_description(register: RiskRegister, highlight: str) -> str:
    """What the heat map shows, in words, for people who cannot see it."""
    counts = heat_map(register)
    cells = "; ".join(
        f"likelihood {likelihood}, impact {impact}: {int(counts.loc[likelihood, impact])}"
        for likelihood in counts.index
        for impact in counts.columns
        if int(counts.loc[likelihood, impact])
    )
    chosen = next(r for r in register.risks if r.risk_id == highlight)
    return (
        f"Five by five heat map of likelihood against impact, with the number of risks in each "
        f"occupied cell: {cells}. Framed: {chosen.risk_id}, likelihood {chosen.likelihood}, "
        f"impact {chosen.impact}, band {chosen.band.value}."
    )


def _render(register: RiskRegister, output: widgets.Output, highlight: str) -> None:
    show(
        output,
        heat_map_figure(register, highlight),
        top_risks_html(register),
        description=heat_map_description(register, highlight),
    )
