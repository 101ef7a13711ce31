"""Does `course start` serve JupyterLab on 127.0.0.1 with the start page showing the syllabus?

The server is started with the very command line `course start` uses, on a free loopback port.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from course.catalog import load_catalog
from course.cli import find_free_port, jupyterlab_command
from course.start_page import START_PAGE
from tests.browser.conftest import screenshot_path, stop, wait_for_http

pytestmark = pytest.mark.browser
TOKEN = "browser-test-token"


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory) -> Iterator[str]:
    port = find_free_port(18888)
    home = tmp_path_factory.mktemp("lab-home")
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    command = jupyterlab_command(port, TOKEN, open_browser=False)
    command.append(f"--LabApp.workspaces_dir={home / 'workspaces'}")
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/api/status?token={TOKEN}", process)
        yield base
    finally:
        stop(process)


def test_start_page_shows_title_and_modules(browser, lab_url):
    """Does the start page open in JupyterLab and show the course title and every module?"""
    catalog = load_catalog()
    page = browser.new_page(viewport={"width": 1400, "height": 4000})
    try:
        page.goto(f"{lab_url}/lab/tree/{START_PAGE}?token={TOKEN}", timeout=90_000)
        notebook = page.locator(".jp-NotebookPanel-notebook")
        notebook.get_by_role("heading", name=catalog.title).wait_for(timeout=90_000)
        for module in catalog.modules:
            heading = notebook.get_by_role("heading", name=f"{module.order}. {module.title}")
            heading.wait_for(timeout=30_000)
        page.screenshot(path=str(screenshot_path("jupyterlab-start-page")))
    finally:
        page.close()
