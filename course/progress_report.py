"""Where a learner stands: per module and exercise, from the events in their progress log.

Why apart from the store: the store only appends and reads lines; this module turns those lines
into what a person reads (the start page's table, ``course progress``, the completion summary),
and knows the syllabus to do it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.catalog import Catalog
from course.exercise_parts import autograded_parts
from course.self_checks import SelfCheckError, load_questions


@dataclass(frozen=True)
class ExerciseProgress:
    """The latest result of each autograded part of one exercise."""

    id: str
    title: str
    earned: float
    available: float
    checked: int
    parts: int

    @property
    def complete(self) -> bool:
        return self.parts > 0 and self.checked == self.parts and self.earned >= self.available


@dataclass(frozen=True)
class ModuleProgress:
    """Where a learner stands in one module."""

    id: str
    order: int
    title: str
    lessons_done: int
    lessons: int
    self_checks_right: int
    self_checks_answered: int
    self_checks: int
    exercises: tuple[ExerciseProgress, ...]

    @property
    def status(self) -> str:
        """``done``, ``in progress`` or ``not started``."""
        done = (
            self.lessons_done == self.lessons
            and self.self_checks_right == self.self_checks
            and all(exercise.complete for exercise in self.exercises)
        )
        if done:
            return "done"
        started = (
            self.lessons_done
            or self.self_checks_answered
            or any(exercise.checked for exercise in self.exercises)
        )
        return "in progress" if started else "not started"


@dataclass(frozen=True)
class CourseProgress:
    """Every module, and whether the whole course is finished."""

    learner: str
    modules: tuple[ModuleProgress, ...]

    @property
    def complete(self) -> bool:
        return all(module.status == "done" for module in self.modules)


def _question_ids(module_id: str) -> set[str]:
    try:
        return set(load_questions(module_id))
    except SelfCheckError:
        return set()


def _exercise_progress(catalog: Catalog, exercise_id: str, events: list[dict]) -> ExerciseProgress:
    exercise = catalog.exercise(exercise_id)
    parts = autograded_parts(catalog, exercise)
    latest: dict[str, float] = {}
    for event in events:
        if (
            event["kind"] == "exercise-check"
            and event.get("exercise") == exercise_id
            and event.get("check") in parts
        ):
            latest[event["check"]] = float(event.get("earned", 0))
    return ExerciseProgress(
        id=exercise.id,
        title=exercise.title,
        earned=sum(latest.values()),
        available=sum(parts.values()),
        checked=len(latest),
        parts=len(parts),
    )


def summarise(catalog: Catalog, events: Iterable[dict[str, Any]], learner: str) -> CourseProgress:
    """Fold the event log into one :class:`ModuleProgress` per module, in course order."""
    events = list(events)
    modules = []
    for module in catalog.modules:
        lessons = {Path(notebook).stem for notebook in module.notebooks}
        finished = {
            e.get("notebook")
            for e in events
            if e["kind"] == "lesson" and e.get("module") == module.id
        }
        questions = _question_ids(module.id)
        answers: dict[str, bool] = {}
        for event in events:
            if event["kind"] == "self-check" and event.get("module") == module.id:
                question = event.get("question")
                if question in questions:
                    answers[question] = answers.get(question, False) or bool(event.get("correct"))
        modules.append(
            ModuleProgress(
                id=module.id,
                order=module.order,
                title=module.title,
                lessons_done=len(lessons & finished),
                lessons=len(lessons),
                self_checks_right=sum(answers.values()),
                self_checks_answered=len(answers),
                self_checks=len(questions),
                exercises=tuple(
                    _exercise_progress(catalog, e.id, events)
                    for e in catalog.exercises_of(module.id)
                ),
            )
        )
    return CourseProgress(learner, tuple(modules))


def _points(value: float) -> str:
    return f"{value:g}"


def _exercise_cell(exercise: ExerciseProgress) -> str:
    if not exercise.checked:
        return f"{exercise.title}: not checked yet"
    return (
        f"{exercise.title}: {_points(exercise.earned)} of {_points(exercise.available)} points "
        f"({exercise.checked} of {exercise.parts} parts checked)"
    )


def progress_rows(progress: CourseProgress) -> list[tuple[str, str, str, str, str]]:
    """One row per module: module, status, lessons, self-checks, exercises (plain text)."""
    rows = []
    for module in progress.modules:
        rows.append(
            (
                f"{module.order}. {module.title}",
                module.status,
                f"{module.lessons_done} of {module.lessons}",
                f"{module.self_checks_right} of {module.self_checks} right",
                "; ".join(_exercise_cell(e) for e in module.exercises) or "none",
            )
        )
    return rows


HEADERS = ("Module", "Lessons and self-checks", "Graded exercises")


def progress_text(progress: CourseProgress) -> str:
    """The table for a terminal: one block per module, readable at 80 columns."""
    lines = [f"Progress of {progress.learner}", ""]
    for module, status, lessons, checks, exercises in progress_rows(progress):
        lines.append(f"{module}  [{status}]")
        lines.append(f"    lessons finished: {lessons}; self-checks: {checks}")
        lines.append(f"    exercises: {exercises}")
    done = sum(m.status == "done" for m in progress.modules)
    lines += ["", f"{done} of {len(progress.modules)} modules done."]
    return "\n".join(lines)


_STATUS_MARK = {"done": "✓ done", "in progress": "◐ in progress", "not started": "○ not started"}


def progress_html(progress: CourseProgress) -> str:
    """The table for a notebook or a page: three columns that still read on a phone, real
    headers, and a status written as words (a screen reader reads it; colour is not needed)."""
    # Inline styles: JupyterLab right-aligns table cells, which suits numbers, not these texts.
    cell = 'style="text-align:left;vertical-align:top;padding:4px 8px"'
    head = "".join(f'<th scope="col" {cell}>{html.escape(h)}</th>' for h in HEADERS)
    body = []
    for module, status, lessons, checks, exercises in progress_rows(progress):
        cells = [
            f'<th scope="row" {cell}>{html.escape(module)}<br>'
            f'<span class="course-status-{status.replace(" ", "-")}" style="font-weight:normal">'
            f"{_STATUS_MARK[status]}</span></th>",
            f"<td {cell}>Lessons finished: {html.escape(lessons)}<br>"
            f"Self-checks: {html.escape(checks)}</td>",
            f"<td {cell}>{html.escape(exercises).replace('; ', '<br>')}</td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    done = sum(m.status == "done" for m in progress.modules)
    return (
        '<table class="course-progress" style="border-collapse:collapse;text-align:left">'
        f'<caption style="text-align:left">Your progress: {done} of {len(progress.modules)} '
        "modules done</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def completion_summary_html(progress: CourseProgress, course_title: str) -> str:
    """A standalone page listing what the learner did and scored, to print or keep."""
    state = "Course completed" if progress.complete else "Course in progress"
    when = datetime.now(UTC).strftime("%d %B %Y")
    earned = sum(e.earned for m in progress.modules for e in m.exercises)
    available = sum(e.available for m in progress.modules for e in m.exercises)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(course_title)}: {state}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.5; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ccc; padding: .4rem .5rem; vertical-align: top; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .5rem; }}
@media (max-width: 40rem) {{ table, thead, tbody, tr, th, td {{ display: block; }}
  thead {{ display: none; }} tr {{ margin-bottom: 1rem; }} }}
</style></head><body>
<h1>{html.escape(course_title)}</h1>
<p><strong>{state}</strong> by <strong>{html.escape(progress.learner)}</strong>, {when}.</p>
<p>Autograded exercise points, as last checked: {_points(earned)} of {_points(available)}.
Written answers (memos) are graded by a person and are not included.</p>
{progress_html(progress)}
</body></html>
"""
