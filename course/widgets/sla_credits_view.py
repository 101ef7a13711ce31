"""Service credits: pick a month, move the at-risk share, see which misses cost what.

Why a view: the at-risk cap is what decides how much a bad month costs the provider, and it is
easy to miss on paper. Moving it shows when the cap binds and how little a credit regime pays
back compared with the monthly charge. Figures come from ``course.models.sla`` under the Texas
DIR clause the model follows.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.models.sla import CreditReport, credits_frame
from course.widgets.base import CaseView
from course.widgets.figures import show

MAX_AT_RISK_SHARE = 0.30
"""Highest at-risk share on the slider: twice the 10-15% often quoted (docs/evidence.md, E3)."""


def month_credits(case: Any, values: dict[str, Any]) -> CreditReport:
    """The credits of the chosen month with the chosen at-risk share."""
    changed = dataclasses.replace(case, at_risk_share=values["at_risk_share"])
    return changed.credits(values["month"])


def sla_credits_view(case: Any) -> widgets.Widget:
    """A month dropdown and an at-risk share slider over an SLA case (``cobalt-bank-help-desk``)."""
    months = [(case.month(n).label, n) for n in range(1, case.month_count + 1)]
    controls: dict[str, widgets.ValueWidget] = {
        "month": widgets.Dropdown(options=months, value=1, description="Month"),
        "at_risk_share": widgets.FloatSlider(
            value=case.at_risk_share,
            min=0.0,
            max=MAX_AT_RISK_SHARE,
            step=0.01,
            readout_format=".0%",
            description="At-risk share of the monthly charge",
            continuous_update=False,
            style={"description_width": "18em"},
            layout=widgets.Layout(width="42em"),
        ),
    }
    return CaseView(
        f"{case.company} and {case.provider}: what did each month's misses cost?",
        controls,
        compute=lambda values: month_credits(case, values),
        render=lambda report, output: _render(report, output, case.currency),
        intro=(
            "Each missed service level earns a credit: its pool share x its allocation x the "
            "amount at risk. The total never exceeds the amount at risk."
        ),
    )


def credits_figure(report: CreditReport, currency: str) -> Figure:
    """Credits per missed level, stacked, against the at-risk cap."""
    figure = Figure(figsize=(7.5, 3.2))
    axes = figure.subplots()
    left = 0.0
    for line in report.lines:
        if line.credit > 0:
            axes.barh(["credits"], [line.credit], left=left, label=line.name)
            left += line.credit
    axes.axvline(report.at_risk_amount, color="#b22222", linewidth=2, label="at-risk cap")
    axes.set_xlabel(currency)
    axes.set_xlim(0, max(report.total_before_cap, report.at_risk_amount) * 1.15 or 1)
    axes.set_title("Credits earned this month (bar) and the cap (red)")
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    figure.tight_layout()
    return figure


def credits_html(report: CreditReport, currency: str) -> str:
    """What is paid, and whether the cap took anything off."""
    missed = [line.name for line in report.lines if not line.met]
    missed_text = ", ".join(html.escape(name) for name in missed) or "none"
    cap = (
        f" The cap cut {report.total_before_cap - report.total_after_cap:,.0f} {currency}."
        if report.capped
        else ""
    )
    share = report.total_after_cap / report.monthly_charge if report.monthly_charge else 0.0
    return (
        f"<p>Missed: {missed_text}. Credits computed {report.total_before_cap:,.0f} {currency}; "
        f"paid {report.total_after_cap:,.0f} {currency} ({share:.1%} of the monthly charge)."
        f"{cap}</p>"
    )


def _render(report: CreditReport, output: widgets.Output, currency: str) -> None:
    show(
        output,
        credits_figure(report, currency),
        credits_html(report, currency),
        credits_frame(report).to_html(index=False),
    )
