"""A learner's server on the course hub: their workspace, then JupyterHub's single-user server.

JupyterHub's spawner runs ``python -m course.hub_learner`` as the learner's own account, with
their home as ``HOME`` and their hub name as ``JUPYTERHUB_USER``. Before the server starts, the
learner's workspace (``~/outsourcing-leadership-lab``) is created or brought up to date exactly
as ``course start`` does it (:func:`course.cli.prepare_workspace`), from exercise releases the hub
built once for everyone (``COURSE_HUB_RELEASES``: a learner cannot read the exercise sources).
Then the single-user server replaces this process, opened on the workspace's start page, with
the Assignment List on and no terminal.

Why the nbgrader settings are written here: nbgrader names a submission after the account that
runs it, and only uses the hub's name when that account is ``jovyan``; on a hub where servers
share one account every learner would be filed under it. The settings written into the
server's own Jupyter folder give nbgrader the hub user name as the student id, from
:func:`course.learner.hub_user`, the one place that reads it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from course.catalog import load_catalog
from course.exercise_parts import RELEASES_VARIABLE
from course.learner import hub_user
from course.start_page import START_PAGE
from course.workspace import default_workspace

EXCHANGE_VARIABLE = "COURSE_HUB_EXCHANGE"
"""nbgrader's exchange shared by the cohort (a folder on this machine, or shared storage)."""
COURSE_VARIABLE = "COURSE_HUB_COURSE_ID"
"""The nbgrader course id; learners must be in the hub group ``nbgrader-<course id>``."""


class HubLearnerError(RuntimeError):
    """The hub started a learner's server without what it needs; the message names it."""


def shared_releases(folder: Path, exercise_ids: list[str]) -> dict[str, Path]:
    """Exercise id -> its learner version in ``folder``: those the hub built, in catalog order."""
    found = {i: folder / i for i in exercise_ids if (folder / i).is_dir()}
    if not found:
        raise HubLearnerError(
            f"{folder} holds no learner version of any exercise; the hub's launcher builds them "
            "(python -m autograder.hub start) before any learner's server starts"
        )
    return found


def nbgrader_settings(course_id: str, exchange: Path, student_id: str) -> str:
    """The learner's ``nbgrader_config.py``: course, exchange, student id, hub groups."""
    return f'''"""nbgrader settings of this learner's server (course.hub_learner writes them)."""

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
c.CourseDirectory.course_id = {course_id!r}
# The hub user name, never the account the server runs as.
c.CourseDirectory.student_id = {student_id!r}
c.Exchange.root = {str(exchange)!r}
# Courses a learner sees are those of their hub groups (nbgrader-<course id>).
c.Authenticator.plugin_class = JupyterHubAuthPlugin
'''


def prepare(env: Mapping[str, str]) -> tuple[Path, dict[str, str]]:
    """Build the workspace and settings; return it and the server's environment."""
    from course.cli import learner_environment, prepare_workspace

    learner = hub_user(env)
    if not learner:
        raise HubLearnerError("JUPYTERHUB_USER is not set: start this server from the hub")
    missing = [v for v in (RELEASES_VARIABLE, EXCHANGE_VARIABLE, COURSE_VARIABLE) if not env.get(v)]
    if missing:
        raise HubLearnerError(f"the hub's spawner must set {', '.join(missing)}")
    catalog = load_catalog()
    workspace = default_workspace(env).resolve()
    releases = shared_releases(Path(env[RELEASES_VARIABLE]), [e.id for e in catalog.exercises])
    for line in prepare_workspace(catalog, workspace, releases):
        print(f"{learner}: {line}", file=sys.stderr)
    server_env = learner_environment(workspace, base=dict(env), on_hub=True)
    settings = Path(server_env["JUPYTER_CONFIG_DIR"]) / "nbgrader_config.py"
    settings.write_text(
        nbgrader_settings(env[COURSE_VARIABLE], Path(env[EXCHANGE_VARIABLE]), learner),
        encoding="utf-8",
    )
    return workspace, server_env


def server_command(workspace: Path, extra: list[str]) -> list[str]:
    """JupyterHub's single-user server on the workspace, opening on its start page."""
    return [
        sys.executable,
        "-m",
        "jupyterhub.singleuser",
        f"--ServerApp.root_dir={workspace}",
        f"--ServerApp.default_url=/lab/tree/{START_PAGE}",
        *extra,
    ]


def main(argv: list[str] | None = None) -> None:
    """Prepare, then become the single-user server (the spawner's arguments passed on)."""
    extra = list(sys.argv[1:] if argv is None else argv)
    try:
        workspace, env = prepare(os.environ)
    except HubLearnerError as error:
        sys.exit(f"course.hub_learner: {error}")
    os.chdir(workspace)
    command = server_command(workspace, extra)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main()
