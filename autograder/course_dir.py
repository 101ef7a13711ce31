"""The instructor's course directory: where a cohort's release, submissions and grades live.

Why a directory of its own: instructor data (release/, submitted/, autograded/, feedback/,
gradebook.db, and nbgrader's exchange/ for a cohort on this machine) never lives in the
repository (docs/conventions.md, "Instructor data"). ``autograder init`` creates it with an
``nbgrader_config.py`` whose source folder is the repository's ``exercises/``, so nbgrader's own
tools (formgrader, ``nbgrader export``) see the same course as the ``autograder`` commands.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from course.catalog import REPO_ROOT, Catalog, load_catalog

DEFAULT_COURSE_DIR = Path("course-work")
CONFIG_FILE = "nbgrader_config.py"
GRADEBOOK_FILE = "gradebook.db"
EXCHANGE_DIR = "exchange"
"""nbgrader's exchange for a cohort on one machine: releases, submissions and feedback pass here."""
LEARNER_CONFIG = Path("learner-config") / "nbgrader_config.py"
"""The settings each learner's Jupyter needs to find the exchange (copied where they read it)."""
STATE_DIR = ".autograder"
"""Our own bookkeeping (what was graded from which files); nbgrader never reads it."""

COURSE_ID = "outsourcing-leadership-lab"
COLLECT_PLUGIN = "autograder.exchange_collect.CheckedCollect"
"""What formgrader's Collect button and ``nbgrader collect`` run: our checked collect."""
CELL_TIMEOUT_SECONDS = 120
"""How long one learner cell may run while graded before it is stopped and counts as failed."""
NOTEBOOK_TIMEOUT_SECONDS = 300
"""How long one notebook may run in all under the isolated runner; the rest then scores zero."""


class CourseDirError(RuntimeError):
    """The course directory is missing or unusable; the message says how to fix it."""


@dataclass(frozen=True)
class CourseDir:
    """Paths of one instructor course directory."""

    root: Path
    source: Path = REPO_ROOT / "exercises"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def gradebook(self) -> Path:
        return self.root / GRADEBOOK_FILE

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.gradebook}"

    @property
    def state(self) -> Path:
        return self.root / STATE_DIR

    @property
    def exchange(self) -> Path:
        return self.root / EXCHANGE_DIR

    @property
    def learner_config(self) -> Path:
        return self.root / LEARNER_CONFIG

    def submitted(self, learner: str, assignment: str) -> Path:
        return self.root / "submitted" / learner / assignment

    def autograded(self, learner: str, assignment: str) -> Path:
        return self.root / "autograded" / learner / assignment

    def feedback(self, learner: str, assignment: str) -> Path:
        return self.root / "feedback" / learner / assignment

    def release(self, assignment: str) -> Path:
        return self.root / "release" / assignment


def config_text(course: CourseDir) -> str:
    """The ``nbgrader_config.py`` written by ``init``: every setting explained where it is set."""
    return f'''"""nbgrader settings for this course directory, written by `autograder init`.

Open formgrader from this folder (`jupyter lab`, then Nbgrader > Formgrader) to grade the
written answers by hand; the `autograder` commands read the same settings.
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = {COURSE_ID!r}
c.CourseDirectory.root = {str(course.root)!r}
# The exercises are authored in the repository; nbgrader reads them from there.
c.CourseDirectory.source_directory = {str(course.source)!r}
c.CourseDirectory.db_url = {course.db_url!r}
# A learner cell that runs longer than this fails instead of stalling the cohort.
c.Execute.timeout = {CELL_TIMEOUT_SECONDS}
# nbgrader's exchange on this machine: Release in formgrader (or `autograder release`) puts an
# assignment here, learners fetch and submit it in JupyterLab's Assignment List, Collect (or
# `autograder collect`) takes their submissions, and released feedback waits here for them.
# Learners read the same setting from {LEARNER_CONFIG}.
c.Exchange.root = {str(course.exchange)!r}
# Collect believes a submission's owner and the time its files were written, never the name
# and time in its folder name (docs/collect.md). Set c.ExchangeCollect.check_owner = False only
# when every learner submits from one account: then anyone could submit under any name.
c.ExchangeFactory.collect = {COLLECT_PLUGIN!r}

# Feedback pages and formgrader's grading view (autograder/feedback.py): each check shown by its
# name, points and message (never its code or a traceback), written answers nobody has graded
# yet marked "not graded yet", tables as tables, and learner-written HTML sanitized, so a
# <script> in one learner's answer never runs in anyone's browser.
from autograder.feedback import configure_pages  # noqa: E402

configure_pages(c)

# Autograde reached through these settings (formgrader's Autograde button, or a plain
# `nbgrader autograde` typed here) runs each notebook in the isolated runner's sandbox, as
# `autograder grade` does: learner code never runs with your rights or sees this folder.
from autograder.runner.nbgrader_execute import route_through_sandbox  # noqa: E402

route_through_sandbox(c)
'''


def learner_config_text(course: CourseDir) -> str:
    """The ``nbgrader_config.py`` a learner's Jupyter needs for the Assignment List: the course
    and where its exchange is. Nothing else: a learner never sees the instructor's settings."""
    return f'''"""nbgrader settings for learners of {COURSE_ID}, written by `autograder init`.

Copy this file where every learner's Jupyter reads it: /etc/jupyter/nbgrader_config.py on a
machine the cohort shares, or ~/.jupyter/nbgrader_config.py for one account. JupyterLab's
Nbgrader > Assignment List then shows the released assignments (Fetch), submits them (Submit)
and fetches feedback once it is released (Fetch Feedback).
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = {COURSE_ID!r}
c.Exchange.root = {str(course.exchange)!r}
'''


def make_exchange(course: CourseDir) -> None:
    """Create the exchange folder every learner on the machine can write to, and the learner
    settings that point at it.

    Why mode 1777 (like /tmp): each learner, under their own account, must create their
    submission in it, and the sticky bit keeps anyone from deleting another's work; nbgrader
    then keeps each learner's submissions unreadable to the others (its inbound folder).
    """
    course.exchange.mkdir(exist_ok=True)
    course.exchange.chmod(0o1777)
    course.learner_config.parent.mkdir(exist_ok=True)
    course.learner_config.write_text(learner_config_text(course), encoding="utf-8")


def put_tools_on_path() -> None:
    """Put this interpreter's scripts folder first on PATH.

    Why: nbgrader creates and upgrades the gradebook by running the ``alembic`` command, which
    fails with "No such file or directory: 'alembic'" when the course was installed in a
    virtual environment that is not activated (``.venv/bin/autograder ...``).
    """
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def init_course(root: Path, catalog: Catalog | None = None) -> CourseDir:
    """Create (or bring up to date) a course directory and its gradebook's assignments."""
    catalog = catalog or load_catalog()
    root = root.resolve()
    if root.exists() and not root.is_dir():
        raise CourseDirError(f"{root} is a file; give --course-dir a folder name")
    course = CourseDir(root)
    root.mkdir(parents=True, exist_ok=True)
    course.state.mkdir(exist_ok=True)
    course.config_file.write_text(config_text(course), encoding="utf-8")
    make_exchange(course)
    put_tools_on_path()
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        for exercise in catalog.exercises:
            gradebook.update_or_create_assignment(exercise.id)
    return course


def open_course(root: Path) -> CourseDir:
    """The course directory at ``root``, or a clear error if ``init`` was never run there."""
    root = root.resolve()
    course = CourseDir(root)
    if not course.config_file.is_file() or not course.gradebook.is_file():
        raise CourseDirError(
            f"{root} is not a course directory yet: run `autograder init --course-dir {root}`"
        )
    put_tools_on_path()
    return course


def nbgrader_api(course: CourseDir):  # -> nbgrader.apps.NbGraderAPI (imported late: slow)
    """nbgrader's Python API configured for ``course``, with its log kept off the terminal."""
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.root = str(course.root)
    config.CourseDirectory.source_directory = str(course.source)
    config.CourseDirectory.db_url = course.db_url
    config.Execute.timeout = CELL_TIMEOUT_SECONDS
    from autograder.feedback import configure_pages

    configure_pages(config)
    # Kernel start-up chatter (ipykernel's warning about unencrypted local TCP) stays off the
    # instructor's screen; learner errors still reach the graded notebook.
    config.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
    config.Exchange.root = str(course.exchange)
    config.ExchangeFactory.collect = COLLECT_PLUGIN
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    api.log.setLevel(logging.ERROR)
    return api
