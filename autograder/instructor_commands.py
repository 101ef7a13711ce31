"""The instructor commands of ``autograder``: roster to grades, feedback and a report.

Each handler is a thin layer over one module (course_dir, roster, collect, grading, feedback,
export, report, demo_cohort) that does the work; here we parse arguments, show progress and
print what happened in words an instructor can act on.
"""

from __future__ import annotations

import argparse
import difflib
import os
import signal
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from autograder.checks.answer_mode import write_check_mode
from autograder.collect import (
    SYSTEM_ACCOUNTS,
    CollectError,
    assignment_due,
    collect,
    report_lines,
)
from autograder.course_dir import (
    DEFAULT_COURSE_DIR,
    CourseDir,
    CourseDirError,
    init_course,
    nbgrader_api,
    open_course,
)
from autograder.demo_cohort import DemoCohortError, build_demo_cohort
from autograder.export import FORMATS, MISSING_POLICIES, ExportError, export_grades
from autograder.feedback import feedback_plan, release_to_exchange, write_feedback
from autograder.grading import (
    RUNNERS,
    RunnerUnavailable,
    UnknownLearner,
    grade_assignment,
    submitted_learners,
)
from autograder.report import write_report
from autograder.roster import Learner, RosterError, import_roster
from autograder.runner.pool import TemporaryFolderTooLong
from course.catalog import Catalog, load_catalog


class UnknownAssignment(ValueError):
    """An assignment id that is not in the catalog; the message suggests the closest ones."""


USER_ERRORS = (
    CourseDirError,
    RosterError,
    CollectError,
    ExportError,
    DemoCohortError,
    RunnerUnavailable,
    TemporaryFolderTooLong,
    UnknownAssignment,
    UnknownLearner,
)
"""Errors whose message is the whole story: printed without a traceback (exit status 2)."""

T = TypeVar("T")
KIND_WORDS = {
    "full": "full marks",
    "partial": "with misconceptions",
    "wrong": "handed back unchanged",
    "late": "late",
    "broken": "damaged files",
    "missing": "missing (nothing handed in)",
}
"""How ``demo-cohort`` names each kind of synthetic submission (``autograder.demo_cohort``)."""


def progress(description: str) -> object:
    """A progress bar on stderr for long work (hidden when there is nothing to show)."""

    def wrap(items: Iterable[T]) -> Iterable[T]:
        if not hasattr(items, "__len__"):
            items = list(items)
        return tqdm(
            items,
            total=len(items),
            desc=description,
            unit="item",
            file=sys.stderr,
            disable=not len(items),
        )

    return wrap


def exercise_id(requested: str, catalog: Catalog | None = None) -> str:
    """The catalog's id for ``requested``, or an error that says what was probably meant."""
    catalog = catalog or load_catalog()
    known = [e.id for e in catalog.exercises]
    if requested in known:
        return requested
    close = difflib.get_close_matches(requested, known, n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UnknownAssignment(
        f"no assignment {requested!r} in the catalog; {hint}(known: {', '.join(known)})"
    )


def _assignments(requested: list[str]) -> list[str]:
    catalog = load_catalog()
    return [exercise_id(a, catalog) for a in requested] or [e.id for e in catalog.exercises]


def cmd_init(args: argparse.Namespace) -> int:
    course = init_course(args.course_dir)
    print(f"Course directory ready: {course.root}")
    print(f"  nbgrader settings: {course.config_file.name} (source: {course.source})")
    print(f"  gradebook: {course.gradebook.name}, with {len(load_catalog().exercises)} assignments")
    print(f"  exchange: {course.exchange} (learners' settings: {course.learner_config})")
    print("Next: autograder roster import ROSTER.csv")
    return 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    added, updated = import_roster(course, args.file)
    print(f"Roster imported: {added} added, {updated} updated.")
    return 0


def _learner_checks(assignment: str) -> str:
    """The catalog's ``learner_checks`` for an exercise (``values`` for anything else)."""
    try:
        return load_catalog().exercise(assignment).learner_checks
    except KeyError:
        return "values"


def cmd_build(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    api = nbgrader_api(course)
    failed = []
    for assignment in progress("build")(_assignments(args.assignments)):
        result = api.generate_assignment(assignment, force=True, create=True)
        if result.get("success") and course.release(assignment).is_dir():
            # What "check my answer" may reveal travels with the release (the catalog's choice).
            write_check_mode(course.release(assignment), _learner_checks(assignment))
        if not result.get("success"):
            failed.append(f"{assignment}: {str(result.get('error', '')).strip().splitlines()[-1:]}")
    for assignment in _assignments(args.assignments):
        if course.release(assignment).is_dir():
            print(f"  released {assignment} -> {course.release(assignment)}")
    for line in failed:
        print(f"  FAILED {line}", file=sys.stderr)
    return 1 if failed else 0


def cmd_release(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    api = nbgrader_api(course)
    failed = []
    for assignment in _assignments(args.assignments):
        if not course.release(assignment).is_dir():
            failed.append(f"{assignment}: not built yet; run `autograder build {assignment}`")
            continue
        result = api.release_assignment(assignment)
        if result.get("success"):
            print(f"  released {assignment} to the exchange ({course.exchange})")
        else:
            failed.append(f"{assignment}: {_last_line(result)}")
    for line in failed:
        print(f"  FAILED {line}", file=sys.stderr)
    if not failed:
        print(
            "Learners fetch it in JupyterLab: Nbgrader > Assignment List > Released assignments "
            f"> Fetch (their settings: {course.learner_config})."
        )
    return 1 if failed else 0


def _last_line(result: dict) -> str:
    """The last line nbgrader logged or raised: its reason, without its traceback."""
    text = f"{result.get('log', '')}\n{result.get('error', '')}".strip().splitlines()
    return text[-1].strip() if text else "nbgrader gave no reason"


def _roster(course_dir: Path) -> list[Learner]:
    from nbgrader.api import Gradebook

    course = open_course(course_dir)
    with Gradebook(course.db_url) as gradebook:
        return [
            Learner(s.id, s.first_name or "", s.last_name or "", s.email or "")
            for s in gradebook.students
        ]


def cmd_collect(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    exercise = load_catalog().exercise(exercise_id(args.assignment))
    roster = _roster(args.course_dir)
    if not roster:
        raise RosterError("the gradebook has no learners: run `autograder roster import` first")
    notebooks = [Path(nb).name for nb in exercise.notebooks]
    source = args.source or course.exchange
    owners = None if args.one_account else SYSTEM_ACCOUNTS
    due = assignment_due(course, exercise.id)
    report = collect(
        course,
        exercise.id,
        source,
        roster,
        notebooks,
        owners=owners,
        due=due,
        expect_exchange=args.source is None,
    )
    print("\n".join(report_lines(report, exercise.id)))
    return 0


def _exit_on_sigterm() -> None:
    """SIGTERM ends ``grade`` as Ctrl+C does: through its cleanup, not around it.

    Why: the default action ends the process on the spot, and the workers, their sandboxes and
    their work folders are left to notice on their own. As an exception, it unwinds the grading
    loop, which stops its workers; finished grades are already in the gradebook and the ledger.
    """

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def cmd_grade(args: argparse.Namespace) -> int:
    _exit_on_sigterm()
    course = open_course(args.course_dir)
    assignment = exercise_id(args.assignment)
    if not submitted_learners(course, assignment):
        print(
            f"{assignment}: nothing is collected yet, so there is nothing to grade. Collect the "
            f"work first: autograder collect {assignment} (from this course's exchange), or "
            f"autograder collect {assignment} --from PATH (another exchange, a folder or an LMS "
            "zip)."
        )
        return 1
    if args.runner == "nbgrader" and not args.unprotected:
        print(
            "--runner nbgrader runs learner code with your rights and no sandbox: a submission "
            "can earn marks it did not earn and rewrite anyone's grades. Grade with the default "
            "runner (it works as root or as a normal user), or add --unprotected to compare the "
            "two on a demo cohort."
        )
        return 2
    if args.runner == "isolated" and not args.scheduler:
        from autograder.runner.pool import check_temporary_folder
        from autograder.runner.sandbox import controls

        check_temporary_folder()  # before the progress bar is drawn, not after
        for line in controls()[1]:
            print(f"Warning: the sandbox is weaker on this machine: {line}.")
    run = grade_assignment(
        course,
        assignment,
        progress=progress(f"grade {assignment}"),
        runner=args.runner,
        workers=args.workers,
        scheduler=args.scheduler,
        force=True if args.force == [] else (args.force or False),
    )
    print(
        f"{assignment}: {len(run.graded)} graded, {len(run.unchanged)} unchanged since the "
        f"last run, {len(run.failed)} could not be graded."
    )
    for learner, reason in sorted(run.failed.items()):
        print(f"  {learner}: {reason}")
    for learner, note in sorted(run.notes.items()):
        print(f"  {learner} (graded; anything that did not run scores zero): {note}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    assignment = exercise_id(args.assignment)
    learners, warnings = feedback_plan(course, assignment)
    for line in warnings:
        print(f"  warning: {assignment}: {line}", file=sys.stderr, flush=True)
    written, failed = write_feedback(course, assignment, learners, progress=progress("feedback"))
    print(f"Feedback written for {len(written)} learner(s) under {course.root / 'feedback'}.")
    released = release_to_exchange(course, assignment, written)
    if released:
        print(
            f"  released to the exchange for {len(released)} learner(s): they see it in "
            "Assignment List > Submitted assignments > Fetch Feedback"
        )
    for learner, reason in sorted(failed.items()):
        print(f"  {learner}: {reason}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    destination = args.out or course.root / "exports" / f"grades-{args.format}.csv"
    export = export_grades(course, args.format, destination, missing=args.missing)
    for line in export.warnings:
        print(f"  warning: {line}", file=sys.stderr, flush=True)
    print(f"Grades written to {export.path} ({args.format}).")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    destination = args.out or course.root / "report.html"
    written = write_report(course, destination)
    print(f"Cohort report written to {written}")
    return 0


def lab_command(course: CourseDir, port: int, as_root: bool) -> list[str]:
    """The JupyterLab command ``autograder lab`` runs in the course directory.

    Why from there: formgrader only works when the course directory is inside the server's
    folder, and it reads the course's ``nbgrader_config.py`` from the folder it starts in.
    On 127.0.0.1 only; as root (a grading server or container) JupyterLab refuses to start
    without ``--allow-root``, so it is added then.
    """
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={course.root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.open_browser=False",
    ]
    return command + (["--ServerApp.allow_root=True"] if as_root else [])


def cmd_lab(args: argparse.Namespace) -> int:
    course = open_course(args.course_dir)
    command = lab_command(course, args.port, as_root=os.geteuid() == 0)
    print(
        f"Starting JupyterLab in {course.root} on 127.0.0.1. Open the address it prints, then "
        "Nbgrader > Formgrader to grade written answers (Ctrl+C stops it)."
    )
    try:
        return subprocess.call(command, cwd=course.root)
    except KeyboardInterrupt:
        return 0


def cmd_demo_cohort(args: argparse.Namespace) -> int:
    course = init_course(args.course_dir)
    exercises = [exercise_id(a) for a in args.assignment] if args.assignment else None
    plans = build_demo_cohort(
        course, args.size, seed=args.seed, exercise_ids=exercises, progress=progress("write")
    )
    kinds: dict[str, int] = {}
    for plan in plans:
        kinds[plan.kind] = kinds.get(plan.kind, 0) + 1
    assignments = len({plan.assignment for plan in plans})
    mix = ", ".join(f"{kinds[kind]} {KIND_WORDS[kind]}" for kind in KIND_WORDS if kind in kinds)
    print(f"Demo cohort of {args.size} learner(s) in {course.root}, collected and ready to grade.")
    print(
        f"  {len(plans)} submissions ({args.size} learner(s) x {assignments} assignment(s)): {mix}."
    )
    print("Next: autograder grade ASSIGNMENT, then autograder report")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the instructor commands on the ``autograder`` parser."""

    def command(name: str, help: str, handler) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help, description=help)
        parser.add_argument(
            "--course-dir",
            type=Path,
            default=DEFAULT_COURSE_DIR,
            help=f"the instructor course directory (default: ./{DEFAULT_COURSE_DIR})",
        )
        parser.set_defaults(handler=handler)
        return parser

    command("init", "create the course directory, its nbgrader settings and gradebook", cmd_init)
    roster = commands.add_parser("roster", help="manage the cohort's roster")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True)
    importer = roster_commands.add_parser(
        "import", help="import learners from a CSV with columns id, first, last, email"
    )
    importer.add_argument("file", type=Path, help="the roster CSV")
    importer.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR)
    importer.set_defaults(handler=cmd_roster_import)
    build = command("build", "generate the learner versions of the assignments", cmd_build)
    build.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    releasing = command(
        "release", "put built assignments in the exchange for learners to fetch", cmd_release
    )
    releasing.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    collecting = command("collect", "collect submissions of one assignment", cmd_collect)
    collecting.add_argument("assignment")
    collecting.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="nbgrader's exchange, a folder with one folder or file per learner, or an LMS zip "
        "(default: the course directory's exchange, where learners submit on this machine)",
    )
    collecting.add_argument(
        "--one-account",
        action="store_true",
        help="every learner submits from this one account (one machine, one user): an "
        "exchange's owners cannot tell learners apart, so they are not checked; by default a "
        "submission counts only if it belongs to the account named by its learner id",
    )
    grading = command("grade", "autograde the changed submissions of an assignment", cmd_grade)
    grading.add_argument("assignment")
    grading.add_argument(
        "--runner",
        choices=RUNNERS,
        default="isolated",
        help="isolated: each submission sandboxed on warm workers (default); "
        "nbgrader: plain nbgrader autograde, one kernel per learner with your rights and no "
        "walls (refused unless --unprotected: for comparisons on a demo cohort only)",
    )
    grading.add_argument(
        "--unprotected",
        action="store_true",
        help="allow --runner nbgrader, which runs learner code without any sandbox",
    )
    grading.add_argument(
        "--workers", type=int, help="submissions run at once (default: one per core)"
    )
    grading.add_argument(
        "--scheduler", help="address of a Dask distributed scheduler to run the submissions on"
    )
    grading.add_argument(
        "--force",
        nargs="*",
        metavar="LEARNER",
        help="grade again even if unchanged: the named learners, or everyone when none is named "
        "(runs that failed are always tried again)",
    )
    feedback = command("feedback", "write each learner's HTML feedback", cmd_feedback)
    feedback.add_argument("assignment")
    export = command("export", "export grades for nbgrader scripts, Canvas or Moodle", cmd_export)
    export.add_argument("--format", choices=FORMATS, default="csv")
    export.add_argument("--out", type=Path, help="file to write (default: exports/ in course dir)")
    export.add_argument(
        "--missing",
        choices=MISSING_POLICIES,
        default="blank",
        help="what Canvas and Moodle files hold for a learner who handed in nothing: blank "
        "(no grade, the default) or zero",
    )
    report = command("report", "write the self-contained HTML cohort report", cmd_report)
    report.add_argument("--out", type=Path, help="file to write (default: report.html)")
    lab = command(
        "lab", "open JupyterLab in the course directory, for formgrader and the exchange", cmd_lab
    )
    lab.add_argument("--port", type=int, default=8888, help="port on 127.0.0.1 (default 8888)")
    demo = command("demo-cohort", "build a synthetic cohort to demo or test", cmd_demo_cohort)
    demo.add_argument("size", type=int, help="number of synthetic learners")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--assignment", action="append", help="only this assignment (repeatable; default: all)"
    )
