"""Tests for the challenge triage view (course/widgets/challenges_view.py)."""

from __future__ import annotations

import pytest

from course.models.challenges import SYMPTOM_IDS, diagnose
from course.models.errors import ModelInputError
from course.widgets.challenges_view import challenge_triage_view
from tests.widgets.viewing import has_image, shown_html


def test_the_view_starts_empty_and_asks_for_a_symptom():
    view = challenge_triage_view()
    assert list(view.controls) == list(SYMPTOM_IDS)
    assert view.result == []
    assert "Tick at least one symptom" in shown_html(view)


def test_ticking_symptoms_changes_the_diagnosis_as_the_model_says():
    """After ticking three knowledge symptoms, is knowledge transfer first with its fixes?"""
    view = challenge_triage_view()
    for symptom_id in ("single-expert", "undocumented-systems", "provider-lock-in"):
        view.controls[symptom_id].value = True
    assert view.result == diagnose(["single-expert", "undocumented-systems", "provider-lock-in"])
    assert view.result[0].challenge.id == "knowledge-transfer"
    assert view.result[0].share == 1
    text = shown_html(view)
    assert "Knowledge transfer and retention" in text
    assert view.result[0].challenge.mitigations[0][:30] in text
    assert has_image(view)


def test_unticking_moves_the_ranking_back():
    view = challenge_triage_view(["broad-data-access", "rumours", "staff-resisting"])
    assert view.result[0].challenge.id == "change-management"
    view.controls["staff-resisting"].value = False
    assert [d.challenge.id for d in view.result] == ["data-security", "change-management"]


def test_the_advice_names_what_was_ticked_and_the_weaker_leads():
    """Does the advice quote the ticked symptoms and list the challenges beyond the top two?"""
    view = challenge_triage_view(["broad-data-access", "single-expert", "late-surprises"])
    assert [d.challenge.id for d in view.result] == [
        "data-security",
        "knowledge-transfer",
        "communication",
        "vendor-management",
    ]
    text = shown_html(view)
    assert "provider staff can reach more customer or patient data" in text
    assert "Also pointed to, less strongly: Communication barriers, Vendor management" in text
    assert view.error is None


def test_symptom_text_is_escaped():
    """Is the quote in a symptom's text escaped rather than passed through as HTML?"""
    view = challenge_triage_view(["yes-means-maybe"])
    assert "&#x27;yes&#x27;" in shown_html(view)


def test_unknown_start_symptom_is_refused():
    """Is a mistyped or bare-text start refused by the model instead of silently ignored?"""
    with pytest.raises(ModelInputError, match="did you mean"):
        challenge_triage_view(["rumors"])
    with pytest.raises(ModelInputError, match="list of symptom ids"):
        challenge_triage_view("rumours")


def test_tied_challenges_are_all_most_likely_and_said_to_be_tied():
    """Three challenges equally supported: is none of them painted 'most likely' alone?"""
    from course.widgets.challenges_view import most_likely

    view = challenge_triage_view()
    for candidate in view.controls:
        view.controls[candidate].value = True
        leaders = most_likely(view.result)
        if len(leaders) >= 2:
            break
        view.controls[candidate].value = False
    assert len(leaders) >= 2, "no single symptom ties two challenges: pick a tie by hand"
    text = shown_html(view)
    assert f"{len(leaders)} challenges are tied as most likely" in text
    for tied in leaders:
        assert tied.challenge.name in text
    assert "Most likely:" not in text


def test_nothing_ticked_shows_a_sentence_not_an_empty_chart():
    view = challenge_triage_view()
    assert not has_image(view)
    assert "Tick at least one symptom" in shown_html(view)
