"""Benchmark: the course hub with a cohort of ``--learners`` (default 30), end to end.

Sets a cohort up as ``make hub`` does (accounts, course directory, exchange) in a temporary
folder, starts JupyterHub on 127.0.0.1 and prints:
- ``hub start``: seconds from starting JupyterHub until its API answers through the proxy
  (formgrader's and the demos' services included: the hub waits for them);
- ``servers``: seconds until every learner's server is ready, started side by side through the
  hub's REST API (each builds its workspace first);
- ``memory per learner server``: the resident memory of each learner's processes (the
  single-user server, no kernel running), median and largest, in MiB;
- ``submit``: seconds for every learner to fetch, save their answers and submit through their own
  server (nbgrader's Assignment List endpoints, the buttons' requests), four at a time;
- ``submit to grades``: seconds from the last submission to the grades in the gradebook and the
  feedback released (collect from the exchange, isolated runner, feedback), and the same
  measured from the first submission.

A third of the learners answer right, a third with a known misconception, a third submit
nothing. Requests carry a token in a header (a token-only hub service made for the run), never
in a URL. Everything started is stopped and the accounts removed at the end.

Usage: ``python bench/hub.py [--learners 30] [--assignment score-a-vendor]``. Needs root and
``make hub-proxy``; about ten minutes for 30 learners on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402
import psutil  # noqa: E402

from autograder.hub import (  # noqa: E402
    HubPlan,
    exercise_sources_owners,
    grade_cycle,
    release,
    remove_accounts,
    restore_owners,
    set_up,
    start_hub,
    stop_hub,
    wait_until_up,
)
from tests.hub.test_hub_cycle import answers_for, free_ports  # noqa: E402

MISCONCEPTION = ("forgot to normalise the weights",)


class Hub:
    """The hub's REST API and the learners' servers, with the operator token in a header."""

    def __init__(self, plan: HubPlan, token: str) -> None:
        self.plan = plan
        self.token = token

    def call(self, method: str, path: str, body: object = None, timeout: float = 300) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.plan.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else None


def start_servers(hub: Hub, learners: list[str]) -> float:
    started = time.monotonic()
    for name in learners:
        hub.call("POST", f"/hub/api/users/{name}/server")
    pending = set(learners)
    while pending:
        for name in list(pending):
            user = hub.call("GET", f"/hub/api/users/{name}")
            if user["servers"].get("", {}).get("ready"):
                pending.discard(name)
        if time.monotonic() - started > 1800:
            raise RuntimeError(f"servers not ready after 30 minutes: {sorted(pending)}")
        time.sleep(1)
    return time.monotonic() - started


def server_memory(plan: HubPlan, learners: list[str]) -> list[float]:
    """MiB of resident memory under each learner's account."""
    import pwd

    uids = {pwd.getpwnam(n).pw_uid: n for n in learners}
    totals = dict.fromkeys(learners, 0)
    for process in psutil.process_iter(["uids", "memory_info"]):
        uid = process.info["uids"].real if process.info["uids"] else None
        if uid in uids and process.info["memory_info"]:
            totals[uids[uid]] += process.info["memory_info"].rss
    return [totals[n] / 2**20 for n in learners]


def work_and_submit(hub: Hub, name: str, answers: dict[str, str] | None, assignment: str) -> None:
    query = urllib.parse.urlencode({"course_id": hub.plan.course_id, "assignment_id": assignment})
    hub.call("POST", f"/user/{name}/assignments/fetch?{query}")
    if answers is None:
        return
    path = f"/user/{name}/api/contents/{assignment}/{assignment}.ipynb"
    fetched = nbformat.from_dict(hub.call("GET", f"{path}?content=1")["content"])
    from autograder.demo_cohort import submission_notebook

    worked = submission_notebook(fetched, answers)
    hub.call("PUT", path, {"type": "notebook", "format": "json", "content": worked})
    hub.call("POST", f"/user/{name}/assignments/submit?{query}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--assignment", default="score-a-vendor")
    args = parser.parse_args()
    learners = [f"hubb-{i:02d}" for i in range(1, args.learners + 1)]
    state = Path(tempfile.mkdtemp(prefix="course-hub-bench-", dir="/tmp"))
    state.chmod(0o755)
    plan = HubPlan(
        state=state,
        port=free_ports(5),
        learners=tuple(learners),
        instructors=("hubb-teacher",),
        exercises=(args.assignment,),
        demos=False,
    )
    accounts = (*learners, "hubb-teacher", plan.grader, plan.demos_account)
    remove_accounts(accounts)
    token = secrets.token_hex(32)
    sources = exercise_sources_owners()  # set_up shares them with the grader's group only
    process = None
    try:
        began = time.monotonic()
        set_up(plan)
        print(f"set up ({args.learners} accounts, course directory): "
              f"{time.monotonic() - began:.1f} s", flush=True)  # fmt: skip
        process = start_hub(plan, secrets.token_urlsafe(12), state / "hub.log", token)
        print(f"hub start: {wait_until_up(plan, process, timeout=600):.1f} s", flush=True)
        hub = Hub(plan, token)
        release(plan, args.assignment)
        print(f"servers: {start_servers(hub, learners):.1f} s for {len(learners)}", flush=True)
        memory = server_memory(plan, learners)
        print(
            f"memory per learner server: median {statistics.median(memory):.0f} MiB, "
            f"largest {max(memory):.0f} MiB",
            flush=True,
        )
        right, wrong = answers_for(()), answers_for(MISCONCEPTION)
        plans = {n: (right, wrong, None)[i % 3] for i, n in enumerate(learners)}
        first_submit = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda n: work_and_submit(hub, n, plans[n], args.assignment), learners))
        last_submit = time.monotonic()
        submitted = sum(1 for a in plans.values() if a is not None)
        print(f"submit: {last_submit - first_submit:.1f} s for {submitted} submissions", flush=True)
        out = grade_cycle(plan, args.assignment)
        done = time.monotonic()
        print(out.strip().splitlines()[0])
        print(
            f"submit to grades: {done - last_submit:.1f} s after the last submission "
            f"({done - first_submit:.1f} s after the first), {submitted} graded, feedback released"
        )
    finally:
        if process is not None:
            stop_hub(process)
        remove_accounts(accounts)
        shutil.rmtree(state, ignore_errors=True)
        restore_owners(sources)


if __name__ == "__main__":
    main()
