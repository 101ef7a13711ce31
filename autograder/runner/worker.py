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
import copy
import os
import re
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
from autograder.runner.frames import ChannelBroken, receive_frame, send_frame
from autograder.runner.sandbox import Limits, SandboxError, Walls

VERIFY_FD_VARIABLE = "AUTOGRADER_VERIFY_FD"
INTERRUPT_GRACE_SECONDS = 3.0
_VERIFY_CALL = re.compile(r"""verify\(\s*["']([a-z0-9-]+)["']\s*,\s*["']([a-z0-9-]+)["']""")

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


def trusted_checks(source: str) -> list[str]:
    """The ``exercise/check`` names a trusted test source calls ``verify`` with."""
    return [f"{exercise}/{check}" for exercise, check in _VERIFY_CALL.findall(source)]


def sandbox_uid() -> int:
    """A user id of this worker's own (processes limits count per user id)."""
    return 61000 + os.getpid() % 4000


def run_notebook(job: NotebookJob) -> NotebookRun:
    """Run ``job`` in a sandboxed fork; never raises for anything the submission does."""
    warm_up()
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="autograder-run-"))
    walls = None
    try:
        walls = sandbox.prepare(
            base / "root", job.learner, job.assignment, job.files, sandbox_uid(), job.limits
        )
        outputs, verdicts, problem = _supervise(job, walls)
    finally:
        if walls is not None:
            sandbox.release(walls)
        shutil.rmtree(base, ignore_errors=True)
    notebook = judged_notebook(job, outputs, verdicts, problem)
    return NotebookRun(
        job.learner, job.notebook_name, notebook, verdicts, problem, time.monotonic() - started
    )


def _code_sources(notebook: dict[str, Any]) -> list[str]:
    return [_text(c.get("source", "")) for c in notebook["cells"] if c.get("cell_type") == "code"]


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _supervise(job: NotebookJob, walls: Walls) -> tuple[dict, dict, str]:
    """Fork the sandbox, answer its verify requests, enforce the clocks, collect outputs."""
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
    text = os.read(pid_read, 1000).decode("utf-8", "replace")
    os.close(pid_read)
    child = int(text) if text.strip().isdigit() else None
    if child is None:
        ours.close()
        _end(parent, None)
        raise SandboxError(f"the sandbox could not be built: {text.strip() or 'no reason given'}")
    outputs: dict[int, dict] = {}
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
            ours.settimeout(min(notebook_deadline, cell_deadline) - now)
            try:
                message = receive_frame(ours)
            except TimeoutError:
                continue
            kind = message["type"]
            if kind == "setup-failed" and not outputs and current is None:
                raise SandboxError(f"the sandbox could not be built: {message.get('reason')}")
            if kind == "start" and isinstance(message.get("cell"), int):
                current, interrupted = message["cell"], False
                cell_deadline = time.monotonic() + limits.cell_seconds
            elif kind == "verify":
                send_frame(ours, _verdict(job.learner, message, verdicts))
            elif kind == "done" and message.get("cell") == current:
                outputs[current] = message
                current, cell_deadline = None, notebook_deadline
            elif kind == "finished":
                break
            else:
                raise ChannelBroken(f"an unexpected message {kind!r}")
    except SandboxError:
        ours.close()
        _end(parent, child)
        raise
    except ChannelBroken as broken:
        problem = _ended_early(parent, current, str(broken), sandbox.stop_reason(walls))
    except OSError as error:
        problem = f"the channel to the submission failed ({error})"
    finally:
        ours.close()
        _end(parent, child)
    return outputs, verdicts, problem


def _ended_early(parent: int, current: int | None, why: str, kernel_says: str | None) -> str:
    """Why the sandbox stopped talking: its cgroup and exit status say more than the socket."""
    try:
        done, status = os.waitpid(parent, 0)
    except ChildProcessError:
        return why
    code = os.waitstatus_to_exitcode(status) if done else None
    where = f" while running cell {current}" if current is not None else ""
    if kernel_says:
        return f"the submission's process was stopped{where}: {kernel_says}"
    if code == 137 or code == -signal.SIGKILL:
        return f"the submission's process was killed{where} (memory or process limit)"
    if code and code != 0:
        return f"the submission's process ended unexpectedly{where} (exit status {code})"
    return f"{why}{where}"


def _end(parent: int, child: int | None) -> None:
    """Kill what is left: the sandbox's first process takes its whole PID namespace with it."""
    for pid in (child, parent):
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(parent, 0)


def _verdict(learner: str, message: dict, verdicts: dict[str, list[bool]]) -> dict:
    """Run one check here, outside the sandbox, for the learner this job belongs to."""
    from autograder.runner import judge

    exercise, check = message.get("exercise"), message.get("check")
    if not isinstance(exercise, str) or not isinstance(check, str):
        return {"type": "verdict", "passed": False, "message": "a check request without names"}
    verdict = judge.verdict(exercise, check, learner, message.get("answer"))
    verdicts.setdefault(f"{exercise}/{check}", []).append(verdict["passed"] is True)
    return {"type": "verdict", **verdict}


def _sandbox_parent(channel, pid_write, walls: Walls, job, sources) -> None:
    """The fork's first half (still privileged): cgroup, namespaces, mounts, the PID-1 child."""
    code = 70
    try:
        os.setsid()
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
            sandbox.become_sandboxed(walls)
            os.environ["COURSE_LEARNER_ID"] = job.learner
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.environ[VERIFY_FD_VARIABLE] = str(channel.fileno())
            from autograder.runner.cells import run_cells
        except BaseException as error:
            reason = f"{type(error).__name__}: {error}"
            send_frame(channel, {"type": "setup-failed", "reason": reason})
            raise

        run_cells(
            _shell,
            sources,
            on_start=lambda index: send_frame(channel, {"type": "start", "cell": index}),
            on_done=lambda index, outputs, count: send_frame(
                channel,
                {"type": "done", "cell": index, "outputs": outputs, "execution_count": count},
            ),
        )
        send_frame(channel, {"type": "finished"})
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


def judged_notebook(
    job: NotebookJob, reports: dict[int, dict], verdicts: dict[str, list[bool]], problem: str
) -> dict[str, Any]:
    """The sanitized notebook with the sandbox's outputs, judged by what the worker saw."""
    notebook = copy.deepcopy(job.notebook)
    code_index = -1
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        code_index += 1
        report = reports.get(code_index)
        if report is None:
            cell["outputs"] = [_error("NotRun", problem or "the submission stopped before it")]
            cell["execution_count"] = None
            continue
        cell["outputs"] = [o for o in map(_clean_output, report.get("outputs") or []) if o]
        count = report.get("execution_count")
        cell["execution_count"] = count if type(count) is int and count > 0 else None
        grading = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = grading.get("grade_id")
        if grading.get("grade") and grade_id in job.checks:
            cell["outputs"] = [o for o in cell["outputs"] if o["output_type"] != "execute_result"]
            if not any(o["output_type"] == "error" for o in cell["outputs"]):
                missing = [c for c in job.checks[grade_id] if not _passed(verdicts.get(c))]
                if missing:
                    cell["outputs"].append(
                        _error(
                            "NoVerdict",
                            "the grader received no passing verdict for "
                            + ", ".join(name.split("/")[-1] for name in missing),
                        )
                    )
    return notebook


def _passed(verdicts: list[bool] | None) -> bool:
    return bool(verdicts) and all(verdicts)


def _error(name: str, value: str) -> dict[str, Any]:
    return {
        "output_type": "error",
        "ename": name,
        "evalue": value,
        "traceback": [f"{name}: {value}"],
    }


def _clean_output(output: Any) -> dict[str, Any] | None:
    """Rebuild one output from the sandbox with only valid fields (it may be malformed)."""
    if not isinstance(output, dict):
        return None
    kind = output.get("output_type")
    if kind == "stream" and output.get("name") in ("stdout", "stderr"):
        return {"output_type": "stream", "name": output["name"], "text": str(output.get("text"))}
    if kind in ("display_data", "execute_result"):
        data = output.get("data")
        if not isinstance(data, dict):
            return None
        data = {str(k): v for k, v in data.items() if isinstance(v, str | dict | list)}
        metadata = output.get("metadata") if isinstance(output.get("metadata"), dict) else {}
        clean = {"output_type": kind, "data": data, "metadata": metadata}
        if kind == "execute_result":
            count = output.get("execution_count")
            clean["execution_count"] = count if type(count) is int else None
        return clean
    if kind == "error":
        trace = output.get("traceback")
        return {
            "output_type": "error",
            "ename": str(output.get("ename")),
            "evalue": str(output.get("evalue")),
            "traceback": [str(line) for line in trace] if isinstance(trace, list) else [],
        }
    return None
