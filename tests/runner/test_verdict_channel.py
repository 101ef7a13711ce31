"""The verdict channel's one definition: what is a message, and how long does reading wait?"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from autograder.verdict_channel import (
    HEADER,
    CellDone,
    CellStarted,
    ChannelBroken,
    Finished,
    Receiver,
    SetupFailed,
    Verdict,
    VerifyRequest,
    decode,
    encode,
    receive,
    send,
)

EVERY_KIND = [
    CellStarted(3),
    CellDone(3, [{"output_type": "stream", "name": "stdout", "text": "hi"}], 4),
    CellDone(0, [], None),
    Finished(),
    SetupFailed("no namespaces"),
    VerifyRequest("score-a-vendor", "ranking", {"a": [1, 2.5, None, "x"]}),
    Verdict(False, "the ranking is not right yet"),
]


@pytest.mark.parametrize("message", EVERY_KIND, ids=lambda m: type(m).__name__)
def test_every_message_comes_back_as_it_was_sent(message):
    """Does each kind of message survive encoding and decoding unchanged?"""
    assert decode(encode(message)[HEADER.size :]) == message


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"\xff\xfe not json", "not JSON"),
        (b"[1, 2]", "without a type"),
        (b'{"type": "give-me-full-marks"}', "unknown type"),
        (b'{"type": "start", "cell": "3"}', "'cell' is not valid"),
        (b'{"type": "start", "cell": true}', "'cell' is not valid"),
        (b'{"type": "verdict", "passed": 1, "message": ""}', "'passed' is not valid"),
        (b'{"type": "done", "cell": 1, "outputs": {}, "execution_count": 1}', "'outputs'"),
        (b"[" * 100_000, "not JSON"),
    ],
)
def test_a_message_that_is_not_valid_is_refused_with_what_is_wrong(body, reason):
    """Is every malformed body a ChannelBroken naming the problem, never another exception?"""
    with pytest.raises(ChannelBroken, match=reason):
        decode(body)


def _pair():
    ours, theirs = socket.socketpair()
    return ours, theirs


def test_the_receiver_returns_none_at_its_deadline_and_keeps_a_partial_frame():
    """Does a frame that arrives in pieces across deadlines come out whole, once?"""
    ours, theirs = _pair()
    frame = encode(Verdict(True, "x" * 1000))
    receiver = Receiver(ours)
    theirs.sendall(frame[:500])
    assert receiver.next(time.monotonic() + 0.2) is None
    theirs.sendall(frame[500:])
    assert receiver.next(time.monotonic() + 2) == Verdict(True, "x" * 1000)
    assert receiver.next(time.monotonic() + 0.1) is None


def test_a_trickling_sender_cannot_hold_the_reader_past_its_deadline():
    """Does one byte every few milliseconds still end the wait on time?"""
    ours, theirs = _pair()
    frame = encode(CellDone(0, ["y" * 100_000], 1))
    stop = threading.Event()

    def trickle() -> None:
        for byte in frame:
            if stop.is_set():
                return
            theirs.send(bytes([byte]))
            time.sleep(0.005)

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    started = time.monotonic()
    assert Receiver(ours).next(started + 0.5) is None
    assert time.monotonic() - started < 1.5
    stop.set()
    sender.join()


def test_a_frame_over_the_limit_is_refused_from_its_header():
    """Is a header claiming 4 GB refused at once, without reading (or waiting for) the body?"""
    ours, theirs = _pair()
    theirs.sendall(HEADER.pack(2**32 - 1) + b"{")
    with pytest.raises(ChannelBroken, match="over the"):
        Receiver(ours).next(time.monotonic() + 5)


def test_a_closed_channel_is_broken():
    ours, theirs = _pair()
    theirs.close()
    with pytest.raises(ChannelBroken, match="closed"):
        Receiver(ours).next(time.monotonic() + 5)


def test_the_sandbox_side_sends_and_receives_whole_messages():
    ours, theirs = _pair()
    send(theirs, VerifyRequest("score-a-vendor", "ranking", [1]))
    assert Receiver(ours).next(time.monotonic() + 5) == VerifyRequest(
        "score-a-vendor", "ranking", [1]
    )
    send(ours, Verdict(True, ""))
    assert receive(theirs) == Verdict(True, "")
