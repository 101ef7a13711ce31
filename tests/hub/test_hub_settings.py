"""The hub's pieces that need no running hub: identity, a learner's server settings, the config.

Does a learner's server on the hub take every id from the hub user name, keep the Assignment
List, drop the terminal and the instructor tools; does the hub's config keep everything on
127.0.0.1, formgrader for instructors only, and refuse to start without the launcher's plan?
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from traitlets.config import Config

from autograder.hub import PLAN_VARIABLE, HubPlan, HubSetupError, configure_hub
from autograder.learner_copies import ensure_learner_id
from course.cli import learner_jupyter_config
from course.hub_learner import HubLearnerError, nbgrader_settings, prepare, shared_releases
from course.learner import current_learner_id, hub_user


def test_the_hub_name_replaces_an_earlier_learner_id(tmp_path, monkeypatch):
    """Does ensure_learner_id write the hub user over a local id, so every reader agrees?"""
    folder = tmp_path / "my-exercises"
    folder.mkdir()
    (folder / ".learner-id").write_text("local-root\n")
    monkeypatch.setenv("JUPYTERHUB_USER", "kofi")
    assert ensure_learner_id(folder) == "kofi"
    assert current_learner_id(folder, env={}) == "kofi"  # as `course progress` reads it
    monkeypatch.setenv("JUPYTERHUB_USER", "../etc")
    assert hub_user() is None


def test_learner_server_on_the_hub_keeps_the_assignment_list_and_drops_the_terminal(tmp_path):
    """On a hub: Assignment List on, formgrader and create-assignment off, no terminal?"""
    folder = learner_jupyter_config(tmp_path, on_hub=True)
    disabled = json.loads((folder / "labconfig" / "page_config.json").read_text())
    disabled = disabled["disabledExtensions"]
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    assert disabled["@jupyter/nbgrader:formgrader"]
    assert disabled["@jupyter/nbgrader:create-assignment"]
    server = json.loads((folder / "jupyter_server_config.json").read_text())["ServerApp"]
    assert server["terminals_enabled"] is False
    assert server["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False
    assert "nbgrader.server_extensions.assignment_list" not in server["jpserver_extensions"]
    alone = learner_jupyter_config(tmp_path / "alone")
    alone_server = json.loads((alone / "jupyter_server_config.json").read_text())["ServerApp"]
    assert "terminals_enabled" not in alone_server


def test_nbgrader_settings_name_the_hub_user_as_student(tmp_path):
    """Is the student id the hub name, with the exchange and nbgrader's hub plugin?"""
    text = nbgrader_settings("lab-course", tmp_path / "exchange", "kofi")
    config = Config()
    namespace = {"get_config": lambda: config}
    exec(compile(text, "nbgrader_config.py", "exec"), namespace)
    assert config.CourseDirectory.student_id == "kofi"
    assert config.CourseDirectory.course_id == "lab-course"
    assert config.Exchange.root == str(tmp_path / "exchange")
    assert config.Authenticator.plugin_class.__name__ == "JupyterHubAuthPlugin"


def test_a_learner_server_started_outside_the_hub_is_refused(tmp_path):
    """Without JUPYTERHUB_USER or the spawner's settings, does it say what is missing?"""
    with pytest.raises(HubLearnerError, match="JUPYTERHUB_USER"):
        prepare({"HOME": str(tmp_path)})
    with pytest.raises(HubLearnerError, match="COURSE_HUB_RELEASES"):
        prepare({"HOME": str(tmp_path), "JUPYTERHUB_USER": "kofi"})
    with pytest.raises(HubLearnerError, match="no learner version"):
        shared_releases(tmp_path, ["score-a-vendor"])


def test_hub_config_keeps_everything_on_loopback_and_formgrader_for_instructors(tmp_path):
    """Loopback everywhere, formgrader as the grader's service for the formgrade group only?"""
    plan = HubPlan(state=tmp_path, port=18000, learners=("ana", "bo"), instructors=("ina",))
    c = Config()
    configure_hub(c, plan)
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.Authenticator.allowed_users == {"ana", "bo", "ina"}
    assert not c.Authenticator.admin_users
    formgrader = next(s for s in c.JupyterHub.services if s["name"] == plan.course_id)
    assert formgrader["user"] == plan.grader and formgrader["url"].startswith("http://127.0.0.1:")
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    reach = f"access:services!service={plan.course_id}"
    assert [r for r in roles.values() if reach in r["scopes"]] == [
        roles[f"formgrade-{plan.course_id}"]
    ]
    assert c.JupyterHub.load_groups[f"formgrade-{plan.course_id}"] == {"users": ["ina"]}
    assert c.Spawner.cmd[-2:] == ["-m", "course.hub_learner"]


def test_the_plan_travels_whole_and_is_required(tmp_path):
    """Does the plan survive its trip through the environment, and is its absence explained?"""
    plan = HubPlan(state=tmp_path, learners=("a",), exercises=("score-a-vendor",))
    assert HubPlan.from_environment({PLAN_VARIABLE: plan.to_json()}) == plan
    with pytest.raises(HubSetupError, match="make hub"):
        HubPlan.from_environment({})
    assert isinstance(plan.course_dir, Path)


def test_accounts_run_this_very_interpreter():
    """Is the Python the accounts run this one (same patch release), with the course on its path?

    Why: a different patch release of the same minor version broke feedback pages (a ``re``
    fix between 3.11 releases), so a look-alike interpreter is not good enough.
    """
    import shutil
    import subprocess
    import sys
    import tempfile

    from autograder.hub import readable_by_all, runtime_environment, runtime_python

    state = Path(tempfile.mkdtemp(prefix="course-hub-python-", dir="/tmp"))
    try:
        state.chmod(0o755)
        python = runtime_python(HubPlan(state=state))
        assert readable_by_all(python)
        done = subprocess.run(
            [str(python), "-c", "import sys, course, nbgrader; print(sys.version)"],
            env=runtime_environment(python), capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert done.stdout.strip() == sys.version
    finally:
        shutil.rmtree(state, ignore_errors=True)
