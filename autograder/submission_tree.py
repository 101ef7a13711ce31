"""Read a submission folder that a learner controls without ever leaving it.

Why a module of its own: ``collect`` runs as the instructor (often root) over folders learners
wrote. A path such as ``folder/answer.ipynb`` may be a symbolic link to a classmate's notebook,
a hard link to the instructor's, a FIFO that blocks any reader forever, or a folder swapped for
a link between a check and a read. So:

- the folder is listed without following any link: a link is reported as a link, never opened;
- a file is opened one path component at a time with ``O_NOFOLLOW`` beneath the submission
  folder, and every fact reported (a regular file, its size, its owners, its number of names)
  is read from the opened descriptor, so what is checked is what is read;
- listing stops at ``MAX_ENTRIES`` entries and ``MAX_DEPTH`` levels, reading at ``MAX_FILE_BYTES``.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MAX_ENTRIES = 2000
"""Entries listed in one submission; a folder holding more is listed up to here."""
MAX_DEPTH = 8
"""Folder levels listed below a submission folder."""
MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest file collected (a notebook of this course is well under 1 MiB)."""

FILE, LINK, FOLDER, OTHER = "file", "link", "folder", "other"


class Refused(Exception):
    """A file that must not be collected; the message says why in an instructor's words."""


@dataclass(frozen=True)
class Item:
    """One entry of a submission as listed, before anything is read from it."""

    path: str  # relative to the submission folder, '/'-separated
    kind: str  # FILE, LINK, FOLDER or OTHER (a FIFO, socket or device)
    link_target: str = ""


@dataclass(frozen=True)
class Read:
    """A file's bytes and the facts about it that were checked on the very descriptor read."""

    data: bytes
    owners: tuple[int, ...]  # the file's owner, then every folder passed through from the top
    changed: datetime  # inode change time: set by the system on every write, never by a user
    modified: datetime  # modification time: whoever owns the file can set it to anything
    names: int = 1  # hard links: above 1, the same file is also somewhere else


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISREG(mode):
        return FILE
    return OTHER


def _not_regular(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "it is a symbolic link; links are never followed"
    return f"it is not a regular file (a {_kind(mode)})"


def list_tree(root: Path) -> list[Item]:
    """Every entry below ``root`` (itself opened without following a link), links unfollowed."""
    items: list[Item] = []
    top = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        _list(top, "", 0, items)
    finally:
        os.close(top)
    return items


def _list(folder_fd: int, prefix: str, depth: int, items: list[Item]) -> None:
    with os.scandir(folder_fd) as entries:
        names = sorted(entry.name for entry in entries)
    for name in names:
        if len(items) >= MAX_ENTRIES:
            return
        path = f"{prefix}{name}"
        try:
            info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except OSError:
            continue  # gone since it was listed
        kind = _kind(info.st_mode)
        target = ""
        if kind == LINK:
            try:
                target = os.readlink(name, dir_fd=folder_fd)
            except OSError:
                target = "?"
        items.append(Item(path, kind, target))
        if kind == FOLDER and depth + 1 < MAX_DEPTH:
            try:
                child = os.open(
                    name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder_fd
                )
            except OSError:
                continue
            try:
                _list(child, f"{path}/", depth + 1, items)
            finally:
                os.close(child)


def read_file(root: Path, relative: str) -> Read:
    """The bytes of ``root/relative``, reached without following any link; ``Refused`` when
    it is a link, not a regular file or too big. Hard links are the caller's call: a file
    with several names is a learner's own when they own it, and unknowable otherwise."""
    parts = [part for part in relative.split("/") if part]
    if not parts or any(part in (".", "..") for part in parts):
        raise Refused(f"{relative!r} is not a path inside the submission")
    descriptors: list[int] = []
    owners: list[int] = []
    try:
        current = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        descriptors.append(current)
        owners.append(os.fstat(current).st_uid)
        for part in parts[:-1]:
            try:
                current = os.open(
                    part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=current
                )
            except OSError as error:
                raise Refused(
                    f"its folder {part!r} is a link or not a folder ({error.strerror})"
                ) from None
            descriptors.append(current)
            owners.append(os.fstat(current).st_uid)
        try:
            before = os.stat(parts[-1], dir_fd=current, follow_symlinks=False)
            if not stat.S_ISREG(before.st_mode):  # never open a device or a FIFO at all
                raise Refused(_not_regular(before.st_mode))
            handle = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=current)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise Refused("it is a symbolic link; links are never followed") from None
            raise Refused(f"it cannot be opened ({error.strerror})") from None
        descriptors.append(handle)
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(_not_regular(info.st_mode))
        if info.st_size > MAX_FILE_BYTES:
            raise Refused(
                f"it is {info.st_size / 2**20:.0f} MiB, above the {MAX_FILE_BYTES // 2**20} MiB "
                "a collected file may be"
            )
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(handle, 1 << 20):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise Refused(f"it grew above {MAX_FILE_BYTES // 2**20} MiB while being read")
            chunks.append(chunk)
        after = os.fstat(handle)
        return Read(
            b"".join(chunks),
            (info.st_uid, *reversed(owners)),
            _time(max(info.st_ctime, after.st_ctime)),
            _time(after.st_mtime),
            info.st_nlink,
        )
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
