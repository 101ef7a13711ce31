"""The coverage matrix: each idea the course promises, and where it is taught, practised, graded.

Why data: "is this idea assessed anywhere?" is a question about the whole course, and answering it
by reading five lessons and eight exercises goes stale the moment one of them changes.
``course/coverage.yml`` lists each distinct idea of the five articles the course started from
(paraphrased, with its source as a catalog key) and each catalog objective, with references to
the lesson headings that teach it, the self-check questions that practise it and the graded
checks or rubric criteria that assess it. This module resolves every reference against the
repository (a heading that was renamed, a check that was dropped, fails loudly), counts the
totals and writes the readable page ``docs/coverage.md`` (``python -m course.coverage``); a test
fails when the page is stale or the course misses its targets.

A graded reference is honest only if the check or the criterion really assesses the idea; a
reference marked ``drawn: true`` assesses it only for learners whose variant draws that item
(scenario pools), and the page counts those separately.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from course.catalog import Catalog, load_catalog
from course.self_checks import load_questions

COVERAGE_FILE = "course/coverage.yml"
COVERAGE_PAGE = "docs/coverage.md"

GRADED_TARGET = 0.8
"""Share of the source ideas that must be graded (autograded or by rubric): the course's goal."""

RUBRIC_MARK = "**Rubric the grader uses**"


class CoverageError(ValueError):
    """A coverage entry that does not resolve; the message names the entry and the fix."""


@dataclass(frozen=True)
class Taught:
    notebook: str
    heading: str


@dataclass(frozen=True)
class Graded:
    """A graded check (``check``) or a rubric criterion (``rubric``, 1-based) of an exercise."""

    exercise: str
    check: str | None = None
    rubric: int | None = None
    about: str | None = None
    drawn: bool = False

    def label(self) -> str:
        part = self.check if self.check else f"rubric {self.rubric} ({self.about})"
        return f"{self.exercise}: {part}" + (" [drawn]" if self.drawn else "")


@dataclass(frozen=True)
class Entry:
    """One idea (from a source article) or one catalog objective, with where it lives."""

    id: str
    text: str
    source: str  # a catalog source key, or the module id for an objective
    taught: tuple[Taught, ...]
    self_checked: tuple[str, ...]  # "module/question-id"
    graded: tuple[Graded, ...]
    note: str = ""  # what the references cover only in part, said plainly

    @property
    def is_graded(self) -> bool:
        return bool(self.graded)

    @property
    def graded_for_everyone(self) -> bool:
        return any(not g.drawn for g in self.graded)


@dataclass(frozen=True)
class Coverage:
    ideas: tuple[Entry, ...]
    objectives: tuple[Entry, ...]


# --- reading the repository ------------------------------------------------------------------


def _cells(root: Path, notebook: str) -> list[dict]:
    path = root / notebook
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


@cache
def headings(root: Path, notebook: str) -> frozenset[str]:
    """The markdown headings of a notebook, without their ``#`` marks."""
    return frozenset(
        line.lstrip("#").strip()
        for cell in _cells(root, notebook)
        if cell["cell_type"] == "markdown"
        for line in _source(cell).splitlines()
        if line.startswith("#")
    )


@cache
def graded_checks(root: Path, notebook: str) -> frozenset[str]:
    """The grade ids of an exercise notebook's autograded cells (the check ids)."""
    return frozenset(
        cell["metadata"]["nbgrader"]["grade_id"]
        for cell in _cells(root, notebook)
        if cell["cell_type"] == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
        and not cell["metadata"]["nbgrader"].get("solution")
    )


@cache
def rubric_criteria(root: Path, notebook: str) -> tuple[str, ...]:
    """The criteria (one bullet each) under an exercise's "Rubric the grader uses"."""
    for cell in _cells(root, notebook):
        text = _source(cell)
        if cell["cell_type"] == "markdown" and RUBRIC_MARK in text:
            bullets: list[str] = []
            for line in text.split(RUBRIC_MARK, 1)[1].splitlines():
                if line.startswith("- "):
                    bullets.append(line[2:].strip())
                elif line.startswith("  ") and bullets:
                    bullets[-1] += " " + line.strip()
            return tuple(bullets)
    return ()


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().lower()


# --- loading and checking --------------------------------------------------------------------


def _entry(raw: dict, where: str, source: str, text: str) -> Entry:
    def need_list(key: str) -> list:
        value = raw.get(key) or []
        if not isinstance(value, list):
            raise CoverageError(f"{where}: '{key}' must be a list")
        return value

    taught = tuple(Taught(t["notebook"], t["heading"]) for t in need_list("taught"))
    graded = tuple(
        Graded(
            exercise=g["exercise"],
            check=g.get("check"),
            rubric=g.get("rubric"),
            about=g.get("about"),
            drawn=bool(g.get("drawn", False)),
        )
        for g in need_list("graded")
    )
    return Entry(
        id=str(raw["id"]),
        text=text,
        source=source,
        taught=taught,
        self_checked=tuple(str(s) for s in need_list("self_checked")),
        graded=graded,
        note=str(raw.get("note", "")).strip(),
    )


def load_coverage(catalog: Catalog | None = None, path: Path | None = None) -> Coverage:
    """Read ``course/coverage.yml`` and resolve every reference, or raise CoverageError."""
    catalog = catalog or load_catalog()
    path = path or catalog.root / COVERAGE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ideas = []
    for index, raw in enumerate(data.get("ideas", [])):
        where = f"{path.name}: ideas[{index}] ({raw.get('id', '?')})"
        if raw.get("source") not in catalog.references:
            raise CoverageError(
                f"{where}: source {raw.get('source')!r} is not a source key in course/catalog.yml"
            )
        ideas.append(_entry(raw, where, raw["source"], str(raw.get("idea", "")).strip()))
    objectives = []
    for index, raw in enumerate(data.get("objectives", [])):
        module_id, number = raw.get("module"), raw.get("number")
        where = f"{path.name}: objectives[{index}] ({module_id} #{number})"
        module = next((m for m in catalog.modules if m.id == module_id), None)
        if (
            module is None
            or not isinstance(number, int)
            or not 1 <= number <= len(module.objectives)
        ):
            raise CoverageError(f"{where}: no such objective in course/catalog.yml")
        raw = {**raw, "id": f"{module_id}#{number}"}
        objectives.append(_entry(raw, where, module_id, module.objectives[number - 1]))
    coverage = Coverage(tuple(ideas), tuple(objectives))
    problems = list(check_references(coverage, catalog))
    if problems:
        raise CoverageError(f"{path.name}: " + "; ".join(problems))
    return coverage


def check_references(coverage: Coverage, catalog: Catalog) -> Iterable[str]:
    """Every reference that does not resolve, as a sentence naming the entry and the fix."""
    root = catalog.root
    lesson_notebooks = {n for m in catalog.modules for n in m.notebooks}
    exercises = {e.id: e for e in catalog.exercises}
    seen: set[str] = set()
    for entry in coverage.ideas + coverage.objectives:
        if entry.id in seen:
            yield f"{entry.id} appears twice: give every entry its own id"
        seen.add(entry.id)
        if not entry.text:
            yield f"{entry.id} has no paraphrase"
        for taught in entry.taught:
            if taught.notebook not in lesson_notebooks:
                yield f"{entry.id}: {taught.notebook} is not a lesson notebook in the catalog"
            elif taught.heading not in headings(root, taught.notebook):
                yield f"{entry.id}: no heading {taught.heading!r} in {taught.notebook}"
        for ref in entry.self_checked:
            module_id, _, question = ref.partition("/")
            try:
                known = load_questions(module_id)
            except Exception as error:  # noqa: BLE001 - reported as a coverage problem
                yield f"{entry.id}: self-check {ref!r}: {error}"
                continue
            if question not in known:
                yield (
                    f"{entry.id}: no self-check {question!r} in course/self_checks/{module_id}.yml"
                )
        for graded in entry.graded:
            exercise = exercises.get(graded.exercise)
            if exercise is None:
                yield f"{entry.id}: no exercise {graded.exercise!r} in course/catalog.yml"
                continue
            if (graded.check is None) == (graded.rubric is None):
                yield f"{entry.id}: {graded.exercise}: give either 'check' or 'rubric'"
                continue
            if graded.check is not None:
                if not any(graded.check in graded_checks(root, n) for n in exercise.notebooks):
                    yield f"{entry.id}: {graded.exercise} has no graded check {graded.check!r}"
                continue
            criteria = [c for n in exercise.notebooks for c in rubric_criteria(root, n)]
            if not 1 <= (graded.rubric or 0) <= len(criteria):
                yield f"{entry.id}: {graded.exercise} has no rubric criterion {graded.rubric}"
            elif not graded.about or _plain(graded.about) not in _plain(
                criteria[graded.rubric - 1]  # type: ignore[operator]
            ):
                yield (
                    f"{entry.id}: {graded.exercise} rubric criterion {graded.rubric} does not "
                    f"mention {graded.about!r}; quote words the criterion really uses"
                )


# --- figures and targets ---------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    ideas: int
    ideas_graded: int
    ideas_graded_for_everyone: int
    ideas_self_checked_only: int
    ideas_neither: int
    ideas_untaught: int
    objectives: int
    objectives_graded: int


def totals(coverage: Coverage) -> Totals:
    ideas = coverage.ideas
    return Totals(
        ideas=len(ideas),
        ideas_graded=sum(e.is_graded for e in ideas),
        ideas_graded_for_everyone=sum(e.graded_for_everyone for e in ideas),
        ideas_self_checked_only=sum(not e.is_graded and bool(e.self_checked) for e in ideas),
        ideas_neither=sum(not e.is_graded and not e.self_checked for e in ideas),
        ideas_untaught=sum(not e.taught for e in ideas),
        objectives=len(coverage.objectives),
        objectives_graded=sum(e.is_graded for e in coverage.objectives),
    )


def missed_targets(coverage: Coverage, catalog: Catalog) -> list[str]:
    """What keeps the course from its targets; empty when every target is met."""
    problems = []
    figures = totals(coverage)
    listed = {e.id for e in coverage.objectives}
    for module in catalog.modules:
        for number in range(1, len(module.objectives) + 1):
            if f"{module.id}#{number}" not in listed:
                problems.append(f"objective {module.id}#{number} is not in {COVERAGE_FILE}")
    problems += [f"objective {e.id} is not graded" for e in coverage.objectives if not e.graded]
    problems += [f"{e.id} is not taught in any lesson" for e in coverage.ideas if not e.taught]
    problems += [
        f"{e.id} is neither graded nor self-checked"
        for e in coverage.ideas
        if not e.graded and not e.self_checked
    ]
    if figures.ideas_graded < GRADED_TARGET * figures.ideas:
        problems.append(
            f"only {figures.ideas_graded} of {figures.ideas} source ideas are graded; "
            f"the target is {GRADED_TARGET:.0%}"
        )
    return problems


# --- the page --------------------------------------------------------------------------------


def _module_of(entry: Entry, catalog: Catalog) -> str:
    for taught in entry.taught:
        for module in catalog.modules:
            if taught.notebook in module.notebooks:
                return module.id
    return "(not taught)"


def _cell(items: Iterable[str]) -> str:
    text = "; ".join(items)
    return text.replace("|", "\\|") if text else "–"


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else "0 of 0"


def render(coverage: Coverage, catalog: Catalog) -> str:
    """The coverage page, in Markdown."""
    figures = totals(coverage)
    modules = {m.id: m for m in catalog.modules}
    lines = [
        "# Coverage: where each idea is taught, practised and graded",
        "",
        f"Generated from `{COVERAGE_FILE}` by `python -m course.coverage`; do not edit by hand. "
        "`tests/content/test_coverage.py` fails when a reference below stops resolving (a "
        "lesson heading, a self-check, an exercise's check or rubric criterion), when this page "
        "is stale, or when the course misses its targets: every objective graded, at least "
        f"{GRADED_TARGET:.0%} of the source ideas graded, and every other idea self-checked.",
        "",
        "The ideas are the course's own one-line paraphrases of the five articles it started "
        "from; each names its source, listed in full on the references page "
        "(`guide/references.ipynb`). *Graded* means an autograded check or a rubric criterion "
        "really assesses the idea. A reference marked *[drawn]* assesses it only for learners "
        "whose variant draws that item from a pool (Leadership judgement asks each learner "
        "some of its scenarios), so the totals give both counts.",
        "",
        "## Totals",
        "",
        f"- Catalog objectives graded: {_share(figures.objectives_graded, figures.objectives)}.",
        f"- Source ideas graded: {_share(figures.ideas_graded, figures.ideas)}; "
        f"graded for every learner (not only through a drawn item): "
        f"{_share(figures.ideas_graded_for_everyone, figures.ideas)}.",
        f"- Source ideas self-checked but not graded: {figures.ideas_self_checked_only}; "
        f"neither: {figures.ideas_neither}; not taught: {figures.ideas_untaught}.",
        "",
        "## Per module",
        "",
        "Each idea is counted under the module whose lesson teaches it first.",
        "",
        "| Module | Ideas | Graded | Graded for every learner | Self-checked only | "
        "Objectives graded |",
        "|---|---|---|---|---|---|",
    ]
    for module in catalog.modules:
        mine = [e for e in coverage.ideas if _module_of(e, catalog) == module.id]
        objectives = [e for e in coverage.objectives if e.source == module.id]
        lines.append(
            f"| {module.order}. {module.title} | {len(mine)} | "
            f"{sum(e.is_graded for e in mine)} | {sum(e.graded_for_everyone for e in mine)} | "
            f"{sum(not e.is_graded and bool(e.self_checked) for e in mine)} | "
            f"{sum(e.is_graded for e in objectives)} of {len(objectives)} |"
        )
    lines += ["", "## Per source", "", "| Source | Ideas | Graded | Self-checked only |"]
    lines.append("|---|---|---|---|")
    for key, reference in catalog.references.items():
        mine = [e for e in coverage.ideas if e.source == key]
        if mine:
            lines.append(
                f'| {reference.author}, "{reference.title}" ({reference.year}) | {len(mine)} | '
                f"{sum(e.is_graded for e in mine)} | "
                f"{sum(not e.is_graded and bool(e.self_checked) for e in mine)} |"
            )
    lines += ["", "## Objectives", ""]
    lines += ["| Objective | Taught | Self-checked | Graded |", "|---|---|---|---|"]
    for entry in coverage.objectives:
        lines.append(
            _row(entry, f"{modules[entry.source].order}.{entry.id.split('#')[1]} {entry.text}")
        )
    lines += ["", "## Source ideas", ""]
    for key, reference in catalog.references.items():
        mine = [e for e in coverage.ideas if e.source == key]
        if not mine:
            continue
        lines += [
            f'### {reference.author}, "{reference.title}" ({reference.year})',
            "",
            "| Idea | Taught | Self-checked | Graded |",
            "|---|---|---|---|",
        ]
        lines += [_row(e, f"`{e.id}` {e.text}") for e in mine]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _row(entry: Entry, first: str) -> str:
    taught = [f"{t.notebook.removeprefix('modules/')}: {t.heading}" for t in entry.taught]
    graded = [g.label() for g in entry.graded] + ([f"*{entry.note}*"] if entry.note else [])
    return (
        f"| {_cell([first])} | {_cell(taught)} | {_cell(entry.self_checked)} | "
        f"{_cell(graded) if graded else '**not graded**'} |"
    )


def page_path(catalog: Catalog) -> Path:
    return catalog.root / COVERAGE_PAGE


def main() -> int:
    """Rewrite ``docs/coverage.md`` and print the totals and any missed target."""
    catalog = load_catalog()
    coverage = load_coverage(catalog)
    page_path(catalog).write_text(render(coverage, catalog), encoding="utf-8")
    figures = totals(coverage)
    print(f"Wrote {page_path(catalog)}")
    print(
        f"objectives graded {figures.objectives_graded}/{figures.objectives}; "
        f"ideas graded {figures.ideas_graded}/{figures.ideas} "
        f"(for every learner {figures.ideas_graded_for_everyone}); "
        f"self-checked only {figures.ideas_self_checked_only}; neither {figures.ideas_neither}"
    )
    for problem in missed_targets(coverage, catalog):
        print(f"target missed: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
