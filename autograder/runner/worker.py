"""A warm worker: runs one submission's notebook in a sandboxed fork and judges it from outside.

Why a warm worker: importing pandas, IPython and the course takes longer than grading a whole
submission. A worker imports them once (:func:`warm_up`); for each notebook it forks, and the
copy walls itself in (:mod:`autograder.runner.sandbox`) and runs the cells
(:mod:`autograder.runner.cells`). The worker itself never runs learner code, so it is where the
trusted parts happen:

- every ``verify`` call in a hidden test reaches the worker over a socket; the judge process
  beside it (:mod:`autograder.runner.judge`) rebuilds the learner's case from the learner id the
  worker was given, and the worker records the verdict. The worker never imports the checks
  themselves: each sandbox is a fork of it, and must not find the reference answers in memory;
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

from autograder.runner import sandbox
from autograder.runner.judged_notebook import judged_notebook
from autograder.runner.output_budget import cut
from autograder.runner.sandbox import Limits, SandboxError, Walls
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
WORK_FOLDER_PREFIX = "autograder-run-"
"""A worker's work folder is ``<TMPDIR>/autograder-run-<worker pid>-<random>``: the pid lets the
pool remove what a worker killed from outside (out of memory, SIGKILL) could not."""
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


@dataclass(frozen=True)
class NotebookRun:
    """The executed notebook and what the worker saw (verdicts by check, why it stopped)."""

    learner: str
    notebook_name: str
    notebook: dict[str, Any]
    verdicts: dict[str, list[bool]]
    problem: str  # "" when every cell ran; otherwise why the run stopped early
    seconds: float
    notes: tuple[str, ...] = ()  # what cost time without ending the run (a cell interrupted)


def warm_up() -> None:
    """Import what submissions use and build the shell, once per worker process."""
    global _shell
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # BLAS threads do not survive fork
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if _shell is not None:
        return
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    from autograder.checks import verify  # noqa: F401
    from autograder.checks.exercise import start_exercise  # noqa: F401
    from autograder.runner.cells import warm_shell
    from autograder.runner.sandbox import preload_course_library

    preload_course_library()  # never the checks: see autograder/runner/judge.py
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
    base = Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-"))
    walls = None
    try:
        walls = sandbox.prepare(
            base / "root", job.learner, job.assignment, job.files, sandbox_uid(), job.limits
        )
        outputs, verdicts, problem, notes = _supervise(job, walls)
    finally:
        if walls is not None:
            sandbox.release(walls)
        shutil.rmtree(base, ignore_errors=True)
    notebook = judged_notebook(job.notebook, job.checks, outputs, verdicts, problem)
    return NotebookRun(
        job.learner,
        job.notebook_name,
        notebook,
        verdicts,
        problem,
        time.monotonic() - started,
        tuple(notes),
    )


def remove_work_folders_of(pids: set[int]) -> None:
    """Remove the work folders of these workers, gone without cleaning up (killed from outside).

    A worker removes its own folder on every path it survives; only SIGKILL (an out-of-memory
    kill, a submission that kills its grader) leaves one, so the pool sweeps after its workers.
    """
    folder = Path(tempfile.gettempdir())
    for pid in pids:
        for path in folder.glob(f"{WORK_FOLDER_PREFIX}{pid}-*"):
            shutil.rmtree(path, ignore_errors=True)


def remove_orphaned_work_folders() -> None:
    """Remove work folders whose worker no longer runs: a ``grade`` killed as a whole.

    Why: when ``grade``'s whole process group is killed, its pool dies with its workers and no
    one is left to sweep after them; the next ``grade`` does it. A folder whose pid runs (another
    ``grade`` at work, or a reused pid) is left alone, as is one this user may not remove.
    """
    for path in Path(tempfile.gettempdir()).glob(f"{WORK_FOLDER_PREFIX}*-*"):
        pid_text = path.name[len(WORK_FOLDER_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and not _is_running(int(pid_text)):
            shutil.rmtree(path, ignore_errors=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True


def _code_sources(notebook: dict[str, Any]) -> list[str]:
    return [_text(c.get("source", "")) for c in notebook["cells"] if c.get("cell_type") == "code"]


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _supervise(job: NotebookJob, walls: Walls) -> tuple[dict, dict, str, list[str]]:
    """Fork the sandbox, answer its verify requests, enforce the clocks, collect outputs.

    Returns the outputs by cell, the verdicts by check, why the run stopped early ("" if it did
    not), and a note for each cell interrupted at its time limit (so ``grade`` can say so).
    """
    ours, theirs = socket.socketpair()
    pid_read, pid_write = os.pipe()
    sources = _code_sources(job.notebook)
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.fork()
    if parent == 0:
        _sandbox_parent(theirs, pid_write, walls, job, sources)
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
    notes: list[str] = []
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
                notes.append(
                    f"cell {current} ran past its {limits.cell_seconds:g}-second limit and was "
                    "interrupted"
                )
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
                deadline = min(notebook_deadline, cell_deadline)
                verdict = _verdict(job.learner, message, verdicts, deadline)
                ours.settimeout(max(0.05, deadline - time.monotonic()))
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
        problem, reaped = _ended_early(parent, current, str(broken), walls)
        if reaped:
            parent = 0  # already waited for; its process id may belong to another process now
    except OSError as error:
        problem = f"the channel to the submission failed ({error})"
    finally:
        ours.close()
        _end(parent, child)
    return outputs, verdicts, problem, notes


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


def _ended_early(parent: int, current: int | None, why: str, walls: Walls) -> tuple[str, bool]:
    """Why the sandbox stopped talking, and whether its first process was waited for.

    Its cgroup and exit status say more than the socket does (a kill by the memory limit closes
    the socket too), so it gets :data:`EXIT_GRACE_SECONDS` to end; one that is still running sent
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
    kernel_says = sandbox.stop_reason(walls)
    if kernel_says:
        return f"the submission's process was stopped{where}: {kernel_says}", True
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


def _verdict(
    learner: str, request: VerifyRequest, verdicts: dict[str, list[bool]], deadline: float
) -> Verdict:
    """Have the judge run one check, outside the sandbox, for the learner this job belongs to,
    by ``deadline`` (the cell's clock); the worker records the verdict itself."""
    from autograder.runner import judge

    verdict = judge.verdict(request.exercise, request.check, learner, request.answer, deadline)
    verdicts.setdefault(f"{request.exercise}/{request.check}", []).append(verdict.passed)
    return Verdict(verdict.passed, cut(verdict.message, VERDICT_MESSAGE_CHARACTERS))


def _sandbox_parent(channel, pid_write, walls: Walls, job, sources) -> None:
    """The fork's first half (still privileged): cgroup, namespaces, mounts, the PID-1 child."""
    code = 70
    try:
        os.setsid()
        die_with_parent(signal.SIGKILL)
        _close_other_files({channel.fileno(), pid_write})
        sandbox.enter(walls)
        child = os.fork()
        if child == 0:
            os.close(pid_write)
            _sandbox_child(channel, walls, job, sources)
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


def _sandbox_child(channel, walls: Walls, job, sources) -> None:
    """PID 1 of the sandbox: drop every privilege, run the cells, report each one."""
    code = 0
    try:
        try:
            sandbox.become_sandboxed(walls)  # and dies with its parent (PR_SET_PDEATHSIG)
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
