"""Hostile hand-ins for ``autograder collect``: each case and what must come of it.

The grading corpus (``tests/grading/adversarial/``) attacks the grader with notebook contents;
this one attacks ``collect`` with what surrounds a notebook: names, owners, links, times. Each
case builds one source (an exchange, a folder or an LMS zip) in which an honest learner, Cy,
also hands in, and states per learner what must happen:

- ``collected:<marker>``: collected, and the notebook is the one carrying ``marker``;
- ``refused:<words>``: not collected, and a conflict for that learner says ``words``;
- ``absent``: nothing collected and no conflict (they handed in nothing).

``error``: the source as a whole must be refused (``CollectError``) with these words, nothing
collected.

``late`` lists who must be reported late; ``noted`` lists conflicts that must appear for
learners who were still collected (a time that was not believed). Every case must also leave
work collected before it as it was, and never stop the batch. Accounts are numeric ids handed to
files with ``os.chown`` (``UIDS``); ``OTHERS`` is an account that is no learner's.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat

from autograder.collect import TIMESTAMP_FORMAT
from course.catalog import REPO_ROOT

ASSIGNMENT = "score-a-vendor"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
COURSE_ID = "outsourcing-leadership-lab"
UIDS = {"ana-1": 61001, "bo-2": 61002, "cy-3": 61003}
OTHERS = 61009
DUE = timedelta(hours=1)
"""The deadline of most cases, from when the case is built: everything honest is on time."""


def notebook_text(marker: str) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell(f"answer = {marker!r}"))
    return nbformat.writes(notebook)


def stamp(moment: datetime) -> str:
    return moment.strftime(TIMESTAMP_FORMAT)


@dataclass
class Kit:
    """Where one case builds its source, and the moves a learner can make there."""

    root: Path
    source: Path = field(init=False)
    now: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.source = self.root / "exchange"
        self.now = datetime.now(UTC)

    @property
    def inbound(self) -> Path:
        inbound = self.root / "exchange" / COURSE_ID / "inbound"
        inbound.mkdir(parents=True, exist_ok=True)
        return inbound

    def own(self, path: Path, uid: int) -> None:
        os.chown(path, uid, uid, follow_symlinks=False)

    def submit(
        self, name: str, marker: str, when: datetime | None = None, uid: int | None = None
    ) -> Path:
        """What ``nbgrader submit`` writes, as the account ``uid`` (default: ``name``'s)."""
        uid = UIDS[name] if uid is None else uid
        when = self.now if when is None else when
        folder = self.inbound / f"{name}+{ASSIGNMENT}+{stamp(when)}+{marker}"
        folder.mkdir()
        (folder / NOTEBOOK).write_text(notebook_text(marker), encoding="utf-8")
        (folder / "timestamp.txt").write_text(stamp(when), encoding="utf-8")
        (folder / "submission_secret.txt").write_text(marker, encoding="utf-8")
        for path in (folder, *folder.iterdir()):
            self.own(path, uid)
        return folder

    def honest_cy(self) -> None:
        self.submit("cy-3", "cy", self.now - timedelta(seconds=2))

    def folder(self) -> Path:
        self.source = self.root / "hand-in"
        self.source.mkdir(exist_ok=True)
        (self.source / "cy-3").mkdir(exist_ok=True)
        (self.source / "cy-3" / NOTEBOOK).write_text(notebook_text("cy"), encoding="utf-8")
        return self.source

    def zip(self, entries: dict[str | zipfile.ZipInfo, str]) -> None:
        self.source = self.root / "export.zip"
        with zipfile.ZipFile(self.source, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"parkcy_1203_5503_{NOTEBOOK}", notebook_text("cy"))
            for name, text in entries.items():
                archive.writestr(name, text)


def swap_in(kit: Kit, folder: Path, make: Callable[[Path], None]) -> None:
    """Replace the notebook of ``folder`` by what ``make`` puts at its path."""
    (folder / NOTEBOOK).unlink()
    make(folder / NOTEBOOK)


@dataclass(frozen=True)
class CollectCase:
    id: str
    attack: str
    build: Callable[[Kit], None]
    expected: dict[str, str]
    late: tuple[str, ...] = ()
    noted: tuple[str, ...] = ()
    due: timedelta | datetime | None = DUE  # a timedelta is from when the case is built
    error: str = ""  # the whole source must be refused with a CollectError saying this


CASES: list[CollectCase] = []


def case(id: str, attack: str, expected: dict[str, str], **options):
    def register(build: Callable[[Kit], None]) -> Callable[[Kit], None]:
        CASES.append(CollectCase(id, attack, build, expected, **options))
        return build

    return register


HONEST = {"cy-3": "collected:cy"}


@case(
    "planted-name",
    "Bo's account makes a folder named for Ana",
    {"ana-1": "refused:belongs to account bo-2", "bo-2": "absent", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    kit.submit("ana-1", "planted", uid=UIDS["bo-2"])


@case(
    "planted-newer",
    "Bo plants a newer submission over Ana's own",
    {"ana-1": "collected:ana", **HONEST},
    noted=("ana-1",),
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    kit.submit("ana-1", "ana", kit.now - timedelta(seconds=10))
    kit.submit("ana-1", "planted", uid=UIDS["bo-2"])


@case(
    "planted-future-stamp",
    "a planted folder claims a time in 2099 to sort first",
    {"ana-1": "collected:ana", **HONEST},
    noted=("ana-1",),
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    kit.submit("ana-1", "ana", kit.now - timedelta(seconds=10))
    kit.submit("ana-1", "planted", datetime(2099, 1, 1, tzinfo=UTC), uid=OTHERS)


@case(
    "stranger-file-in-folder",
    "someone swaps their notebook into Ana's (writable) folder",
    {"ana-1": "collected:first", **HONEST},
    noted=("ana-1",),
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    kit.submit("ana-1", "first", kit.now - timedelta(seconds=20))
    later = kit.submit("ana-1", "second", kit.now - timedelta(seconds=5))

    def plant(path: Path) -> None:
        path.write_text(notebook_text("stranger"), encoding="utf-8")
        kit.own(path, OTHERS)

    swap_in(kit, later, plant)


@case(
    "link-to-classmate",
    "Ana's notebook is a symbolic link to Bo's submitted notebook",
    {"ana-1": "refused:symbolic link", "bo-2": "collected:bo", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    bo = kit.submit("bo-2", "bo")
    ana = kit.submit("ana-1", "ana")

    def link(path: Path) -> None:
        path.symlink_to(bo / NOTEBOOK)
        kit.own(path, UIDS["ana-1"])

    swap_in(kit, ana, link)


@case(
    "link-to-instructor-source",
    "Ana links her notebook to the exercise source (solutions)",
    {"ana-1": "refused:symbolic link", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    ana = kit.submit("ana-1", "ana")

    def link(path: Path) -> None:
        path.symlink_to(REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK)
        kit.own(path, UIDS["ana-1"])

    swap_in(kit, ana, link)


@case(
    "linked-submission-folder",
    "a submission 'folder' named for Ana is a link to Bo's",
    {"ana-1": "refused:symbolic link", "bo-2": "collected:bo", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    bo = kit.submit("bo-2", "bo")
    link = kit.inbound / f"ana-1+{ASSIGNMENT}+{stamp(kit.now)}+x"
    link.symlink_to(bo)
    kit.own(link, UIDS["ana-1"])


@case(
    "linked-subfolder",
    "Ana's notebook sits only in a subfolder that links elsewhere",
    {"ana-1": "refused:expected score-a-vendor.ipynb", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    elsewhere = kit.root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / NOTEBOOK).write_text(notebook_text("elsewhere"), encoding="utf-8")
    ana = kit.submit("ana-1", "ana")
    (ana / NOTEBOOK).unlink()
    (ana / "work").symlink_to(elsewhere)


@case(
    "hard-link-to-classmate",
    "Ana's notebook is a hard link to Bo's",
    {"ana-1": "refused:belongs to account bo-2", "bo-2": "collected:bo", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    bo = kit.submit("bo-2", "bo")
    ana = kit.submit("ana-1", "ana")
    swap_in(kit, ana, lambda path: os.link(bo / NOTEBOOK, path))


@case(
    "fifo-notebook",
    "Ana's notebook is a FIFO, which would block a reader forever",
    {"ana-1": "refused:not a regular file", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    ana = kit.submit("ana-1", "ana")

    def fifo(path: Path) -> None:
        os.mkfifo(path)
        kit.own(path, UIDS["ana-1"])

    swap_in(kit, ana, fifo)


@case(
    "huge-notebook",
    "Ana's notebook is 60 MiB (sparse: no disk used)",
    {"ana-1": "refused:above the 50 MiB", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    ana = kit.submit("ana-1", "ana")
    with open(ana / NOTEBOOK, "r+b") as handle:
        handle.truncate(60 * 2**20)


@case(
    "file-not-folder",
    "a plain file is named like Ana's submission folder",
    {"ana-1": "refused:not a folder", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    path = kit.inbound / f"ana-1+{ASSIGNMENT}+{stamp(kit.now)}+x"
    path.write_text(notebook_text("file"), encoding="utf-8")
    kit.own(path, UIDS["ana-1"])


@case(
    "backdated-after-deadline",
    "Ana submits after the deadline under a name (and file times) from before it",
    {"ana-1": "collected:ana", **HONEST},
    late=("ana-1", "cy-3"),
    noted=("ana-1",),
    due=-timedelta(hours=1),
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    early = kit.now - timedelta(hours=2)
    ana = kit.submit("ana-1", "ana", early)
    for path in (ana, *ana.iterdir()):
        os.utime(path, (early.timestamp(), early.timestamp()), follow_symlinks=False)


@case(
    "other-course-inbound",
    "a learner makes another course's inbound with planted work",
    {"ana-1": "absent", **HONEST},
)
def _(kit: Kit) -> None:
    kit.honest_cy()
    other = kit.root / "exchange" / "aaa-course" / "inbound"
    other.mkdir(parents=True)
    folder = other / f"ana-1+{ASSIGNMENT}+{stamp(kit.now)}+x"
    folder.mkdir()
    (folder / NOTEBOOK).write_text(notebook_text("other"), encoding="utf-8")


@case(
    "exchange-top-planted",
    "before any release, a learner puts a folder named bo-2 at the top of the exchange",
    {"bo-2": "absent"},
    error="an exchange without this course's inbound folder",
)
def _(kit: Kit) -> None:
    outbound = kit.root / "exchange" / COURSE_ID / "outbound" / ASSIGNMENT
    outbound.mkdir(parents=True)
    (kit.root / "exchange" / "bo-2").mkdir()
    (kit.root / "exchange" / "bo-2" / NOTEBOOK).write_text(notebook_text("x"), encoding="utf-8")


@case(
    "folder-name-holds-two-ids",
    "a folder's name contains Ana's id and Bo's",
    {"ana-1": "absent", "bo-2": "absent", "ana-1_bo-2": "refused:nobody's", **HONEST},
)
def _(kit: Kit) -> None:
    source = kit.folder()
    (source / "ana-1_bo-2").mkdir()
    (source / "ana-1_bo-2" / NOTEBOOK).write_text(notebook_text("x"), encoding="utf-8")


@case(
    "two-entries-one-learner",
    "a folder and a file both name Ana",
    {"ana-1": "refused:2 entries claim ana-1", **HONEST},
)
def _(kit: Kit) -> None:
    source = kit.folder()
    (source / "ana-1").mkdir()
    (source / "ana-1" / NOTEBOOK).write_text(notebook_text("folder"), encoding="utf-8")
    (source / "Ana Lima.ipynb").write_text(notebook_text("file"), encoding="utf-8")


@case(
    "folder-link-out",
    "a learner's folder entry is a link to the instructor's source",
    {"bo-2": "refused:symbolic link", **HONEST},
)
def _(kit: Kit) -> None:
    source = kit.folder()
    (source / "bo-2.ipynb").symlink_to(REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK)


@case(
    "canvas-upload-named-as-another",
    "Ana uploads a file named bo-2.ipynb to Canvas",
    {"ana-1": "collected:ana", "bo-2": "absent", **HONEST},
)
def _(kit: Kit) -> None:
    kit.zip({"limaana_1201_5501_bo-2.ipynb": notebook_text("ana")})


@case(
    "canvas-upload-in-canvas-shape",
    "Ana names her upload the way Canvas names Bo's",
    {"ana-1": "collected:ana", "bo-2": "absent", **HONEST},
)
def _(kit: Kit) -> None:
    kit.zip({f"limaana_1201_5501_ekbo_1202_5502_{NOTEBOOK}": notebook_text("ana")})


@case(
    "canvas-stranger-claims-roster-id",
    "someone not on the roster uploads cy-3.ipynb",
    {"cy-3": "collected:cy", "doejane (Canvas user 1209)": "refused:nobody's"},
)
def _(kit: Kit) -> None:
    kit.zip({"doejane_1209_5509_cy-3.ipynb": notebook_text("jane")})


@case(
    "canvas-late",
    "Canvas marks Ana's upload LATE; the zip's time is before the deadline",
    {"ana-1": "collected:ana", **HONEST},
    late=("ana-1",),
    due=datetime(2026, 3, 1, 17, 0, tzinfo=UTC),
)
def _(kit: Kit) -> None:
    info = zipfile.ZipInfo(f"limaana_LATE_1201_5501_{NOTEBOOK}", (2026, 3, 1, 9, 0, 0))
    kit.zip({info: notebook_text("ana")})


@case(
    "zip-link-entry",
    "Bo's upload in a Moodle zip is a symbolic link to /etc/passwd",
    {"bo-2": "refused:symbolic link in the zip", **HONEST},
)
def _(kit: Kit) -> None:
    info = zipfile.ZipInfo(f"Bo Ek_102_assignsubmission_file_/{NOTEBOOK}")
    info.external_attr = 0o120777 << 16
    kit.zip({info: "/etc/passwd"})


@case(
    "zip-bomb",
    "Ana's upload unpacks to 60 MiB of zeros (60 KiB in the zip)",
    {"ana-1": "refused:above 50 MiB", **HONEST},
)
def _(kit: Kit) -> None:
    kit.zip({f"limaana_1201_5501_{NOTEBOOK}": "0" * (60 * 2**20)})


@case(
    "zip-path-escape",
    "an entry of the zip points outside it",
    {"(nobody)": "refused:leaves the zip", **HONEST},
)
def _(kit: Kit) -> None:
    kit.zip({f"../../{NOTEBOOK}": notebook_text("escape")})


@case(
    "moodle-file-named-as-another",
    "Ana's Moodle folder holds a file named for Bo",
    {"ana-1": "collected:ana", "bo-2": "absent", **HONEST},
)
def _(kit: Kit) -> None:
    kit.zip({"Ana Lima_101_assignsubmission_file_/bo-2.ipynb": notebook_text("ana")})
