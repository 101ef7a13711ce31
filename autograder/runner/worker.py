"""A warm worker: runs one submission's notebook in a sandboxed fork and judges it from outside.

Why a warm worker: importing pandas, IPython and the course takes longer than grading a whole
submission. A worker imports them once (:func:`warm_up`); for each notebook it forks, and the
copy walls itself in (:mod:`autograder.runner.sandbox`) and runs the cells
(:mod:`autograder.runner.cells`). The worker itself never runs learner code, so it is where the
trusted parts happen:

- every ``verify`` call in a hidden test reaches the worker over a socket; the worker rebuilds the
  learner's case from the learner id *it* was given and records the verdict;
- wall-clock limits per cell and per notebook: a cell over its time is interrupted, then killed;
- a graded test cell earns its points only if the worker saw every check named in the trusted
  test source pass. A report from the sandbox can lower a grade, never raise one: a cell that
  did not run, or whose checks gave no passing verdict here, gets an error output, and nbgrader
  (which scores a test cell by the absence of errors) gives it zero.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.runner.judge import cut, judged_notebook
from autograder.runner.sandbox import (
    ALWAYS_HIDDEN,
    Limits,
    SandboxError,
    become_sandboxed,
    enter_namespaces,
    hide_folders,
)
from autograder.verdict_channel import (
    VERIFY_FD_VARIABLE,
    CellDone,
    CellStarted,
    ChannelBroken,
    Finished,
    Receiver,
    SetupFailed,
    Verdict,
    VerifyRequest,
    send,
)

INTERRUPT_GRACE_SECONDS = 3.0
SANDBOX_START_SECONDS = 30.0
"""Time the sandbox's first process has to build its walls and report its child."""
EXIT_GRACE_SECONDS = 1.0
"""Time a sandbox whose channel closed has to end, so its exit status can name the cause."""
VERDICT_MESSAGE_CHARACTERS = 4000
"""A check's message is capped like any output (it may quote a learner's answer)."""

_shell = None  # the warm IPython shell, built by warm_up()


@dataclass(frozen=True)
class NotebookJob:
    """Everything needed to run one submitted notebook, as plain data (it may cross a network).

    ``notebook`` is nbgrader's sanitized version (locked cells and hidden tests restored from
    the gradebook); ``checks`` maps each graded cell id to the checks its trusted source calls.
    """

    learner: str
    assignment: str
    notebook_name: str
    notebook: dict[str, Any]
    files: dict[str, bytes]
    checks: dict[str, list[str]]
    limits: Limits = field(default_factory=Limits)
    hidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotebookRun:
    """The executed notebook and what the worker saw (verdicts by check, why it stopped)."""

    learner: str
    notebook_name: str
    notebook: dict[str, Any]
    verdicts: dict[str, list[bool]]
    problem: str  # "" when every cell ran; otherwise why the run stopped early
    seconds: float


def warm_up() -> None:
    """Import what submissions use and build the shell, once per worker process."""
    global _shell
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # BLAS threads do not survive fork
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if _shell is not None:
        return
    import importlib
    import pkgutil

    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import autograder.checks.exercises as exercises
    from autograder.checks import verify  # noqa: F401
    from autograder.checks.exercise import start_exercise  # noqa: F401
    from autograder.runner.cells import warm_shell

    for module in pkgutil.iter_modules(exercises.__path__):
        importlib.import_module(f"{exercises.__name__}.{module.name}")
    _shell = warm_shell()
    _warm_tracebacks(_shell)


def _warm_tracebacks(shell) -> None:
    """Format one failed check's traceback, so each submission's copy starts with it cached.

    Why: a failing check is the commonest output there is, and the first traceback IPython
    formats in a process loads its formatter and parses the source files on the stack: about
    80 ms, which every forked copy would otherwise pay again (a third of a notebook's run).
    """
    from autograder.checks.verify import verify

    try:
        verify("warm-up", "warm-up", object())  # refused before any grader is asked
    except AssertionError:
        shell.InteractiveTB.structured_traceback(*sys.exc_info())


def sandbox_uid() -> int:
    """A user id of this worker's own (processes limits count per user id)."""
    return 61000 + os.getpid() % 4000


def run_notebook(job: NotebookJob) -> NotebookRun:
    """Run ``job`` in a sandboxed fork; never raises for anything the submission does."""
    warm_up()
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="autograder-run-"))
    try:
        work = base / job.learner / job.assignment  # nbgrader's layout: the learner id is in it
        _write_files(work, job)
        uid = sandbox_uid()
        for path in [work.parent, work, *work.rglob("*")]:
            os.chown(path, uid, uid)
        outputs, verdicts, problem = _supervise(job, work, uid)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    notebook = judged_notebook(job.notebook, job.checks, outputs, verdicts, problem)
    return NotebookRun(
        job.learner, job.notebook_name, notebook, verdicts, problem, time.monotonic() - started
    )


def _write_files(work: Path, job: NotebookJob) -> None:
    work.mkdir(parents=True)
    for relative, data in job.files.items():
        target = (work / relative).resolve()
        if not target.is_relative_to(work.resolve()):
            continue  # a path that climbs out is never written
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _code_sources(notebook: dict[str, Any]) -> list[str]:
    return [_text(c.get("source", "")) for c in notebook["cells"] if c.get("cell_type") == "code"]


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def code_folders() -> list[str]:
    """The folders of the course's own packages, which every submission imports.

    Why not just ``sys.path``: an editable install (``pip install -e .``) finds ``course`` and
    ``autograder`` through an import hook, not a path entry. A repository cloned under /tmp,
    /home or /root would then be covered by the sandbox's empty folders and every submission
    would fail to import the course. Only the two package folders are put back, not the rest of
    the repository; ``exercises/`` (solutions) and ``.git`` are hidden in any case.
    """
    import autograder
    import course

    return [str(Path(package.__file__).resolve().parent) for package in (autograder, course)]


def _supervise(job: NotebookJob, work: Path, uid: int) -> tuple[dict, dict, str]:
    """Fork the sandbox, answer its verify requests, enforce the clocks, collect outputs."""
    ours, theirs = socket.socketpair()
    pid_read, pid_write = os.pipe()
    sources = _code_sources(job.notebook)
    keep = sorted({sys.prefix, sys.base_prefix, *[p for p in sys.path if p], *code_folders()})
    keep.append(str(work))
    hidden = [*ALWAYS_HIDDEN, *job.hidden]
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.fork()
    if parent == 0:
        _sandbox_parent(theirs, pid_write, hidden, keep, uid, job, str(work), sources)
    theirs.close()
    os.close(pid_write)
    text = _read_before(pid_read, time.monotonic() + SANDBOX_START_SECONDS)
    os.close(pid_read)
    child = int(text) if text.strip().isdigit() else None
    if child is None:
        ours.close()
        _end(parent, None)
        reason = text.strip() or f"it did not start within {SANDBOX_START_SECONDS:g} seconds"
        raise SandboxError(f"the sandbox could not be built: {reason}")
    receiver = Receiver(ours)
    outputs: dict[int, CellDone] = {}
    verdicts: dict[str, list[bool]] = {}
    problem = ""
    limits = job.limits
    notebook_deadline = time.monotonic() + limits.notebook_seconds
    cell_deadline = notebook_deadline
    current: int | None = None
    interrupted = False
    try:
        while True:
            now = time.monotonic()
            if now >= notebook_deadline:
                problem = f"the notebook ran past its {limits.notebook_seconds:g}-second limit"
                break
            if now >= cell_deadline:
                if interrupted or child is None:
                    problem = (
                        f"cell {current} ran past its {limits.cell_seconds:g}-second limit "
                        "and would not stop"
                    )
                    break
                os.kill(child, signal.SIGINT)
                interrupted = True
                cell_deadline = now + INTERRUPT_GRACE_SECONDS
                continue
            message = receiver.next(min(notebook_deadline, cell_deadline))
            if message is None:
                continue  # a clock ran out: the checks at the top of the loop act on it
            if isinstance(message, SetupFailed) and not outputs and current is None:
                raise SandboxError(f"the sandbox could not be built: {message.reason}")
            if isinstance(message, CellStarted):
                current, interrupted = message.cell, False
                cell_deadline = time.monotonic() + limits.cell_seconds
            elif isinstance(message, VerifyRequest):
                verdict = _verdict(job.learner, message, verdicts)
                ours.settimeout(max(0.05, min(notebook_deadline, cell_deadline) - now))
                send(ours, verdict)
            elif isinstance(message, CellDone) and message.cell == current:
                outputs[current] = message
                current, cell_deadline = None, notebook_deadline
            elif isinstance(message, Finished):
                break
            else:
                raise ChannelBroken(f"an unexpected {type(message).__name__} message")
    except SandboxError:
        ours.close()
        _end(parent, child)
        raise
    except ChannelBroken as broken:
        problem, reaped = _ended_early(parent, current, str(broken))
        if reaped:
            parent = 0  # already waited for; its process id may belong to another process now
    except OSError as error:
        problem = f"the channel to the submission failed ({error})"
    finally:
        ours.close()
        _end(parent, child)
    return outputs, verdicts, problem


def _read_before(fd: int, deadline: float) -> str:
    """What the sandbox's first process writes on ``fd`` (its child's pid, or why it failed),
    or "" if nothing came before ``deadline``: its start is timed like everything else."""
    import select

    remaining = deadline - time.monotonic()
    readable, _, _ = select.select([fd], [], [], max(0.0, remaining))
    return os.read(fd, 1000).decode("utf-8", "replace") if readable else ""


def die_with_parent(signum: int) -> None:
    """Have Linux send ``signum`` to this process when the one that forked it exits.

    Why: nothing a grader starts may outlive it. A worker gets SIGTERM when its pool's
    forkserver ends (with ``grade``), a sandbox gets SIGKILL when its worker ends, even by an
    out-of-memory kill that runs no cleanup. Linux clears the setting when a process changes its
    user id, so the sandbox sets it again after dropping root.
    """
    import ctypes

    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signum, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent was gone before the request took effect
        os.kill(os.getpid(), signum)


def _ended_early(parent: int, current: int | None, why: str) -> tuple[str, bool]:
    """Why the sandbox stopped talking, and whether its first process was waited for.

    Its exit status says more than the socket does (a kill by the memory limit closes the
    socket too), so it gets :data:`EXIT_GRACE_SECONDS` to end; one that is still running sent
    something the grader cannot read, and is ended by the caller. Never waits longer.
    """
    where = f" while running cell {current}" if current is not None else ""
    deadline = time.monotonic() + EXIT_GRACE_SECONDS
    while True:
        try:
            done, status = os.waitpid(parent, os.WNOHANG)
        except ChildProcessError:
            return f"{why}{where}", True
        if done:
            break
        if time.monotonic() >= deadline:
            return f"the submission broke its channel to the grader{where}: {why}", False
        time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status)
    if code == 137 or code == -signal.SIGKILL:
        return f"the submission's process was killed{where} (memory or process limit)", True
    if code:
        return f"the submission's process ended unexpectedly{where} (exit status {code})", True
    return f"{why}{where}", True


def _end(parent: int, child: int | None) -> None:
    """Kill what is left: the sandbox's first process takes its whole PID namespace with it.

    ``parent`` is 0 once it was waited for. Waiting after SIGKILL is bounded: the signal cannot
    be caught or ignored.
    """
    for pid in (child, parent):
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    if parent:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(parent, 0)


def _verdict(learner: str, request: VerifyRequest, verdicts: dict[str, list[bool]]) -> Verdict:
    """Run one check here, outside the sandbox, for the learner this job belongs to."""
    from autograder.checks.verifier import Request, run_request

    verdict = run_request(Request(request.exercise, request.check, learner, request.answer))
    passed = verdict["passed"] is True
    verdicts.setdefault(f"{request.exercise}/{request.check}", []).append(passed)
    return Verdict(passed, cut(str(verdict["message"]), VERDICT_MESSAGE_CHARACTERS))


def _sandbox_parent(channel, pid_write, hidden, keep, uid, job, work, sources) -> None:
    """The fork's first half (still root): namespaces and mounts, then the PID-1 child."""
    code = 70
    try:
        os.setsid()
        die_with_parent(signal.SIGKILL)
        _close_other_files({channel.fileno(), pid_write})
        enter_namespaces()
        hide_folders(hidden, keep)
        child = os.fork()
        if child == 0:
            os.close(pid_write)
            _sandbox_child(channel, uid, job, work, sources)
        os.write(pid_write, str(child).encode())
        os.close(pid_write)
        _, status = os.waitpid(child, 0)
        code = min(max(os.waitstatus_to_exitcode(status), 0), 255) or (
            137 if os.WIFSIGNALED(status) else 0
        )
    except BaseException as error:
        try:
            os.write(pid_write, f"{type(error).__name__}: {error}".encode()[:900])
        except OSError:
            traceback.print_exc()
    finally:
        os._exit(code)


def _sandbox_child(channel, uid, job, work, sources) -> None:
    """PID 1 of the sandbox: drop root, run the cells, report each one."""
    code = 0
    try:
        try:
            become_sandboxed(uid, job.limits, work)
            die_with_parent(signal.SIGKILL)
            os.environ["COURSE_LEARNER_ID"] = job.learner
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.environ[VERIFY_FD_VARIABLE] = str(channel.fileno())
            from autograder.runner.cells import run_cells
        except BaseException as error:
            reason = f"{type(error).__name__}: {error}"
            send(channel, SetupFailed(reason))
            raise

        run_cells(
            _shell,
            sources,
            on_start=lambda index: send(channel, CellStarted(index)),
            on_done=lambda index, outputs, count: send(channel, CellDone(index, outputs, count)),
        )
        send(channel, Finished())
    except BaseException:
        code = 71
    finally:
        os._exit(code)


def _close_other_files(keep: set[int]) -> None:
    """Close every inherited descriptor (the worker's pool pipes too) except ``keep`` and stdio."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)
