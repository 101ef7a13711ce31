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


def test_unknown_start_symptom_is_refused():
    with pytest.raises(ModelInputError, match="did you mean"):
        challenge_triage_view(["rumors"])
