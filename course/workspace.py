"""The learner's own workspace: a folder outside the repository that holds their copies.

Why not the checkout: a learner who works in the git checkout sees the solutions in
``exercises/``, rewrites tracked notebooks just by running them, and cannot ``git pull`` a
course update without conflicts. The workspace holds copies of the lessons, demos, exercises and
guide pages, the start page and the learner's progress; the course library and catalog are used
from the install.

Updating is safe by construction: ``.course/workspace.json`` records, for every file we copied,
a fingerprint of what we copied. A copy whose fingerprint still matches is ours to replace with
a newer version; a copy the learner changed is kept, and the sync says a newer version exists
and how to get it. A notebook's fingerprint covers its cells' sources only, so a lesson that was
merely run (outputs added) still counts as untouched and is updated.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from course.catalog import GUIDE_DIR, LEARNER_COPIES_DIR, Catalog
from course.workspace_location import ENV_VARIABLE, MARKER

DEFAULT_FOLDER_NAME = "outsourcing-leadership-lab"
SKIPPED_NAMES = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}


class WorkspaceError(ValueError):
    """The workspace cannot be used; the message names the folder and the fix."""


def default_workspace(env: Mapping[str, str] | None = None) -> Path:
    """``COURSE_WORKSPACE`` when set, else ``~/outsourcing-leadership-lab``."""
    env = os.environ if env is None else env
    named = env.get(ENV_VARIABLE, "").strip()
    return Path(named).expanduser() if named else Path.home() / DEFAULT_FOLDER_NAME


def check_location(workspace: Path, course_root: Path) -> Path:
    """The resolved workspace, refused when it is inside the course's checkout or holds it."""
    workspace = workspace.expanduser().resolve()
    root = course_root.resolve()
    if workspace == root or root in workspace.parents:
        raise WorkspaceError(
            f"{workspace} is inside the course's own folder ({root}); your work would mix with "
            "the course's files and solutions. Choose a folder elsewhere, for example "
            f"--workspace ~/{DEFAULT_FOLDER_NAME} (make start WORKSPACE=DIR)."
        )
    if workspace in root.parents:
        raise WorkspaceError(
            f"{workspace} contains the course's own folder ({root}), so JupyterLab would show "
            "the solutions. Choose a folder that does not contain it, for example "
            f"--workspace ~/{DEFAULT_FOLDER_NAME}."
        )
    if workspace.exists() and not workspace.is_dir():
        raise WorkspaceError(f"{workspace} is a file, not a folder; choose another --workspace")
    return workspace


def fingerprint(path: Path) -> str:
    """What identifies a file's content: a notebook's cell sources, any other file's bytes."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(data)
            cells = [[c.get("cell_type"), c.get("source")] for c in notebook.get("cells", [])]
            data = json.dumps(cells, sort_keys=True).encode("utf-8")
        except (json.JSONDecodeError, AttributeError, TypeError):
            pass  # a damaged notebook counts as edited: it is the learner's to keep
    return hashlib.sha256(data).hexdigest()


@dataclass
class SyncReport:
    """What a sync did, by workspace-relative path."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_with_update: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        """A few lines a person reads before the course opens."""
        out = []
        if self.created:
            out.append(f"Added {len(self.created)} file(s) to your workspace.")
        if self.updated:
            out.append(f"Updated {len(self.updated)} file(s) you had not changed.")
        for path in self.kept_with_update:
            out.append(
                f"Kept your edited {path}; a newer version exists. For a fresh copy, rename or "
                "delete yours and start the course again."
            )
        return out


def course_files(catalog: Catalog, releases: Mapping[str, Path]) -> dict[str, Path]:
    """Workspace-relative path -> file to copy: every module's files, the guide pages (references,
    glossary, Python warm-up) that every lesson links to, and each exercise release."""
    files: dict[str, Path] = {}
    for folder_name in (*(module.folder for module in catalog.modules), GUIDE_DIR):
        folder = catalog.root / folder_name
        if not folder.is_dir():
            continue
        for source in sorted(folder.rglob("*")):
            if source.is_file() and not SKIPPED_NAMES & set(source.relative_to(folder).parts):
                files[f"{folder_name}/{source.relative_to(folder).as_posix()}"] = source
    for exercise_id, release in releases.items():
        for source in sorted(release.rglob("*")):
            if source.is_file() and not SKIPPED_NAMES & set(source.relative_to(release).parts):
                rel = source.relative_to(release).as_posix()
                files[f"{LEARNER_COPIES_DIR}/{exercise_id}/{rel}"] = source
    return files


class Workspace:
    """One learner's folder and its manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state_dir = root / ".course"
        self.manifest_path = root / MARKER

    def _manifest(self) -> dict[str, str]:
        if not self.manifest_path.is_file():
            return {}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise WorkspaceError(
                f"{self.manifest_path} is damaged ({error}); delete it and start again: your "
                "files are kept, and any you changed are reported as yours"
            ) from None
        return dict(data.get("files", {}))

    def _save_manifest(self, files: Mapping[str, str]) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        data = {"version": 1, "files": dict(sorted(files.items()))}
        temporary = self.manifest_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        temporary.replace(self.manifest_path)

    def sync(self, files: Mapping[str, Path]) -> SyncReport:
        """Copy what is new, replace what the learner never changed, keep everything else."""
        manifest = self._manifest()
        report = SyncReport()
        for rel, source in files.items():
            target = self.root / rel
            new = fingerprint(source)
            if not target.exists():
                _copy(source, target)
                report.created.append(rel)
                manifest[rel] = new
                continue
            copied = manifest.get(rel)
            if copied is None:
                report.unchanged += 1  # a file of the learner's own with the same name: theirs
                continue
            if fingerprint(target) == copied:
                if new != copied:
                    _copy(source, target)
                    report.updated.append(rel)
                    manifest[rel] = new
                else:
                    report.unchanged += 1
            elif new != copied:
                report.kept_with_update.append(rel)
            else:
                report.unchanged += 1
        self._save_manifest(manifest)
        return report


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".course-tmp")
    shutil.copyfile(source, temporary)
    temporary.replace(target)
