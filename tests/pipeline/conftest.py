"""Fixtures shared by the instructor pipeline tests (and the instructor browser tests)."""

from __future__ import annotations

import os

import pytest

from tests.pipeline.staged_cohort import StagedCohort, shared_staged_cohort


@pytest.fixture(scope="session")
def staged_cohort(tmp_path_factory) -> StagedCohort:
    """The fixed ten-learner cohort of ``staged_cohort.py``, built once per test run: under
    pytest-xdist both workers share one build (their temporary folders share a parent)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run:
        base = tmp_path_factory.getbasetemp().parent / f"staged-cohort-{run}"
    else:
        base = tmp_path_factory.mktemp("staged-cohort")
    return shared_staged_cohort(base)
