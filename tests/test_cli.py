"""Tests for the `course` and `autograder` commands: they run, and fail without tracebacks."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import course.cli
from course.catalog import REPO_ROOT, CatalogError
from course.cli import jupyterlab_command, learner_environment, main
from course.server_state import ServerState, find_free_port

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


def test_a_workspace_inside_the_checkout_is_refused(capsys):
    """Is `course start --workspace` inside the repository refused with the reason and a fix?"""
    assert main(["start", "--workspace", str(REPO_ROOT / "my-work"), "--no-browser"]) == 2
    error = capsys.readouterr().err
    assert "inside the course's own folder" in error and "--workspace" in error
    assert "Traceback" not in error
    assert not (REPO_ROOT / "my-work").exists()


def test_progress_outside_a_workspace_says_to_start_first(tmp_path, capsys):
    """Does `course progress` on a folder that is no workspace say what to run first?"""
    assert main(["progress", "--workspace", str(tmp_path / "nothing-here")]) == 2
    assert "run 'make start'" in capsys.readouterr().err


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


def test_lab_command_is_loopback_and_opens_start_page(tmp_path):
    """Does the JupyterLab command bind to 127.0.0.1 only and open the workspace's start page?"""
    command = jupyterlab_command(9999, "secret", open_browser=False, workspace=tmp_path)
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--ServerApp.port=9999" in command
    assert "--ServerApp.port_retries=0" in command
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert "--LabApp.default_url=/lab/tree/start-here.ipynb" in command


def test_learner_server_leaves_out_the_instructor_tools(tmp_path):
    """Does the learner's server config switch off formgrader and the lists, but keep Validate?"""
    env = learner_environment(tmp_path, base={})
    assert env["COURSE_WORKSPACE"] == str(tmp_path)
    config = Path(env["JUPYTER_CONFIG_DIR"])
    page = json.loads((config / "labconfig" / "page_config.json").read_text())
    server = json.loads((config / "jupyter_server_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    assert "@jupyter/nbgrader:validate-assignment" not in page["disabledExtensions"]
    off = server["ServerApp"]["jpserver_extensions"]
    assert off["nbgrader.server_extensions.formgrader"] is False
    assert "nbgrader.server_extensions.validate_assignment" not in off


def test_the_port_is_kept_when_free_and_the_token_between_starts(tmp_path):
    """Does a second start reuse the last port while it is free, and the same token?"""
    state = ServerState(tmp_path)
    first = state.choose_port(find_free_port(20100), explicit=False)
    token = state.token()
    assert ServerState(tmp_path).choose_port(8888, explicit=False) == first
    assert ServerState(tmp_path).token() == token
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", first))
        busy.listen()
        assert ServerState(tmp_path).choose_port(first, explicit=False) != first


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
