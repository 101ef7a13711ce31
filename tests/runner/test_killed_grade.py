"""A killed ``autograder grade`` leaves nothing behind: no worker, forkserver, judge, sandbox or
work folder.

Why a test of its own: each piece cleans up on its own path. SIGTERM unwinds ``grade`` like
Ctrl+C, which stops the pool; SIGKILL runs no cleanup at all, so the forkserver ends when its
pipe from ``grade`` closes, each worker gets SIGTERM from Linux when the forkserver ends
(PR_SET_PDEATHSIG), removes its work folder and kills its sandbox, and a sandbox or judge whose
worker died anyway gets SIGKILL the same way. One submission sleeps in a cell so that the kill
lands while a sandbox runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from autograder.course_dir import init_course
from autograder.demo_cohort import build_demo_cohort
from autograder.grading import submitted_learners
from autograder.runner import sandbox

pytestmark = pytest.mark.skipif(
    sandbox.isolation_problem() is not None and os.environ.get("CI") != "true",
    reason=f"{sandbox.isolation_problem()} (CI runs these as root)",
)

ASSIGNMENT = "score-a-vendor"
WORK_FOLDERS = "autograder-run-*"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Two learners; the first one's notebook ends with a cell that sleeps for two minutes."""
    course = init_course(tmp_path_factory.mktemp("killed") / "course")
    build_demo_cohort(course, 2, exercise_ids=[ASSIGNMENT])
    learner = submitted_learners(course, ASSIGNMENT)[0]
    path = next(course.submitted(learner, ASSIGNMENT).glob("*.ipynb"))
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(120)"))
    nbformat.write(notebook, path)
    return course


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` now, read from /proc (sandboxes included: they are in a PID
    namespace of their own, but /proc shows them with the host's ids)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that is gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _describe(pid: int) -> str:
    """A process left behind, as a reader of the failure needs it: id, parent, command."""
    try:
        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return f"{pid} (gone)"
    return f"{pid} (parent {parent}): {command[:160]}"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_grade_leaves_no_process_and_no_work_folder(course, tmp_path, signum):
    """Is everything ``grade`` started gone soon after it is killed, work folders included?"""
    # Its own temporary folder, short enough for the workers' Unix socket (107 bytes at most).
    scratch = Path(tempfile.mkdtemp(prefix="killed-", dir="/tmp"))
    grade = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--force", "--workers", "2"]
        + ["--course-dir", str(course.root)],
        env={**os.environ, "TMPDIR": str(scratch)},
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "grade-stderr.txt").open("w"),
        start_new_session=True,
    )
    seen: set[int] = set()
    try:
        running_since, deadline = None, time.monotonic() + 180
        while time.monotonic() < deadline and grade.poll() is None:
            seen |= _descendants(grade.pid)
            if any(scratch.glob(WORK_FOLDERS)):
                running_since = running_since or time.monotonic()
                if time.monotonic() - running_since > 4:  # the sleeping notebook, for sure
                    break
            else:
                running_since = None
            time.sleep(0.2)
        assert grade.poll() is None, (
            "grade ended before a sandbox was seen running:\n"
            + (tmp_path / "grade-stderr.txt").read_text()[-2000:]
        )
        seen |= _descendants(grade.pid)
        assert any(_alive(pid) for pid in seen)
        grade.send_signal(signum)
        grade.wait(60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(map(_alive, seen)):
            time.sleep(0.2)
        assert [_describe(pid) for pid in seen if _alive(pid)] == []
        assert list(scratch.glob(WORK_FOLDERS)) == []
    finally:
        for pid in [grade.pid, *seen]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)  # only what this test started
        shutil.rmtree(scratch, ignore_errors=True)
