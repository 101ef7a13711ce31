"""A self-paced learner's whole loop, in Chromium, on a fresh workspace.

Start the course with the real ``course start``; open a lesson and run it; answer a self-check
wrongly, then rightly, with the mouse and the keyboard; open an exercise, check a wrong answer and
read its misconception message, fix it; see the progress change on the start page; stop and start
again and find everything kept; and leave the repository's checkout as it was.

Screenshots go to ``tests/browser/screenshots/journey-*.png`` (desktop 1280 px and phone 390 px)
for a reviewer to read.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from course.catalog import REPO_ROOT, load_catalog
from course.exercise_parts import autograded_parts
from course.self_checks import load_questions
from course.widgets.self_check_view import display_order
from tests.browser.conftest import screenshot_path, stop

pytestmark = pytest.mark.browser
CATALOG = load_catalog()
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LESSON = "modules/01-onshore-offshore/lesson.ipynb"
EXERCISE = "my-exercises/score-a-vendor/score-a-vendor.ipynb"
UNNORMALISED = """weighted_totals = {
    vendor: sum(case.weights[c] * rating for c, rating in ratings.items())
    for vendor, ratings in case.ratings.items()
}"""
NORMALISED = """total_points = sum(case.weights.values())
weighted_totals = {
    vendor: sum(case.weights[c] / total_points * rating for c, rating in ratings.items())
    for vendor, ratings in case.ratings.items()
}"""


def git_status() -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


class Course:
    """``course start`` on a workspace, as a learner runs it."""

    def __init__(self, workspace: Path, home: Path) -> None:
        self.workspace = workspace
        self.home = home
        self.process: subprocess.Popen | None = None
        self.output = ""
        self.url = ""

    def start(self, port: int | None = None) -> str:
        env = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.home / "lab-workspaces"),
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable,
            "-m",
            "course",
            "start",
            "--no-browser",
            "--workspace",
            str(self.workspace),
        ]
        if port:
            command += ["--port", str(port)]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        lines = []
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                break
            lines.append(line)
            found = re.search(
                r"(http://127\.0\.0\.1:\d+/lab/tree/start-here\.ipynb\?token=\w+)", line
            )
            if found:
                self.output = "".join(lines)
                self.url = found.group(1)
                return self.url
        raise AssertionError("course start printed no address:\n" + "".join(lines)[-3000:])

    def stop(self) -> None:
        if self.process:
            stop(self.process)
            self.process.stdout.close()

    def link(self, path: str) -> str:
        """The address of one notebook, alone in a JupyterLab layout of its own.

        Why a named layout (``/lab/workspaces/<name>``): JupyterLab restores the tabs of the
        last visit, and a restored tab could take the focus (and Run All) from this one.
        """
        base, token = self.url.split("/lab/tree/")[0], self.url.split("token=")[1]
        layout = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
        return f"{base}/lab/workspaces/{layout}/tree/{path}?token={token}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Iterator[Course]:
    root = tmp_path_factory.mktemp("journey")
    running = Course(root / "my-course", root / "home")
    yield running
    running.stop()


def open_notebook(page, url: str):
    page.goto(url, timeout=120_000)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").last
    panel.locator(".jp-Notebook").wait_for(timeout=120_000)
    # The kernel is ready when the status bar says so; Run All sent earlier can be lost.
    page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle")).first.wait_for(
        timeout=180_000
    )
    return panel


def run_all(page) -> None:
    """Run ▸ Run All Cells, as a learner does; again if the kernel did not take it."""
    for _attempt in range(3):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        try:
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt").filter(
                has_text=re.compile(r"\[(\d+|\*)\]")
            ).first.wait_for(timeout=30_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("Run All Cells ran nothing three times")


def visible_text(panel) -> str:
    """The notebook's text. JupyterLab skips rendering cells far off screen
    (``content-visibility``), where ``innerText`` reads empty, so read ``textContent``."""
    return panel.text_content()


def assert_nothing_a_person_should_not_see(text: str) -> None:
    for leak in ("Traceback", 'File "', "<Figure", "<style", "<p>", "BEGIN HIDDEN", "verify("):
        assert leak not in text, leak


def self_check_question():
    question = load_questions("onshore-offshore")["control-and-risk"]
    order = display_order(question)
    right = order.index(question.correct_index)
    wrong = next(i for i, c in enumerate(order) if not question.choices[c].correct)
    return question, right, wrong


def test_the_whole_learner_loop(browser, course):
    before = git_status()
    course.start()
    printed = course.output.strip().splitlines()
    assert len([line for line in printed if line.strip()]) <= 8, course.output
    assert not any("Warning" in line or "[W " in line for line in printed), course.output
    assert (course.workspace / EXERCISE).is_file()
    assert not (course.workspace / "exercises").exists()

    page = browser.new_page(viewport=DESKTOP)
    try:
        # 1. The start page, with its progress table already shown.
        start = open_notebook(page, course.link("start-here.ipynb"))
        start.get_by_role("heading", name="Your progress").wait_for()
        assert "not started" in visible_text(start)
        page.screenshot(path=str(screenshot_path("journey-1-start-page")))
        # No instructor tools for a learner: no Formgrader, no Nbgrader menu.
        assert page.get_by_role("menuitem", name="Nbgrader").count() == 0
        assert page.get_by_text("Formgrader").count() == 0

        # 2. A lesson, run to the end.
        lesson = open_notebook(page, course.link(LESSON))
        run_all(page)
        lesson.get_by_text("You reached the end of this part").wait_for(timeout=420_000)

        # 3. A self-check: nothing picked, wrong, then right; keyboard and screen-reader names.
        question, right, wrong = self_check_question()
        form = lesson.locator("form.course-self-check").first
        form.scroll_into_view_if_needed()
        legend = form.locator("legend")
        assert " ".join(question.prompt.split()) == " ".join(legend.text_content().split())
        radios = form.get_by_role("radio")
        assert radios.count() == len(question.choices)
        for index in range(radios.count()):  # every radio is named by its choice's text
            name = radios.nth(index).evaluate("r => r.closest('label').innerText")
            assert name.strip() == question.choices[display_order(question)[index]].text
        labels = form.locator("label")
        boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
        for upper, lower in zip(boxes, boxes[1:], strict=False):
            assert upper["y"] + upper["height"] <= lower["y"] + 1, "choices overlap"
        button = form.get_by_role("button", name="Check answer")
        feedback = form.get_by_role("status")
        button.click()
        page.wait_for_function(
            "f => f.innerText.includes('Pick one')", arg=feedback.element_handle()
        )
        radios.nth(wrong).check()
        page.wait_for_function("f => f.innerText === ''", arg=feedback.element_handle())
        button.click()
        page.wait_for_function(
            "f => f.innerText.startsWith('Not quite.')", arg=feedback.element_handle()
        )
        # The arrow keys move between answers and leave the notebook's cell selection alone.
        active_cell = page.locator(".jp-Notebook-cell.jp-mod-active").first
        active_before = active_cell.get_attribute("data-windowed-list-index") or ""
        radios.nth(wrong).focus()
        page.keyboard.press("ArrowDown")
        moved_to = (wrong + 1) % radios.count()
        assert radios.nth(moved_to).is_checked()
        active_after = page.locator(".jp-Notebook-cell.jp-mod-active").first
        assert (active_after.get_attribute("data-windowed-list-index") or "") == active_before
        assert page.evaluate("document.activeElement.type") == "radio"
        radios.nth(right).check()
        button.click()
        page.wait_for_function(
            "f => f.innerText.startsWith('Right.')", arg=feedback.element_handle()
        )
        assert "Right. Right." not in feedback.text_content()
        form.screenshot(path=str(screenshot_path("journey-2-self-check-desktop")))
        # At phone width, with JupyterLab's file browser folded away (JupyterLab keeps it open
        # on narrow screens; that is its layout, not ours), the question fits the screen.
        page.set_viewport_size(PHONE)
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
        form.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_path("journey-3-self-check-phone")))
        box = form.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        page.set_viewport_size(DESKTOP)

        # 4. An exercise: a wrong answer gets its misconception message, then the fix earns points.
        exercise = open_notebook(page, course.link(EXERCISE))
        answer_cell = exercise.locator(".jp-CodeCell", has_text="raise NotImplementedError").first
        editor = answer_cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(UNNORMALISED)
        run_all(page)
        message = exercise.get_by_text("Divide each weight by the sum of all weights")
        message.wait_for(timeout=300_000)
        shown = visible_text(exercise)
        assert "not right yet (0 of 2 points)" in shown
        assert "Revisit" in shown
        assert_nothing_a_person_should_not_see(shown)
        exercise.locator(".jp-CodeCell", has_text="not right yet").first.screenshot(
            path=str(screenshot_path("journey-4-exercise-misconception"))
        )
        # The stub is gone now: find Part 1's answer cell by the learner's own code.
        editor = exercise.locator(".jp-CodeCell", has_text="case.weights[c] * rating").first
        editor = editor.locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(NORMALISED)
        run_all(page)
        exercise.get_by_text(
            "weighted totals: right for your case variant (2 of 2 points)"
        ).wait_for(timeout=120_000)
        page.keyboard.press("Control+s")
        exercise.locator(".jp-CodeCell", has_text="(2 of 2 points)").first.screenshot(
            path=str(screenshot_path("journey-5-exercise-fixed"))
        )

        # 5. Progress on the start page.
        start = open_notebook(page, course.link("start-here.ipynb"))
        run_all(page)
        # Running the cell replaces the stored table with a fresh one: wait for the new numbers.
        available = sum(autograded_parts(CATALOG, CATALOG.exercise("score-a-vendor")).values())
        table = start.locator(
            "table.course-progress", has_text=f"Score a vendor: 3 of {available:g} points"
        )
        table.wait_for(timeout=120_000)
        row = table.locator("tr", has_text="Onshore, offshore and hybrid")
        assert "in progress" in row.text_content()
        assert "1 of 1" in row.text_content()  # the lesson, run to the end
        table.screenshot(path=str(screenshot_path("journey-6-progress-desktop")))
        page.set_viewport_size(PHONE)
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
        table.screenshot(path=str(screenshot_path("journey-7-progress-phone")))
    except Exception:
        page.screenshot(path=str(screenshot_path("journey-failed-here")))
        raise
    finally:
        page.close()

    # 6. Stop, start again: quick, same address, everything kept.
    first_url = course.url
    course.stop()
    started = time.monotonic()
    course.start()
    restart_seconds = time.monotonic() - started
    assert course.url == first_url, "the second start should keep the port and the token"
    assert "Added" not in course.output and "Updated" not in course.output, course.output
    kept = (course.workspace / EXERCISE).read_text()
    assert "total_points = sum(case.weights.values())" in kept
    progress = subprocess.run(
        [sys.executable, "-m", "course", "progress", "--workspace", str(course.workspace)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Onshore, offshore and hybrid  [in progress]" in progress.stdout, progress.stdout
    print(f"second start: address printed after {restart_seconds:.1f} s")
    assert git_status() == before
