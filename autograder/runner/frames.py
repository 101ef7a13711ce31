"""Length-prefixed JSON messages over a socket, with a size cap.

Why a cap: the other end of the socket runs learner code. A frame that claims to be huge, or is
not JSON, must end that submission with a reason, never exhaust the grader's memory.
"""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

HEADER = struct.Struct(">I")
MAX_FRAME_BYTES = 8 * 1024 * 1024


class ChannelBroken(RuntimeError):
    """The sandbox closed the channel or sent something that is not a valid message."""


def send_frame(sock: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message, ensure_ascii=True).encode("ascii")
    sock.sendall(HEADER.pack(len(data)) + data)


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise ChannelBroken("the submission's process closed its channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive_frame(sock: socket.socket, max_bytes: int = MAX_FRAME_BYTES) -> dict[str, Any]:
    """The next message; ``socket.timeout`` propagates so callers can enforce their deadlines."""
    (size,) = HEADER.unpack(_receive_exactly(sock, HEADER.size))
    if size > max_bytes:
        raise ChannelBroken(f"a message of {size} bytes is over the {max_bytes}-byte limit")
    try:
        message = json.loads(_receive_exactly(sock, size))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ChannelBroken(f"a message that is not JSON ({error})") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ChannelBroken("a message without a type")
    return message
