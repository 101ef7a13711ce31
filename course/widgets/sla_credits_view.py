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

from course.formatting import money, number, percent, table_html, whole, yes_no
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
        "month": widgets.Dropdown(
            options=months, value=first_month_with_credits(case), description="Month"
        ),
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


def first_month_with_credits(case: Any) -> int:
    """The month the view opens on: the first that earned credits, so the chart has something to
    show (month 1 when no month did)."""
    for number_ in range(1, case.month_count + 1):
        if case.credits(number_).total_before_cap > 0:
            return number_
    return 1


HATCHES = ("", "//", "..", "xx", "\\\\", "++", "--", "oo")
"""Each credit's own hatch as well as its colour, so the stack reads without colour vision."""


def credits_figure(report: CreditReport, currency: str) -> Figure | None:
    """Credits per missed level, stacked, against the at-risk cap; ``None`` when no level earned
    a credit (an empty chart says nothing a sentence does not)."""
    if report.total_before_cap <= 0:
        return None
    figure = Figure(figsize=(7.5, 3.2))
    axes = figure.subplots()
    left = 0.0
    earned = [line for line in report.lines if line.credit > 0]
    for line, hatch in zip(earned, HATCHES * 3, strict=False):
        axes.barh(
            ["credits"],
            [line.credit],
            left=left,
            label=line.name,
            hatch=hatch,
            edgecolor="white",
        )
        left += line.credit
    axes.axvline(
        report.at_risk_amount, color="#b22222", linewidth=2, linestyle="--", label="at-risk cap"
    )
    axes.set_xlabel(currency)
    axes.xaxis.set_major_formatter(lambda value, _pos: whole(value))
    axes.set_xlim(0, max(report.total_before_cap, report.at_risk_amount) * 1.15 or 1)
    axes.set_title("Credits earned this month (bar) and the at-risk cap (dashed line)")
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    figure.tight_layout()
    return figure


def credits_description(report: CreditReport, currency: str) -> str:
    """What the credits chart shows, in words, for people who cannot see it."""
    parts = "; ".join(
        f"{line.name} {money(line.credit, currency)}" for line in report.lines if line.credit > 0
    )
    return (
        f"Stacked bar of this month's credits: {parts}; "
        f"{money(report.total_before_cap, currency)} in all, against an at-risk cap of "
        f"{money(report.at_risk_amount, currency)}."
    )


def credits_html(report: CreditReport, currency: str) -> str:
    """What is paid, and whether the cap took anything off."""
    missed = [line.name for line in report.lines if not line.met]
    if not missed:
        return "<p>Every service level was met this month: no credits are due.</p>"
    missed_text = ", ".join(html.escape(name) for name in missed)
    cap = (
        f" The cap cut {money(report.total_before_cap - report.total_after_cap, currency)}."
        if report.capped
        else ""
    )
    share = report.total_after_cap / report.monthly_charge if report.monthly_charge else 0.0
    return (
        f"<p>Missed: {missed_text}. Credits computed {money(report.total_before_cap, currency)}; "
        f"paid {money(report.total_after_cap, currency)} ({percent(share)} of the monthly "
        f"charge).{cap}</p>"
    )


def credits_table(report: CreditReport, currency: str) -> str:
    """Every service level of the month: target, measured, met, credit."""
    return table_html(
        credits_frame(report),
        caption="Service levels this month",
        formats={
            "target": lambda v: number(v, 2),
            "measured": lambda v: number(v, 2),
            "met": yes_no,
            "credit": lambda v: money(v, currency),
        },
        headers={"credit": f"Credit ({currency})"},
    )


def _render(report: CreditReport, output: widgets.Output, currency: str) -> None:
    figure = credits_figure(report, currency)
    show(
        output,
        figure,
        credits_html(report, currency),
        credits_table(report, currency),
        description=credits_description(report, currency) if figure is not None else "",
    )
