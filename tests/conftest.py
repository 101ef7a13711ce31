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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session, for the browser and the hub tests alike.

    Defined once, here: Playwright's synchronous API runs one event loop per process, and a
    second ``sync_playwright()`` in the same test worker fails inside the first one's loop.
    """
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_FLAGS, chromium_or_skip

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()
