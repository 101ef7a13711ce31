"""The sandbox's shared-resource walls and its allow-list, one submission at a time.

Each test runs a small notebook in the real sandbox (:func:`run_notebook`) and asks what a
learner's code could take from the machine: memory held by many processes at once, processes,
CPU time from sessions of its own, disk, and files outside what a notebook needs.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from autograder.runner import cgroups, sandbox
from autograder.runner.sandbox import Limits
from autograder.runner.worker import NotebookJob, run_notebook

pytestmark = pytest.mark.skipif(
    sandbox.isolation_problem() is not None and os.environ.get("CI") != "true",
    reason=f"{sandbox.isolation_problem()} (CI runs these)",
)
needs_cgroups = pytest.mark.skipif(
    cgroups.availability() is not None,
    reason=f"no cgroup on this machine: {cgroups.availability()}",
)
MiB = 1024**2


def job(*sources: str, **limits) -> NotebookJob:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    return NotebookJob(
        learner="learner-a",
        assignment="score-a-vendor",
        notebook_name="probe",
        notebook=nbformat.from_dict(notebook),
        files={"data.csv": b"a,b\n1,2\n"},
        checks={},
        limits=Limits(**{"cell_seconds": 20, "notebook_seconds": 60, **limits}),
    )


def outputs(run, index: int) -> str:
    code = [c for c in run.notebook["cells"] if c["cell_type"] == "code"]
    return repr(code[index]["outputs"])


HOLD_IN_CHILDREN = """
import os, time
children = []
for _ in range({count}):
    pid = os.fork()
    if pid == 0:
        size = {size}
        block = bytearray(size)
        block[::4096] = b"x" * (size // 4096)
        time.sleep(1.5)
        os._exit(0)
    children.append(pid)
codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
print("children:", codes)
"""


@needs_cgroups
def test_memory_is_limited_for_all_processes_together():
    """Do four processes of 150 MiB each stay within a 256 MiB limit for the whole tree?"""
    run = run_notebook(
        job(
            HOLD_IN_CHILDREN.format(count=4, size=150 * MiB),
            "print('after')",
            memory_bytes=256 * MiB,
        )
    )
    shown = outputs(run, 0) + run.problem
    # The kernel kills the biggest processes once the group is full: some child ends with
    # SIGKILL (-9), or the notebook's own process is stopped and the run says why.
    assert "-9" in shown or "memory" in run.problem, shown


@needs_cgroups
def test_the_number_of_processes_is_limited_for_the_whole_tree():
    run = run_notebook(
        job(
            "import os, time\nmade = 0\n"
            "try:\n"
            "    for _ in range(40):\n"
            "        if os.fork() == 0:\n"
            "            time.sleep(3); os._exit(0)\n"
            "        made += 1\n"
            "except OSError as error:\n"
            "    print('refused after', made, type(error).__name__)\n",
            processes=16,
        )
    )
    assert "refused after" in outputs(run, 0), outputs(run, 0)


@needs_cgroups
def test_processes_in_sessions_of_their_own_share_the_submissions_cpu():
    """Four busy processes, each in a new session, get half a CPU between them, no more."""
    spin = (
        "import subprocess, sys, time, resource\n"
        "code = 'import time\\nend = time.monotonic() + 3\\nwhile time.monotonic() < end: pass'\n"
        "busy = [subprocess.Popen([sys.executable, '-c', code], start_new_session=True)"
        " for _ in range(4)]\n"
        "[p.wait() for p in busy]\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(f'cpu {used.ru_utime + used.ru_stime:.2f}')\n"
    )
    run = run_notebook(job(spin, cpus=0.5))
    text = outputs(run, 0)
    seconds = float(text.split("cpu ")[1].split("\\n")[0])
    assert seconds < 2.3, text  # 3 s of wall time at half a CPU, with room for start-up


def test_the_disk_is_the_submissions_own_and_bounded():
    fill = (
        "written = 0\n"
        "try:\n"
        "    for i in range(40):\n"
        "        with open(f'{folder}/fill-{{i}}.bin', 'wb') as out:\n"
        "            out.write(b'x' * (4 * 1024**2))\n"
        "        written += 4\n"
        "except OSError as error:\n"
        "    print('stopped at', written, error.strerror)\n"
    )
    run = run_notebook(
        job(
            fill.format(folder="."),
            fill.format(folder="/tmp"),
            fill.format(folder="/dev/shm"),
            "print(open('data.csv').read())",
            disk_bytes=32 * MiB,
        )
    )
    assert "stopped at" in outputs(run, 0) and "No space left" in outputs(run, 0)
    assert "stopped at 0" in outputs(run, 1) or "stopped at 4" in outputs(run, 1)
    assert "a,b" in outputs(run, 3)


def test_only_what_a_notebook_needs_is_there(tmp_path):
    """The course folder, the repository's exercises and tests, /root and /home are absent."""
    from course.catalog import REPO_ROOT

    secret = tmp_path / "roster.csv"
    secret.write_text("id,email\nx,x@example.edu\n")
    probe = job(
        "import os; print(sorted(os.listdir('/')))",
        f"print(os.path.exists({str(REPO_ROOT / 'exercises')!r}), "
        f"os.path.exists({str(REPO_ROOT / 'tests')!r}), "
        f"os.path.exists({str(REPO_ROOT / '.git')!r}), "
        f"os.path.exists({str(secret)!r}), os.path.exists('/root/.bashrc'))",
        "import course, autograder.checks; print('imports fine')",
        "open('/usr/owned', 'w')",
    )
    run = run_notebook(probe)
    listing = outputs(run, 0)
    python_homes = {Path(path).parts[1] for path in sandbox.python_paths()}
    for absent in {"root", "home", "srv", "mnt", "sys", "boot", "media", "opt"} - python_homes:
        assert f"'{absent}'" not in listing, listing  # (/root only when Python lives there)
    assert "False False False False False" in outputs(run, 1), outputs(run, 1)
    assert "imports fine" in outputs(run, 2)
    assert "Read-only" in outputs(run, 3) or "Permission" in outputs(run, 3)


def test_controls_say_what_holds_and_why_anything_does_not(monkeypatch):
    held, weaker = sandbox.controls()
    assert any("disk of its own" in line for line in held)
    monkeypatch.setattr(cgroups, "availability", lambda: "cgroup.procs is not writable")
    held, weaker = sandbox.controls()
    assert len(weaker) == 1 and "cgroup.procs is not writable" in weaker[0]
    assert "per process" in weaker[0] and "CPU" in weaker[0]


PROBE_AFTER_IMPORTING_THE_WHOLE_CHECKS_MODULE = """
import json, sys
import nbformat
sys.path.insert(0, sys.argv[1])
from tests.runner.test_walls import job
from autograder.runner.worker import run_notebook
import autograder.checks.exercises.score_a_vendor as whole

assert hasattr(whole, "reference_totals")
del whole  # a worker holds no reference to it either; the sandbox must free what is left
run = run_notebook(job(
    "import gc\\n"
    "names = {getattr(o, '__name__', '') for o in gc.get_objects() if callable(o)}\\n"
    "ours = {'reference_totals', 'reference_ranking', 'check_totals'}\\n"
    "print('in memory:', sorted(names & ours))",
    "from autograder.checks.exercises import score_a_vendor as m\\n"
    "print('on disk:', hasattr(m, 'reference_totals'), hasattr(m, 'CHECKS'), "
    "hasattr(m, 'exercise_case'), hasattr(m, 'describe'))",
))
cells = [c for c in run.notebook["cells"] if c["cell_type"] == "code"]
print(json.dumps([repr(c["outputs"]) for c in cells]))
"""


def test_the_reference_answers_are_neither_on_disk_nor_in_memory():
    """Is the checks module learner code finds only its learner side, even after the process
    the sandbox is forked from imported the whole module?

    The probe runs in a fresh interpreter: this test process may hold the checks through other
    tests (their parameters, their frames), which a grading worker never does.
    """
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", PROBE_AFTER_IMPORTING_THE_WHOLE_CHECKS_MODULE, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    memory, disk = json.loads(done.stdout.strip().splitlines()[-1])
    assert "in memory: []" in memory, memory
    assert "on disk: False False True True" in disk, disk


def test_each_exercise_keeps_its_case_and_loses_its_answers():
    import sys
    import types

    from autograder.runner.learner_side import for_file

    modules = sandbox.learner_side_modules()
    assert any(path.endswith("/govern_the_relationship/__init__.py") for path in modules)
    for path, source in modules.items():
        if path.endswith("exercises/__init__.py"):
            continue
        assert source == for_file(Path(path))
        module = types.ModuleType(f"learner_side_probe_{Path(path).parent.name}_{Path(path).stem}")
        sys.modules[module.__name__] = module
        try:
            exec(compile(source, path, "exec"), module.__dict__)
            case = module.exercise_case("learner-b")
            assert module.describe(case)
        finally:
            del sys.modules[module.__name__]
        assert "CHECKS" not in module.__dict__, path
        assert not [n for n in module.__dict__ if n.startswith(("check_", "reference"))], path
