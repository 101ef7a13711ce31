"""Where notebook jobs run: warm local worker processes, or a Dask distributed cluster.

Why both behind one function: the grading loop should not care whether a cohort runs on this
machine's cores (``--workers N``) or on a cluster (``--scheduler ADDRESS``). Either way each job
is plain data in and plain data out (:class:`~autograder.runner.worker.NotebookJob`,
:class:`~autograder.runner.worker.NotebookRun`), and results come back as they finish.

A worker can die under a job (the kernel's out-of-memory killer picks the largest process, which
may be a worker rather than a submission). A local pool whose worker died is broken for every
job it still holds, so it is replaced: jobs that had not started run in a fresh pool, and each
job that was running when the worker died runs again alone, in a pool of its own; only a job
whose lone worker dies too is reported as failed. Every job run again says so
(:attr:`Outcome.note`), so ``grade`` can name the learners a fault touched.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from autograder.runner.worker import (
    NotebookJob,
    NotebookRun,
    die_with_parent,
    remove_orphaned_work_folders,
    remove_work_folders_of,
    run_notebook,
    warm_up,
)

Run = Callable[[NotebookJob], NotebookRun]
RETRIED_NOTE = "its grading worker died (out of memory?) and it was graded again"


@dataclass(frozen=True)
class Outcome:
    """A job, its run (None if no worker could finish it) and why not, or a note."""

    job: NotebookJob
    run: NotebookRun | None
    error: str = ""  # why there is no run
    note: str = ""  # something that happened on the way, e.g. it ran again after a fault


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def run_jobs(
    jobs: Iterable[NotebookJob],
    workers: int | None = None,
    scheduler: str | None = None,
    run: Run = run_notebook,
    warm: Callable[[], None] = warm_up,
) -> Iterator[Outcome]:
    """Run every job, yielding outcomes in the order they finish.

    ``run`` and ``warm`` are what each worker does per job and once at start (tests swap them).
    """
    jobs = list(jobs)
    if not jobs:
        return
    if scheduler:
        yield from _run_on_dask(jobs, scheduler, run)
    else:
        yield from _run_locally(jobs, workers or default_workers(), run, warm)


SOCKET_PATH_BYTES = 107
"""The longest path Linux accepts for a Unix socket (``sun_path`` less its closing NUL)."""
FORKSERVER_SOCKET_SUFFIX = len("/pymp-xxxxxxxx/listener-xxxxxxxx")
"""What multiprocessing adds to the temporary folder for the forkserver's socket."""


class TemporaryFolderTooLong(RuntimeError):
    """The grading workers cannot start: their socket's path would be too long for Linux."""


def check_temporary_folder() -> None:
    """Refuse, with the fix, a temporary folder too deep for the forkserver's socket.

    Why: multiprocessing puts that socket under ``TMPDIR``; past 107 bytes Linux refuses it and
    ``grade`` would stop with a bare "AF_UNIX path too long" before grading anyone.
    """
    import tempfile

    folder = tempfile.gettempdir()
    needed = len(os.fsencode(folder)) + FORKSERVER_SOCKET_SUFFIX
    if needed > SOCKET_PATH_BYTES:
        raise TemporaryFolderTooLong(
            f"the temporary folder {folder} is too long a path for the grading workers' socket "
            f"({needed} bytes with the socket's name; Linux allows {SOCKET_PATH_BYTES}). "
            "Set TMPDIR to a shorter folder, for example TMPDIR=/tmp, and grade again."
        )


def _run_locally(jobs: list[NotebookJob], workers: int, run: Run, warm) -> Iterator[Outcome]:
    check_temporary_folder()
    remove_orphaned_work_folders()
    waiting = list(enumerate(jobs))
    suspects: list[tuple[int, NotebookJob]] = []  # running when a worker died
    retried: set[int] = set()
    while waiting:
        lost = yield from _one_pool(waiting, workers, run, warm, retried)
        waiting = [(index, job) for index, job, started in lost if not started]
        suspects += [(index, job) for index, job, started in lost if started]
        retried.update(index for index, _, started in lost if started)
    for index, job in suspects:
        lost = yield from _one_pool([(index, job)], 1, run, warm, retried)
        if lost:
            yield Outcome(
                job,
                None,
                "the grading worker died twice while running it, the second time on its own "
                "(out of memory, or killed from outside); grade again to retry",
            )


def _one_pool(items, workers, run, warm, retried) -> Iterator[Outcome]:
    """Run ``items`` in one pool; return the (index, job, started) it lost to a dead worker."""
    # forkserver: workers start from a clean process, not from a copy of the grading loop.
    context = multiprocessing.get_context("forkserver")
    started = context.SimpleQueue()
    pool = ProcessPoolExecutor(
        min(workers, len(items)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(started, warm),
    )
    finished: set[int] = set()
    futures = {pool.submit(_run_reporting, index, run, job): (index, job) for index, job in items}
    workers_pids = set(getattr(pool, "_processes", None) or {})  # all started by the submits
    try:
        for future in as_completed(futures):
            index, job = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                break
            except Exception as error:  # the job itself failed in the worker: its own outcome
                finished.add(index)
                yield Outcome(
                    job, None, f"the grading worker failed ({type(error).__name__}: {error})"
                )
                continue
            finished.add(index)
            yield Outcome(job, result, note=RETRIED_NOTE if index in retried else "")
    finally:
        _stop(pool)
        remove_work_folders_of(workers_pids)
    began = set()
    while not started.empty():
        began.add(started.get())
    started.close()
    return [(index, job, index in began) for index, job in items if index not in finished]


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for jobs still running (their workers are ended)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()  # SIGTERM: the worker ends its sandbox and removes its folder
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()


def _start_worker(started, warm: Callable[[], None]) -> None:
    """Once in each local worker: die with the pool, clean up on SIGTERM, then warm up."""
    global _STARTED
    _STARTED = started
    _let_the_forkserver_end_with_grade()
    die_with_parent(signal.SIGTERM)  # its parent, the forkserver, ends when grade does
    signal.signal(signal.SIGTERM, _terminated)
    warm()


def _let_the_forkserver_end_with_grade() -> None:
    """Close this worker's copy of the pipe that keeps the forkserver alive.

    Why: Python hands every process the forkserver starts a copy of the pipe by which the
    forkserver learns that ``grade`` has ended, so a forkserver outlives a killed ``grade`` as
    long as any worker lives, and a worker busy with a sandbox lives up to a notebook's time
    limit. With the copy closed, the forkserver ends with ``grade`` (even by SIGKILL), and each
    worker then gets SIGTERM from Linux, ends its sandbox and removes its work folder.
    """
    from multiprocessing import forkserver

    server = forkserver._forkserver
    fd = getattr(server, "_forkserver_alive_fd", None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None


_TERMINATED = False


def _terminated(signum, frame) -> None:
    """SystemExit unwinds the job: the worker kills its sandbox and removes its work folder.

    Only the first SIGTERM does: a worker usually gets two (the pool's ``terminate`` and Linux's
    when the forkserver ends), and a second SystemExit raised inside that cleanup would skip it.
    """
    global _TERMINATED
    if _TERMINATED:
        return
    _TERMINATED = True
    raise SystemExit(128 + signum)


_STARTED = None  # in a local worker: where it tells the pool which job it starts


def _run_reporting(index: int, run: Run, job: NotebookJob) -> NotebookRun:
    _STARTED.put(index)  # before the job: a worker that dies now is known to have held it
    try:
        return run(job)
    finally:
        if _TERMINATED:  # the pool would catch SystemExit and wait for the next job
            os._exit(143)


def _run_on_dask(jobs: list[NotebookJob], scheduler: str, run: Run) -> Iterator[Outcome]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(scheduler, timeout="30s") as client:
        futures = client.map(run, jobs, pure=False)
        job_of = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        for future in dask_completed(futures):
            job = job_of[future.key]
            try:
                yield Outcome(job, future.result())
            except Exception as error:  # KilledWorker: Dask already retried it on others
                yield Outcome(
                    job, None, f"the Dask worker failed ({type(error).__name__}: {error})"
                )
