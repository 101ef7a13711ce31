"""Where verdicts are computed: a process beside the worker, never forked into a sandbox.

Why not in the worker itself: every sandbox is a fork of the worker, so whatever the worker has
imported is in the sandbox's memory too. A worker that ran the checks would hold every
exercise's reference answers, and learner code could find them there (``sys.modules`` or the
garbage collector's list of objects) without any file to read. The judge is forked from the
worker once, then imports the checks; the worker only passes requests (exercise, check, learner
id, the plain answer) and verdicts back and forth over a socket
(:class:`~autograder.verdict_channel.JudgeRequest`, :class:`~autograder.verdict_channel.Verdict`).

Every wait here has a deadline (the cell's clock the worker keeps): a check that never returns
(a checker bug on a strange answer) gives a failing verdict when the clock runs out, and the
judge is ended and started again with the next request.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import time

from autograder.verdict_channel import (
    MAX_FRAME_BYTES,
    ChannelBroken,
    JudgeRequest,
    Receiver,
    Verdict,
    receive,
    send,
)

PR_SET_PDEATHSIG = 1
REQUEST_MAX_BYTES = MAX_FRAME_BYTES + 64 * 1024
"""A judge request carries an answer the worker received in a frame of at most
:data:`~autograder.verdict_channel.MAX_FRAME_BYTES`, plus names."""
_judge: tuple[int, socket.socket] | None = None


def verdict(exercise: str, check: str, learner: str, answer: object, deadline: float) -> Verdict:
    """Run one check in the judge process by ``deadline`` (``time.monotonic()``).

    A judge that fails, or does not answer in time, gives a failing verdict saying so.
    """
    request = JudgeRequest(exercise, check, learner, answer)
    for _ in range(2):  # a judge that died (killed, a crashing checker) is started again once
        channel = _connection()
        try:
            channel.settimeout(max(0.05, deadline - time.monotonic()))
            send(channel, request)
            answer_back = Receiver(channel).next(deadline)
        except (OSError, ChannelBroken):
            stop()
            continue
        if answer_back is None:
            stop()  # still busy with this check: it cannot answer the next one either
            return Verdict(False, f"the check '{check}' took longer than the time it had")
        if isinstance(answer_back, Verdict):
            return answer_back
        stop()
    return Verdict(False, "the grader's checks could not run for this answer")


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
    """The judge's loop: one request, one verdict, until the worker closes the channel.

    It waits without a clock of its own: the worker keeps the clock, and ends the judge (SIGKILL,
    and PR_SET_PDEATHSIG when the worker itself ends) if it is late.
    """
    from autograder.checks.verifier import Request, run_request

    while True:
        try:
            message = receive(channel, max_bytes=REQUEST_MAX_BYTES)
        except ChannelBroken:
            return
        if not isinstance(message, JudgeRequest):
            return
        request = Request(message.exercise, message.check, message.learner, message.answer)
        result = run_request(request)
        send(channel, Verdict(result["passed"] is True, str(result["message"])))


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
