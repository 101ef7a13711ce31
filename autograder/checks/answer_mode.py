"""How much a learner's "check my answer" may reveal, stored next to the learner's notebook.

Why a file in the released folder: the choice is the instructor's, per assignment (the catalog's
``learner_checks``, or ``autograder build --learner-checks``), and it must reach the learner's
kernel, which only knows the folder it runs in. ``values`` (the self-paced default) says whether
each answer is right on the learner's own variant, with the misconception message and points;
``shape`` only says whether an answer has the right form. Shape-only is a teaching choice, not a
lock: the hidden tests on the instructor's side decide the grade either way.
"""

from __future__ import annotations

from pathlib import Path

from course.catalog import LEARNER_CHECK_MODES

CHECK_MODE_FILE = ".learner-checks"
MODES = LEARNER_CHECK_MODES
DEFAULT_MODE = "values"


def write_check_mode(release: Path, mode: str) -> Path:
    """Write the mode into a released assignment folder; refuse an unknown mode."""
    if mode not in MODES:
        raise ValueError(f"learner checks must be one of {', '.join(MODES)}, not {mode!r}")
    path = release / CHECK_MODE_FILE
    path.write_text(mode + "\n", encoding="utf-8")
    return path


def read_check_mode(folder: Path) -> str:
    """The mode for notebooks in ``folder`` (or its parent); ``values`` when none is written."""
    for candidate in (folder / CHECK_MODE_FILE, folder.parent / CHECK_MODE_FILE):
        try:
            mode = candidate.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if mode in MODES:
            return mode
    return DEFAULT_MODE
