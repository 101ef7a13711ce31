"""nbgrader's collect (formgrader's Collect button, ``nbgrader collect``) with our checks.

Why: nbgrader's own collect believes the learner id and the time in a submission folder's name
and only logs a warning when the folder belongs to someone else (docs/collect.md). The course's
``nbgrader_config.py`` (written by ``autograder init``) plugs this class in as
``c.ExchangeFactory.collect``, so every way of collecting runs the rules of
``autograder/collect.py``. nbgrader's own switch ``ExchangeCollect.check_owner`` (on by default)
is the owner check; off, it is the one-account case.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from autograder.roster import Learner


class CheckedCollect(ExchangeCollect):
    """Collect one assignment from the exchange as ``autograder collect`` does."""

    def start(self) -> None:
        from nbgrader.api import Gradebook

        from autograder.collect import (
            SYSTEM_ACCOUNTS,
            CollectError,
            assignment_due,
            collect,
            report_lines,
            shown,
        )
        from autograder.course_dir import CourseDir
        from course.catalog import load_catalog

        course = CourseDir(Path(self.coursedir.root).resolve())
        assignment = self.coursedir.assignment_id
        try:
            exercise = load_catalog().exercise(assignment)
        except Exception:
            self.fail(f"{assignment}: not an assignment of this course's catalog")
        with Gradebook(self.coursedir.db_url) as gradebook:
            roster = [
                Learner(s.id, s.first_name or "", s.last_name or "", s.email or "")
                for s in gradebook.students
            ]
        wanted = self.coursedir.student_id
        if wanted and wanted != "*":
            roster = [learner for learner in roster if learner.id == wanted]
        try:
            report = collect(
                course,
                exercise.id,
                Path(self.root),
                roster,
                [Path(nb).name for nb in exercise.notebooks],
                owners=SYSTEM_ACCOUNTS if self.check_owner else None,
                due=assignment_due(course, exercise.id),
                course_id=self.coursedir.course_id,
                expect_exchange=True,
            )
        except CollectError as error:
            self.fail(str(error))
        lines = report_lines(report, exercise.id)
        for line in lines:
            if report.conflicts and line.startswith(f"{len(report.conflicts)} conflict"):
                break
            self.log.info(line)
        for conflict in report.conflicts:
            self.log.warning(
                "%s: refused %s; why: %s; fix: %s",
                shown(conflict.learner),
                shown(conflict.refused),
                shown(conflict.why),
                shown(conflict.fix),
            )
