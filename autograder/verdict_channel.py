"""The verdict channel: every message between a sandboxed notebook and its worker, defined once.

Two sides speak over one socket. Inside the sandbox, the cell runner reports each cell
(:class:`CellStarted`, :class:`CellDone`, then :class:`Finished`, or :class:`SetupFailed` when
the sandbox could not be built) and a hidden test's ``verify`` asks for a verdict
(:class:`VerifyRequest`). Outside, the worker (:mod:`autograder.runner.worker`) passes it on to
its judge process (:mod:`autograder.runner.judge`) as a :class:`JudgeRequest` with the learner
id the worker was given, and answers with the judge's :class:`Verdict`. All sides import this
module and nothing else of each other, so the checks (:mod:`autograder.checks`) do not depend
on the runner, and a message's name and fields are written in one place.

The wire format: a 4-byte big-endian length, then that many bytes of JSON, an object whose
``type`` names the message. Why a cap and strict decoding: the sandbox end runs learner code,
which can write anything on the socket. A frame over :data:`MAX_FRAME_BYTES`, bytes that are
not JSON, an unknown type or a field of the wrong type is :class:`ChannelBroken`, which ends
that learner's run with a reason; it never exhausts the grader's memory or confuses it. And the
worker reads against its clocks (:class:`Receiver`): no message, whole, partial or trickled a
byte at a time, keeps it waiting past a cell's or a notebook's time.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from dataclasses import dataclass, fields
from typing import Any

VERIFY_FD_VARIABLE = "AUTOGRADER_VERIFY_FD"
"""Environment variable naming the socket's descriptor inside the sandbox."""
HEADER = struct.Struct(">I")
MAX_FRAME_BYTES = 8 * 1024 * 1024


class ChannelBroken(RuntimeError):
    """The other end closed the channel or sent something that is not a valid message."""


@dataclass(frozen=True)
class CellStarted:
    """Sandbox to worker: code cell ``cell`` (counted among code cells) starts now."""

    cell: int


@dataclass(frozen=True)
class CellDone:
    """Sandbox to worker: code cell ``cell`` finished with these nbformat outputs."""

    cell: int
    outputs: list
    execution_count: int | None


@dataclass(frozen=True)
class Finished:
    """Sandbox to worker: every cell ran."""


@dataclass(frozen=True)
class SetupFailed:
    """Sandbox to worker: the sandbox could not be built, so no learner code ran."""

    reason: str


@dataclass(frozen=True)
class VerifyRequest:
    """Hidden test to worker: run check ``check`` of ``exercise`` on this plain answer."""

    exercise: str
    check: str
    answer: Any


@dataclass(frozen=True)
class JudgeRequest:
    """Worker to its judge process: run check ``check`` of ``exercise`` for ``learner``.

    The learner id is the one the worker was given, never one the sandbox sent.
    """

    exercise: str
    check: str
    learner: str
    answer: Any


@dataclass(frozen=True)
class Verdict:
    """Worker to hidden test (and judge to worker): the check's outcome and, when it failed,
    its teaching message."""

    passed: bool
    message: str


Message = CellStarted | CellDone | Finished | SetupFailed | VerifyRequest | JudgeRequest | Verdict

KINDS: dict[str, type] = {
    "start": CellStarted,
    "done": CellDone,
    "finished": Finished,
    "setup-failed": SetupFailed,
    "verify": VerifyRequest,
    "judge": JudgeRequest,
    "verdict": Verdict,
}
_NAMES = {kind: name for name, kind in KINDS.items()}
_FIELD_TYPES: dict[tuple[type, str], tuple[type, ...]] = {
    (CellStarted, "cell"): (int,),
    (CellDone, "cell"): (int,),
    (CellDone, "outputs"): (list,),
    (CellDone, "execution_count"): (int, type(None)),
    (SetupFailed, "reason"): (str,),
    (VerifyRequest, "exercise"): (str,),
    (VerifyRequest, "check"): (str,),
    (JudgeRequest, "exercise"): (str,),
    (JudgeRequest, "check"): (str,),
    (JudgeRequest, "learner"): (str,),
    (Verdict, "passed"): (bool,),
    (Verdict, "message"): (str,),
}
"""The type each field must have on arrival (``answer`` is any plain data)."""


def encode(message: Message) -> bytes:
    """One frame: the length header and the message as ASCII JSON."""
    body = {"type": _NAMES[type(message)]}
    body.update({f.name: getattr(message, f.name) for f in fields(message)})
    data = json.dumps(body, ensure_ascii=True).encode("ascii")
    return HEADER.pack(len(data)) + data


def decode(data: bytes) -> Message:
    """The message a frame's body holds, or :class:`ChannelBroken` saying what is wrong."""
    try:
        body = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ChannelBroken(f"a message that is not JSON ({type(error).__name__})") from None
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        raise ChannelBroken("a message without a type")
    kind = KINDS.get(body["type"])
    if kind is None:
        raise ChannelBroken(f"a message of unknown type {body['type'][:40]!r}")
    values = {}
    for field in fields(kind):
        value = body.get(field.name)
        wanted = _FIELD_TYPES.get((kind, field.name))
        if wanted and not (isinstance(value, wanted) and not _is_bool_for_int(value, wanted)):
            raise ChannelBroken(f"a {body['type']!r} message whose {field.name!r} is not valid")
        values[field.name] = value
    return kind(**values)


def _is_bool_for_int(value: Any, wanted: tuple[type, ...]) -> bool:
    return isinstance(value, bool) and bool not in wanted


def send(sock: socket.socket, message: Message) -> None:
    """Send one message whole (``sendall``); the socket's timeout bounds the wait."""
    sock.sendall(encode(message))


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise ChannelBroken("the other end closed the channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket, max_bytes: int = MAX_FRAME_BYTES) -> Message:
    """The next message, blocking: for the sandbox side, whose clocks the worker keeps.

    The worker reads with :class:`Receiver`, which never waits past its deadline.
    """
    (size,) = HEADER.unpack(_receive_exactly(sock, HEADER.size))
    if size > max_bytes:
        raise ChannelBroken(f"a message of {size} bytes is over the {max_bytes}-byte limit")
    return decode(_receive_exactly(sock, size))


class Receiver:
    """Reads messages from a socket against a deadline, keeping a partial frame between calls.

    Why a buffer of its own: the worker must look at its clocks while the sandbox talks. A
    message can arrive in pieces, slowly (a submission may trickle bytes on purpose); a wait
    that ends half-way through a frame must neither lose the bytes read so far nor wait past
    the deadline for the rest. The clock is checked before every read, and a frame whose header
    claims more than ``max_bytes`` is refused before its body is read.
    """

    def __init__(self, sock: socket.socket, max_bytes: int = MAX_FRAME_BYTES) -> None:
        self.sock, self.max_bytes = sock, max_bytes
        self.buffer = bytearray()

    def next(self, deadline: float) -> Message | None:
        """The next whole message, or None when ``deadline`` (``time.monotonic()``) passes."""
        while True:
            message = self._take()
            if message is not None:
                return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 20)
            except TimeoutError:
                return None
            if not chunk:
                raise ChannelBroken("the other end closed the channel")
            self.buffer += chunk

    def _take(self) -> Message | None:
        if len(self.buffer) < HEADER.size:
            return None
        (size,) = HEADER.unpack_from(self.buffer)
        if size > self.max_bytes:
            raise ChannelBroken(
                f"a message of {size} bytes is over the {self.max_bytes}-byte limit"
            )
        end = HEADER.size + size
        if len(self.buffer) < end:
            return None
        body = bytes(self.buffer[HEADER.size : end])
        del self.buffer[:end]
        return decode(body)
