"""Collect submissions into ``submitted/<learner>/<assignment>/`` from wherever learners left them.

Three sources, told apart by their shape:
- nbgrader's exchange (a folder holding ``<course>/inbound/<learner>+<assignment>+<time>...``):
  the latest submission of each learner, with its ``submission_secret.txt`` (nbgrader files the
  learner's released feedback under it);
- a folder with one subfolder or one notebook file per learner;
- a zip as an LMS exports it (Canvas names files ``lastfirst_<user>_<submission>_<file>``,
  Moodle makes a folder ``<Full Name>_<participant>_assignsubmission_file_``).

A learner is recognised by their roster id, e-mail or full name appearing in the entry's name.
Entries that match nobody (or more than one learner) and files that are not readable notebooks
are listed with the reason; everyone else is collected. Nothing is collected for an unknown
learner: grades are only ever filed under roster ids.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from autograder.course_dir import CourseDir
from autograder.roster import Learner

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
"""nbgrader reads ``timestamp.txt`` in a submission folder to apply late penalties."""
SUBMISSION_SECRET = "submission_secret.txt"
"""Written by ``nbgrader submit``; feedback released to the exchange is filed under a hash of it,
so it travels with the submission for the learner to find their feedback."""


class CollectError(ValueError):
    """The source cannot be read at all; the message names it and the fix."""


@dataclass
class CollectReport:
    """Who was collected, and every entry that was not, with its reason."""

    collected: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # entry names matching no learner
    unreadable: list[str] = field(default_factory=list)  # "entry: reason"


@dataclass(frozen=True)
class Entry:
    """One learner-shaped item in the source: a name and its notebook files."""

    name: str
    files: tuple[Path, ...]
    submitted_at: datetime
    extras: tuple[Path, ...] = ()  # copied as they are (nbgrader's submission_secret.txt)


def _tokens(text: str) -> set[str]:
    """The words of an entry name: split on spaces and punctuation, keeping ids such as
    ``ana-1`` and e-mails whole, and also on underscores (Canvas and Moodle separators)."""
    lowered = text.lower()
    words = {t for t in re.split(r"[^a-z0-9@._-]+", lowered) if t}
    return words | {t for t in re.split(r"[_\s]+", lowered) if t}


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def match_learner(entry_name: str, roster: list[Learner]) -> Learner | None | str:
    """The one learner ``entry_name`` names, ``None`` if nobody, or ``"ambiguous"``."""
    tokens = _tokens(entry_name)
    squashed = _squash(entry_name)
    by_id = [learner for learner in roster if learner.id.lower() in tokens]
    if len(by_id) == 1:
        return by_id[0]
    by_email = [learner for learner in roster if learner.email and learner.email.lower() in tokens]
    if len(by_email) == 1:
        return by_email[0]
    by_name = [
        learner
        for learner in roster
        if learner.first
        and learner.last
        and (
            squashed.startswith(_squash(learner.first + learner.last))
            or squashed.startswith(_squash(learner.last + learner.first))
        )
    ]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_id) + len(by_email) + len(by_name) > 1:
        return "ambiguous"
    return None


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def _exchange_entries(inbound: Path, assignment: str) -> Iterator[Entry]:
    latest: dict[str, tuple[str, Path]] = {}
    for folder in inbound.iterdir():
        parts = folder.name.split("+")
        if len(parts) < 3 or parts[1] != assignment or not folder.is_dir():
            continue
        learner, stamp = parts[0], parts[2]
        if learner not in latest or stamp > latest[learner][0]:
            latest[learner] = (stamp, folder)
    for learner, (stamp, folder) in sorted(latest.items()):
        try:
            when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f %Z").replace(tzinfo=UTC)
        except ValueError:
            when = _mtime(folder)
        secret = folder / SUBMISSION_SECRET
        extras = (secret,) if secret.is_file() else ()
        yield Entry(learner, tuple(sorted(folder.rglob("*.ipynb"))), when, extras)


def _folder_entries(root: Path) -> Iterator[Entry]:
    for item in sorted(root.iterdir()):
        if item.name.startswith(".") or item.name == "__MACOSX":
            continue
        if item.is_dir():
            files = tuple(sorted(p for p in item.rglob("*") if p.is_file()))
            yield Entry(item.name, files, max((_mtime(p) for p in files), default=_mtime(item)))
        elif item.is_file():
            yield Entry(item.stem, (item,), _mtime(item))


def _find_inbound(root: Path) -> Path | None:
    for candidate in (root / "inbound", *root.glob("*/inbound")):
        if candidate.is_dir():
            return candidate
    return None


def read_notebook_error(path: Path) -> str | None:
    """Why ``path`` is not a readable notebook, or ``None`` if it is one."""
    try:
        with path.open(encoding="utf-8") as handle:
            notebook = nbformat.read(handle, as_version=4)
        nbformat.validate(notebook)
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except (json.JSONDecodeError, nbformat.reader.NotJSONError):
        return "not valid JSON (damaged, or not a notebook)"
    except nbformat.ValidationError as error:
        return f"not a valid notebook ({error.message[:120]})"
    except Exception as error:  # any other unreadable file is reported, never fatal
        return f"unreadable ({type(error).__name__})"
    return None


def _pick_notebooks(entry: Entry, expected: list[str]) -> dict[str, Path] | str:
    """Map each expected notebook name to a file of the entry, or say why that is impossible."""
    notebooks = [p for p in entry.files if p.suffix == ".ipynb"]
    chosen: dict[str, Path] = {}
    for name in expected:
        exact = [p for p in notebooks if p.name == name]
        stem = Path(name).stem
        loose = [p for p in notebooks if stem in p.name]
        if exact:
            chosen[name] = exact[0]
        elif len(loose) == 1:
            chosen[name] = loose[0]
        elif len(expected) == 1 and len(notebooks) == 1:
            chosen[name] = notebooks[0]
        else:
            found = ", ".join(p.name for p in notebooks) or "no notebook"
            return f"expected {name}, found {found}"
    return chosen


def collect(
    course: CourseDir,
    assignment: str,
    source: Path,
    roster: list[Learner],
    notebooks: list[str],
) -> CollectReport:
    """Copy each recognised learner's notebooks into ``submitted/``; see the module docstring."""
    if not source.exists():
        raise CollectError(f"{source}: no such file or folder; give an exchange, folder or zip")
    report = CollectReport()
    with tempfile.TemporaryDirectory(prefix="collect-") as scratch:
        root = source
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise CollectError(f"{source}: not a zip file; give a folder or an LMS zip export")
            root = Path(scratch)
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    target = (root / info.filename).resolve()
                    if not target.is_relative_to(root.resolve()):
                        report.unreadable.append(f"{info.filename}: path leaves the zip, skipped")
                        continue
                    archive.extract(info, root)
            inner = [p for p in root.iterdir() if not p.name.startswith((".", "__MACOSX"))]
            if (
                len(inner) == 1
                and inner[0].is_dir()
                and match_learner(inner[0].name, roster) is None
            ):
                root = inner[0]  # the LMS wrapped everything in one top folder
        inbound = _find_inbound(root)
        entries = _exchange_entries(inbound, assignment) if inbound else _folder_entries(root)
        for entry in entries:
            learner = match_learner(entry.name, roster)
            if learner is None or learner == "ambiguous":
                reason = "matches several learners" if learner else "matches no learner"
                report.unknown.append(f"{entry.name} ({reason} in the roster)")
                continue
            picked = _pick_notebooks(entry, notebooks)
            if isinstance(picked, str):
                report.unreadable.append(f"{entry.name}: {picked}")
                continue
            problems = {
                name: error
                for name, path in picked.items()
                if (error := read_notebook_error(path)) is not None
            }
            if problems:
                report.unreadable.extend(
                    f"{entry.name}: {picked[name].name} is {error}"
                    for name, error in problems.items()
                )
                continue
            target = course.submitted(learner.id, assignment)
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            for name, path in picked.items():
                shutil.copyfile(path, target / name)
            for extra in entry.extras:
                shutil.copyfile(extra, target / extra.name)
            stamp = entry.submitted_at.strftime(TIMESTAMP_FORMAT)
            (target / "timestamp.txt").write_text(stamp, encoding="utf-8")
            report.collected.append(learner.id)
    return report
