"""The isolated runner's walls and clocks, one submission at a time (no gradebook involved)."""

from __future__ import annotations

import os
import socket
import threading
import time

import nbformat
import pytest

from autograder.runner import sandbox
from autograder.runner.sandbox import Limits
from autograder.runner.worker import NotebookJob, run_notebook

# Off a root Linux machine the sandbox cannot exist; that may skip here, never in CI.
pytestmark = pytest.mark.skipif(
    sandbox.isolation_problem() is not None and os.environ.get("CI") != "true",
    reason=f"{sandbox.isolation_problem()} (CI runs these as root)",
)


def job(*sources: str, graded: dict[int, str] | None = None, **limits) -> NotebookJob:
    """A notebook of code cells; ``graded`` maps a cell index to the check it must pass."""
    notebook = nbformat.v4.new_notebook()
    checks = {}
    for index, source in enumerate(sources):
        cell = nbformat.v4.new_code_cell(source)
        if graded and index in graded:
            grade_id = f"test-{index}"
            cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "points": 1}
            checks[grade_id] = [graded[index]]
        notebook.cells.append(cell)
    return NotebookJob(
        learner="learner-a",
        assignment="score-a-vendor",
        notebook_name="probe",
        notebook=nbformat.from_dict(notebook),
        files={},
        checks=checks,
        limits=Limits(**{"cell_seconds": 5, "notebook_seconds": 30, **limits}),
    )


def outputs(run, index: int) -> str:
    code = [c for c in run.notebook["cells"] if c["cell_type"] == "code"]
    return repr(code[index]["outputs"])


def test_cells_run_in_order_and_their_outputs_are_recorded():
    run = run_notebook(job("x = 41", "print(x + 1)", "x + 1", "1 / 0"))
    assert run.problem == ""
    assert "'text': '42\\n'" in outputs(run, 1)
    assert "'text/plain': '42'" in outputs(run, 2)
    assert "ZeroDivisionError" in outputs(run, 3)


def test_a_cell_over_its_time_is_interrupted_and_the_next_cells_still_run():
    run = run_notebook(
        job("import time\nwhile True: time.sleep(0.1)", "print('after')", cell_seconds=2)
    )
    assert "KeyboardInterrupt" in outputs(run, 0)
    assert "after" in outputs(run, 1)
    assert run.problem == "" and run.notes == (
        "cell 0 ran past its 2-second limit and was interrupted",
    )


def test_a_cell_that_ignores_interrupts_is_killed_and_the_rest_scores_nothing():
    run = run_notebook(
        job(
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass",
            "print('never')",
            cell_seconds=1,
        )
    )
    assert "would not stop" in run.problem
    assert "NotRun" in outputs(run, 1) and "never" not in outputs(run, 1)


def test_the_notebook_has_a_time_limit_of_its_own():
    started = time.monotonic()
    run = run_notebook(job(*["import time; time.sleep(0.9)"] * 10, notebook_seconds=3))
    assert time.monotonic() - started < 10
    assert "3-second limit" in run.problem
    assert "NotRun" in outputs(run, 9)


def test_memory_is_limited():
    run = run_notebook(job("block = bytearray(3 * 1024**3)", "print('alive')", memory_bytes=2**30))
    assert "MemoryError" in outputs(run, 0)
    assert "alive" in outputs(run, 1)


def test_output_is_capped():
    run = run_notebook(job("print('x' * 5_000_000)", "print('y' * 5_000_000)"))
    assert len(repr(run.notebook)) < 1_500_000
    assert "output cut" in outputs(run, 0) + outputs(run, 1)


def test_no_connection_reaches_a_listener_on_this_machine():
    """The test runs its own listener on 127.0.0.1; the submission must not reach it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(8)
    port = server.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(_accept(server)))
    thread.start()
    run = run_notebook(
        job(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3)")
    )
    thread.join()
    server.close()
    assert accepted == [None]
    assert "OSError" in outputs(run, 0) or "unreachable" in outputs(run, 0)


def _accept(server: socket.socket):
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return None
    connection.close()
    return "connected"


def test_hidden_folders_are_empty_and_nothing_outside_the_work_folder_is_writable(tmp_path):
    """The repository's source exercises (solutions, hidden tests) and /tmp are covered."""
    from course.catalog import REPO_ROOT

    secret = tmp_path / "instructor"
    secret.mkdir()
    (secret / "solutions.txt").write_text("the answers")
    exercises = REPO_ROOT / "exercises"
    probe = job(
        f"import os\nprint(sorted(os.listdir({str(exercises)!r})))",
        f"print(open({str(secret / 'solutions.txt')!r}).read())",
        "open('/etc/owned', 'w')",
        "open('mine.txt', 'w').write('ok'); print(open('mine.txt').read())",
    )
    run = run_notebook(probe)
    assert any(exercises.iterdir()), "the exercises are there outside the sandbox"
    assert "FileNotFoundError" in outputs(run, 0)  # not mounted at all (an allow-list)
    assert "FileNotFoundError" in outputs(run, 1) and "the answers" not in outputs(run, 1)
    assert "PermissionError" in outputs(run, 2) or "Read-only" in outputs(run, 2)
    assert "ok" in outputs(run, 3)


def test_a_patched_verify_earns_nothing():
    """The worker, not the kernel, decides: a no-op verify leaves the check without a verdict."""
    run = run_notebook(
        job(
            "import autograder.checks as c\nc.verify = lambda *a: None",
            "from autograder.checks import verify\nverify('score-a-vendor', 'recommendation', 'x')",
            graded={1: "score-a-vendor/recommendation"},
        )
    )
    assert any(name in outputs(run, 1) for name in ("AssertionError", "CheckFailed", "NoVerdict"))
    assert run.verdicts.get("score-a-vendor/recommendation") in (None, [False])


def test_a_failing_check_fails_even_if_the_kernel_hides_the_error():
    run = run_notebook(
        job(
            "from autograder.checks import verify\n"
            "try:\n    verify('score-a-vendor', 'recommendation', 'nobody')\n"
            "except AssertionError:\n"
            "    pass",
            graded={0: "score-a-vendor/recommendation"},
        )
    )
    assert run.verdicts["score-a-vendor/recommendation"] == [False]
    assert "NoVerdict" in outputs(run, 0)


def test_without_root_the_runner_uses_user_namespaces_or_says_why_not(monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(sandbox, "user_namespaces_problem", lambda: None)
    assert sandbox.isolation_problem() is None
    monkeypatch.setattr(sandbox, "user_namespaces_problem", lambda: "not allowed here")
    assert sandbox.isolation_problem() == "not allowed here"


def test_the_reason_user_namespaces_fail_names_the_settings(monkeypatch):
    sandbox.user_namespaces_problem.cache_clear()
    monkeypatch.setattr(sandbox._libc, "unshare", lambda flags: -1)
    try:
        reason = sandbox.user_namespaces_problem()
    finally:
        sandbox.user_namespaces_problem.cache_clear()
    assert "user.max_user_namespaces" in reason and "as root" in reason


PROBE_OUTSIDE_THE_REPO = """
import sys
from autograder.runner.worker import run_notebook
from tests_probe import job_hiding
run = run_notebook(job_hiding(sys.argv[1], sys.argv[2]))
cells = [c for c in run.notebook["cells"] if c["cell_type"] == "code"]
print(repr([c["outputs"] for c in cells]))
"""

JOB_HIDING = """
import nbformat
from autograder.runner.sandbox import Limits
from autograder.runner.worker import NotebookJob

def job_hiding(folder, exercises):
    sources = [
        'from autograder.checks.exercise import start_exercise\\n'
        'case = start_exercise("score-a-vendor")\\nprint("case loaded")',
        'import sys; [sys.modules.pop(m) for m in list(sys.modules) '
        'if m.split(".")[0] in ("autograder", "course")]\\n'
        'from autograder.checks import verify\\nprint("verify imported")',
        f'import os; print("solutions visible:", os.path.isdir({exercises!r}) '
        f'and bool(os.listdir({exercises!r})))',
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    return NotebookJob(
        learner="learner-a", assignment="score-a-vendor", notebook_name="probe",
        notebook=nbformat.from_dict(notebook), files={}, checks={},
        limits=Limits(cell_seconds=30, notebook_seconds=60),
    )
"""


def test_the_course_imports_even_when_the_repository_lies_in_a_hidden_folder(tmp_path):
    """A clone under /tmp or /home, installed editable (no sys.path entry), still grades.

    The folder holding the repository is hidden, and the probe runs from elsewhere with
    ``python -I``, so only the editable install's import hook knows where the course is.
    """
    import subprocess
    import sys

    from course.catalog import REPO_ROOT

    (tmp_path / "tests_probe.py").write_text(JOB_HIDING, encoding="utf-8")
    (tmp_path / "probe.py").write_text(
        "import sys; sys.path.insert(0, sys.argv[3])\n" + PROBE_OUTSIDE_THE_REPO, encoding="utf-8"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            str(tmp_path / "probe.py"),
            str(REPO_ROOT.parent),
            str(REPO_ROOT / "exercises"),
            str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shown = done.stdout
    assert "Error" not in shown, shown
    assert "case loaded" in shown and "verify imported" in shown, shown
    assert "solutions visible: False" in shown, shown


# --- the channel to the worker, and what a run may store ------------------------------------

_RAW_SEND = """
import os, socket, struct, time
channel = socket.socket(fileno=int(os.environ["AUTOGRADER_VERIFY_FD"]))
channel.sendall({payload})
channel.detach()
time.sleep(600)
"""


@pytest.mark.parametrize(
    "payload, reason",
    [
        ("struct.pack('>I', 26) + b'{\"type\": \"full-marks-now\"}'", "unknown type"),
        ("struct.pack('>I', 2**31) + b'{'", "over the"),
        ("struct.pack('>I', 9) + b'not json!'", "not JSON"),
    ],
    ids=["unknown-type", "oversized", "not-json"],
)
def test_a_broken_channel_ends_the_run_with_a_reason_and_never_hangs(payload, reason):
    """Does a submission that writes garbage on the verdict channel end its own run, at once?"""
    started = time.monotonic()
    run = run_notebook(job(_RAW_SEND.format(payload=payload), "print('never')", cell_seconds=60))
    assert time.monotonic() - started < 20
    assert "broke its channel" in run.problem and reason in run.problem
    assert "NotRun" in outputs(run, 1) and "never" not in outputs(run, 1)


def test_a_very_large_error_is_recorded_capped_and_the_next_cells_run():
    """Is an honest cell that raises a 30 MB error graded as failed, not lost with its notebook?"""
    run = run_notebook(job("raise ValueError('e' * 30_000_000)", "print('after')"))
    assert run.problem == ""
    assert "ValueError" in outputs(run, 0) and "more characters" in outputs(run, 0)
    assert "after" in outputs(run, 1)
    assert len(repr(run.notebook)) < 100_000


def test_many_large_errors_stay_within_the_notebook_budget():
    run = run_notebook(job(*["raise ValueError('e' * 3_000_000)"] * 12))
    assert run.problem == ""
    assert all("ValueError" in outputs(run, index) for index in range(12))
    assert len(repr(run.notebook)) < 1_500_000


def test_outputs_the_submission_forges_on_the_channel_are_capped_by_the_worker():
    """Are 20 forged 6 MB cell reports held to the budget the worker enforces itself?"""
    forge = """
import os, socket, json, struct
channel = socket.socket(fileno=int(os.environ["AUTOGRADER_VERIFY_FD"]))
def send(message):
    data = json.dumps(message).encode()
    channel.sendall(struct.pack(">I", len(data)) + data)
for cell in range(20):
    send({"type": "start", "cell": cell})
    text = "z" * 6_000_000
    send({"type": "done", "cell": cell, "execution_count": 1,
          "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]})
send({"type": "finished"})
channel.detach()
"""
    run = run_notebook(job(forge, *["pass"] * 19))
    assert len(repr(run.notebook)) < 1_500_000
    assert "output cut" in repr(run.notebook)


def test_a_shell_made_earlier_in_the_process_does_not_leak_its_history_into_outputs():
    """A shell this process made before (history on) must not be the one the sandbox reuses."""
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    InteractiveShell.instance()  # history enabled, as a test or an embedding tool would make it
    try:
        run = run_notebook(job("print('first')", "print('second')"))
    finally:
        InteractiveShell.clear_instance()
    assert run.problem == ""
    assert outputs(run, 0) == "[{'output_type': 'stream', 'name': 'stdout', 'text': 'first\\n'}]"
