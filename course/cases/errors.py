"""The two ways loading a case can fail: broken case data, or a case id nobody knows.

Why separate exceptions: the people who meet them differ. ``CaseDataError`` is for whoever edits
a case file (an instructor adding a case, a contributor fixing a number), so it names the file, the
field and the fix. ``UnknownCaseError`` is for whoever typed a case id in a lesson or a grader, so
it lists the ids that exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from course.models.errors import did_you_mean


class CaseDataError(ValueError):
    """A case data file is missing, unreadable, or holds a value the case cannot use.

    ``file`` is the data file (as a path relative to the repository when it lies inside it),
    ``field`` the place inside it (``criteria[2].weight``, ``row 3, column 'fte'``), ``problem``
    what is wrong and ``fix`` what to change.
    """

    def __init__(self, file: str, field: str, problem: str, fix: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        self.fix = fix
        stop = "" if problem.endswith((".", "?", "!")) else "."
        super().__init__(f"{file}: field {field!r}: {problem}{stop} Fix: {fix}")


class UnknownCaseError(LookupError):
    """No case has this id; the message lists the ids that exist and the closest one."""

    def __init__(self, case_id: object, known: Iterable[str]) -> None:
        self.case_id = case_id
        self.known = tuple(known)
        text = str(case_id).strip().lower()
        starts = [known_id for known_id in self.known if text and known_id.startswith(text)]
        hint = f"; did you mean {starts[0]!r}?" if starts else did_you_mean(case_id, self.known)
        super().__init__(
            f"no case with id {case_id!r}{hint or '.'} Known cases: {', '.join(self.known)}"
        )
