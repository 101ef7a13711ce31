"""The ``autograder`` command: nbgrader made simple for learners and instructors.

Learners: ``learner-copies``. Instructors, over a course directory (``--course-dir``, default
``./course-work``): ``init``, ``roster import``, ``build``, ``release``, ``collect``, ``grade``,
``feedback``, ``export``, ``report``, ``lab`` (formgrader) and ``demo-cohort``. Errors are
printed as one actionable message without a traceback, exit status 2; long work shows a
progress bar on the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from autograder import instructor_commands
from autograder.learner_copies import BuildError, build_learner_copies
from course.catalog import CatalogError, load_catalog


def cmd_learner_copies(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    for exercise_id in args.exercises:
        catalog.exercise(exercise_id)  # an unknown id is an error even when none exist yet
    if not catalog.exercises:
        print("The catalog lists no exercises yet; nothing to build.")
        return 0
    results = build_learner_copies(catalog, exercise_ids=args.exercises or None)
    created = [r for r in results if r.action == "created"]
    kept = [r for r in results if r.action == "kept"]
    for result in created:
        print(f"  new   {result.path.relative_to(catalog.root)}")
    if kept:
        print(f"  kept {len(kept)} file(s) you already have (your work is never overwritten)")
    print(f"Learner copies are in my-exercises/ ({len(created)} new, {len(kept)} kept).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograder", description="Build, grade and report the course's exercises."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    copies = commands.add_parser(
        "learner-copies", help="build your own copies of the exercises into my-exercises/"
    )
    copies.add_argument("exercises", nargs="*", help="exercise ids (default: all)")
    copies.set_defaults(handler=cmd_learner_copies)
    instructor_commands.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``autograder`` console script and ``python -m autograder``."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (BuildError, CatalogError, KeyError, *instructor_commands.USER_ERRORS) as error:
        message = error.args[0] if isinstance(error, KeyError) else error
        print(f"autograder: {message}", file=sys.stderr)
        return 2
    except Exception as error:  # an instructor sees one sentence; a developer can ask for more
        if os.environ.get("AUTOGRADER_DEBUG"):
            raise
        print(
            f"autograder: unexpected {type(error).__name__}: {error}\n"
            "  Nothing was lost: finished work is saved as it goes. Run again with "
            "AUTOGRADER_DEBUG=1 for the full traceback.",
            file=sys.stderr,
        )
        return 3
