"""Read scores back from a gradebook, for comparing runners."""

from __future__ import annotations

from autograder.course_dir import CourseDir


def cell_scores(course: CourseDir, assignment: str) -> dict[tuple[str, str], float | None]:
    """Every learner's autograded score per graded cell (None where nothing was scored)."""
    from nbgrader.api import Gradebook

    scores: dict[tuple[str, str], float | None] = {}
    with Gradebook(course.db_url) as gradebook:
        for submission in gradebook.find_assignment(assignment).submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    scores[(submission.student.id, grade.name)] = grade.auto_score
    return scores
