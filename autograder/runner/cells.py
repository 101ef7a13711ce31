"""Run a notebook's code cells in a warm IPython shell and record their outputs as nbformat does.

Why not a Jupyter kernel: starting one costs about a second per submission. The worker builds
one :class:`InteractiveShell` with the course's imports loaded, then forks a fresh copy of
itself for every submission (:mod:`autograder.runner.worker`); the copy runs the cells here.
Outputs are recorded in the shape nbclient writes (stream, display_data, execute_result,
error), so nbgrader's own preprocessors grade and render them unchanged.

Everything in this module runs inside the sandbox, next to learner code, so nothing it reports
is trusted for a pass: the worker only lets a report *lower* a grade (see ``worker.py``).
"""

from __future__ import annotations

import io
import types
from collections.abc import Callable
from typing import Any

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from autograder.runner.output_budget import (
    CUT_NOTE,
    ERROR_TEXT_CHARACTERS,
    OUTPUT_BUDGET_BYTES,
    SHORT_ERROR_CHARACTERS,
    short_error,
)

Output = dict[str, Any]


class OutputRecorder:
    """Collects one cell's outputs, within a byte budget shared by the whole notebook."""

    def __init__(self, budget: int = OUTPUT_BUDGET_BYTES) -> None:
        self.outputs: list[Output] = []
        self.remaining = budget
        self.truncated = False

    def start_cell(self) -> None:
        self.outputs = []

    def _spend(self, size: int) -> bool:
        if size > self.remaining:
            if not self.truncated:
                self.truncated = True
                self.outputs.append(
                    {
                        "output_type": "stream",
                        "name": "stderr",
                        "text": CUT_NOTE.format(OUTPUT_BUDGET_BYTES // 1024),
                    }
                )
            self.remaining = 0
            return False
        self.remaining -= size
        return True

    def stream(self, name: str, text: str) -> None:
        if not text or not self._spend(len(text.encode("utf-8", "replace"))):
            return
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def rich(self, kind: str, data: dict, metadata: dict, execution_count: int | None) -> None:
        plain = {str(k): v if isinstance(v, str | dict | list) else str(v) for k, v in data.items()}
        if not self._spend(sum(len(str(v)) for v in plain.values())):
            return
        output: Output = {"output_type": kind, "data": plain, "metadata": dict(metadata or {})}
        if kind == "execute_result":
            output["execution_count"] = execution_count
        self.outputs.append(output)

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        """Always recorded (it fails the cell), but within the budget: a failing cell's error
        can be as large as the learner's code makes it, and must still reach the worker."""
        limit = ERROR_TEXT_CHARACTERS if self.remaining > 0 else SHORT_ERROR_CHARACTERS
        output = short_error(str(ename), str(evalue), [str(line) for line in traceback], limit)
        size = len(output["evalue"]) + sum(len(line) for line in output["traceback"])
        self.remaining = max(0, self.remaining - size)
        self.outputs.append(output)

    def clear(self) -> None:
        self.outputs = [o for o in self.outputs if o["output_type"] == "error"]


class _RecordingStream(io.TextIOBase):
    def __init__(self, recorder: OutputRecorder, name: str) -> None:
        self.recorder, self.name = recorder, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.recorder.stream(self.name, str(text))
        return len(text)


class _RecordingDisplayPublisher(DisplayPublisher):
    recorder: OutputRecorder | None = None

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
        if self.recorder is not None:
            self.recorder.rich("display_data", data, metadata or {}, None)

    def clear_output(self, wait=False):
        if self.recorder is not None:
            self.recorder.clear()


class _RecordingDisplayHook(DisplayHook):
    recorder: OutputRecorder | None = None

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        if self.recorder is not None:
            self.recorder.rich("execute_result", format_dict, md_dict or {}, self.prompt_count)

    def finish_displayhook(self):
        pass


def warm_shell() -> InteractiveShell:
    """The shell every submission's fresh copy starts from (built once per worker)."""
    config = Config()
    config.HistoryManager.enabled = False  # no history database in anyone's home
    # ``instance`` would hand back a shell this process made earlier (a test, an embedding
    # tool) with its own settings, history included; the sandbox's home is read-only, so
    # that history thread would print an error into the learner's first output.
    InteractiveShell.clear_instance()
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.autocall = 0
    shell = InteractiveShell.instance(config=config)
    shell.display_pub = _RecordingDisplayPublisher(shell=shell)
    shell.displayhook = _RecordingDisplayHook(shell=shell, cache_size=shell.cache_size)
    shell.display_trap.hook = shell.displayhook  # what sys.displayhook is while a cell runs
    return shell


def run_cells(
    shell: InteractiveShell,
    sources: list[str],
    on_start: Callable[[int], None],
    on_done: Callable[[int, list[Output], int | None], None],
    recorder: OutputRecorder | None = None,
) -> None:
    """Run each source in order, reporting every cell's outputs as soon as it finishes."""
    import sys

    recorder = recorder or OutputRecorder()
    shell.display_pub.recorder = recorder
    shell.displayhook.recorder = recorder

    def record_traceback(self, etype, evalue, stb):
        recorder.error(getattr(etype, "__name__", str(etype)), str(evalue), list(stb))

    shell._showtraceback = types.MethodType(record_traceback, shell)
    sys.stdout = _RecordingStream(recorder, "stdout")
    sys.stderr = _RecordingStream(recorder, "stderr")
    for index, source in enumerate(sources):
        recorder.start_cell()
        on_start(index)
        try:
            shell.run_cell(source, store_history=True)
        except KeyboardInterrupt:
            recorder.error("KeyboardInterrupt", "", ["KeyboardInterrupt: the cell was stopped"])
        on_done(index, recorder.outputs, shell.execution_count - 1)
