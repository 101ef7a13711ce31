"""Does every shipped case load, validate and follow docs/conventions.md, "Case data"?"""

from __future__ import annotations

import re

import pytest

from course.cases import (
    CASE_KINDS,
    Case,
    CaseSummary,
    UnknownCaseError,
    known_case_ids,
    list_cases,
    load_case,
)
from course.cases.loader import DATA_DIR

CASE_IDS = known_case_ids()

EXPECTED_CASES = {
    "northwind-service-desk": "vendor-selection",
    "helios-app-maintenance": "sourcing-cost",
    "cobalt-bank-help-desk": "sla",
    "medline-hospital-provider": "risk",
    "atlas-logistics-renewal": "negotiation",
    "orion-manufacturing-rescue": "governance",
    "pinecrest-escalation": "escalation",
    "harbourview-retained-team": "reskilling",
    "tidewater-follow-the-sun": "working-hours",
}


def test_every_expected_case_is_shipped_with_its_kind():
    """Are the cases the course relies on all there, each of the kind its exercise needs?"""
    kinds = {summary.case_id: summary.kind for summary in list_cases()}
    for case_id, kind in EXPECTED_CASES.items():
        assert kinds.get(case_id) == kind, case_id


def test_every_kind_has_a_case():
    """Does each case kind (and so each model it feeds) have at least one case?"""
    kinds = {summary.kind for summary in list_cases()}
    assert kinds == {kind.kind for kind in CASE_KINDS}


def test_list_cases_gives_one_line_summaries_in_course_order():
    """Does list_cases give id, kind, company, title and a one-line pitch, kinds in course order?"""
    summaries = list_cases()
    assert len(summaries) >= 7
    assert all(isinstance(s, CaseSummary) for s in summaries)
    for summary in summaries:
        assert summary.company and summary.title and summary.pitch
        assert "\n" not in summary.pitch
    order = [kind.kind for kind in CASE_KINDS]
    positions = [order.index(s.kind) for s in summaries]
    assert positions == sorted(positions)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case_loads_and_its_model_objects_validate(case_id):
    """Does the case load, and do the models accept every object it builds?"""
    case = load_case(case_id)
    assert isinstance(case, Case)
    assert case.case_id == case_id
    case.validate()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_loading_twice_gives_the_same_case(case_id):
    """Is a loaded case cached and immutable, so every consumer shares the same numbers?"""
    assert load_case(case_id) is load_case(case_id)
    with pytest.raises(AttributeError):
        load_case(case_id).company = "Someone else"  # type: ignore[misc]


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_narrative_is_a_short_story_without_its_header(case_id):
    """Is the narrative 120-250 words, with the comment header stripped?"""
    narrative = load_case(case_id).narrative
    assert "<!--" not in narrative
    assert 120 <= len(narrative.split()) <= 250, len(narrative.split())


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_data_file_opens_with_a_fictional_company_header(case_id):
    """Does every data file start with a comment header that says the company is fictional?"""
    folder = DATA_DIR / case_id
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        opener = "<!--" if path.suffix == ".md" else "#"
        assert text.startswith(opener), f"{path.name} has no comment header"
        header = (
            text.split("-->")[0]
            if path.suffix == ".md"
            else "\n".join(line for line in text.splitlines() if line.startswith("#"))
        )
        assert "FICTIONAL" in header, f"{path.name}: header does not say the company is fictional"


def test_case_ids_are_kebab_case():
    """Are case ids kebab-case, like every content id in the course?"""
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", case_id) for case_id in CASE_IDS)


def test_unknown_case_id_lists_the_known_ones():
    """Is an unknown case id refused with the list of known ids and the closest match?"""
    with pytest.raises(UnknownCaseError) as caught:
        load_case("northwind-service-dsk")
    message = str(caught.value)
    assert "did you mean 'northwind-service-desk'" in message
    for case_id in CASE_IDS:
        assert case_id in message
