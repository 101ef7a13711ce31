"""Tests for the escalation plan editor (course/widgets/escalation_view.py)."""

from __future__ import annotations

import html

from course.cases import load_case
from course.models.escalation import RULE_CADENCE, RULE_EXECUTIVE, RULE_INCREASING, validate_plan
from course.widgets.escalation_view import control_name, escalation_plan_view
from tests.widgets.viewing import shown_html

PINECREST = load_case("pinecrest-escalation")


def rules(view) -> set[str]:
    return {finding.rule for finding in view.result}


def test_the_view_starts_with_the_drafts_findings():
    """Are the first findings exactly the model's findings for the draft?"""
    view = escalation_plan_view(PINECREST)
    assert view.result == validate_plan(PINECREST.draft_plan())
    assert view.result, "the draft has planted defects"


def test_repairing_the_draft_clears_every_finding():
    """Rising response times and the executive at the top: does the list become empty?"""
    view = escalation_plan_view(PINECREST)
    draft = PINECREST.draft_plan()
    for index, level in enumerate(sorted(draft.levels, key=lambda lv: lv.level)):
        view.controls[control_name(level.level, "max_response_hours")].value = 2.0**index
        view.controls[control_name(level.level, "client_owner")].value = (
            level.client_owner or "Service desk manager"
        )
        view.controls[control_name(level.level, "provider_owner")].value = (
            level.provider_owner or "Account manager"
        )
    top = max(level.level for level in draft.levels)
    view.controls[control_name(top, "client_owner")].value = "Chief Information Officer"
    view.controls["escalation_executive"].value = "Chief Information Officer"
    assert view.result == [], view.result
    assert "No findings" in shown_html(view)


def test_each_edit_brings_its_own_rule_back():
    """Breaking one rule at a time: does exactly that rule appear?"""
    view = escalation_plan_view(PINECREST)
    for index, level in enumerate(sorted(PINECREST.draft_plan().levels, key=lambda lv: lv.level)):
        view.controls[control_name(level.level, "max_response_hours")].value = 2.0**index
    assert RULE_INCREASING not in rules(view)
    view.controls["review_cadence_days"].value = 0
    assert RULE_CADENCE in rules(view)
    view.controls["escalation_executive"].value = ""
    assert RULE_EXECUTIVE in rules(view)


def test_findings_name_the_field_in_words_not_the_rule_id():
    """Does a visitor read 'Level 2, response time', never an internal rule id?"""
    view = escalation_plan_view(PINECREST)
    text = shown_html(view)
    assert view.result, "the draft should have findings"
    for finding in view.result:
        assert finding.rule not in text
        assert html.escape(finding.message) in text
    assert "max_response_hours" not in text and "True" not in text and "nan" not in text


def test_a_negative_response_time_is_refused_with_a_sentence():
    """Is -3 hours refused by name, rather than silently turned into 0?"""
    view = escalation_plan_view(PINECREST)
    view.controls[control_name(2, "max_response_hours")].value = -3
    assert view.controls[control_name(2, "max_response_hours")].value == -3
    assert view.result is None
    assert "Level 2" in view.error and "negative" in view.error and "-3" in view.error
    assert "negative" in shown_html(view)
