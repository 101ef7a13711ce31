"""Each learner's HTML feedback, with learner-written HTML made harmless.

Why the care: a feedback page shows the learner's own Markdown and outputs. Unsanitized, a
``<script>`` typed into an answer would run in the browser of whoever opens the page (the
learner, or an instructor checking it). nbconvert's ``HTMLExporter.sanitize_html`` (set in the
course directory's settings) cleans Markdown and outputs; ``assert_no_active_content`` then
refuses to hand out any page that still carries a script, an event handler or a
``javascript:`` link outside nbconvert's own page frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path

from autograder.course_dir import CourseDir, nbgrader_api
from autograder.grading import GRADED, read_ledger


class UnsafeFeedback(RuntimeError):
    """A feedback page still carries active content from a learner; it was not kept."""


class _ActiveContentFinder(HTMLParser):
    """Collects what could run code in a page: script elements, ``on*`` event attributes and
    ``javascript:`` URLs. Scripts in the page head are the template's own (MathJax)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_body = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        if tag == "script" and self.in_body:
            self.found.append("<script> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= attribute on <{tag}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: link on <{tag}>")


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


def active_content(html: str) -> list[str]:
    """Descriptions of everything in the page body that could run code (empty when safe)."""
    finder = _ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def assert_no_active_content(path: Path) -> None:
    """Remove and refuse a page that could run code from a learner; see the module docstring."""
    found = active_content(path.read_text(encoding="utf-8", errors="replace"))
    if found:
        path.unlink()
        raise UnsafeFeedback(f"{path.name} kept active content ({found[0]}); page withheld")


def write_feedback(
    course: CourseDir,
    assignment: str,
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda items: items,
) -> tuple[list[str], dict[str, str]]:
    """Generate feedback for every graded learner; return (learners written, failures)."""
    ledger = read_ledger(course, assignment)
    learners = [learner for learner, entry in ledger.items() if entry.status == GRADED]
    written: list[str] = []
    failed: dict[str, str] = {}
    if not learners:
        return written, failed
    api = nbgrader_api(course)
    for learner in progress(learners):
        result = api.generate_feedback(assignment, learner, force=True)
        pages = sorted(course.feedback(learner, assignment).glob("*.html"))
        if not result.get("success") or not pages:
            failed[learner] = "nbgrader could not write the feedback page"
            continue
        try:
            for page in pages:
                assert_no_active_content(page)
        except UnsafeFeedback as problem:
            failed[learner] = str(problem)
            continue
        written.append(learner)
    return written, failed
