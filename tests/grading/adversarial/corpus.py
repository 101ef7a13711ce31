"""The adversarial corpus for "score-a-vendor": each hostile submission and its expected outcome.

What "expected" means: the outcome under a *safe* runner (issue 7), not what today's pipeline
does (``run_corpus.py`` measures that). For every case:

- ``max_points``: the most autograded points it may earn. Usually 0, or the points of the parts it
  answered honestly before the attack; ``None`` means "what its typed-in answers earn on their
  own", which depends on the learner's case variant and is computed when the case is built.
- ``min_points``: the points its honest answers must still earn (an attack on the runner must not
  cost a learner marks the runner would otherwise give, e.g. ``sys.exit()`` after the answers).
- ``status``: ``graded`` (graded like anyone else), ``ungradable`` (reported as such with a
  reason an instructor can act on), or ``either`` (graded, or reported with a reason; never
  silently dropped).
- ``probes``: side effects the attack tries; each must come back empty (see ``probes.py``).

And for every case at once: it never stops the batch, every other learner in the batch is
graded, and the gradebook stays intact (same assignment, cells and max score; other learners'
grades unchanged).

``unsafe`` cases could harm the machine under today's unsandboxed pipeline (real memory
exhaustion); the harness runs them only with ``--unsafe``. ``slow`` cases take more than a few
minutes by design; the harness runs them only with ``--slow``. ``threat`` points at the row of
the table in docs/grader-threats.md ("#n": threat table, "s4.n": hostile submissions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.grading.adversarial import probes as p
from tests.grading.adversarial import submissions as s
from tests.grading.adversarial.kit import BuildContext, points, source_notebook

GRADED = "graded"
UNGRADABLE = "ungradable"
EITHER = "either"
LEGIT = None
"""``max_points`` for a case whose typed-in answers earn what they earn (computed at build)."""

POINTS = points(source_notebook())
FULL = sum(POINTS.values())
"""Autograded points of the exercise (the memo's 3 points are graded by hand)."""
MAX_SCORE = sum(
    float(cell.metadata["nbgrader"]["points"])
    for cell in source_notebook().cells
    if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
)
"""The assignment's maximum in the gradebook: the autograded points and the memo's."""
PART_1 = POINTS["weighted-totals-shape"] + POINTS["weighted-totals"]
PARTS_1_TO_3 = FULL - POINTS["sensitive-criterion"] - POINTS["break-even-weight"]
SMALL_NOTEBOOK_MB = 2.0

Builder = Callable[[BuildContext], float | None]


@dataclass(frozen=True)
class Expected:
    """The outcome a safe runner must produce for one case."""

    max_points: float | None
    status: str = GRADED
    min_points: float = 0.0


@dataclass(frozen=True)
class Case:
    """One hostile submission: what it does, how to build it, what must happen."""

    id: str
    attack: str
    build: Builder
    expected: Expected
    probes: tuple[p.Probe, ...] = ()
    threat: str = ""
    unsafe: bool = False
    slow: bool = False


def case(
    id: str,
    attack: str,
    build: Builder,
    max_points: float | None,
    status: str = GRADED,
    min_points: float = 0.0,
    probes: tuple[p.Probe, ...] = (),
    threat: str = "",
    unsafe: bool = False,
    slow: bool = False,
) -> Case:
    return Case(
        id, attack, build, Expected(max_points, status, min_points), probes, threat, unsafe, slow
    )


# fmt: off
CASES: tuple[Case, ...] = (
    # --- the file itself ---------------------------------------------------------------------
    case("invalid-json", "notebook cut off half-way (not JSON)", s.invalid_json, 0, UNGRADABLE,
         threat="s4.35"),
    case("empty-file", "a zero-byte notebook file", s.empty_file, 0, UNGRADABLE, threat="s4.35"),
    case("wrong-nbformat", "right answers in a file claiming nbformat 5", s.wrong_nbformat, 0,
         UNGRADABLE, threat="s4.35"),
    case("not-a-notebook", "valid JSON that is a list, not a notebook", s.not_a_notebook, 0,
         UNGRADABLE, threat="s4.35"),
    case("json-nesting-bomb", "200,000 nested JSON lists (parser recursion)",
         s.json_nesting_bomb, 0, UNGRADABLE),
    case("non-utf8-content", "notebook bytes that are not UTF-8", s.non_utf8_content, 0,
         UNGRADABLE, threat="s4.35"),
    case("non-utf8-file-name", "right answers plus an extra file whose name is not UTF-8",
         s.non_utf8_file_name, FULL, GRADED, min_points=FULL, threat="s4.38"),
    case("non-utf8-notebook-name", "the only notebook has a non-UTF-8 name (so none is found)",
         s.non_utf8_notebook_name, 0, EITHER, threat="s4.37/38"),
    case("symlink-outside", "the notebook is a symlink to a copy of the source (solutions)",
         s.symlink_outside, 0, EITHER, probes=(p.source_copy_unchanged,)),
    case("non-string-source", "answer cells whose source is the number 42",
         s.non_string_source, 0, EITHER, threat="s4.35"),
    # --- locked cells, grade ids, points, nbgrader metadata ---------------------------------
    case("test-cells-edited", "every test cell replaced by `pass`, no answers",
         s.edited_test_cells, 0, GRADED, threat="#1, s4.3"),
    case("test-cells-deleted", "every test cell deleted, no answers", s.deleted_test_cells, 0,
         EITHER, threat="#2, s4.4"),
    case("test-cells-to-markdown", "every test cell turned into markdown, no answers",
         s.markdown_test_cells, 0, GRADED, threat="#4, s4.6"),
    case("test-metadata-stripped", "nbgrader metadata removed from test cells, set to `pass`",
         s.stripped_test_metadata, 0, EITHER, threat="#3, s4.5"),
    case("setup-cell-edited", "answers written into the locked setup cell; intro edited",
         s.setup_cell_edited, 0, GRADED, threat="#1"),
    case("points-raised", "right answers; every test cell claims 100 points", s.points_raised,
         FULL, GRADED, min_points=FULL, probes=(p.max_score_is(MAX_SCORE),),
         threat="#5, s4.7"),
    case("grade-ids-renamed", "test cells renamed (new grade ids) and set to `pass`",
         s.grade_ids_renamed, 0, EITHER, threat="#8"),
    case("fake-grade-cell", "an extra graded cell 'bonus' worth 100 points that passes",
         s.fake_grade_cell, 0, EITHER, probes=(p.max_score_is(MAX_SCORE),), threat="#8, s4.10"),
    case("duplicated-test-cell", "right answers; a test cell pasted twice (same grade id)",
         s.duplicated_test_cell, FULL, EITHER, threat="#6, s4.8"),
    case("foreign-schema-version", "right answers; a cell with nbgrader schema_version 10",
         s.foreign_schema_version, FULL, EITHER, threat="#7, s4.9"),
    case("old-schema-version", "right answers; a cell with nbgrader schema_version 1",
         s.old_schema_version, FULL, EITHER, threat="#7, s4.9"),
    # --- time, memory, output, the kernel's life ---------------------------------------------
    case("infinite-loop", "parts 1-3 right, then a busy loop (bounded at 10 min)",
         s.infinite_loop, PARTS_1_TO_3, EITHER, threat="#17, s4.19"),
    case("loop-ignores-sigint", "parts 1-3 right, then SIGINT ignored and a busy loop",
         s.loop_ignores_sigint, PARTS_1_TO_3, EITHER, threat="#18, s4.21"),
    case("loop-swallows-interrupt", "parts 1-3 right, then a loop catching KeyboardInterrupt",
         s.loop_swallows_interrupt, PARTS_1_TO_3, EITHER, threat="#18, s4.20"),
    case("memory-bomb-8gib", "parts 1-3 right, then bytearray(8 GiB) in one request",
         s.memory_bomb_8gib, PARTS_1_TO_3, EITHER, threat="#20, s4.23"),
    case("memory-bomb-growing", "parts 1-3 right, then 64 MiB chunks up to 16 GiB",
         s.memory_bomb_growing, PARTS_1_TO_3, EITHER, threat="#20, s4.24", unsafe=True),
    case("huge-output-line", "right answers; prints one 10 MB line", s.huge_output_line, FULL,
         GRADED, probes=(p.stored_notebook_under(SMALL_NOTEBOOK_MB),), threat="#22, s4.26"),
    case("huge-display-data", "right answers; displays 20 MB of HTML", s.huge_display_data,
         FULL, GRADED, probes=(p.stored_notebook_under(SMALL_NOTEBOOK_MB),),
         threat="#22, s4.27"),
    case("huge-error-message", "right answers; the first answer cell then raises a 30 MB error",
         s.huge_error_message, FULL, GRADED, min_points=FULL,
         probes=(p.stored_notebook_under(SMALL_NOTEBOOK_MB),), threat="#42"),
    case("many-large-errors", "right answers; every answer cell then raises a 3 MB error",
         s.many_large_errors, FULL, GRADED, min_points=FULL,
         probes=(p.stored_notebook_under(SMALL_NOTEBOOK_MB),), threat="#42"),
    case("channel-unknown-message", "parts 1-3 right, then a message of unknown type on the "
         "verdict channel", s.channel_unknown_message, PARTS_1_TO_3, GRADED,
         min_points=PARTS_1_TO_3, probes=(p.named_in_summary("channel"),), threat="#41"),
    case("channel-oversized-frame", "parts 1-3 right, then a frame header claiming 2 GiB on the "
         "verdict channel", s.channel_oversized_frame, PARTS_1_TO_3, GRADED,
         min_points=PARTS_1_TO_3, probes=(p.named_in_summary("over the"),), threat="#41"),
    case("channel-trickle", "parts 1-3 right, then a frame whose body comes a byte a second",
         s.channel_trickle, PARTS_1_TO_3, GRADED, min_points=PARTS_1_TO_3,
         probes=(p.named_in_summary("limit"),), threat="#41"),
    case("many-slow-cells", "right answers; 12 cells of 110 s, each under the cell timeout",
         s.many_slow_cells, FULL, EITHER, probes=(p.ran_under(600),), threat="#19, s4.22",
         slow=True),
    case("sys-exit", "right answers; sys.exit(0) in an answer cell", s.sys_exit, FULL, GRADED,
         min_points=FULL, threat="#23, s4.28"),
    case("exit-builtin", "right answers; exit() at the end of the last answer cell",
         s.exit_builtin, FULL, EITHER, threat="#23, s4.28"),
    case("os-exit", "part 1 right, then os._exit(0) kills the kernel", s.os_exit, PART_1,
         EITHER, threat="#24, s4.29"),
    case("segfault", "part 1 right, then ctypes.string_at(0) crashes the kernel", s.segfault,
         PART_1, EITHER, threat="#24, s4.29"),
    # --- cheats inside the kernel -------------------------------------------------------------
    case("eq-always-true", "answers are objects whose __eq__ always returns True",
         s.eq_always_true, 0, GRADED, threat="#12, s4.14"),
    case("import-hijack", "builtins.__import__ serves a fake autograder.checks (no-op verify)",
         s.import_hijack, 0, GRADED, threat="#13, s4.15"),
    case("meta-path-hijack", "a sys.meta_path finder serves a fake autograder.checks",
         s.meta_path_hijack, 0, GRADED, threat="#13"),
    case("patched-subprocess", "subprocess.run patched to return a passing verdict; decoys",
         s.patched_subprocess, LEGIT, GRADED, threat="#13, s4.15"),
    case("fake-verifier-executable", "sys.executable points at a script that says 'passed'",
         s.fake_verifier_executable, LEGIT, GRADED, threat="#13"),
    case("redefined-assert-helpers", "shape helpers and verify redefined as no-ops",
         s.redefined_assert_helpers, 0, GRADED, threat="#13, s4.15"),
    case("showtraceback-patch", "IPython's showtraceback replaced, so errors print nothing",
         s.showtraceback_patch, 0, GRADED, threat="#10, s4.12"),
    case("shadow-package", "an autograder/ package beside the notebook shadows the checks",
         s.shadow_package, 0, GRADED, threat="#16, s4.18"),
    case("spoof-learner-id", "a classmate's answers, COURSE_LEARNER_ID set to the classmate",
         s.spoof_learner_id, LEGIT, GRADED),
    case("cwd-learner-spoof", "a classmate's answers, cwd moved to a folder named after them",
         s.cwd_learner_spoof, LEGIT, GRADED),
    case("detect-grading", "patches the verdict only when NBGRADER_EXECUTION=autograde",
         s.detect_grading, LEGIT, GRADED, threat="#15, s4.17"),
    # --- files, other learners, processes, the network ----------------------------------------
    case("read-solutions", "finds the source folder via nbgrader_config.py, runs solutions",
         s.read_solutions, 0, GRADED, threat="#25, s4.30"),
    case("read-hidden-tests", "prints the hidden tests read from the source notebook",
         s.read_hidden_tests, 0, GRADED, probes=(p.outputs_free_of("BEGIN HIDDEN TESTS"),),
         threat="#25, s4.30"),
    case("copy-other-submission", "runs a classmate's answer cells from submitted/",
         s.copy_other_submission, 0, GRADED, threat="#25"),
    case("gradebook-self-grade", "sets its own manual scores to the maximum in gradebook.db",
         s.gradebook_self_grade, 0, GRADED, threat="#27"),
    case("gradebook-tamper-other", "sets an already graded classmate's scores to 0",
         s.gradebook_tamper_other, 0, GRADED, probes=(p.peer_intact("victim-early", FULL),),
         threat="#27"),
    case("write-release", "inserts a phishing cell into the release notebook",
         s.write_release, 0, GRADED, probes=(p.release_unchanged,), threat="#27, s4.32"),
    case("write-outside-course", "writes a file outside the course directory",
         s.write_outside_course, 0, GRADED,
         probes=(p.marker_absent("outside", "wrote a file outside the course"),),
         threat="#27, s4.32"),
    case("sabotage-later-learner", "overwrites a classmate's submission not yet graded",
         s.sabotage_later_learner, 0, GRADED, probes=(p.peer_intact("victim-late", FULL),),
         threat="#27"),
    case("spawn-detached", "right answers; starts a detached process that lives 20 s",
         s.spawn_detached, FULL, GRADED,
         probes=(p.marker_absent("survivors", "a process it started outlived its grading"),),
         threat="#21, s4.25"),
    case("fork-bomb-bounded", "right answers; forks 50 processes that exit after 2 s",
         s.fork_bomb_bounded, FULL, EITHER, threat="#21"),
    case("socket-exfiltrate", "sends the course config to a listener on 127.0.0.1",
         s.socket_exfiltrate, 0, GRADED, probes=(p.no_connection,), threat="#28, s4.33"),
    # --- the machine's shared resources and what the sandbox shows (issue 23) -----------------
    case("fill-disk", "right answers; then fills its folder, /tmp, /var/tmp and /dev/shm",
         s.fill_disk, FULL, GRADED, min_points=FULL, threat="s4.32, sandbox disk"),
    case("memory-in-many-processes", "right answers; then 6 processes holding 600 MiB each",
         s.memory_in_many_processes, FULL, GRADED, min_points=FULL, threat="#20, #21",
         unsafe=True),
    case("cpu-hog-new-sessions", "right answers; then 6 busy processes in sessions of their own",
         s.cpu_hog_new_sessions, FULL, GRADED, min_points=FULL, threat="#21"),
    case("read-course-by-absolute-path", "prints the roster, a classmate's notebook and the "
         "source exercise, each by its absolute path", s.read_course_by_absolute_path, 0,
         GRADED, probes=(p.outputs_free_of("@example.edu"), p.outputs_free_of("BEGIN SOLUTION"),
                         p.outputs_free_of("total_points = sum(")),
         threat="#25, s4.30"),
    case("call-reference-code", "no work of its own: answers from the grader's reference code",
         s.call_reference_code, 0, GRADED, threat="#13, #25"),
    case("input-transformer", "an IPython input transformer turns every check cell into `pass`",
         s.input_transformer, 0, GRADED, threat="#9, #13"),
    case("ast-transformer", "an AST transformer removes every verify and check_answer call",
         s.ast_transformer, 0, GRADED, threat="#9, #13"),
    # Kills its parent process: the harness grades it last so nothing else is lost today.
    case("kill-grader", "SIGKILLs its parent process, the grading command", s.kill_grader, 0,
         EITHER),
)
# fmt: on

LAST = "kill-grader"
"""Graded after everyone else: today it takes the whole grading command down with it."""


def by_id(case_id: str) -> Case:
    for item in CASES:
        if item.id == case_id:
            return item
    raise KeyError(f"no case {case_id!r}; known: {[c.id for c in CASES]}")


def selected(unsafe: bool = False, slow: bool = False) -> list[Case]:
    """The cases a run includes: unsafe and slow ones only when asked for."""
    return [c for c in CASES if (unsafe or not c.unsafe) and (slow or not c.slow)]
