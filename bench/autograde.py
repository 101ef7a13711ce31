"""Benchmark: grading throughput of the isolated runner against plain ``nbgrader autograde``.

Builds one demo cohort (``autograder demo-cohort``) of ``--submissions`` learners for one
assignment, copies it, then grades the two copies one after the other in this run, each with
``autograder grade`` in a subprocess of its own:
- ``--runner nbgrader``: nbgrader's autograde, a fresh kernel per submission;
- ``--runner isolated``: our sandboxed warm workers, ``--workers`` at once (default: all cores).

Prints, per runner, the wall time, throughput (submissions per second) and peak memory (the
largest resident set of the grading command or any process it started), then whether every
learner's score per graded cell is the same in both gradebooks. The last line reads
``ratio: X``, our throughput over nbgrader's.

Usage: ``python bench/autograde.py [--submissions 200] [--assignment score-a-vendor]
[--workers N]``. Needs root, as the isolated runner does. 200 submissions take about
15 minutes, nearly all of it nbgrader's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder.course_dir import CourseDir, init_course  # noqa: E402
from autograder.demo_cohort import build_demo_cohort  # noqa: E402
from tests.runner.gradebook import cell_scores  # noqa: E402


def grade(
    course: CourseDir, assignment: str, runner: str, workers: int | None
) -> tuple[float, int]:
    """Run ``autograder grade`` once; return (seconds, peak resident memory in bytes)."""
    command = [sys.executable, "-m", "autograder", "grade", assignment]
    command += ["--course-dir", str(course.root), "--runner", runner]
    if runner == "nbgrader":
        command.append("--unprotected")  # the baseline: nbgrader without walls
    if workers and runner == "isolated":
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"autograder grade --runner {runner} failed")
    return seconds, usage.ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--assignment", default="score-a-vendor")
    parser.add_argument("--workers", type=int)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as scratch:
        first = init_course(Path(scratch) / "nbgrader")
        print(f"building a demo cohort of {args.submissions} for {args.assignment} ...")
        build_demo_cohort(first, args.submissions, exercise_ids=[args.assignment])
        second_root = Path(scratch) / "isolated"
        shutil.copytree(first.root, second_root)
        second = init_course(second_root)  # rewrites the config for the copy's paths
        submitted = len(list((first.root / "submitted").glob(f"*/{args.assignment}")))
        results = {}
        for runner, course in (("nbgrader", first), ("isolated", second)):
            seconds, peak = grade(course, args.assignment, runner, args.workers)
            results[runner] = submitted / seconds
            print(
                f"{runner:9} {seconds:8.1f} s  {submitted / seconds:7.2f} submissions/s  "
                f"peak memory {peak / 2**20:7.0f} MiB"
            )
        ours, theirs = cell_scores(second, args.assignment), cell_scores(first, args.assignment)
        differences = [
            key for key in ours.keys() | theirs.keys() if ours.get(key) != theirs.get(key)
        ]
        print(
            f"submissions: {submitted}; graded cells compared: {len(theirs)}; "
            f"identical grades: {'yes' if not differences else f'no ({len(differences)} differ)'}"
        )
        for key in sorted(differences)[:10]:
            print(f"  {key}: isolated {ours.get(key)} nbgrader {theirs.get(key)}")
        print(f"ratio: {results['isolated'] / results['nbgrader']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
