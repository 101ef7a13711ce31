"""Generate ``start-here.ipynb``, the page a learner's workspace opens on, from the catalog.

Why generated: the start page lists every module and exercise with links. Writing it by hand
would drift from the catalog. It is written into each learner's workspace (never committed), with
the learner's progress table already rendered under its first code cell, and rebuilt each time
the course starts.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course.catalog import Catalog, learner_copy_path
from course.guide import GLOSSARY_PAGE, REFERENCES_PAGE, WARM_UP_PAGE
from course.notebook_files import new_notebook, write_notebook

START_PAGE = "start-here.ipynb"
PROGRESS_CELL = "from course.progress_view import progress_table\nprogress_table()"


def _module_section(catalog: Catalog, position: int) -> str:
    module = catalog.modules[position]
    lines = [f"### {module.order}. {module.title}", ""]
    lessons = ", ".join(f"[{Path(nb).stem}]({nb})" for nb in module.notebooks)
    lines.append(f"*About {module.minutes} minutes.* Lesson: {lessons}")
    if module.demo:
        lines.append(f"· Interactive case: [{Path(module.demo).stem}]({module.demo})")
    lines += ["", "You will be able to:", ""]
    lines += [f"- {objective}" for objective in module.objectives]
    exercises = catalog.exercises_of(module.id)
    if exercises:
        lines += ["", "Graded exercise:" if len(exercises) == 1 else "Graded exercises:", ""]
        for exercise in exercises:
            link = learner_copy_path(exercise, exercise.notebooks[0])
            time = f", about {exercise.minutes} minutes" if exercise.minutes else ""
            lines.append(f"- [{exercise.title}]({link}) ({exercise.points:g} points{time})")
    return "\n".join(lines)


def _time_sentence(catalog: Catalog) -> str:
    """How long the course takes, from the catalog's own estimates."""
    module_minutes = [module.minutes for module in catalog.modules]
    sentence = (
        f"Each module takes {min(module_minutes)} to {max(module_minutes)} minutes of reading, "
        "interactive cases and self-checks"
    )
    exercise_minutes = [e.minutes for e in catalog.exercises if e.minutes]
    if exercise_minutes:
        sentence += (
            f", and each graded exercise another {min(exercise_minutes)} to "
            f"{max(exercise_minutes)} minutes"
        )
    return sentence + "."


def _before_you_start() -> str:
    """The Python a learner needs, and where the warm-up, references and glossary are."""
    return (
        "## Before you start\n\n"
        "You need a little Python: running notebook cells in order; variables and arithmetic; "
        'text with `f"..."` strings; lists and dictionaries; an `if`, a `for` loop and a short '
        "function; reading values such as `case.transition_fee` from an object; and reading an "
        "error message. No programming experience beyond that is assumed. If any of it is new, "
        f"do the [Python warm-up]({WARM_UP_PAGE}) first (about 45 minutes).\n\n"
        f"Keep two pages at hand: the [glossary]({GLOSSARY_PAGE}) explains the abbreviations "
        "(RFP, SLA, BATNA, ZOPA, RACI, FTE, P1 and more), and the "
        f"[references]({REFERENCES_PAGE}) list every source in full, with where to find it."
    )


def build_start_page(catalog: Catalog) -> NotebookNode:
    """The start page as a notebook: welcome, how to work, then one section per module."""
    welcome = (
        f"# {catalog.title}\n\n{catalog.tagline}\n\n"
        "Work through the modules in order. Every lesson mixes short reading, interactive case "
        "studies and self-check questions with instant feedback, and each module ends with a "
        f"graded exercise. {_time_sentence(catalog)}"
    )
    how_to = (
        "## How to work\n\n"
        "1. Open a lesson from the list below and run its cells from the top "
        "(**Run ▸ Run All Cells**).\n"
        "2. Play with the interactive cases: move a slider, pick a vendor, watch the numbers. "
        "Answer the self-check questions as you go.\n"
        "3. Do the graded exercise in `my-exercises/`. Run the test cell under each answer: it "
        "checks your answer on your own case variant and tells you the points it earns, or what "
        "to revisit. **Validate** on the notebook's toolbar runs every check at once.\n\n"
        "Everything here is your own copy: edit and run freely. When the course is updated, "
        "new material is added and files you have not changed are refreshed; files you changed "
        "are kept. To start a file over, delete it and start the course again."
    )
    progress = (
        "## Your progress\n\n"
        "Lessons run to the end, self-checks answered right, and the points your exercise "
        "answers earned when you last checked them. Run the cell below to refresh it."
    )
    cells: list[tuple[str, str]] = [
        ("markdown", welcome),
        ("markdown", progress),
        ("code", PROGRESS_CELL),
        ("markdown", how_to),
        ("markdown", _before_you_start()),
    ]
    cells.append(("markdown", "## Modules"))
    cells += [("markdown", _module_section(catalog, i)) for i in range(len(catalog.modules))]
    cells.append(
        (
            "markdown",
            "## Sources the course draws on\n\n"
            f"Every source, in full and with the modules that use it, is on the "
            f"[references page]({REFERENCES_PAGE}).",
        )
    )
    return new_notebook(cells)


def write_start_page(catalog: Catalog, workspace: Path) -> Path:
    """Write the start page into a workspace, its progress table already shown."""
    from course.progress_view import progress_table

    notebook = build_start_page(catalog)
    table = progress_table(workspace)
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source == PROGRESS_CELL:
            cell.outputs = [
                nbformat.v4.new_output(
                    "display_data",
                    data={"text/html": table.data, "text/plain": "Your progress (run the cell)"},
                )
            ]
    path = workspace / START_PAGE
    write_notebook(notebook, path)
    return path
