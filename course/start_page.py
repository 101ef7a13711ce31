"""Generate ``start-here.ipynb``, the page the course opens on, from the catalog.

Why generated: the start page lists every module and exercise with links. Writing it by hand
would drift from the catalog; generating it (and testing that the committed copy is current)
keeps one source of truth.
"""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode

from course.catalog import Catalog, learner_copy_path
from course.notebook_files import new_notebook, notebook_text, write_notebook

START_PAGE = "start-here.ipynb"


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
            lines.append(f"- [{exercise.title}]({link}) ({exercise.points:g} points)")
    return "\n".join(lines)


def build_start_page(catalog: Catalog) -> NotebookNode:
    """The start page as a notebook: welcome, how to work, then one section per module."""
    welcome = (
        f"# {catalog.title}\n\n{catalog.tagline}\n\n"
        "Work through the modules in order; each takes under an hour. Every lesson mixes short "
        "reading, interactive case studies and self-check questions with instant feedback. "
        "Each module ends with a graded exercise."
    )
    how_to = (
        "## How to work\n\n"
        "1. Open a lesson from the list below and run its cells from the top "
        "(**Run ▸ Run All Cells**).\n"
        "2. Play with the interactive cases: move a slider, pick a vendor, watch the numbers.\n"
        "3. Do the graded exercise in `my-exercises/`. Before you submit, check yourself with "
        "the visible tests (**Validate** in the Assignments tab, or run every cell).\n\n"
        "Your copies of the exercises live in `my-exercises/`; rebuilding never overwrites them. "
        "The folder `exercises/` holds the instructors' sources, solutions included: opening it "
        "spoils the exercise."
    )
    cells: list[tuple[str, str]] = [("markdown", welcome), ("markdown", how_to)]
    cells.append(("markdown", "## Modules"))
    cells += [("markdown", _module_section(catalog, i)) for i in range(len(catalog.modules))]
    sources = "\n".join(f"- {citation}" for citation in catalog.sources.values())
    cells.append(("markdown", f"## Sources the course draws on\n\n{sources}"))
    return new_notebook(cells)


def write_start_page(catalog: Catalog, path: Path | None = None) -> Path:
    """Regenerate the start page; returns the path written."""
    path = path or catalog.root / START_PAGE
    write_notebook(build_start_page(catalog), path)
    return path


def start_page_is_current(catalog: Catalog, path: Path | None = None) -> bool:
    """True when the committed start page equals what the catalog generates."""
    path = path or catalog.root / START_PAGE
    if not path.is_file():
        return False
    return path.read_text(encoding="utf-8") == notebook_text(build_start_page(catalog))
