"""Import a cohort's roster (id, first, last, email) into the gradebook, all or nothing.

Why all or nothing: a roster with one bad row, imported half-way, leaves an instructor unsure who
is in the course. Every row is checked first and every problem is reported with its line number;
only a clean file touches the gradebook, in one transaction. Re-importing a corrected roster
updates names and e-mails of learners already there.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from autograder.course_dir import CourseDir
from course.learner import valid_learner_id

REQUIRED_COLUMNS = ("id", "first", "last", "email")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterError(ValueError):
    """The roster file cannot be imported; the message lists every problem with its line."""


@dataclass(frozen=True)
class Learner:
    """One roster row."""

    id: str
    first: str
    last: str
    email: str


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if not path.is_file():
        raise RosterError(f"{path}: no such file; give the path of the roster CSV")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"{path}: not UTF-8 text; save the roster as 'CSV UTF-8'") from None
    reader = csv.DictReader(text.splitlines())
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = [(reader.line_num, row) for row in reader]
    return header, rows


def parse_roster(path: Path) -> list[Learner]:
    """Every learner in the file, or a ``RosterError`` naming each bad line and the fix."""
    header, rows = _read_rows(path)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise RosterError(
            f"{path}: the first line must name the columns {', '.join(REQUIRED_COLUMNS)}; "
            f"missing: {', '.join(missing)}"
        )
    problems: list[str] = []
    learners: list[Learner] = []
    first_seen: dict[str, int] = {}
    for line, row in rows:
        if None in row:
            problems.append(f"line {line}: more values than columns (a comma inside a name?)")
            continue
        values = {column: (row.get(column) or "").strip() for column in REQUIRED_COLUMNS}
        if not any(values.values()):
            continue  # a blank line
        learner_id = values["id"]
        if not learner_id:
            problems.append(f"line {line}: the id is empty")
            continue
        if not valid_learner_id(learner_id):
            problems.append(
                f"line {line}: id {learner_id!r} may use only letters, digits and . _ @ -"
            )
            continue
        if learner_id in first_seen:
            problems.append(
                f"line {line}: id {learner_id!r} is a duplicate of line {first_seen[learner_id]}"
            )
            continue
        first_seen[learner_id] = line
        if values["email"] and not _EMAIL.match(values["email"]):
            problems.append(f"line {line}: {values['email']!r} is not an e-mail address")
            continue
        learners.append(Learner(learner_id, values["first"], values["last"], values["email"]))
    if problems:
        raise RosterError(
            f"{path}: nothing was imported; fix these lines and import again:\n  "
            + "\n  ".join(problems)
        )
    if not learners:
        raise RosterError(f"{path}: the file lists no learners")
    return learners


def import_roster(course: CourseDir, path: Path) -> tuple[int, int]:
    """Add or update every learner in one transaction; return (added, updated)."""
    learners = parse_roster(path)
    from nbgrader.api import Gradebook, Student

    added = updated = 0
    with Gradebook(course.db_url) as gradebook:
        session = gradebook.db
        try:
            for learner in learners:
                student = session.query(Student).filter(Student.id == learner.id).one_or_none()
                if student is None:
                    student = Student(id=learner.id)
                    session.add(student)
                    added += 1
                else:
                    updated += 1
                student.first_name = learner.first or None
                student.last_name = learner.last or None
                student.email = learner.email or None
            session.commit()
        except Exception:
            session.rollback()
            raise
    return added, updated


def roster_ids(course: CourseDir) -> list[str]:
    """The learner ids in the gradebook, sorted."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        return sorted(student.id for student in gradebook.students)
