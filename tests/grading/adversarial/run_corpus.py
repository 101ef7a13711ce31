"""Run the adversarial corpus through ``autograder grade`` and print what happened.

Usage (from the repository root)::

    .venv/bin/python tests/grading/adversarial/run_corpus.py [--only ID ...] [--unsafe] [--slow]
        [--cell-timeout SECONDS] [--time-limit SECONDS] [--runner isolated|nbgrader] [--keep]

It builds a temporary course directory with a few honest learners and every case of
``corpus.py`` as a learner of its own, runs the real ``autograder grade`` once over all of them,
and prints one row per case: expected outcome, actual score, actual status and reason, side
effects, PASS or FAIL. Then whether the honest learners were graded and the gradebook is intact.
Exit status: 0 when every row passes, 1 otherwise. ``test_corpus.py`` runs it with the isolated
runner and requires every row to pass; ``--runner nbgrader`` shows how many plain nbgrader fails.

Safety limits the harness always sets on the grading command (inherited by every kernel):
an address-space limit (``--memory``, default 3 GiB, so the 8 GiB request fails at once), a
1 GiB file-size limit, no core dumps, ``nice 10``, its own session, and a wall-clock limit
(``--time-limit``) after which the whole session is killed. Processes a case leaves behind in
the temporary folders are listed and then ended by their process id. Cases marked ``unsafe``
(a memory bomb that really grows) run only with ``--unsafe``; ``slow`` ones only with ``--slow``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from autograder.collect import TIMESTAMP_FORMAT  # noqa: E402
from autograder.course_dir import CourseDir, init_course, nbgrader_api  # noqa: E402
from autograder.demo_cohort import DUE_DATE, write_roster  # noqa: E402
from autograder.grading import FAILED, GRADED, LedgerEntry, read_ledger  # noqa: E402
from autograder.roster import import_roster  # noqa: E402
from tests.grading.adversarial import corpus, submissions  # noqa: E402
from tests.grading.adversarial.kit import (  # noqa: E402
    ASSIGNMENT,
    NOTEBOOK,
    SOURCE,
    BuildContext,
    points,
    source_notebook,
)
from tests.grading.adversarial.probes import Facts, digest  # noqa: E402

GIB = 1024**3
SURVIVOR_WAIT_SECONDS = 25
"""A detached child in the corpus writes its marker after 20 s: wait at least this long."""


class Listener:
    """A TCP listener on 127.0.0.1 that records what each connection sends (4 KiB at most)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                data = b""
                try:
                    while len(data) < 4096:
                        chunk = connection.recv(1024)
                        if not chunk:
                            break
                        data += chunk
                except OSError:
                    pass
                self.received.append(data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.server.close()


@dataclass
class Learner:
    """One learner of the run: an honest role or a corpus case."""

    id: str
    role: str  # "honest", "victim-early", "victim-late", or "case"
    case: corpus.Case | None = None
    max_points: float | None = None
    build_error: str = ""
    problems: list[str] = field(default_factory=list)


def plan_learners(cases: list[corpus.Case]) -> list[Learner]:
    """Honest learners around the cases, in the order grading visits them (sorted ids).

    The early victim is graded before the case that tampers with its grade; the late victim
    after the case that overwrites its submission; the grader-killing case last of all.
    """
    last = [c for c in cases if c.id == corpus.LAST]
    rest = [c for c in cases if c.id != corpus.LAST]
    half = len(rest) // 2
    entries: list[tuple[str, str, corpus.Case | None]] = [
        ("honest-first", "honest", None),
        ("victim-early", "victim-early", None),
        *[(c.id, "case", c) for c in rest[:half]],
        ("honest-middle", "honest-middle", None),
        *[(c.id, "case", c) for c in rest[half:]],
        ("victim-late", "victim-late", None),
        ("honest-last", "honest-last", None),
        *[(c.id, "case", c) for c in last],
    ]
    return [Learner(f"{i:03d}-{name}", role, case) for i, (name, role, case) in enumerate(entries)]


def build_course(root: Path, learners: list[Learner]) -> CourseDir:
    """Course directory, roster and release, the way ``autograder demo-cohort`` makes them."""
    from nbgrader.api import Gradebook

    course = init_course(root)
    roster = root / "adversarial-roster.csv"
    write_roster(roster, [learner.id for learner in learners])
    import_roster(course, roster)
    result = nbgrader_api(course).generate_assignment(ASSIGNMENT, force=True, create=True)
    if not result.get("success"):
        raise SystemExit(f"nbgrader could not release {ASSIGNMENT}: {result.get('error')}")
    with Gradebook(course.db_url) as gradebook:
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate=DUE_DATE.replace(tzinfo=None))
    return course


def write_submissions(
    course: CourseDir, learners: list[Learner], scratch: Path, port: int
) -> dict[str, str]:
    import nbformat

    release = nbformat.read(course.release(ASSIGNMENT) / NOTEBOOK, as_version=4)
    peers = {learner.role: learner.id for learner in learners if learner.role != "case"}
    stamp = (DUE_DATE - timedelta(days=1)).strftime(TIMESTAMP_FORMAT)
    for learner in learners:
        folder = course.submitted(learner.id, ASSIGNMENT)
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
        ctx = BuildContext(learner.id, folder, release, course.root, scratch, port, peers)
        builder = learner.case.build if learner.case else submissions.honest
        try:
            legit = builder(ctx)
        except Exception as error:  # a broken builder is reported, the rest still runs
            learner.build_error = f"{type(error).__name__}: {error}"
            continue
        if learner.case:
            declared = learner.case.expected.max_points
            learner.max_points = declared if declared is not None else legit
        else:
            learner.max_points = corpus.FULL
    return peers


def _limits(memory: int) -> None:
    """Run in the grading command before it starts: limits its kernels inherit."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (GIB, GIB))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(10)


CELL_TIMEOUT_WRAPPER = (
    "import sys, autograder.course_dir as c; c.CELL_TIMEOUT_SECONDS = int(sys.argv[1]); "
    "from autograder.cli import main; sys.exit(main(sys.argv[2:]))"
)


def run_grade(
    course: CourseDir,
    logs: Path,
    cell_timeout: int | None,
    time_limit: float,
    memory: int,
    runner: str = "isolated",
) -> tuple[int | None, float]:
    """Run ``autograder grade`` once, with the safety limits; return (exit status, seconds)."""
    arguments = ["grade", ASSIGNMENT, "--course-dir", str(course.root), "--runner", runner]
    if runner == "nbgrader":
        arguments.append("--unprotected")  # to show what plain nbgrader lets through
    if cell_timeout:
        command = [sys.executable, "-c", CELL_TIMEOUT_WRAPPER, str(cell_timeout), *arguments]
    else:
        command = [sys.executable, "-m", "autograder", *arguments]
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_LEARNER_ID", "JUPYTERHUB_USER")}
    env["PYTHONUNBUFFERED"] = "1"  # keep what it printed even if a case kills it
    started = time.monotonic()
    with open(logs / "grade.out", "wb") as out, open(logs / "grade.err", "wb") as err:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            env=env,
            cwd=course.root,
            start_new_session=True,
            preexec_fn=lambda: _limits(memory),
        )
        try:
            status: int | None = process.wait(timeout=time_limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            status = None
    return status, time.monotonic() - started


def gradebook_facts(course: CourseDir, learners: list[Learner]) -> tuple[dict, float | None, list]:
    """Scores per learner, the assignment's max score, and what is wrong with the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    scores: dict[str, float | None] = {}
    problems: list[str] = []
    with sqlite3.connect(course.gradebook) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        problems.append(f"SQLite integrity check: {check}")
    with Gradebook(course.db_url) as gradebook:
        assignment = gradebook.find_assignment(ASSIGNMENT)
        max_score = float(assignment.max_score)
        if max_score != corpus.MAX_SCORE:
            problems.append(f"max score {max_score:g}, source says {corpus.MAX_SCORE:g}")
        notebook = gradebook.find_notebook(Path(NOTEBOOK).stem, ASSIGNMENT)
        cells = {cell.name: float(cell.max_score) for cell in notebook.grade_cells}
        expected_cells = {**points(source_notebook()), "memo": corpus.MAX_SCORE - corpus.FULL}
        if cells != expected_cells:
            problems.append(f"grade cells changed: {cells}")
        students = {student.id for student in gradebook.students}
        if students != {learner.id for learner in learners}:
            problems.append("the gradebook's learners differ from the roster")
        for learner in learners:
            try:
                submission = gradebook.find_submission(ASSIGNMENT, learner.id)
            except MissingEntry:
                scores[learner.id] = None
            else:
                scores[learner.id] = float(submission.score)
    return scores, max_score, problems


def leftover_processes(root: Path) -> list[tuple[int, str]]:
    """Processes still running from inside the temporary folders (pid, command)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(root)) or str(root) in command:
            found.append((int(entry.name), command.strip()[:100]))
    return found


def judge(
    learner: Learner,
    entry: LedgerEntry | None,
    score: float | None,
    facts: Facts,
    exit_status: int | None,
) -> None:
    """Fill ``learner.problems``: every way the outcome differs from the expected one."""
    if learner.build_error:
        learner.problems.append(f"could not build: {learner.build_error}")
        return
    expected = (
        learner.case.expected if learner.case else corpus.Expected(corpus.FULL, corpus.GRADED)
    )
    minimum = expected.min_points if learner.case else corpus.FULL
    earned = score or 0.0
    if entry is None:
        ended = "timed out" if exit_status is None else f"ended with status {exit_status}"
        learner.problems.append(f"never graded nor reported (the grading command {ended})")
    elif expected.status == corpus.GRADED and entry.status != GRADED:
        learner.problems.append("not graded")
    elif expected.status == corpus.UNGRADABLE and entry.status != FAILED:
        learner.problems.append("graded, not reported as ungradable")
    elif entry.status == FAILED and not entry.reason.strip():
        learner.problems.append("reported without a reason")
    if learner.max_points is not None and earned > learner.max_points + 1e-9:
        learner.problems.append(f"earned {earned:g} > {learner.max_points:g}")
    if earned < minimum - 1e-9 and entry is not None:
        learner.problems.append(f"earned {earned:g} < {minimum:g} it deserves")
    for probe in learner.case.probes if learner.case else ():
        finding = probe(facts)
        if finding:
            learner.problems.append(finding)


def expected_text(learner: Learner) -> str:
    if learner.case is None:
        return f"={corpus.FULL:g} graded"
    expected = learner.case.expected
    bound = "?" if learner.max_points is None else f"{learner.max_points:g}"
    low = f"{expected.min_points:g}-" if expected.min_points else "<="
    return f"{low}{bound} {expected.status}"


def status_text(entry: LedgerEntry | None) -> str:
    if entry is None:
        return "NOT REACHED"
    if entry.status == GRADED:
        return "graded"
    return f"failed: {entry.reason}"


def print_table(learners: list[Learner], ledger: dict, scores: dict) -> None:
    rows = [("learner / case", "expected", "score", "status / reason", "verdict")]
    for learner in learners:
        name = learner.case.id if learner.case else f"({learner.role})"
        score = scores.get(learner.id)
        verdict = "PASS" if not learner.problems else "FAIL: " + "; ".join(learner.problems)
        rows.append(
            (
                name,
                expected_text(learner),
                "-" if score is None else f"{score:g}",
                status_text(ledger.get(learner.id))[:70],
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), end=""
        )
        print("  " + row[4])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these cases")
    parser.add_argument("--unsafe", action="store_true", help="include cases marked unsafe")
    parser.add_argument("--slow", action="store_true", help="include cases marked slow")
    parser.add_argument("--cell-timeout", type=int, help="override the 120 s cell timeout")
    parser.add_argument("--time-limit", type=float, default=3600, help="seconds for the run")
    parser.add_argument("--memory", type=float, default=3, help="address-space limit in GiB")
    parser.add_argument("--runner", choices=("isolated", "nbgrader"), default="isolated")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--workdir", type=Path, help="where to make the temporary folder")
    args = parser.parse_args(argv)

    cases = corpus.selected(unsafe=args.unsafe, slow=args.slow)
    if args.only:
        cases = [corpus.by_id(case_id) for case_id in args.only]
    skipped = [c.id for c in corpus.CASES if c not in cases]
    root = Path(tempfile.mkdtemp(prefix="adversarial-corpus-", dir=args.workdir))
    scratch = root / "scratch"
    scratch.mkdir()
    listener = Listener()
    source_digest = digest(SOURCE)
    try:
        learners = plan_learners(cases)
        course = build_course(root / "course-work", learners)
        peers = write_submissions(course, learners, scratch, listener.port)
        release_digest = digest(course.release(ASSIGNMENT) / NOTEBOOK)
        print(f"{len(cases)} cases + {len(learners) - len(cases)} honest learners in {root}")
        print(f"not run: {', '.join(skipped) or 'none'}", flush=True)
        status, seconds = run_grade(
            course, root, args.cell_timeout, args.time_limit, int(args.memory * GIB), args.runner
        )
        time.sleep(max(0.0, SURVIVOR_WAIT_SECONDS - seconds))
        ledger = read_ledger(course, ASSIGNMENT)
        scores, max_score, gradebook_problems = gradebook_facts(course, learners)
        for learner in learners:
            facts = Facts(
                learner.id,
                course.root,
                scratch,
                scores,
                list(listener.received),
                release_digest,
                max_score,
                peers,
            )
            judge(learner, ledger.get(learner.id), scores.get(learner.id), facts, status)
        leftovers = leftover_processes(root)
    finally:
        listener.close()

    print(f"\n`autograder grade` exit status {status} after {seconds:.0f} s")
    print((root / "grade.out").read_text(encoding="utf-8", errors="replace").strip()[:3000])
    print()
    print_table(learners, ledger, scores)
    honest = [learner for learner in learners if learner.role.startswith("honest")]
    graded_honest = [h for h in honest if not h.problems]
    victims = [learner for learner in learners if learner.role.startswith("victim")]
    intact_victims = [v for v in victims if not v.problems]
    passed = [learner for learner in learners if learner.case and not learner.problems]
    print(f"\ncases: {len(passed)} PASS, {len(cases) - len(passed)} FAIL")
    print(f"honest learners graded with full marks: {len(graded_honest)}/{len(honest)}")
    if victims:
        print(
            f"classmates the corpus attacks, still graded with full marks: "
            f"{len(intact_victims)}/{len(victims)}"
        )
    print(f"gradebook intact: {'yes' if not gradebook_problems else '; '.join(gradebook_problems)}")
    unchanged = digest(SOURCE) == source_digest
    print(f"repository's source notebook unchanged: {'yes' if unchanged else 'NO'}")
    if leftovers:
        print(f"processes left behind ({len(leftovers)}), now ended:")
        for pid, command in leftovers:
            print(f"  {pid}: {command}")
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    else:
        print("processes left behind: none")
    if args.keep:
        print(f"kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    everything_ok = (
        len(passed) == len(cases) and len(graded_honest) == len(honest) and not gradebook_problems
    )
    return 0 if everything_ok and unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
