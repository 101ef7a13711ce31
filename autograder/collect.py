"""Collect submissions into ``submitted/<learner>/<assignment>/``, believing only what a learner
cannot forge.

Three sources, told apart by their shape (docs/collect.md has every rule and why):

- nbgrader's exchange (``<exchange>/<course id>/inbound/<learner>+<assignment>+<time>+<random>``
  folders, written by ``nbgrader submit``): a folder name is typed by whoever made the folder,
  so it proves nothing. On a hub each learner is an account named by their roster id, and a
  submission is collected only when the folder and every file taken from it belong to that
  account (``owners``; ``None`` when one account submits for everyone, and the report says that
  nobody's identity was checked). Its time is when its files were last written (their inode
  change time, which no learner can set back), not the time in its name.
- a folder with one subfolder or notebook per learner, named by roster id, e-mail or full name
  (the instructor made it; its file times are taken as they are).
- an LMS zip: Canvas and Moodle put the learner's name and account number before the learner's
  own file name, and only that part names the learner (``lms_names.py``). Canvas's ``LATE``
  mark decides lateness; otherwise the zip's own times are used.

In every source no link is followed (``submission_tree.py``), one bad entry never stops the
batch, and every refused entry is reported as a ``Conflict``: the learner, what was refused,
why, and how to fix it. A refused entry never touches work already collected for anyone, and
collected work is replaced only by newer work.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Protocol

import nbformat

from autograder.course_dir import COURSE_ID, CourseDir
from autograder.lms_names import LmsName, parse_canvas, parse_moodle, squash
from autograder.roster import Learner
from autograder.submission_tree import (
    FILE,
    FOLDER,
    LINK,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    Item,
    Read,
    Refused,
    list_tree,
    read_file,
)

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
"""nbgrader reads ``timestamp.txt`` in a submission folder to judge lateness and penalties."""
SUBMISSION_SECRET = "submission_secret.txt"
"""Written by ``nbgrader submit``; feedback released to the exchange is filed under a hash of it,
so it travels with the submission for the learner to find their feedback."""
SUBMIT_GRACE = timedelta(seconds=60)
"""``nbgrader submit`` stamps the time, then copies the files: a stamp up to this much older
than the files is nbgrader's own and is kept; an older one is not believed."""
ONE_ACCOUNT_FLAG = "--one-account"


class CollectError(ValueError):
    """The source cannot be read at all; the message names it and the fix."""


class Accounts(Protocol):
    """Who owns what on this machine: a learner's account by roster id, and a name for a uid."""

    def uid(self, learner_id: str) -> int | None: ...

    def name(self, uid: int) -> str: ...


class SystemAccounts:
    """The machine's own accounts (``/etc/passwd``, or the hub's user names)."""

    def uid(self, learner_id: str) -> int | None:
        try:
            return pwd.getpwnam(learner_id).pw_uid
        except KeyError:
            return None

    def name(self, uid: int) -> str:
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid} (no such account)"


SYSTEM_ACCOUNTS = SystemAccounts()


@dataclass(frozen=True)
class Conflict:
    """Something in the source that was not believed: who, what, why, and what to do."""

    learner: str  # the roster id, or the name the entry claims when it is nobody's
    refused: str  # the entry (or the claim in it) that was refused
    why: str
    fix: str


@dataclass(frozen=True)
class Late:
    """A collected submission that came after the deadline, by its real time."""

    learner: str
    submitted_at: datetime
    due: datetime

    @property
    def by(self) -> timedelta:
        return self.submitted_at - self.due


@dataclass
class CollectReport:
    """Who was collected, who was late, and every conflict with its fix."""

    source: str = ""  # what the source was read as
    owners_checked: bool = True
    due: datetime | None = None
    collected: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # same work as already collected
    late: list[Late] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class Candidate:
    """One submission-shaped thing in the source, before anything in it is believed."""

    entry: str  # how the instructor finds it in the source
    claims: str  # the name it claims to be from
    listing: Callable[[], list[Item]]  # its files, links unfollowed
    read: Callable[[str], Read]
    claimed_at: datetime | None = None  # a time it states (exchange folder name)
    time_rule: str = "changed"  # "changed" (exchange), "modified" (folder), "zip"
    lms: LmsName | None = None
    owner: int | None = None  # owner of the submission folder itself (exchange)
    learner: Learner | None = None


@dataclass
class Accepted:
    """A candidate that passed every check: its files and the time to record."""

    candidate: Candidate
    files: dict[str, bytes]  # file name in submitted/ -> content
    submitted_at: datetime  # the time recorded (see _submission_time)
    written_at: datetime  # when its files were last written: which submission is the latest
    notes: list[Conflict]


# --- who an entry is ---------------------------------------------------------------------


def _full_names(learner: Learner) -> set[str]:
    if not (learner.first and learner.last):
        return set()
    return {squash(learner.first + learner.last), squash(learner.last + learner.first)}


def match_learner(entry_name: str, roster: list[Learner]) -> Learner | None | str:
    """The one learner a folder or file ``entry_name`` names exactly (roster id, e-mail or full
    name, either order), ``None`` if nobody, or ``"ambiguous"``. A name merely containing an
    id (``ana-1_and_bo-2``) names nobody: collect never guesses."""
    exact = [learner for learner in roster if learner.id == entry_name]
    if len(exact) == 1:
        return exact[0]
    lowered = entry_name.strip().casefold()
    by_email = [x for x in roster if x.email and x.email.casefold() == lowered]
    if len(by_email) == 1:
        return by_email[0]
    squashed = squash(entry_name)
    by_name = [x for x in roster if squashed and squashed in _full_names(x)]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_email) + len(by_name) > 1:
        return "ambiguous"
    return None


def match_lms(name: LmsName, roster: list[Learner]) -> Learner | None | str:
    """The learner an LMS upload is from, by the LMS's part of its name only: its account
    number equal to a roster id, or its learner name equal to a roster full name."""
    by_user = [x for x in roster if x.id == name.user]
    if len(by_user) == 1:
        return by_user[0]
    squashed = squash(name.name)
    by_name = [x for x in roster if squashed in _full_names(x)]
    if len(by_name) == 1:
        return by_name[0]
    return "ambiguous" if by_name else None


# --- sources --------------------------------------------------------------------------------


def _parse_stamp(text: str) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text).replace(tzinfo=UTC)
    except (ValueError, OverflowError, TypeError):
        return None


def find_inbound(root: Path, course_id: str = COURSE_ID) -> Path | None:
    """This course's inbound folder when ``root`` is an exchange, a course folder in one, or an
    inbound folder; never another course's (anyone may create a course folder in an exchange)."""
    for candidate in (root / course_id / "inbound", root / "inbound"):
        if candidate.is_dir() and not candidate.is_symlink():
            return candidate
    if root.name == "inbound" and root.is_dir():
        return root
    return None


def _looks_like_exchange(root: Path) -> bool:
    """True when ``root`` holds an nbgrader course folder (with inbound or outbound)."""
    return any(
        (child / "inbound").is_dir() or (child / "outbound").is_dir()
        for child in root.iterdir()
        if child.is_dir() and not child.is_symlink()
    )


def _check_exchange_folder(inbound: Path) -> None:
    """Refuse an inbound folder (or its course folder) that a learner could have made: it must
    belong to root or to whoever runs collect."""
    allowed = {0, os.geteuid()}
    for folder in (inbound, inbound.parent):
        info = folder.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid not in allowed:
            raise CollectError(
                f"{folder}: belongs to {SystemAccounts().name(info.st_uid)}, not to you or root; "
                "a learner may have made it to plant submissions. Move it away, release the "
                f"assignment again with `autograder release`, and collect again (or pass "
                f"{ONE_ACCOUNT_FLAG} if every learner works under this one account)"
            )


def exchange_candidates(
    inbound: Path, assignment: str, conflicts: list[Conflict]
) -> Iterator[Candidate]:
    """Each ``<learner>+<assignment>+<time>[+<random>]`` folder of ``inbound``."""
    for path in sorted(inbound.iterdir()):
        parts = path.name.split("+")
        if len(parts) not in (3, 4) or parts[1] != assignment:
            continue
        try:
            info = path.lstat()
        except OSError:
            continue  # removed since it was listed
        if not stat.S_ISDIR(info.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a folder"
            conflicts.append(
                Conflict(
                    parts[0],
                    f"inbound/{path.name}",
                    f"it is {what}; a submission is a folder nbgrader writes, and links are "
                    "never followed",
                    "nothing to collect from it; if this learner submitted, their own "
                    "submission is collected. Delete the entry from the exchange.",
                )
            )
            continue
        yield Candidate(
            entry=f"inbound/{path.name}",
            claims=parts[0],
            listing=lambda path=path: list_tree(path),
            read=lambda relative, path=path: read_file(path, relative),
            claimed_at=_parse_stamp(parts[2]),
            time_rule="changed",
            owner=info.st_uid,
        )


def folder_candidates(root: Path, conflicts: list[Conflict]) -> Iterator[Candidate]:
    """Each subfolder or file of ``root``: one learner's work, named by the learner."""
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.name == "__MACOSX":
            continue
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            yield Candidate(
                entry=path.name,
                claims=path.name,
                listing=lambda path=path: list_tree(path),
                read=lambda relative, path=path: read_file(path, relative),
                time_rule="modified",
            )
            continue
        name = path.name
        kind = FILE if stat.S_ISREG(info.st_mode) else LINK if stat.S_ISLNK(info.st_mode) else ""
        yield Candidate(
            entry=name,
            claims=path.stem,
            listing=lambda name=name, kind=kind: [Item(name, kind or "other")],
            read=lambda relative, root=root: read_file(root, relative),
            time_rule="modified",
        )


def _zip_time(info: zipfile.ZipInfo) -> datetime:
    try:
        return datetime(*info.date_time, tzinfo=UTC)
    except ValueError:
        return datetime(1980, 1, 1, tzinfo=UTC)


def _zip_kind(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return LINK
    if info.is_dir():
        return FOLDER
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: the zip gives permissions only
        return "other"
    return FILE


def zip_candidates(
    archive: zipfile.ZipFile, roster: list[Learner], conflicts: list[Conflict]
) -> Iterator[Candidate]:
    """The submissions of an LMS (or hand-made) zip, read in place: nothing is extracted."""
    members: list[tuple[str, zipfile.ZipInfo]] = []
    for info in archive.infolist()[: MAX_ENTRIES * 50]:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            conflicts.append(
                Conflict(
                    "(nobody)",
                    info.filename,
                    "its path leaves the zip",
                    "nothing to do: it was skipped, and nothing outside the zip was touched",
                )
            )
            continue
        parts = [part for part in path.parts if part not in ("", ".")]
        if not parts or parts[0] == "__MACOSX" or parts[-1].startswith("."):
            continue
        members.append(("/".join(parts), info))
    tops = {path.split("/")[0] for path, _ in members}
    if len(tops) == 1 and all("/" in path for path, _ in members):
        (wrapper,) = tops
        if parse_moodle(f"{wrapper}/x") is None and match_learner(wrapper, roster) is None:
            members = [(path.split("/", 1)[1], info) for path, info in members]

    groups: dict[tuple[str, ...], tuple[str, LmsName | None, dict[str, zipfile.ZipInfo]]] = {}
    for path, info in members:
        lms = parse_canvas(path) if "/" not in path else None
        lms = lms or parse_moodle(path)
        if lms is not None:
            key: tuple[str, ...] = lms.key
            entry = path.split("/")[0] if lms.lms == "Moodle" and "/" in path else lms.label
            inner = lms.file
        else:
            top, _, rest = path.partition("/")
            key = ("plain", top)  # a folder and a file naming one learner stay two entries
            entry, inner = top, rest or top
        _, _, files = groups.setdefault(key, (entry, lms, {}))
        if inner and not info.is_dir():
            files[inner] = info

    folders = {path.split("/")[0] for path, _ in members if "/" in path}
    for key, (entry, lms, files) in groups.items():
        yield Candidate(
            entry=entry,
            claims=lms.label if lms else key[1] if key[1] in folders else Path(key[1]).stem,
            listing=lambda files=files: [Item(name, _zip_kind(i)) for name, i in files.items()],
            read=lambda name, files=files: _read_zip_member(archive, files[name]),
            time_rule="zip",
            lms=lms,
        )


def _read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Read:
    kind = _zip_kind(info)
    if kind == LINK:
        raise Refused("it is a symbolic link in the zip; links are never followed")
    if kind != FILE:
        raise Refused("it is not a regular file")
    if info.file_size > MAX_FILE_BYTES:
        size = info.file_size / 2**20
        raise Refused(f"it is {size:.0f} MiB, above {MAX_FILE_BYTES // 2**20} MiB")
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
        raise Refused(f"it cannot be unpacked ({error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"it unpacks to more than {MAX_FILE_BYTES // 2**20} MiB")
    when = _zip_time(info)
    return Read(data, (), when, when)


# --- checking one candidate -----------------------------------------------------------------


def read_notebook_error(data: bytes) -> str | None:
    """Why ``data`` is not a readable notebook, or ``None`` if it is one."""
    try:
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
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


def _pick_notebooks(items: list[Item], expected: list[str]) -> dict[str, str] | str:
    """Map each expected notebook name to a path of the entry, or say why that is impossible."""
    notebooks = [
        i.path
        for i in items
        if i.kind != FOLDER
        and i.path.endswith(".ipynb")
        and not any(part.startswith(".") for part in i.path.split("/"))  # checkpoints
    ]
    chosen: dict[str, str] = {}
    for name in expected:
        exact = [p for p in notebooks if p.rsplit("/", 1)[-1] == name]
        loose = [p for p in notebooks if Path(name).stem in p.rsplit("/", 1)[-1]]
        if name in exact:  # at the top of the submission, where nbgrader puts it
            chosen[name] = name
        elif len(exact) == 1:
            chosen[name] = exact[0]
        elif len(loose) == 1:
            chosen[name] = loose[0]
        elif len(expected) == 1 and len(notebooks) == 1:
            chosen[name] = notebooks[0]
        else:
            found = ", ".join(notebooks[:5]) or "no notebook"
            return f"expected {name}, found {found}"
    return chosen


class _Refusal(Exception):
    def __init__(self, why: str, fix: str, security: bool = False) -> None:
        super().__init__(why)
        self.why, self.fix, self.security = why, fix, security


def _assess(
    candidate: Candidate,
    notebooks: list[str],
    owners: Accounts | None,
    due: datetime | None,
) -> Accepted:
    """The candidate's files and time if every check passes, else ``_Refusal``."""
    learner = candidate.learner
    assert learner is not None
    account: int | None = None
    if owners is not None and candidate.time_rule == "changed":
        account = owners.uid(learner.id)
        if account is None:
            raise _Refusal(
                f"there is no account named {learner.id} on this machine, so nobody can be "
                "sure this is their work",
                "each learner submits from the account named by their roster id (their hub "
                f"user name); if all learners submit from one account, collect with "
                f"{ONE_ACCOUNT_FLAG}",
                security=True,
            )
        if candidate.owner != account:
            maker = owners.name(candidate.owner if candidate.owner is not None else -1)
            raise _Refusal(
                f"it is named for {learner.id} but belongs to account {maker}: someone else "
                "made it",
                f"ask {maker} about it, then delete it from the exchange",
                security=True,
            )
    try:
        items = candidate.listing()
    except OSError as error:
        why = f"it cannot be listed ({error.strerror})"
        raise _Refusal(why, "ask them to submit again") from None
    picked = _pick_notebooks(items, notebooks)
    if isinstance(picked, str):
        raise _Refusal(picked, "ask them to submit the assignment's notebook again")
    reads = {name: _read_checked(candidate, path, account, owners) for name, path in picked.items()}
    if candidate.time_rule == "changed" and any(i.path == SUBMISSION_SECRET for i in items):
        # Only feedback delivery needs the secret: without a sound one the work is still theirs.
        with contextlib.suppress(_Refusal):
            reads[SUBMISSION_SECRET] = _read_checked(candidate, SUBMISSION_SECRET, account, owners)
    for name in picked:
        error = read_notebook_error(reads[name].data)
        if error is not None:
            raise _Refusal(
                f"{picked[name]} is {error}",
                "ask them to open it in JupyterLab, save it and submit again",
            )
    submitted_at, notes = _submission_time(candidate, list(reads.values()), due)
    written_at = max(
        r.changed if candidate.time_rule == "changed" else r.modified for r in reads.values()
    )
    files = {n: r.data for n, r in reads.items()}
    return Accepted(candidate, files, submitted_at, written_at, notes)


def _read_checked(
    candidate: Candidate, path: str, account: int | None, owners: Accounts | None
) -> Read:
    """One file of the candidate, refused when it is a link or special file, has a second
    name while no owner can vouch for it, or belongs to anyone but the learner's account."""
    learner = candidate.learner.id  # type: ignore[union-attr]
    try:
        read = candidate.read(path)
    except Refused as error:
        raise _Refusal(
            f"{path}: {error}",
            "ask them to submit the file itself (a copy, not a link) again",
            security=True,
        ) from None
    except OSError as error:
        why = f"{path} cannot be read ({error.strerror})"
        raise _Refusal(why, "ask them to submit again") from None
    if account is None and read.names > 1:
        raise _Refusal(
            f"{path} is a hard link ({read.names} names for one file): without owners to "
            "tell, it may be someone else's file",
            "ask them to submit a copy of their notebook again",
            security=True,
        )
    strangers = [uid for uid in read.owners if uid != account]
    if account is not None and owners is not None and strangers:
        raise _Refusal(
            f"{path} (or a folder above it) belongs to account {owners.name(strangers[0])}, "
            f"not to {learner}: it is someone else's file",
            f"ask {learner} to submit again from their own account",
            security=True,
        )
    return read


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _submission_time(
    candidate: Candidate, reads: list[Read], due: datetime | None
) -> tuple[datetime, list[Conflict]]:
    """The time to record for a submission, by the rule of its source (docs/collect.md)."""
    learner = candidate.learner.id  # type: ignore[union-attr]
    notes: list[Conflict] = []
    if candidate.time_rule == "changed":
        real = max(r.changed for r in reads)
        claimed = candidate.claimed_at
        if claimed is not None and real - SUBMIT_GRACE <= claimed <= real:
            return claimed, notes
        if claimed is not None and claimed < real - SUBMIT_GRACE:
            notes.append(
                Conflict(
                    learner,
                    f"the time in its name, {_when(claimed)} ({candidate.entry})",
                    f"its files were last written at {_when(real)}, "
                    f"{_span(real - claimed)} later; the name is typed by whoever makes the folder",
                    "nothing to do: it was collected with the time its files were written, and "
                    "nbgrader judges lateness by that",
                )
            )
        return real, notes
    if candidate.time_rule == "modified":
        return max(r.modified for r in reads), notes
    when = max(r.modified for r in reads)
    lms = candidate.lms
    if lms is not None and lms.lms == "Canvas" and due is not None:
        if lms.late and when <= due:
            return due + timedelta(seconds=1), notes
        if not lms.late and when > due:
            return due, notes
    return when, notes


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days {hours % 24} h"


# --- writing -----------------------------------------------------------------------------------


def _existing_time(folder: Path) -> datetime | None:
    stamp = folder / "timestamp.txt"
    if not stamp.is_file():
        return None
    return _parse_stamp(stamp.read_text(encoding="utf-8", errors="replace").strip())


def _same_work(folder: Path, files: dict[str, bytes]) -> bool:
    for name, data in files.items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            return False
    return True


def _replaced(target: Path) -> Path:
    """Where ``_write`` keeps a learner's earlier work while it swaps the new work in."""
    return target.with_name(f".{target.name}.replaced")


def _restore_interrupted(target: Path) -> None:
    """Put back earlier work that a collect stopped between its two renames left aside."""
    old = _replaced(target)
    if old.is_dir() and not target.exists():
        old.rename(target)


def _write(target: Path, files: dict[str, bytes], submitted_at: datetime) -> None:
    """Write the submission beside ``target`` and swap it in, so that an interrupted collect
    leaves the learner's earlier work whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = _replaced(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.collecting-", dir=target.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        (staging / "timestamp.txt").write_text(
            submitted_at.strftime(TIMESTAMP_FORMAT), encoding="utf-8"
        )
        replaced = target.exists()
        if replaced:
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
        staging.rename(target)
        if replaced:
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


# --- the whole batch ---------------------------------------------------------------------------


def collect(
    course: CourseDir,
    assignment: str,
    source: Path,
    roster: list[Learner],
    notebooks: list[str],
    *,
    owners: Accounts | None = SYSTEM_ACCOUNTS,
    due: datetime | None = None,
    course_id: str = COURSE_ID,
    expect_exchange: bool = False,
) -> CollectReport:
    """Copy each learner's latest believable submission into ``submitted/``; report the rest.

    ``owners=None`` is the one-account case: everyone submits under one account, so an
    exchange cannot tell learners apart, and the report says so. ``due`` (UTC) is the deadline
    collected times are compared with. ``expect_exchange``: ``source`` is the course's own
    exchange, never to be read as a folder of hand-ins.
    """
    if not source.exists():
        raise CollectError(f"{source}: no such file or folder; give an exchange, folder or zip")
    report = CollectReport(owners_checked=owners is not None, due=due)
    conflicts = report.conflicts
    archive: zipfile.ZipFile | None = None
    try:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise CollectError(f"{source}: not a zip file; give a folder or an LMS zip export")
            try:
                archive = zipfile.ZipFile(source)
            except (zipfile.BadZipFile, OSError) as error:
                raise CollectError(f"{source}: the zip cannot be read ({error})") from None
            candidates = list(zip_candidates(archive, roster, conflicts))
            lms = {c.lms.lms for c in candidates if c.lms}
            report.source = f"a {' and '.join(sorted(lms))} zip" if lms else "a zip"
        else:
            inbound = find_inbound(source, course_id)
            if inbound is not None:
                if owners is not None:
                    _check_exchange_folder(inbound)
                candidates = list(exchange_candidates(inbound, assignment, conflicts))
                report.source = "nbgrader's exchange"
            elif expect_exchange or _looks_like_exchange(source):
                # Never read an exchange as a plain folder: anyone may write at its top.
                raise CollectError(
                    f"{source}: an exchange without this course's inbound folder "
                    f"({course_id}/inbound): release the assignment first (`autograder "
                    "release`), and learners submit to it"
                )
            else:
                candidates = list(folder_candidates(source, conflicts))
                report.source = "a folder"
        _collect_candidates(course, assignment, candidates, roster, notebooks, owners, report)
    finally:
        if archive is not None:
            archive.close()
    return report


def _identify(candidate: Candidate, roster: list[Learner]) -> Learner | None | str:
    if candidate.time_rule == "changed":
        return next((x for x in roster if x.id == candidate.claims), None)
    if candidate.lms is not None:
        return match_lms(candidate.lms, roster)
    return match_learner(candidate.claims, roster)


def _collect_candidates(
    course: CourseDir,
    assignment: str,
    candidates: list[Candidate],
    roster: list[Learner],
    notebooks: list[str],
    owners: Accounts | None,
    report: CollectReport,
) -> None:
    conflicts = report.conflicts
    by_learner: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        learner = _identify(candidate, roster)
        if not isinstance(learner, Learner):
            ambiguous = learner == "ambiguous"
            conflicts.append(
                Conflict(
                    candidate.claims,
                    candidate.entry,
                    "its name fits several learners of the roster"
                    if ambiguous
                    else "its name is nobody's in the roster (by id, e-mail or full name)",
                    "rename it to the learner's roster id and collect again"
                    if candidate.lms is None
                    else "add the learner to the roster with their name as the LMS shows it, or "
                    "give them the LMS's user number as their roster id",
                )
            )
            continue
        candidate.learner = learner
        by_learner.setdefault(learner.id, []).append(candidate)

    for learner_id, claims in sorted(by_learner.items()):
        if len(claims) > 1 and claims[0].time_rule != "changed":
            entries = ", ".join(c.entry for c in claims)
            for candidate in claims:
                conflicts.append(
                    Conflict(
                        learner_id,
                        candidate.entry,
                        f"{len(claims)} entries claim {learner_id} ({entries}); collect cannot "
                        "tell which is theirs",
                        "remove the ones that are not theirs from the source and collect again",
                    )
                )
            continue
        _collect_learner(course, assignment, learner_id, claims, notebooks, owners, report)


def _collect_learner(
    course: CourseDir,
    assignment: str,
    learner_id: str,
    claims: list[Candidate],
    notebooks: list[str],
    owners: Accounts | None,
    report: CollectReport,
) -> None:
    """Take the newest of one learner's submissions that passes every check."""
    accepted: list[Accepted] = []
    refused: list[tuple[Candidate, _Refusal]] = []
    for candidate in claims:
        try:
            accepted.append(_assess(candidate, notebooks, owners, report.due))
        except _Refusal as refusal:
            refused.append((candidate, refusal))
        except Exception as error:  # a strange entry is reported, never the end of the batch
            why = f"it could not be checked ({type(error).__name__}: {error})"
            refused.append((candidate, _Refusal(why, "look at it by hand", security=True)))
    best = max(accepted, key=lambda a: (a.written_at, a.submitted_at), default=None)
    for candidate, refusal in refused:
        superseded = (
            best is not None
            and not refusal.security
            and candidate.claimed_at is not None
            and candidate.claimed_at < best.submitted_at
        )
        if superseded:
            continue  # an older submission the learner replaced themselves
        fix = refusal.fix
        if best is not None:
            fix += f"; collected instead: {learner_id}'s submission of {_when(best.submitted_at)}"
        report.conflicts.append(Conflict(learner_id, candidate.entry, refusal.why, fix))
    if best is None:
        return
    report.conflicts.extend(best.notes)
    target = course.submitted(learner_id, assignment)
    _restore_interrupted(target)
    existing = _existing_time(target) if target.exists() else None
    if target.exists() and _same_work(target, best.files):
        report.unchanged.append(learner_id)
    elif existing is not None and best.submitted_at < existing:
        report.conflicts.append(
            Conflict(
                learner_id,
                best.candidate.entry,
                f"it is from {_when(best.submitted_at)}, older than the work already collected "
                f"for them ({_when(existing)})",
                f"nothing to do to keep the newer work; to take this one, delete {target} and "
                "collect again",
            )
        )
        return
    else:
        try:
            _write(target, best.files, best.submitted_at)
        except OSError as error:
            report.conflicts.append(
                Conflict(
                    learner_id,
                    best.candidate.entry,
                    f"it could not be written to {target} ({error.strerror})",
                    "free some disk space or fix the folder's permissions, then collect again",
                )
            )
            return
        report.collected.append(learner_id)
    if report.due is not None and best.submitted_at > report.due:
        report.late.append(Late(learner_id, best.submitted_at, report.due))


def assignment_due(course: CourseDir, assignment: str) -> datetime | None:
    """The assignment's deadline: nbgrader's ``duedate`` in the gradebook (UTC), if one is set."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gradebook:
        try:
            due = gradebook.find_assignment(assignment).duedate
        except MissingEntry:
            return None
    return due.replace(tzinfo=UTC) if due is not None else None


def shown(text: str) -> str:
    """``text`` safe to print on one line: a name a learner typed may hold a line break (to
    forge a line of this report), control characters or bytes that are not UTF-8."""
    return "".join(
        char if char.isprintable() else char.encode("utf-8", "backslashreplace").decode("ascii")
        if ord(char) > 127
        else repr(char)[1:-1]
        for char in text
    )


def report_lines(report: CollectReport, assignment: str) -> list[str]:
    """What ``autograder collect`` prints: counts, the rules used, the late, every conflict."""
    lines = [
        f"Collected {len(report.collected)} submission(s) of {assignment} from {report.source}"
        + (
            f"; {len(report.unchanged)} unchanged since the last collect."
            if report.unchanged
            else "."
        )
    ]
    if report.source == "nbgrader's exchange":
        if report.owners_checked:
            lines.append(
                "  Owners checked: a submission counts only if it belongs to the account named "
                "by its learner id."
            )
        else:
            lines.append(
                f"  Owners NOT checked ({ONE_ACCOUNT_FLAG}): everyone submits from one account, "
                "so anyone who can write to the exchange could submit under any learner's name."
            )
    times = {
        "nbgrader's exchange": "times are when the files were written, not the time in a "
        "folder's name",
        "a folder": "times are the files' modification times",
    }.get(report.source, "times are the zip's (Canvas's LATE mark decides for Canvas)")
    if report.due is None:
        lines.append(
            f"  No deadline is set for {assignment} (nbgrader's due date, in formgrader's Manage "
            "Assignments): nothing is marked late."
        )
    else:
        lines.append(f"  Deadline {_when(report.due)}; {times}.")
    for late in sorted(report.late, key=lambda x: x.learner):
        lines.append(
            f"  late: {late.learner}, submitted {_when(late.submitted_at)}, "
            f"{_span(late.by)} after the deadline"
        )
    if report.conflicts:
        lines.append(
            f"{len(report.conflicts)} conflict(s): nothing refused here was collected or replaced "
            "anyone's collected work."
        )
        for conflict in report.conflicts:
            lines.append("")
            lines.append(f"  {shown(conflict.learner)}: refused {shown(conflict.refused)}")
            lines.append(f"      why: {shown(conflict.why)}")
            lines.append(f"      fix: {shown(conflict.fix)}")
    return lines
