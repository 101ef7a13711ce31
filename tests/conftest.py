"""Settings every test shares."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def default_workspace_in_a_temp_folder(tmp_path_factory):
    """Point the default learner workspace at a temporary folder, never the tester's home.

    Why: commands such as ``autograder learner-copies`` write into the default workspace; a test
    run must leave the home folder as it found it.
    """
    folder = tmp_path_factory.mktemp("default-workspace")
    previous = os.environ.get("COURSE_WORKSPACE")
    os.environ["COURSE_WORKSPACE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("COURSE_WORKSPACE", None)
    else:
        os.environ["COURSE_WORKSPACE"] = previous
