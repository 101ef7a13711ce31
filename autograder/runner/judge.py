"""Where verdicts are computed: a process beside the worker, never forked into a sandbox.

Why not in the worker itself: every sandbox is a fork of the worker, so whatever the worker has
imported is in the sandbox's memory too. A worker that ran the checks would hold every
exercise's reference answers, and learner code could find them there (``sys.modules`` or the
garbage collector's list of objects) without any file to read. The judge is forked from the
worker once, then imports the checks; the worker only passes requests (exercise, check, learner
id, the plain answer) and verdicts back and forth over a socket.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket

from autograder.runner.frames import ChannelBroken, receive_frame, send_frame

PR_SET_PDEATHSIG = 1
_judge: tuple[int, socket.socket] | None = None


def verdict(exercise: str, check: str, learner: str, answer: object) -> dict:
    """Run one check in the judge process; a judge that fails gives a failing verdict."""
    request = {
        "type": "judge",
        "exercise": exercise,
        "check": check,
        "learner": learner,
        "answer": answer,
    }
    for _ in range(2):  # a judge that died (killed, a crashing checker) is started again once
        channel = _connection()
        try:
            send_frame(channel, request)
            return receive_frame(channel)
        except (OSError, ChannelBroken):
            stop()
    return {"passed": False, "message": "the grader's checks could not run for this answer"}


def _connection() -> socket.socket:
    global _judge
    if _judge is not None:
        return _judge[1]
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        ours.close()
        code = 0
        try:
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            _close_other_files(theirs.fileno())
            _serve(theirs)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    _judge = (pid, ours)
    return ours


def _serve(channel: socket.socket) -> None:
    from autograder.checks.verifier import Request, run_request

    while True:
        try:
            message = receive_frame(channel, max_bytes=64 * 1024 * 1024)
        except ChannelBroken:
            return
        request = Request(
            str(message.get("exercise")),
            str(message.get("check")),
            str(message.get("learner")),
            message.get("answer"),
        )
        send_frame(channel, {"type": "verdict", **run_request(request)})


def _close_other_files(keep: int) -> None:
    """The judge needs its channel only (not the worker's pool pipes or a sandbox's socket)."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def stop() -> None:
    """End the judge process (a new one starts with the next verdict)."""
    global _judge
    if _judge is None:
        return
    pid, channel = _judge
    _judge = None
    channel.close()
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
