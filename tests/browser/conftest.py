"""Shared pieces of the browser tests: Chromium through Playwright, servers on 127.0.0.1.

The browser is Debian's Chromium (never a downloaded build) started with the flags this machine
needs: no sandbox as root, no GPU, and none of Chromium's own background connections.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def chromium_or_skip() -> Path:
    """Skip where Chromium is absent; in CI (CI=true) its absence is a failure, not a skip."""
    if CHROMIUM.is_file():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run should have installed Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium) - browser test not run")


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    """Poll ``url`` until it answers; fail with the server's output if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"server exited with {process.returncode}:\n{output[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"no answer from {url} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a server started by a test, hard if it does not go quietly."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextlib.contextmanager
def serving(command: list[str], base: str, ready_path: str = "/", **popen: Any) -> Iterator[str]:
    """Run a server a test needs, wait until ``base + ready_path`` answers, stop it afterwards.

    Why one helper: every browser test starts its own server on 127.0.0.1 the same way, and a
    server left running (or a pipe nobody reads) is how a test run hangs.
    """
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen
    )
    try:
        wait_for_http(f"{base}{ready_path}", process)
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="session")
def demo_site_url(tmp_path_factory) -> Iterator[str]:
    """One ``course demos`` server on 127.0.0.1 for every demo-site test of the session."""
    import sys

    from course.server_state import find_free_port

    port = find_free_port(18866)
    staging = tmp_path_factory.mktemp("demos")
    command = [sys.executable, "-m", "course", "demos", "--port", str(port)]
    with serving([*command, "--staging", str(staging)], f"http://127.0.0.1:{port}") as base:
        yield base


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def clean_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
