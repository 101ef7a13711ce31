"""Tell apart, in a file name from an LMS export, the part the LMS wrote from the learner's part.

Why: an LMS names each upload after the learner who sent it, then appends the name the learner
gave the file. Only the LMS's part says who sent it; the learner's part is whatever they typed,
so an upload called ``bo-2.ipynb`` or ``ekbo_1202_5502_x.ipynb`` must not make it Bo's work.
Conventions (docs/collect.md cites where they come from):

- Canvas, "Download Submissions": ``<lastfirst>_[LATE_]<user id>_<submission id>_<file name>``,
  ``lastfirst`` the learner's sortable name lowercased without spaces or punctuation, ``LATE``
  present when Canvas judged the submission late, and ``-1``, ``-2`` … added before the
  extension of a file uploaded again.
- Moodle, "Download all submissions": a folder ``<Full Name>_<participant id>_assignsubmission_
  file_/`` holding the learner's files (or, without folders, that prefix before each file name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CANVAS = re.compile(
    r"^(?P<name>[^_/]+)_(?:(?P<late>late)_)?(?P<user>\d+)_(?P<submission>\d+)_(?P<file>[^/]+)$",
    re.IGNORECASE,
)
_MOODLE_FOLDER = re.compile(
    r"^(?P<name>[^/]+?)_(?P<user>\d+)_assignsubmission_(?P<plugin>[a-z]+)_$", re.IGNORECASE
)
_MOODLE_FILE = re.compile(
    r"^(?P<name>[^/]+?)_(?P<user>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>[^/]+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LmsName:
    """Who the LMS says sent an upload, and the learner's own file name, kept apart."""

    lms: str  # "Canvas" or "Moodle"
    name: str  # the learner's name as the LMS wrote it
    user: str  # the LMS's number for the learner
    file: str  # the name the learner gave the file ("" for a Moodle folder)
    late: bool = False  # Canvas wrote LATE into the name

    @property
    def key(self) -> tuple[str, str, str]:
        """One upload of one LMS account; files sharing it are one submission."""
        return (self.lms, self.name.lower(), self.user)

    @property
    def label(self) -> str:
        """How the instructor finds this learner in the LMS."""
        return f"{self.name} ({self.lms} user {self.user})"


def parse_canvas(file_name: str) -> LmsName | None:
    """The Canvas parts of a top-level file name of a Canvas zip, or None."""
    match = _CANVAS.match(file_name)
    if match is None:
        return None
    return LmsName("Canvas", match["name"], match["user"], match["file"], late=bool(match["late"]))


def parse_moodle(path: str) -> LmsName | None:
    """The Moodle parts of a path in a Moodle zip (a participant folder or a prefixed file)."""
    top, _, rest = path.partition("/")
    if rest:
        match = _MOODLE_FOLDER.match(top)
        if match is None:
            return None
        return LmsName("Moodle", match["name"], match["user"], rest)
    match = _MOODLE_FILE.match(top)
    if match is None:
        return None
    return LmsName("Moodle", match["name"], match["user"], match["file"])


def squash(text: str) -> str:
    """Letters and digits only, lowercased: how Canvas writes ``lastfirst``, and how a name
    from any LMS is compared with the roster's."""
    return re.sub(r"[\W_]", "", text.casefold())
