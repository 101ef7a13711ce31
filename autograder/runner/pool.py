"""Where notebook jobs run: warm local worker processes, or a Dask distributed cluster.

Why both behind one function: the grading loop should not care whether a cohort runs on this
machine's cores (``--workers N``) or on a cluster (``--scheduler ADDRESS``). Either way each job
is plain data in and plain data out (:class:`~autograder.runner.worker.NotebookJob`,
:class:`~autograder.runner.worker.NotebookRun`), and results come back as they finish.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from autograder.runner.worker import NotebookJob, NotebookRun, run_notebook, warm_up

Outcome = tuple[NotebookJob, NotebookRun | None, str]
"""A job, its run (None if the worker failed), and the worker's error text ("" when fine)."""


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def run_jobs(
    jobs: Iterable[NotebookJob], workers: int | None = None, scheduler: str | None = None
) -> Iterator[Outcome]:
    """Run every job, yielding outcomes in the order they finish."""
    jobs = list(jobs)
    if not jobs:
        return
    if scheduler:
        yield from _run_on_dask(jobs, scheduler)
    else:
        yield from _run_locally(jobs, workers or default_workers())


def _run_locally(jobs: list[NotebookJob], workers: int) -> Iterator[Outcome]:
    # forkserver: workers start from a clean process, not from a copy of the grading loop.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up) as pool:
        futures = {pool.submit(run_notebook, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield job, future.result(), ""
            except Exception as error:  # a worker that died is one learner's failure
                yield job, None, f"the grading worker failed ({type(error).__name__}: {error})"


def _run_on_dask(jobs: list[NotebookJob], scheduler: str) -> Iterator[Outcome]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(scheduler, timeout="30s") as client:
        futures = client.map(run_notebook, jobs, pure=False)
        job_of = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        for future in dask_completed(futures):
            job = job_of[future.key]
            try:
                yield job, future.result(), ""
            except Exception as error:
                yield job, None, f"the Dask worker failed ({type(error).__name__}: {error})"
