"""Find, read and validate the case data shipped in ``course/cases/data/<case-id>/``.

Why this is the only module that opens files: the rest of the course works on case objects, so a
grader and a lesson can never read the data differently. A case folder holds ``case.yml`` (which
names its ``kind``), ``narrative.md`` and any CSV tables ``case.yml`` refers to. Every file may
start with a comment header (``#`` lines; an HTML comment in the narrative) giving the fictional
company and the source of each real-world figure; the loader skips it.

Loaded cases are validated (every model object they offer is built once) and cached: they are
immutable, so sharing them is safe.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from course.cases.case import Case, CaseSummary
from course.cases.errors import CaseDataError, UnknownCaseError
from course.cases.fields import Fields
from course.cases.kinds import CASE_KINDS, parse_case
from course.cases.source import Table
from course.models.errors import ModelInputError

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Where the case folders live, inside the installed package."""

CASE_FILE = "case.yml"
NARRATIVE_FILE = "narrative.md"
CASE_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""Case ids are kebab-case, like every content id in the course (docs/conventions.md, "Names")."""

_HTML_COMMENT = re.compile(r"\A\s*<!--.*?-->\s*", re.DOTALL)


def known_case_ids() -> tuple[str, ...]:
    """Ids of every case folder shipped with the course, sorted."""
    return tuple(sorted(p.parent.name for p in DATA_DIR.glob(f"*/{CASE_FILE}")))


def load_case(case_id: str) -> Case:
    """The validated base case ``case_id``, as the data files hold it.

    Raises ``UnknownCaseError`` (listing the known ids) for an id with no folder, and
    ``CaseDataError`` (naming file, field and fix) when the folder's data is broken.
    """
    known = known_case_ids()
    if case_id not in known:
        raise UnknownCaseError(case_id, known)
    return _load_cached(case_id)


def list_cases() -> list[CaseSummary]:
    """One summary per case, in the order the course meets the kinds, then by id."""
    order = {kind.kind: index for index, kind in enumerate(CASE_KINDS)}
    summaries = [load_case(case_id).summary() for case_id in known_case_ids()]
    return sorted(summaries, key=lambda s: (order.get(s.kind, len(order)), s.case_id))


def read_case(folder: Path) -> Case:
    """Read and validate the case in ``folder`` (its name is the case id); never cached.

    Public so that tests and authors can check a case folder outside the package.
    """
    folder = Path(folder)
    case_id = folder.name
    main_file = folder / CASE_FILE
    if not CASE_ID_PATTERN.match(case_id):
        raise CaseDataError(
            _label(folder),
            "(folder name)",
            f"{case_id!r} is not a kebab-case case id",
            "rename the folder, e.g. 'northwind-service-desk'",
        )
    source = _FolderSource(case_id, folder, _read_yaml(main_file), _read_narrative(folder))
    try:
        case = parse_case(source)
        case.validate()
    except ModelInputError as error:
        raise CaseDataError(
            _label(main_file),
            error.field,
            error.problem,
            f"use {error.allowed}" if error.allowed else "correct the value",
        ) from None
    return case


@cache
def _load_cached(case_id: str) -> Case:
    return read_case(DATA_DIR / case_id)


# --- files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FolderSource:
    """A ``source.Source`` backed by a folder on disk."""

    case_id: str
    folder: Path
    main: Fields
    narrative: str

    def table(self, field: Fields, key: str) -> Table:
        name = field.text(key)
        path = self.folder / name
        if Path(name).name != name or path.suffix != ".csv":
            field.fail(key, f"{name!r} is not a CSV file name in the case folder", "e.g. bids.csv")
        return _read_csv(path)


def _label(path: Path) -> str:
    """The path as people should read it: relative to the repository when inside it."""
    root = DATA_DIR.parents[2]
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseDataError(
            _label(path), "(file)", "the file does not exist", f"create {path.name}"
        ) from None
    except UnicodeDecodeError as error:
        raise CaseDataError(
            _label(path), "(file)", f"not UTF-8 text ({error.reason})", "save it as UTF-8"
        ) from None


def _read_yaml(path: Path) -> Fields:
    text = _read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(syntax)"
        problem = getattr(error, "problem", None) or str(error)
        raise CaseDataError(
            _label(path), where, f"not valid YAML: {problem}", "check indentation and colons"
        ) from None
    if not isinstance(data, dict):
        raise CaseDataError(
            _label(path), "(top level)", "expected key: value lines", "start with 'kind: ...'"
        )
    return Fields(data, _label(path))


def _read_narrative(folder: Path) -> str:
    path = folder / NARRATIVE_FILE
    text = _HTML_COMMENT.sub("", _read_text(path), count=1).strip()
    if not text:
        raise CaseDataError(
            _label(path), "(file)", "the narrative is empty", "write the case's story"
        )
    return text


def _read_csv(path: Path) -> Table:
    label = _label(path)
    lines = _read_text(path).splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise CaseDataError(label, "(header)", "no header row", "add a header row of column names")
    header = [cell.strip() for cell in rows[0]]
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice or not all(header):
        problem = f"repeated columns {twice}" if twice else "an empty column name"
        raise CaseDataError(label, "(header)", problem, "give every column its own name")
    if len(rows) < 2:
        raise CaseDataError(label, "(rows)", "the table has no rows", "add at least one row")
    table_rows = []
    for number, row in enumerate(rows[1:], start=1):
        first = row[0].strip() if row else ""
        where = f"row {number} ({first})" if first else f"row {number}"
        if len(row) != len(header):
            raise CaseDataError(
                label,
                where,
                f"{len(row)} cells for {len(header)} columns",
                "quote cells that contain commas, and give every column a cell",
            )
        data = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        table_rows.append(Fields(data, label, where, text_values=True))
    return Table(label, tuple(header), tuple(table_rows))
