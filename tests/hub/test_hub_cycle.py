"""The course on a JupyterHub, tried in Chromium by three learners and an instructor.

One hub for the module, started as `make hub` starts it (autograder/hub.py) on 127.0.0.1 with
accounts of its own: the instructor opens formgrader (a hub service, in its own tab) and the
assignment is released (`autograder release` as the grader); each learner logs in, lands on
their own workspace, fetches the assignment from the Assignment List, works and submits - one
with the right answers, one with a wrong one, one submits nothing; the grader collects from the
exchange, grades with the isolated runner and releases feedback; each learner fetches their own.
Then: who can reach what. Everything the test started is stopped and its accounts removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autograder.cohort import assignment_scores
from autograder.course_dir import open_course
from autograder.demo_cohort import solution_sources, submission_notebook
from autograder.hub import (
    PROXY,
    HubPlan,
    as_account,
    exercise_sources_owners,
    grade_cycle,
    release,
    remove_accounts,
    restore_owners,
    runtime_python,
    set_up,
    start_hub,
    stop_hub,
    wait_until_up,
)
from autograder.misconceptions import CATALOGUE
from course.catalog import REPO_ROOT
from tests.browser.conftest import SCREENSHOTS

# One hub for the module, its tests in order on one worker (make test runs --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("hub")]

ASSIGNMENT = "score-a-vendor"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
RIGHT, WRONG, NOTHING = "hubt-ana", "hubt-bo", "hubt-chidi"
LEARNERS = (RIGHT, WRONG, NOTHING)
INSTRUCTOR = "hubt-teacher"
PASSWORD = "local-run-" + "".join(random.choices("abcdefghkmnpqrstuvwxyz23456789", k=12))
WAIT = 300_000  # ms: a learner's first server start builds their workspace on a busy machine

# fetch() from inside a learner's JupyterLab page, with the server's XSRF cookie: the learner's
# own browser session talks to their own server, as JupyterLab does.
FETCH = """async ([method, url, body]) => {
  const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || '';
  const response = await fetch(url, {method, body: body || undefined, credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'X-XSRFToken': decodeURIComponent(xsrf)}});
  return [response.status, await response.text()];
}"""


def free_ports(count: int) -> int:
    """A first port with ``count`` free ones after it on 127.0.0.1."""
    for _ in range(200):
        first = random.randrange(20000, 40000)
        ok = True
        for port in range(first, first + count):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return first
    raise AssertionError("no free block of ports on 127.0.0.1")


def answers_for(misconceptions: tuple[str, ...]) -> dict[str, str]:
    source = nbformat.read(REPO_ROOT / "exercises" / NOTEBOOK, as_version=4)
    answers = solution_sources(source)
    by_name = {m.name: m for m in CATALOGUE[ASSIGNMENT]}
    for name in misconceptions:
        answers.update({k: v.strip() for k, v in by_name[name].replace.items()})
    return answers


@dataclass
class Visitor:
    """One person's browser session on the hub, and every address it asked for."""

    name: str
    context: object
    page: object
    urls: list[str] = field(default_factory=list)

    def api(self, method: str, path: str, body: object = None) -> tuple[int, str]:
        url = f"/user/{self.name}/api/{path}"
        data = json.dumps(body) if body is not None else None
        status, text = self.page.evaluate(FETCH, [method, url, data])
        return status, text

    def shot(self, label: str) -> None:
        """Screenshots at 1280 px, and at 390 px as a phone opens the same address (JupyterLab
        lays itself out for the width it loads at, so the page is loaded again at that width)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"hub-{label}-1280.png"))
        phone = self.context.new_page()
        phone.set_viewport_size({"width": 390, "height": 900})
        phone.goto(self.page.url)
        lab = "/lab" in self.page.url
        phone.wait_for_selector(".jp-MainAreaWidget" if lab else "body", timeout=WAIT)
        # JupyterLab polls its server now and then: quiet for a moment is good enough.
        with contextlib.suppress(PlaywrightTimeout):
            phone.wait_for_load_state("networkidle", timeout=10_000)
        phone.screenshot(path=str(SCREENSHOTS / f"hub-{label}-390.png"))
        phone.close()


def log_in(browser, plan: HubPlan, name: str, next_path: str = "") -> Visitor:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visitor = Visitor(name, context, page)
    context.on("request", lambda request: visitor.urls.append(request.url))
    suffix = f"?next={next_path}" if next_path else ""
    page.goto(f"{plan.url}/hub/login{suffix}")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return visitor


def wait_for_lab(visitor: Visitor, start_page: bool = True) -> None:
    """Until the learner's JupyterLab shows the workspace's start page (first visit), or its
    menu bar (a later visit restores whatever panel the learner had open last)."""
    page = visitor.page
    page.wait_for_url(re.compile(rf"/user/{visitor.name}/lab"), timeout=WAIT)
    if start_page:
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=WAIT)
    else:
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for(timeout=WAIT)


def assignment_list(visitor: Visitor):
    """Open Nbgrader > Assignment List; return its panel."""
    page = visitor.page
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    panel = page.locator("#released_assignments_list").locator("xpath=ancestor::div[1]/..")
    page.wait_for_selector("#released_assignments_list", timeout=60_000)
    return panel


def in_list(visitor: Visitor, list_id: str):
    """The assignment's row in one of the Assignment List's lists."""
    row = f"#{list_id} .list_item:not(.nested_list_item)"  # not the notebooks listed under it
    return visitor.page.locator(row, has_text=ASSIGNMENT)


def click_in_list(visitor: Visitor, list_id: str, button: str) -> None:
    row = in_list(visitor, list_id)
    row.wait_for(timeout=120_000)
    row.get_by_role("button", name=button).click()


@pytest.fixture(scope="module")
def cohort(browser):
    """The hub, set up and started once; the cycle is driven by the tests in order."""
    if os.geteuid() != 0:
        pytest.skip("the hub runs each server under its own account, which needs root")
    if not PROXY.is_file():
        message = f"{PROXY} is missing: make test installs it (npm ci in hub/)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    state = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    state.chmod(0o755)
    plan = HubPlan(
        state=state,
        port=free_ports(5),
        learners=LEARNERS,
        instructors=(INSTRUCTOR,),
        exercises=(ASSIGNMENT,),
    )
    accounts = (*LEARNERS, INSTRUCTOR, plan.grader, plan.demos_account)
    remove_accounts(accounts)
    sources = exercise_sources_owners()  # set_up gives them to the grader's group
    process = None
    try:
        set_up(plan)
        process = start_hub(plan, PASSWORD, log=state / "hub.log")
        wait_until_up(plan, process, timeout=300)
        visitors: dict[str, Visitor] = {}
        yield {"plan": plan, "browser": browser, "visitors": visitors, "state": state}
        for visitor in visitors.values():
            visitor.context.close()
    finally:
        if process is not None:
            stop_hub(process)
        remove_accounts(accounts)
        shutil.rmtree(state, ignore_errors=True)
        restore_owners(sources)


def test_1_instructor_opens_formgrader_in_its_own_tab_and_releases(cohort):
    """Does an instructor reach formgrader (the grader's service) and see the assignment?"""
    plan = cohort["plan"]
    teacher = log_in(cohort["browser"], plan, INSTRUCTOR, f"/services/{plan.course_id}/formgrader")
    cohort["visitors"][INSTRUCTOR] = teacher
    teacher.page.wait_for_url(re.compile(rf"/services/{plan.course_id}/formgrader"), timeout=WAIT)
    teacher.page.get_by_text("Manage Assignments").first.wait_for(timeout=120_000)
    teacher.page.get_by_text(ASSIGNMENT).first.wait_for(timeout=60_000)
    teacher.shot("formgrader")
    assert "Traceback" not in teacher.page.content()
    out = release(plan, ASSIGNMENT)
    assert "released" in out


def test_2_learners_land_on_their_own_workspace(cohort):
    """Does each learner's server open on their own start page, under their own account?"""
    plan = cohort["plan"]
    for name in LEARNERS:  # all three log in first: their servers start side by side
        cohort["visitors"][name] = log_in(cohort["browser"], plan, name)
    for name in LEARNERS:
        visitor = cohort["visitors"][name]
        wait_for_lab(visitor)
        status, text = visitor.api("GET", f"contents/my-exercises/{ASSIGNMENT}")
        assert status == 200, text
        id_file = plan.home(name) / "outsourcing-leadership-lab" / "my-exercises" / ".learner-id"
        assert id_file.read_text().strip() == name
    cohort["visitors"][RIGHT].shot("learner-start")
    home = plan.home(RIGHT) / "outsourcing-leadership-lab"
    assert (home / "start-here.ipynb").is_file() and (home / "my-exercises" / ASSIGNMENT).is_dir()
    assert home.stat().st_uid == as_uid(RIGHT)


def as_uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


def test_3_learners_fetch_work_and_submit_from_the_assignment_list(cohort):
    """Fetch, answer (right, wrong, nothing) and Submit, as a learner does in the browser."""
    answers = {RIGHT: answers_for(()), WRONG: answers_for(("forgot to normalise the weights",))}
    for name in LEARNERS:
        visitor = cohort["visitors"][name]
        assignment_list(visitor)
        click_in_list(visitor, "released_assignments_list", "Fetch")
        in_list(visitor, "fetched_assignments_list").wait_for(timeout=120_000)
        if name == RIGHT:
            visitor.shot("assignment-list-fetched")
        if name == NOTHING:
            continue
        status, text = visitor.api("GET", f"contents/{NOTEBOOK}?content=1")
        assert status == 200, text
        fetched = nbformat.from_dict(json.loads(text)["content"])
        worked = submission_notebook(fetched, answers[name])
        status, text = visitor.api(
            "PUT", f"contents/{NOTEBOOK}", {"type": "notebook", "format": "json", "content": worked}
        )
        assert status in (200, 201), text
        click_in_list(visitor, "fetched_assignments_list", "Submit")
        in_list(visitor, "submitted_assignments_list").wait_for(timeout=120_000)
    cohort["visitors"][WRONG].shot("assignment-list-submitted")


def test_4_grader_collects_grades_and_releases_feedback(cohort):
    """Are the two submissions graded under the hub names, right full marks, wrong fewer?"""
    plan = cohort["plan"]
    out = grade_cycle(plan, ASSIGNMENT)
    assert "Collected 2 submission(s)" in out, out
    scores = assignment_scores(open_course(plan.course_dir))
    mine = scores[scores["assignment"] == ASSIGNMENT].set_index("learner")
    assert mine.loc[RIGHT, "score"] == mine.loc[RIGHT, "graded_max"] > 0
    assert mine.loc[WRONG, "score"] < mine.loc[RIGHT, "score"]
    assert mine.loc[NOTHING, "status"] == "missing"
    submitted = sorted(p.name for p in (plan.course_dir / "submitted").iterdir())
    assert submitted == sorted([RIGHT, WRONG])  # the hub names, not the accounts' or root
    cohort["scores"] = mine


def test_5_each_learner_fetches_only_their_own_feedback(cohort):
    """Fetch Feedback brings each learner's own page; the one who submitted nothing gets none."""
    for name in (RIGHT, WRONG):
        visitor = cohort["visitors"][name]
        visitor.page.reload()
        wait_for_lab(visitor, start_page=False)
        assignment_list(visitor)
        click_in_list(visitor, "submitted_assignments_list", "Fetch Feedback")
        folder = f"contents/{ASSIGNMENT}/feedback"
        page_text = ""
        for _ in range(120):
            status, text = visitor.api("GET", folder)
            if status == 200 and json.loads(text)["content"]:
                stamp = json.loads(text)["content"][0]["name"]
                status, page_text = visitor.api(
                    "GET", f"{folder}/{stamp}/{ASSIGNMENT}.html?content=1&format=text&type=file"
                )
                page_text = json.loads(page_text)["content"]
                break
            visitor.page.wait_for_timeout(1000)
        assert f"Your case variant: <strong>{name}</strong>" in page_text
        for other in LEARNERS:
            assert other == name or other not in page_text
        if name == WRONG:
            assert "Divide each weight by the sum of all weights first" in page_text
            visitor.page.goto(
                f"{cohort['plan'].url}/user/{name}/files/{ASSIGNMENT}/feedback/{stamp}/"
                f"{ASSIGNMENT}.html"
            )
            visitor.page.get_by_text("Feedback on score-a-vendor").first.wait_for()
            visitor.shot("feedback")
    status, text = cohort["visitors"][NOTHING].api("GET", f"contents/{ASSIGNMENT}/feedback")
    assert status == 404


def test_6_nobody_reaches_what_is_not_theirs(cohort):
    """Other learners' files, the exchange's submissions, formgrader, a terminal: all closed."""
    plan = cohort["plan"]
    ana = cohort["visitors"][RIGHT]
    python = runtime_python(plan)
    other = plan.home(WRONG) / "outsourcing-leadership-lab" / NOTEBOOK
    assert other.is_file()
    peek = as_account(RIGHT, ["cat", str(other)], python)
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    inbound = plan.exchange / plan.course_id / "inbound"
    listing = as_account(RIGHT, ["ls", str(inbound)], python)
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    course = as_account(RIGHT, ["ls", str(plan.course_dir)], python)
    assert course.returncode != 0
    # Through the hub: another learner's server, formgrader, a terminal.
    response = ana.page.goto(f"{plan.url}/user/{WRONG}/lab")
    assert response.status == 403 or f"/user/{RIGHT}/" in ana.page.url
    response = ana.page.goto(f"{plan.url}/services/{plan.course_id}/formgrader")
    assert response.status == 403
    ana.page.goto(f"{plan.url}/user/{RIGHT}/lab")
    wait_for_lab(ana, start_page=False)
    status, _ = ana.api("POST", "terminals", {})
    assert status == 404
    # The grader's formgrader runs as the grader's account, the course directory is its alone.
    assert plan.course_dir.stat().st_uid == as_uid(plan.grader)
    assert plan.course_dir.stat().st_mode & 0o077 == 0


def test_7_demos_open_in_a_tab_of_their_own(cohort):
    """Are the case demos served beside the hub, as a page of their own (no frame)?"""
    plan = cohort["plan"]
    teacher = cohort["visitors"][INSTRUCTOR]
    page = teacher.context.new_page()
    response = page.goto(f"{plan.url}/services/demos/", timeout=120_000)
    assert response.status == 200
    assert "Traceback" not in page.content()
    page.close()


def test_8_hub_listens_on_loopback_and_no_token_travels_in_a_url(cohort):
    """Do the hub's ports answer on 127.0.0.1 only, and no address carry a token?"""
    plan = cohort["plan"]
    listening = [c.laddr for c in psutil.net_connections("inet") if c.status == "LISTEN"]
    for port in (plan.port, plan.hub_api_port, plan.proxy_api_port, plan.formgrader_port):
        local = [a.ip for a in listening if a.port == port]
        assert local and all(ip == "127.0.0.1" for ip in local), (port, local)
    for visitor in cohort["visitors"].values():
        leaked = [u for u in visitor.urls if re.search(r"[?&](token|access_token)=", u)]
        assert not leaked, leaked
