"""The syllabus as data: load and validate ``course/catalog.yml``.

Why a validated catalog: the start page, the Voila landing page, the exercise builder and the
instructor pipeline all read the list of modules and exercises from here. A typo in one entry
should stop everything with one message naming that entry, not surface later as a broken link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOG_PATH = Path(__file__).resolve().parent / "catalog.yml"
LEARNER_CHECK_MODES = ("values", "shape")
_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogError(ValueError):
    """The catalog file is invalid; the message names the file, the entry and the fix."""


REFERENCE_FIELDS = ("author", "title", "year", "where")
GUIDE_DIR = "guide"
"""Pages every learner gets next to the modules (references, glossary, Python warm-up)."""


@dataclass(frozen=True)
class Reference:
    """One source in full, so a learner can find it: who, what, when and where."""

    author: str
    title: str
    year: str
    where: str

    def citation(self) -> str:
        """One line: author (year). "Title". Where to find it.

        The title is quoted, as a citation should be (a quoted title is not copied prose)."""
        return f'{self.author} ({self.year}). "{self.title}". {self.where}.'


@dataclass(frozen=True)
class Module:
    """One lesson module: a folder under ``modules/`` with its notebooks."""

    id: str
    order: int
    title: str
    folder: str
    minutes: int
    objectives: tuple[str, ...]
    notebooks: tuple[str, ...]
    sources: tuple[str, ...]
    demo: str | None = None
    pitch: str | None = None


@dataclass(frozen=True)
class Exercise:
    """One graded nbgrader assignment: ``exercises/<id>/`` with its source notebooks."""

    id: str
    title: str
    module: str
    points: float
    notebooks: tuple[str, ...]
    # What a learner's "check my answer" reveals: "values" (right or wrong on their own variant,
    # with the misconception message) or "shape" (only whether the answer has the right form).
    learner_checks: str = "values"
    # How long a learner needs for the whole exercise, reading and writing included.
    minutes: int | None = None


@dataclass(frozen=True)
class Catalog:
    """The whole syllabus, modules sorted by their order."""

    title: str
    tagline: str
    sources: Mapping[str, str]  # source id -> one-line citation (see Reference.citation)
    modules: tuple[Module, ...]
    exercises: tuple[Exercise, ...]
    root: Path
    references: Mapping[str, Reference] = field(default_factory=dict)

    def module(self, module_id: str) -> Module:
        """Return the module with this id, or raise naming the known ids."""
        for module in self.modules:
            if module.id == module_id:
                return module
        known = ", ".join(m.id for m in self.modules)
        raise KeyError(f"no module {module_id!r} in the catalog (known: {known})")

    def exercise(self, exercise_id: str) -> Exercise:
        """Return the exercise with this id, or raise naming the known ids."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises) or "none"
        raise KeyError(f"no exercise {exercise_id!r} in the catalog (known: {known})")

    def exercises_of(self, module_id: str) -> tuple[Exercise, ...]:
        """The graded exercises that belong to a module, in catalog order."""
        return tuple(e for e in self.exercises if e.module == module_id)

    def all_notebooks(self) -> tuple[str, ...]:
        """Every notebook path the catalog names (lessons, demos, exercises)."""
        paths: list[str] = []
        for module in self.modules:
            paths.extend(module.notebooks)
            if module.demo:
                paths.append(module.demo)
        for exercise in self.exercises:
            paths.extend(exercise.notebooks)
        return tuple(paths)


class _Entry:
    """Reads the fields of one catalog entry and names it in every error."""

    def __init__(self, file: Path, where: str, raw: object) -> None:
        self.file = file
        self.where = where
        if not isinstance(raw, Mapping):
            self.fail(f"expected a mapping of fields, got {type(raw).__name__}")
        self.raw: Mapping[str, Any] = raw

    def fail(self, problem: str, fix: str = "") -> None:
        message = f"{self.file}: {self.where}: {problem}"
        if fix:
            message += f". Fix: {fix}"
        raise CatalogError(message)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"field '{key}' must be a non-empty text", f"add '{key}: ...' to the entry")
        return value.strip()

    def number(self, key: str, kind: type = int) -> Any:
        value = self.raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            self.fail(f"field '{key}' must be a positive number, got {value!r}")
        if kind is int and not isinstance(value, int):
            self.fail(f"field '{key}' must be a whole number, got {value!r}")
        return value

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.raw.get(key, [] if not required else None)
        if not isinstance(value, Sequence) or isinstance(value, str):
            self.fail(f"field '{key}' must be a list", f"write '{key}:' followed by '- item' lines")
        if required and not value:
            self.fail(f"field '{key}' must not be empty")
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{index}] must be a non-empty text, got {item!r}")
            items.append(item.strip())
        return tuple(items)

    def identifier(self) -> str:
        value = self.text("id")
        assert value is not None
        if not _ID_PATTERN.match(value):
            self.fail(f"id {value!r} is not kebab-case", "use lowercase words joined by '-'")
        return value


def _require_file(entry: _Entry, root: Path, path: str, what: str) -> None:
    if Path(path).is_absolute() or ".." in Path(path).parts:
        entry.fail(f"{what} {path!r} must be a path inside the repository")
    if not (root / path).is_file():
        entry.fail(f"{what} {path} does not exist", "create it or correct the path")


def _reference(file: Path, key: str, raw: object) -> Reference:
    """A source entry with all four fields, so every citation can be found by a learner."""
    entry = _Entry(file, f"sources.{key}", raw)
    values = {}
    for name in REFERENCE_FIELDS:
        value = entry.raw.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            entry.fail(
                f"field '{name}' must be a non-empty text",
                f"give every source its {', '.join(REFERENCE_FIELDS)} "
                "(write 'no date given' when the source has none)",
            )
        values[name] = " ".join(value.split())
    return Reference(**values)


def parse_catalog(data: object, root: Path, file: Path) -> Catalog:
    """Validate already-parsed YAML and build the catalog.

    Separate from :func:`load_catalog` so tests can feed a broken mapping and check the message.
    """
    top = _Entry(file, "top level", data)
    title = top.text("title")
    tagline = top.text("tagline")
    sources_raw = top.raw.get("sources") or {}
    if not isinstance(sources_raw, Mapping):
        top.fail("field 'sources' must map a short key to a reference")
    references = {str(key): _reference(file, str(key), raw) for key, raw in sources_raw.items()}
    sources = {key: reference.citation() for key, reference in references.items()}

    modules_raw = top.raw.get("modules")
    if not isinstance(modules_raw, list) or not modules_raw:
        top.fail("field 'modules' must be a non-empty list")
    modules: list[Module] = []
    seen_orders: dict[int, str] = {}
    for index, raw in enumerate(modules_raw):
        label = raw.get("id", "?") if isinstance(raw, Mapping) else "?"
        entry = _Entry(file, f"modules[{index}] ({label})", raw)
        module_id = entry.identifier()
        if any(m.id == module_id for m in modules):
            entry.fail(f"duplicate module id '{module_id}'", "give every module its own id")
        order = entry.number("order")
        if order in seen_orders:
            entry.fail(f"order {order} is already used by module '{seen_orders[order]}'")
        seen_orders[order] = module_id
        folder = entry.text("folder")
        notebooks = entry.texts("notebooks")
        demo = entry.text("demo", required=False)
        for path in (*notebooks, *([demo] if demo else [])):
            if not path.startswith(f"{folder}/"):
                entry.fail(f"notebook {path} is outside the module folder {folder}")
            _require_file(entry, root, path, "notebook")
        module_sources = entry.texts("sources")
        for key in module_sources:
            if key not in sources:
                entry.fail(f"source '{key}' is not defined", "add it under the top-level 'sources'")
        modules.append(
            Module(
                id=module_id,
                order=order,
                title=entry.text("title") or "",
                folder=folder or "",
                minutes=entry.number("minutes"),
                objectives=entry.texts("objectives"),
                notebooks=notebooks,
                sources=module_sources,
                demo=demo,
                pitch=entry.text("pitch", required=False),
            )
        )

    exercises_raw = top.raw.get("exercises", [])
    if not isinstance(exercises_raw, list):
        top.fail("field 'exercises' must be a list")
    module_ids = {m.id for m in modules}
    exercises: list[Exercise] = []
    for index, raw in enumerate(exercises_raw):
        label = raw.get("id", "?") if isinstance(raw, Mapping) else "?"
        entry = _Entry(file, f"exercises[{index}] ({label})", raw)
        exercise_id = entry.identifier()
        if exercise_id in module_ids or any(e.id == exercise_id for e in exercises):
            entry.fail(f"duplicate id '{exercise_id}'", "exercise ids must be unique")
        module_id = entry.text("module") or ""
        if module_id not in module_ids:
            entry.fail(
                f"unknown module '{module_id}'",
                f"use one of: {', '.join(sorted(module_ids))}",
            )
        notebooks = entry.texts("notebooks")
        for path in notebooks:
            if not path.startswith(f"exercises/{exercise_id}/"):
                entry.fail(f"notebook {path} must live in exercises/{exercise_id}/")
            _require_file(entry, root, path, "notebook")
        learner_checks = entry.text("learner_checks", required=False) or "values"
        if learner_checks not in LEARNER_CHECK_MODES:
            entry.fail(
                f"learner_checks is {learner_checks!r}",
                f"use one of: {', '.join(LEARNER_CHECK_MODES)}",
            )
        exercises.append(
            Exercise(
                id=exercise_id,
                title=entry.text("title") or "",
                module=module_id,
                points=entry.number("points", float),
                notebooks=notebooks,
                learner_checks=learner_checks,
                minutes=entry.number("minutes") if "minutes" in entry.raw else None,
            )
        )

    return Catalog(
        title=title or "",
        tagline=tagline or "",
        sources=sources,
        modules=tuple(sorted(modules, key=lambda m: m.order)),
        exercises=tuple(exercises),
        root=root,
        references=references,
    )


def load_catalog(path: Path | None = None, root: Path | None = None) -> Catalog:
    """Load and validate the catalog; raise :class:`CatalogError` naming the bad entry."""
    path = path or CATALOG_PATH
    root = root or REPO_ROOT
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the catalog ({error.strerror})") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogError(f"{path}: not valid YAML: {error}") from error
    return parse_catalog(data, root, path)


LEARNER_COPIES_DIR = "my-exercises"


def learner_copy_path(exercise: Exercise, notebook: str) -> str:
    """Where ``make start`` puts the learner's copy of one exercise notebook.

    Learners work in ``my-exercises/`` (git-ignored), never in ``exercises/``, which holds the
    instructor sources with their solutions.
    """
    return f"{LEARNER_COPIES_DIR}/{exercise.id}/{Path(notebook).name}"
