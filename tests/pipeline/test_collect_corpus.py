"""The hostile hand-ins of ``collect_corpus.py``: does every case come out as its row says?

Each case gets a course directory of its own in which every roster learner already has work
collected ("previous", from January), then one ``collect`` run over the case's source. A
learner expected ``collected`` must now have the case's notebook; everyone else must still have
exactly their previous work: a conflict never overwrites anyone. The table of every case and
learner is printed, so a failure shows all rows at once.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import nbformat
import pytest

from autograder.collect import TIMESTAMP_FORMAT, CollectError, CollectReport, collect
from autograder.course_dir import CourseDir
from autograder.roster import Learner
from tests.pipeline.collect_corpus import ASSIGNMENT, CASES, NOTEBOOK, UIDS, Kit, notebook_text

ROSTER = [
    Learner("ana-1", "Ana", "Lima", "ana@example.edu"),
    Learner("bo-2", "Bo", "Ek", "bo@example.edu"),
    Learner("cy-3", "Cy", "Park", "cy@example.edu"),
]
PREVIOUS = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 and os.environ.get("CI") != "true",
    reason="handing files to learners' accounts needs root (CI runs these as root)",
)


class Accounts:
    def uid(self, learner_id: str) -> int | None:
        return UIDS.get(learner_id)

    def name(self, uid: int) -> str:
        return {u: n for n, u in UIDS.items()}.get(uid, f"uid {uid}")


def marker(course: CourseDir, learner: str) -> str | None:
    path = course.submitted(learner, ASSIGNMENT) / NOTEBOOK
    if not path.is_file():
        return None
    return nbformat.read(path, as_version=4).cells[0].source.removeprefix("answer = ").strip("'")


def seed_previous(course: CourseDir) -> None:
    for learner in ROSTER:
        folder = course.submitted(learner.id, ASSIGNMENT)
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(notebook_text("previous"), encoding="utf-8")
        (folder / "timestamp.txt").write_text(PREVIOUS.strftime(TIMESTAMP_FORMAT))


def check(expected: str, got_marker: str | None, conflicts: list[str]) -> str:
    """'' when the learner's outcome is as expected, else what happened instead."""
    kind, _, detail = expected.partition(":")
    if kind == "collected":
        return "" if got_marker == detail else f"notebook {got_marker!r}"
    if got_marker not in (None, "previous"):
        return f"collected {got_marker!r}"
    if kind == "absent":
        return "" if not conflicts else f"conflict: {conflicts[0]}"
    if any(detail in why for why in conflicts):
        return ""
    return f"no conflict saying {detail!r}: {conflicts}"


def test_every_hostile_hand_in_gets_the_expected_outcome(tmp_path, capsys):
    """Is each case's every learner collected, refused with the reason, or left alone as
    expected, late work reported late, and nobody's earlier work overwritten by a conflict?"""
    rows: list[tuple[str, str, str, str]] = []
    for case in CASES:
        course = CourseDir(tmp_path / case.id / "course")  # collect needs no gradebook
        seed_previous(course)
        kit = Kit(tmp_path / case.id)
        case.build(kit)
        due = kit.now + case.due if isinstance(case.due, timedelta) else case.due
        try:
            report = collect(
                course, ASSIGNMENT, kit.source, ROSTER, [NOTEBOOK], owners=Accounts(), due=due
            )
        except CollectError as error:
            ok = case.error and case.error in str(error)
            rows.append(
                (case.id, "(all)", case.error or "a report", "ok" if ok else f"FAIL {error}")
            )
            report = CollectReport()
        except Exception as error:  # a case that stops the batch fails, with its reason
            rows.append((case.id, "(all)", "a report", f"FAIL {type(error).__name__}: {error}"))
            continue
        else:
            if case.error:
                rows.append((case.id, "(all)", case.error, "FAIL collected anyway"))
        for learner, expected in case.expected.items():
            whys = [c.why for c in report.conflicts if c.learner == learner]
            problem = check(expected, marker(course, learner), whys)
            rows.append((case.id, learner, expected, f"FAIL {problem}" if problem else "ok"))
        late = tuple(sorted(x.learner for x in report.late))
        if late != tuple(sorted(case.late)):
            rows.append((case.id, "late", str(case.late), f"FAIL reported {late}"))
        for learner in case.noted:
            if not any(c.learner == learner for c in report.conflicts):
                rows.append((case.id, learner, "a conflict noted", "FAIL none"))
        for learner in ROSTER:
            outcome = case.expected.get(learner.id, "absent")
            if not outcome.startswith("collected") and marker(course, learner.id) != "previous":
                rows.append((case.id, learner.id, "previous work kept", "FAIL overwritten"))
    table = "\n".join(f"{a:32} {b:28} {c:40} {d}" for a, b, c, d in rows)
    print(f"{'case':32} {'learner':28} {'expected':40} outcome\n{table}")
    assert len(CASES) >= 20
    assert "FAIL" not in table, table
