"""Benchmark: what a hostile submission can take from the machine, with and without the walls.

Runs four hostile notebooks through the isolated runner's ``run_notebook`` in one run, once
with the source tree given by ``--before`` (for example the code as it was before the cgroup
and disk walls: ``git archive COMMIT autograder course | tar -x -C DIR``) and once with this
tree, side by side, and prints per notebook what it held:

- memory: six processes of 600 MiB each; the figure is the largest total memory (proportional
  set size) of the submission's processes, sampled every 20 ms from outside;
- processes: forks up to 300 sleeping processes; the figure is how many it got;
- disk: writes 16 MiB files into its own folder until refused (at most 2 GiB); the figure is
  how much it wrote;
- CPU: four busy processes in sessions of their own for 4 s; the figure is the CPU seconds
  they got (2 cores here: up to 8 s).

Usage: ``python bench/sandbox_limits.py --before DIR``; without ``--before`` only this tree
is measured. Needs root or unprivileged user namespaces, as the isolated runner does.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBES = {
    "memory (6 x 600 MiB)": """
import os, time
children = []
for _ in range(6):
    pid = os.fork()
    if pid == 0:
        try:
            size = 600 * 1024**2
            block = bytearray(size)
            block[::4096] = b"x" * (size // 4096)
            time.sleep(3)
        finally:
            os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print("RESULT", "see peak")
""",
    "processes (up to 300)": """
import os, time
made = 0
try:
    for _ in range(300):
        if os.fork() == 0:
            time.sleep(3)
            os._exit(0)
        made += 1
except OSError:
    pass
print("RESULT", made)
""",
    "disk (16 MiB files, up to 2 GiB)": """
import os
written = 0
try:
    for part in range(128):
        with open(f"fill-{part}.bin", "wb") as out:
            out.write(b"x" * (16 * 1024**2))
        written += 16
except OSError:
    pass
print("RESULT", f"{written} MiB")
""",
    "CPU (4 busy new sessions, 4 s)": """
import resource, subprocess, sys
code = "import time\\nend = time.monotonic() + 4\\nwhile time.monotonic() < end: pass"
busy = [subprocess.Popen([sys.executable, "-c", code], start_new_session=True) for _ in range(4)]
for process in busy:
    process.wait()
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print("RESULT", f"{used.ru_utime + used.ru_stime:.1f} CPU s")
""",
}

MEASURE = r"""
import json, os, sys, threading, time
import nbformat
from autograder.runner.sandbox import Limits
from autograder.runner.worker import NotebookJob, run_notebook

def tree_memory(root):
    # Proportional set size of every process below root: forked copies share their unchanged
    # pages, so resident sizes would count those pages once per process.
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                pass
    total, todo = 0, [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            try:
                for line in open(f"/proc/{pid}/smaps_rollup"):
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
            todo.append(pid)
    return total

peak = [0]
done = threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], tree_memory(os.getpid()))
        time.sleep(0.02)

source = sys.stdin.read()
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
job = NotebookJob("learner-a", "score-a-vendor", "probe", nbformat.from_dict(notebook), {}, {},
                  Limits(cell_seconds=60, notebook_seconds=90))
thread = threading.Thread(target=sample, daemon=True)
thread.start()
run = run_notebook(job)
done.set()
text = json.dumps(run.notebook["cells"][0]["outputs"])
result = text.split("RESULT ", 1)[1].split("\\n")[0] if "RESULT " in text else "stopped"
print(json.dumps({"result": result, "peak": peak[0], "problem": run.problem}))
"""


def measure(tree: Path, source: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], input=source, env=env, capture_output=True,
        text=True, timeout=600, cwd=tree,
    )
    if done.returncode != 0:
        return {"result": f"error: {done.stderr.strip().splitlines()[-1:]}", "peak": 0}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a source tree of the runner to compare")
    args = parser.parse_args(argv)
    trees = ([("before", args.before.resolve())] if args.before else []) + [("now", REPO)]
    print(f"{'probe':36} " + " ".join(f"{name:>36}" for name, _ in trees))
    for name, source in PROBES.items():
        cells = []
        for _, tree in trees:
            found = measure(tree, source)
            peak = f"peak {found['peak'] / 2**20:,.0f} MiB"
            cells.append(f"{found['result']}, {peak}")
        print(f"{name:36} " + " ".join(f"{cell:>36}" for cell in cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
