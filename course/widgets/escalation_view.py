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

from course.formatting import header, hours, table_html
from course.models.errors import Finding
from course.models.escalation import REVIEW_CADENCE_DAYS, EscalationPlan, plan_frame, validate_plan
from course.widgets.base import CaseView
from course.widgets.figures import STYLE

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
    """What ``validate_plan`` says about the edited plan (an empty list: the plan passes).

    A negative response time is refused with a sentence naming the level, rather than quietly
    turned into 0 by the control: the learner sees what happened to what they typed.
    """
    for name, value in values.items():
        if name.endswith("max_response_hours") and value < 0:
            level = name.split(":")[0].replace("level", "Level")
            raise ValueError(
                f"{level}: a response time cannot be negative (you typed {value:g} hours). "
                "Type 0 or more."
            )
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
        controls[control_name(level.level, "max_response_hours")] = widgets.FloatText(
            value=level.max_response_hours,
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


FIELD_WORDS = {
    "client_owner": "client owner",
    "provider_owner": "provider owner",
    "max_response_hours": "response time",
    "escalation_executive": "escalation executive",
    "review_cadence_days": "review cadence",
}
"""The plan's field names as the controls call them, for the findings list."""


def field_words(field: str) -> str:
    """A finding's field as a person reads it: ``level 2.max_response_hours`` is
    "Level 2, response time"."""
    place, _, name = field.rpartition(".")
    words = FIELD_WORDS.get(name, header(name).lower())
    return header(f"{place}, {words}" if place else words)


def findings_html(findings: list[Finding]) -> str:
    """The findings as a list, each with the field to fix, or a clear pass."""
    if not findings:
        return "<p class='course-pass'><b>✓ No findings: every rule passes.</b></p>"
    items = "".join(
        f"<li><b>{html.escape(field_words(f.field))}</b>: {html.escape(f.message)}</li>"
        for f in findings
    )
    count = "1 finding" if len(findings) == 1 else f"{len(findings)} findings"
    return f"<p><b>{count} to fix</b></p><ul>{items}</ul>"


def plan_table(plan: EscalationPlan) -> str:
    """The plan as edited, one row per level."""
    return table_html(
        plan_frame(plan),
        caption="The plan as edited",
        formats={"max_response_hours": hours},
        headers={"max_response_hours": "Response within"},
    )


def _render(findings: list[Finding], output: widgets.Output, case: Any, controls: dict) -> None:
    output.outputs = ()
    values = {name: control.value for name, control in controls.items()}
    output.append_display_data(HTML(STYLE + findings_html(findings)))
    output.append_display_data(HTML(plan_table(edited_plan(case, values))))
