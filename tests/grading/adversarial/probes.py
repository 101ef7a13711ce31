"""Side-effect checks: did a hostile submission achieve anything beyond its own grade?

Why separate from the score: many attacks earn no marks yet still do harm (a process that outlives
grading, a write into the release, a connection out of the kernel, another learner's grade
changed). Each probe looks at what the run left behind and returns a sentence saying what the
attack achieved, or ``None`` when it achieved nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.grading.adversarial.kit import ASSIGNMENT, NOTEBOOK, SOURCE


@dataclass(frozen=True)
class Facts:
    """What the harness knows after the run, as seen by one case."""

    learner: str
    course_root: Path
    scratch: Path
    scores: Mapping[str, float | None]  # learner -> total score in the gradebook (None: none)
    connections: Sequence[bytes]  # what the 127.0.0.1 listener received, one item per connection
    release_digest: str  # sha256 of the released notebook before the run
    max_score: float | None  # the assignment's max score in the gradebook after the run
    peers: Mapping[str, str]  # role -> learner id

    @property
    def autograded(self) -> Path:
        return self.course_root / "autograded" / self.learner / ASSIGNMENT / NOTEBOOK


Probe = Callable[[Facts], str | None]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_notebook_under(megabytes: float) -> Probe:
    """The autograded notebook stays small: outputs are capped by bytes, not only by lines."""

    def probe(facts: Facts) -> str | None:
        if not facts.autograded.is_file():
            return None
        size = facts.autograded.stat().st_size / 1e6
        return f"stored notebook is {size:.1f} MB" if size > megabytes else None

    probe.__doc__ = f"autograded notebook under {megabytes:g} MB"
    return probe


def named_in_summary(words: str) -> Probe:
    """``grade``'s summary names the learner, with ``words`` on that line: a run a fault or a
    clock stopped part-way is never reported as plain "graded"."""

    def probe(facts: Facts) -> str | None:
        printed = facts.course_root.parent / "grade.out"
        text = printed.read_text(encoding="utf-8", errors="replace") if printed.is_file() else ""
        lines = [line for line in text.splitlines() if facts.learner in line]
        if not lines:
            return "not named in grade's summary"
        if not any(words in line for line in lines):
            return f"named in grade's summary without {words!r}: {lines[0][:200]}"
        return None

    probe.__doc__ = f"named in grade's summary with {words!r}"
    return probe


def outputs_free_of(text: str) -> Probe:
    """No output of the autograded notebook carries ``text`` (e.g. a hidden test read from disk)."""

    def probe(facts: Facts) -> str | None:
        if not facts.autograded.is_file():
            return None
        notebook = json.loads(facts.autograded.read_text(encoding="utf-8"))
        # What the submission printed or displayed; a traceback's context lines quote the test
        # cell's own (already restored) source, as under nbgrader, so they are not a leak.
        shown = [
            output.get("text") or output.get("data") or output.get("evalue")
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
        ]
        return f"its outputs contain {text!r}" if text in json.dumps(shown) else None

    probe.__doc__ = f"nothing the submission printed or displayed contains {text!r}"
    return probe


def marker_absent(folder: str, what: str) -> Probe:
    """The attack's marker file ``<scratch>/<folder>/<learner>.txt`` was never written."""

    def probe(facts: Facts) -> str | None:
        marker = facts.scratch / folder / f"{facts.learner}.txt"
        return what if marker.exists() else None

    probe.__doc__ = f"no {folder} marker"
    return probe


def peer_intact(role: str, points: float) -> Probe:
    """Another learner (``role``) still has the ``points`` their honest submission earns."""

    def probe(facts: Facts) -> str | None:
        victim = facts.peers[role]
        score = facts.scores.get(victim)
        return None if score == points else f"{victim} now scores {score} instead of {points:g}"

    probe.__doc__ = f"{role} still scores {points:g}"
    return probe


def release_unchanged(facts: Facts) -> str | None:
    """The released notebook every learner downloads is byte for byte what was released."""
    release = facts.course_root / "release" / ASSIGNMENT / NOTEBOOK
    return None if digest(release) == facts.release_digest else "the release notebook was changed"


def source_copy_unchanged(facts: Facts) -> str | None:
    """The file a symlink pointed at (a scratch copy of the source) was not written through."""
    copy = facts.scratch / "symlink-target" / NOTEBOOK
    if not copy.is_file():
        return None
    return None if digest(copy) == digest(SOURCE) else "the symlink target was overwritten"


def no_connection(facts: Facts) -> str | None:
    """The kernel could not reach the listener on 127.0.0.1."""
    mine = [c for c in facts.connections if facts.learner.encode() in c]
    return f"the listener on 127.0.0.1 received {mine[0][:60]!r}" if mine else None


def max_score_is(points: float) -> Probe:
    """The assignment's maximum in the gradebook is still what the source notebook says."""

    def probe(facts: Facts) -> str | None:
        if facts.max_score == points:
            return None
        return f"the assignment's max score is now {facts.max_score}"

    probe.__doc__ = f"max score stays {points:g}"
    return probe


def ran_under(seconds: float) -> Probe:
    """The learner's notebook did not run longer in total than a whole-notebook budget."""

    def probe(facts: Facts) -> str | None:
        if not facts.autograded.is_file():
            return None
        notebook = json.loads(facts.autograded.read_text(encoding="utf-8"))
        total = 0.0
        for cell in notebook["cells"]:
            timing = cell.get("metadata", {}).get("execution", {})
            start, end = (
                timing.get("shell.execute_reply.started"),
                timing.get("shell.execute_reply"),
            )
            if start and end:
                total += (_when(end) - _when(start)).total_seconds()
        return f"its cells ran for {total:.0f} s in all" if total > seconds else None

    probe.__doc__ = f"ran under {seconds:g} s in all"
    return probe


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
