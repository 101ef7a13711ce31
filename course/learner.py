"""Who the current learner is, so that each learner gets (and is graded on) their own case.

Why here: the lesson or exercise notebook loads the learner's case variant, and the grader rebuilds
the same variant from the same id. Both must resolve the id the same way, in this order:

1. ``COURSE_LEARNER_ID`` — set by the course's own grading runner, or by an instructor.
2. nbgrader's autograde step (``NBGRADER_EXECUTION=autograde``) runs each notebook in
   ``autograded/<student_id>/<assignment_id>/``, so the student id is the parent folder's name.
3. ``JUPYTERHUB_USER`` — a learner working on a JupyterHub.
4. A ``.learner-id`` file in the notebook's folder or the one above (``my-exercises/.learner-id``,
   written by ``autograder learner-copies``) — a learner working alone.
5. ``"learner"`` — nothing else is known.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

LEARNER_ID_FILE = ".learner-id"
DEFAULT_LEARNER_ID = "learner"
_VALID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")


def valid_learner_id(candidate: str) -> bool:
    """True when ``candidate`` can name a learner: it becomes a folder name under nbgrader."""
    return bool(_VALID.match(candidate))


def _clean(candidate: str | None) -> str | None:
    if candidate is None:
        return None
    candidate = candidate.strip()
    return candidate if _VALID.match(candidate) else None


def hub_user(env: Mapping[str, str] | None = None) -> str | None:
    """The JupyterHub user this process serves (``JUPYTERHUB_USER``), when it is a valid id.

    Why one function: on a hub the learner's case variant, their progress and their nbgrader
    student id must all be the hub user name, never the operating-system account a server
    happens to run as (a hub that runs every server under one account would otherwise file
    every learner under that one name).
    """
    env = os.environ if env is None else env
    return _clean(env.get("JUPYTERHUB_USER"))


def current_learner_id(cwd: Path | None = None, env: Mapping[str, str] | None = None) -> str:
    """Resolve the learner id as described in the module docstring."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    explicit = _clean(env.get("COURSE_LEARNER_ID"))
    if explicit:
        return explicit
    if env.get("NBGRADER_EXECUTION") == "autograde":
        from_layout = _clean(cwd.parent.name)
        if from_layout:
            return from_layout
    on_hub = hub_user(env)
    if on_hub:
        return on_hub
    for folder in (cwd, cwd.parent):
        id_file = folder / LEARNER_ID_FILE
        if id_file.is_file():
            from_file = _clean(id_file.read_text(encoding="utf-8", errors="replace"))
            if from_file:
                return from_file
    return DEFAULT_LEARNER_ID
