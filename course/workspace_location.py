"""Where the learner's workspace is, found from a kernel or a command without importing much.

Why its own small module: every self-check and "check my answer" call asks it, inside the
learner's kernel, so it must be cheap. A workspace is marked by ``.course/workspace.json`` at its
top; the ``COURSE_WORKSPACE`` variable (set by ``course start`` for the server and its kernels)
names it directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

MARKER = Path(".course") / "workspace.json"
ENV_VARIABLE = "COURSE_WORKSPACE"


def is_workspace(folder: Path) -> bool:
    """True when ``folder`` is the top of a learner's workspace."""
    return (folder / MARKER).is_file()


def find_workspace(start: Path | None = None, env: Mapping[str, str] | None = None) -> Path | None:
    """The workspace named by ``COURSE_WORKSPACE``, else the first folder up from ``start``."""
    env = os.environ if env is None else env
    named = env.get(ENV_VARIABLE, "").strip()
    if named and is_workspace(Path(named)):
        return Path(named).resolve()
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if is_workspace(candidate):
            return candidate
    return None
