"""Tests for the `course` and `autograder` commands: they run, and fail without tracebacks."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

import course.cli
from course.catalog import REPO_ROOT, CatalogError
from course.cli import find_free_port, jupyterlab_command, main

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("command", ["course", "autograder"])
def test_console_scripts_are_installed(command):
    """Are both console scripts installed next to the interpreter, and do they answer --help?"""
    script = BIN / command
    assert script.is_file(), f"{script} missing: install with pip install -e '.[test]'"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "usage:" in done.stdout


def test_python_m_course_lists_the_syllabus():
    """Does `python -m course catalog` list every module?"""
    done = run("-m", "course", "catalog")
    assert done.returncode == 0, done.stderr
    assert "Vendor governance [vendor-governance]" in done.stdout


def test_start_page_check_passes():
    """Does `course start-page --check` agree that the committed page is current?"""
    done = run("-m", "course", "start-page", "--check")
    assert done.returncode == 0, done.stderr


def test_catalog_error_prints_one_line_and_exits_2(monkeypatch, capsys):
    """Is a catalog error printed as a message with exit status 2, not a traceback?"""

    def broken():
        raise CatalogError("course/catalog.yml: modules[2] (negotiation): bad entry")

    monkeypatch.setattr(course.cli, "load_catalog", broken)
    assert main(["catalog"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("course: course/catalog.yml: modules[2] (negotiation)")
    assert "Traceback" not in err


def test_free_port_skips_a_busy_one():
    """Does the port finder step over a port that something already listens on?"""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert find_free_port(taken) != taken


def test_lab_command_is_loopback_and_opens_start_page():
    """Does the JupyterLab command bind to 127.0.0.1 only and open on the start page?"""
    command = jupyterlab_command(9999, "secret", open_browser=False)
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--ServerApp.port=9999" in command
    assert "--ServerApp.port_retries=0" in command
    assert "--LabApp.default_url=/lab/tree/start-here.ipynb" in command


def test_autograder_unknown_exercise_is_a_clean_error():
    """Does asking for an exercise that does not exist give a message, not a traceback?"""
    done = run("-m", "autograder", "learner-copies", "no-such-exercise")
    assert done.returncode == 2
    assert "no exercise 'no-such-exercise'" in done.stderr
    assert "Traceback" not in done.stderr


def test_demos_on_a_busy_port_says_how_to_choose_another(capsys):
    """Does `course demos` on a port already in use fail in one line, naming --port?"""
    import socket

    from course.cli import main

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["demos", "--port", str(port)]) == 2
    error = capsys.readouterr().err
    assert f"port {port} is in use" in error and "--port" in error
    assert "Traceback" not in error
