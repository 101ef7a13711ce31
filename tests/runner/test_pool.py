"""The local worker pool: a worker that dies is replaced, and its learner graded again.

Why these tests swap the job for a small function: what matters here is the pool's handling of
a dead process (as under an out-of-memory kill), not the sandbox. Each function runs in a real
forkserver worker and ends it with SIGKILL, which runs no cleanup, as the kernel's killer does.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from autograder.runner.pool import RETRIED_NOTE, run_jobs
from autograder.runner.worker import WORK_FOLDER_PREFIX, NotebookJob, NotebookRun


def _job(learner: str, marker: Path | None = None) -> NotebookJob:
    """A job whose notebook name says where its "died once" marker lives ("" if it never dies)."""
    return NotebookJob(learner, "score-a-vendor", str(marker or ""), {}, {}, {})


def _nothing() -> None:
    """The worker's warm-up, which these jobs do not need."""


def _run(job: NotebookJob) -> NotebookRun:
    """Die (SIGKILL) as ``dies-always`` always does, and as ``dies-once`` does the first time."""
    marker = Path(job.notebook_name) if job.notebook_name else None
    if job.learner == "dies-always" or (marker is not None and not marker.exists()):
        if marker is not None:
            marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return NotebookRun(job.learner, job.notebook_name, {"pid": os.getpid()}, {}, "", 0.0)


def test_a_dead_worker_is_replaced_and_its_learner_graded_again(tmp_path):
    """Are all learners graded when one worker dies once, and is the retried one noted?"""
    jobs = [_job(f"honest-{n}") for n in range(4)]
    jobs.insert(1, _job("dies-once", tmp_path / "died"))
    outcomes = {o.job.learner: o for o in run_jobs(jobs, 2, run=_run, warm=_nothing)}
    assert sorted(outcomes) == sorted(job.learner for job in jobs)
    assert all(o.run is not None and o.error == "" for o in outcomes.values())
    assert outcomes["dies-once"].note == RETRIED_NOTE
    assert (tmp_path / "died").exists()


def test_a_job_that_kills_every_worker_fails_alone_with_a_reason():
    """Does a learner whose job kills its worker twice fail with a reason, and no one else?"""
    jobs = [_job("honest-a"), _job("dies-always"), _job("honest-b"), _job("honest-c")]
    outcomes = {o.job.learner: o for o in run_jobs(jobs, 2, run=_run, warm=_nothing)}
    assert sorted(outcomes) == sorted(job.learner for job in jobs)
    assert outcomes["dies-always"].run is None
    assert "died twice" in outcomes["dies-always"].error
    assert all(outcomes[name].run is not None for name in ("honest-a", "honest-b", "honest-c"))


def test_a_temporary_folder_too_deep_for_the_workers_socket_is_refused_with_the_fix(monkeypatch):
    """A long TMPDIR stops grade with the fix (set TMPDIR), not a bare 'AF_UNIX path too long'."""
    import tempfile

    import pytest

    from autograder.runner.pool import TemporaryFolderTooLong

    monkeypatch.setattr(tempfile, "tempdir", "/tmp/" + "deep/" * 16)
    with pytest.raises(TemporaryFolderTooLong, match="Set TMPDIR to a shorter folder"):
        list(run_jobs([_job("honest-a")], 1, run=_run, warm=_nothing))
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")
    assert [o.job.learner for o in run_jobs([_job("honest-a")], 1, run=_run, warm=_nothing)] == [
        "honest-a"
    ]


def _dies_leaving_a_work_folder(job: NotebookJob) -> NotebookRun:
    """Make a work folder as run_notebook does, then die as an out-of-memory kill would."""
    import tempfile

    tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-", dir=job.notebook_name)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("not reached")


def test_a_killed_workers_work_folder_is_removed_by_the_pool(tmp_path, monkeypatch):
    """Is the folder of a worker killed from outside (no cleanup of its own) swept away?"""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    job = NotebookJob("dies-always", "score-a-vendor", str(tmp_path), {}, {}, {})
    outcomes = list(run_jobs([job], 1, run=_dies_leaving_a_work_folder, warm=_nothing))
    assert outcomes[0].run is None and "died twice" in outcomes[0].error
    assert list(tmp_path.glob("autograder-run-*")) == []


def test_a_new_run_sweeps_the_folders_of_a_grade_killed_as_a_whole(tmp_path, monkeypatch):
    """Are folders left by workers that no longer run removed, and a running worker's kept?"""
    import subprocess
    import sys
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    orphan = tmp_path / f"{WORK_FOLDER_PREFIX}{ended.stdout.strip()}-abc"
    running = tmp_path / f"{WORK_FOLDER_PREFIX}{os.getpid()}-def"
    unrelated = tmp_path / f"{WORK_FOLDER_PREFIX}notes"
    for folder in (orphan, running, unrelated):
        (folder / "root").mkdir(parents=True)
    outcomes = list(run_jobs([_job("honest")], 1, run=_run, warm=_nothing))
    assert outcomes[0].run is not None
    assert not orphan.exists()
    assert running.is_dir() and unrelated.is_dir()
