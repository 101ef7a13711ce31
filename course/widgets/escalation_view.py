"""Escalation plan editor: change the draft's owners, response times and executive, see findings.

Why a view: a plan's defects (an owner missing on one side, a higher level that answers faster
than a lower one, the executive not at the top) are easy to read past in a table. Editing the
draft until the findings list is empty teaches the rules one at a time. Every finding comes from
``course.models.escalation.validate_plan``.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML

from course.models.errors import Finding
from course.models.escalation import REVIEW_CADENCE_DAYS, EscalationPlan, plan_frame, validate_plan
from course.widgets.base import CaseView

NO_REVIEW = 0
"""Cadence slider value meaning "no review planned" (``review_cadence_days=None``)."""

EDITABLE = ("client_owner", "provider_owner", "max_response_hours")
"""The level fields the view lets a learner edit; triggers and channels stay as drafted."""


def control_name(level: int, field: str) -> str:
    return f"level {level}: {field}"


def edited_plan(case: Any, values: dict[str, Any]) -> EscalationPlan:
    """The case's draft with the control ``values`` in place."""
    draft = case.draft_plan()
    levels = tuple(
        replace(level, **{field: values[control_name(level.level, field)] for field in EDITABLE})
        for level in draft.levels
    )
    cadence = values["review_cadence_days"]
    return EscalationPlan(
        levels, values["escalation_executive"], None if cadence == NO_REVIEW else cadence
    )


def plan_findings(case: Any, values: dict[str, Any]) -> list[Finding]:
    """What ``validate_plan`` says about the edited plan (an empty list: the plan passes)."""
    return validate_plan(edited_plan(case, values))


def escalation_plan_view(case: Any) -> widgets.Widget:
    """Owners and response hours per level, the executive and the review cadence, editable.

    ``case`` is an escalation case (``load_case("pinecrest-escalation")``). The result is the
    list of findings for the plan as edited.
    """
    draft = case.draft_plan()
    text_layout = widgets.Layout(width="30em")
    style = {"description_width": "16em"}
    controls: dict[str, widgets.ValueWidget] = {}
    for level in draft.levels:
        controls[control_name(level.level, "client_owner")] = widgets.Text(
            value=level.client_owner,
            description=f"Level {level.level}: client owner",
            continuous_update=False,
            style=style,
            layout=text_layout,
        )
        controls[control_name(level.level, "provider_owner")] = widgets.Text(
            value=level.provider_owner,
            description=f"Level {level.level}: provider owner",
            continuous_update=False,
            style=style,
            layout=text_layout,
        )
        controls[control_name(level.level, "max_response_hours")] = widgets.BoundedFloatText(
            value=level.max_response_hours,
            min=0,
            max=24 * 30,
            step=0.25,
            description=f"Level {level.level}: response (hours)",
            style=style,
            layout=widgets.Layout(width="22em"),
        )
    controls["escalation_executive"] = widgets.Text(
        value=draft.escalation_executive or "",
        description="Escalation executive",
        continuous_update=False,
        style=style,
        layout=text_layout,
    )
    controls["review_cadence_days"] = widgets.IntSlider(
        value=draft.review_cadence_days or NO_REVIEW,
        min=NO_REVIEW,
        max=365,
        description="Review every (days, 0 = never)",
        continuous_update=False,
        style=style,
        layout=widgets.Layout(width="40em"),
    )
    return CaseView(
        f"{case.company}: repair the escalation plan",
        controls,
        compute=lambda values: plan_findings(case, values),
        render=lambda findings, output: _render(findings, output, case, controls),
        intro=(
            f"The plan must work on both sides ({html.escape(case.company)} and "
            f"{html.escape(case.provider)}); reviews every {REVIEW_CADENCE_DAYS[0]} to "
            f"{REVIEW_CADENCE_DAYS[1]} days."
        ),
    )


def findings_html(findings: list[Finding]) -> str:
    """The findings as a list with their rule ids, or a green light."""
    if not findings:
        return "<p style='color:#2e7d32'><b>No findings: every rule passes.</b></p>"
    items = "".join(
        f"<li><code>{html.escape(f.rule)}</code> {html.escape(f.field)}: "
        f"{html.escape(f.message)}</li>"
        for f in findings
    )
    return f"<p><b>{len(findings)} finding(s)</b></p><ul>{items}</ul>"


def _render(findings: list[Finding], output: widgets.Output, case: Any, controls: dict) -> None:
    output.outputs = ()
    output.append_display_data(HTML(findings_html(findings)))
    values = {name: control.value for name, control in controls.items()}
    table = plan_frame(edited_plan(case, values))
    output.append_display_data(HTML(table.to_html(index=False)))
