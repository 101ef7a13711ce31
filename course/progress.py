"""What a learner has done, kept in their own workspace: self-checks, exercise checks, lessons.

Why a log of events, one JSON object a line (``<workspace>/.course/progress.jsonl``): two kernels
(a lesson and an exercise open side by side) write at the same time, and appending one line under
an exclusive ``flock`` never loses the other kernel's line, where rewriting a whole JSON document
would. A line that cannot be read (a disk that filled up, a hand edit) is never silently dropped:
the whole file is set aside under a dated name, the readable lines are kept, and the learner is
told where the old file went.

Nothing is recorded outside a workspace (a lesson run from the repository by the test suite leaves
no trace), so the course's checkout stays clean.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.workspace_location import find_workspace

PROGRESS_FILE = "progress.jsonl"
KINDS = ("self-check", "exercise-check", "lesson")


class ProgressWarning(UserWarning):
    """The progress file had unreadable lines; the message says where the old file was put."""


def _valid(event: object) -> bool:
    return isinstance(event, dict) and event.get("kind") in KINDS


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[int]:
    """An exclusive lock on ``path`` (created if missing), released when the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class ProgressStore:
    """The event log of one workspace."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.path = workspace / ".course" / PROGRESS_FILE

    def record(self, kind: str, **fields: Any) -> None:
        """Append one event (with the time it happened) as one line, under the file's lock."""
        if kind not in KINDS:
            raise ValueError(f"unknown progress event {kind!r}; known: {', '.join(KINDS)}")
        event = {"kind": kind, "at": datetime.now(UTC).isoformat(timespec="seconds"), **fields}
        line = (json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        with _locked(self.path) as fd:
            os.write(fd, line)
            os.fsync(fd)

    def events(self) -> list[dict[str, Any]]:
        """Every readable event, oldest first; unreadable lines set the old file aside (warned)."""
        if not self.path.is_file():
            return []
        with _locked(self.path) as fd:
            raw = self.path.read_bytes()
            events, bad = [], 0
            for line in raw.splitlines():
                if not line.strip():
                    continue
                try:
                    event = json.loads(line.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    event = None
                if _valid(event):
                    events.append(event)
                else:
                    bad += 1
            if bad:
                self._set_aside(fd, events, bad)
        return events

    def _set_aside(self, fd: int, events: list[dict[str, Any]], bad: int) -> None:
        """Keep the damaged file under a dated name; rewrite the readable events in place."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"progress.damaged-{stamp}.jsonl")
        aside.write_bytes(self.path.read_bytes())
        os.ftruncate(fd, 0)
        text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in events)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
        warnings.warn(
            ProgressWarning(
                f"{self.path}: {bad} line(s) could not be read and were left out; "
                f"{len(events)} were kept. The old file is saved as {aside}."
            ),
            stacklevel=3,
        )


def workspace_store(start: Path | None = None) -> ProgressStore | None:
    """The store of the workspace this kernel works in, or None outside any workspace."""
    workspace = find_workspace(start)
    return ProgressStore(workspace) if workspace else None


def record(kind: str, **fields: Any) -> bool:
    """Record an event in the current workspace, if there is one; never fails a learner's cell.

    Progress is a convenience: a full disk or a read-only folder must not turn a right answer
    into an error, so a write that fails is reported as a warning and the cell goes on.
    """
    store = workspace_store()
    if store is None:
        return False
    try:
        store.record(kind, **fields)
    except OSError as error:
        warnings.warn(
            ProgressWarning(f"could not save your progress in {store.path}: {error}"), stacklevel=2
        )
        return False
    return True
