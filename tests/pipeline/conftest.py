"""Fixtures shared by the instructor pipeline tests."""

from __future__ import annotations

import pytest

from tests.pipeline.staged_cohort import StagedCohort, build_staged_cohort


@pytest.fixture(scope="session")
def staged_cohort(tmp_path_factory) -> StagedCohort:
    """The fixed ten-learner cohort of ``staged_cohort.py``, built once per test process."""
    return build_staged_cohort(tmp_path_factory.mktemp("staged") / "course-work")
