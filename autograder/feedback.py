"""Each learner's feedback page, and formgrader's grading view: what a person can read.

Why this module: nbgrader renders both pages with nbconvert (``GenerateFeedback`` with its
``feedback`` template; formgrader with its ``formgrade`` template). Left as they are, those pages
show each autograded test cell's source (hidden tests included) and the traceback its check
raised through the grading machinery, call every check "Test cell", print "Score: 0.0 / 3.0"
for a written answer nobody has graded, and escape the case tables into raw HTML source.
:func:`configure_pages` sets both up, in the course directory's ``nbgrader_config.py`` and in
the ``autograder`` commands alike:

- :class:`CheckCells` replaces every autograded test cell by what a learner should read: the
  check's name, whether it passed, and its teaching message in full
  (:mod:`autograder.check_cells`). The cell's code and its outputs are dropped before any
  template sees them, so no template can leak a hidden test.
- :class:`GradesWithStatus` is nbgrader's ``GetGrades`` plus whether a person still has to grade
  each cell, and a summary of the page (``resources["autograder"]``).
- :func:`clean_html` is the sanitizer every template applies to HTML (Markdown cells and
  outputs): tables, paragraphs, headings and lists stay, ``<style>`` blocks go, and anything
  that could run code (scripts, event handlers, ``javascript:`` links) is escaped into text.
- our templates (``autograder/templates/feedback`` and ``formgrade``) render the above.

``assert_no_active_content`` then refuses to hand out any page that still carries a script, an
event handler or a ``javascript:`` link outside nbconvert's own page frame.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import bleach
import nbgrader
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.preprocessors import GetGrades
from traitlets.config import Config

from autograder.check_cells import cell_message, check_name
from autograder.cohort import Status, assignment_scores, learners_by_status
from autograder.course_dir import CourseDir, nbgrader_api

TEMPLATES = Path(__file__).parent / "templates"
NBGRADER_TEMPLATES = Path(nbgrader.__file__).parent / "server_extensions/formgrader/templates"
SANITIZER = "nbconvert.preprocessors.sanitize.SanitizeHTML"
# fmt: off
ALLOWED_TAGS = frozenset((
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "s",
    "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
))
# fmt: on
"""HTML a page may show: text, lists, tables, code and images; nothing that runs or styles."""
URL_SCHEMES = ("http:", "https:", "mailto:")
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Which attributes survive: layout-free ones everywhere, links to the web or the page
    itself, images only as embedded PNG/JPEG/GIF data."""
    if name in ("class", "title", "colspan", "rowspan", "align"):
        return True
    if name == "id":
        return tag in ("h1", "h2", "h3", "h4", "h5", "h6")
    if tag == "a" and name == "href":
        return value.startswith("#") or value.lower().startswith(URL_SCHEMES)
    if tag == "img" and name == "src":
        return bool(DATA_IMAGE.match(value))
    return tag == "img" and name in ("alt", "width", "height")


def clean_html(text: Any) -> str:
    """The page-wide sanitizer (nbconvert's ``clean_html`` filter, replaced): drops ``<style>``
    blocks (pandas puts one before every table) and escapes every other tag or attribute that
    is not allowed, so a ``<script>`` in an answer reads as text."""
    text = text.decode() if isinstance(text, bytes) else str(text)
    return bleach.clean(
        _STYLE_BLOCK.sub("", text),
        tags=ALLOWED_TAGS,
        attributes=allowed_attribute,
        protocols=["http", "https", "mailto", "data"],
        strip=False,
        strip_comments=True,
    )


def _is_check(cell: Any) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


class CheckCells(Preprocessor):
    """Turn each autograded test cell into its name, verdict and message; see the module
    docstring. Runs first, on every page nbgrader renders for this course."""

    def preprocess_cell(self, cell, resources, index):
        if _is_check(cell):
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            message = cell_message(cell.get("outputs", []))
            cell.metadata["autograder"] = {
                "check": True,
                "name": check_name(cell.source, grade_id),
                "message": message,
                "failed": bool(message),
            }
            cell.source = ""
            cell.outputs = []
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:  # before SanitizeHTML escapes the block into text
                    data["text/html"] = _STYLE_BLOCK.sub("", str(data["text/html"]))
                if output.get("output_type") == "error":
                    output["traceback"] = [_one_line_error(output)]
        return cell, resources


def _one_line_error(output: dict) -> str:
    """A learner's own cell that raised: the error in one line, not a traceback (the code is
    shown right above it)."""
    ename, evalue = str(output.get("ename", "Error")), str(output.get("evalue", "")).strip()
    if ename == "NotImplementedError" and not evalue:
        return "This cell still raises NotImplementedError: the starter code was not replaced."
    return f"This cell stopped with {ename}" + (f": {evalue}" if evalue else ".")


_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
_POINTS_NOTE = re.compile(r"\s*\([^)]*\bpoints?\b[^)]*\)\s*$")


def _heading(source: str) -> str:
    """The last heading of a Markdown cell, without a "(3 points, graded by hand)" note."""
    found = _HEADING.findall(source or "")
    return _POINTS_NOTE.sub("", found[-1]).strip() if found else ""


class GradesWithStatus(GetGrades):
    """nbgrader's GetGrades, plus ``needs_manual_grade`` on each graded cell and a summary of
    the page in ``resources["autograder"]``: its parts in order (checks by name, written
    answers by the heading above them), points graded so far and points still to grade."""

    def preprocess(self, nb, resources):
        self._parts: list[dict[str, Any]] = []
        self._heading = ""
        nb, resources = super().preprocess(nb, resources)
        graded = [p for p in self._parts if not p["pending"]]
        resources["autograder"] = {
            "parts": self._parts,
            "earned": sum(p["score"] for p in graded),
            "graded_points": sum(p["points"] for p in graded),
            "pending_points": sum(p["points"] for p in self._parts if p["pending"]),
        }
        return nb, resources

    def _get_score(self, cell, resources) -> None:
        grade = self.gradebook.find_grade(
            cell.metadata["nbgrader"]["grade_id"],
            self.notebook_id,
            self.assignment_id,
            self.student_id,
        )
        pending = bool(grade.needs_manual_grade)
        cell.metadata.nbgrader["score"] = None if pending else float(grade.score)
        cell.metadata.nbgrader["points"] = float(grade.max_score)
        cell.metadata.nbgrader["needs_manual_grade"] = pending
        check = cell.metadata.get("autograder", {})
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        self._parts.append(
            {
                "id": grade_id,
                "name": check.get("name") or self._heading or f"Your answer ({grade_id})",
                "kind": "check" if check.get("check") else "written",
                "score": 0.0 if pending else float(grade.score),
                "points": float(grade.max_score),
                "pending": pending,
            }
        )

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("solution"):
            self._heading = _heading(cell.source) or self._heading
        return super().preprocess_cell(cell, resources, cell_index)


def configure_pages(c: Config) -> None:
    """Set up how feedback pages and formgrader's grading view are rendered (module docstring).

    Called from the course directory's ``nbgrader_config.py`` (so formgrader and ``nbgrader
    generate_feedback`` use it) and by :func:`autograder.course_dir.nbgrader_api`.
    """
    c.HTMLExporter.preprocessors = [CheckCells, SANITIZER]
    c.SanitizeHTML.enabled = True  # nbconvert preprocessors are off unless enabled
    c.SanitizeHTML.tags = sorted(ALLOWED_TAGS)
    c.SanitizeHTML.attributes = allowed_attribute
    c.HTMLExporter.sanitize_html = True
    c.HTMLExporter.filters = {"clean_html": clean_html}
    # Our feedback/ and formgrade/ templates first; nbgrader's next (ours extend its formgrade).
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES)]
    c.HTMLExporter.extra_template_paths = [str(NBGRADER_TEMPLATES)]
    c.GenerateFeedback.preprocessors = [GradesWithStatus, CSSHTMLHeaderPreprocessor]


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


def feedback_plan(course: CourseDir, assignment: str) -> tuple[list[str], list[str]]:
    """Who gets a feedback page (learners with a grade in the gradebook that newer work has not
    replaced), and one warning per group the instructor should know about first."""
    groups = learners_by_status(assignment_scores(course), assignment)
    learners = sorted(groups.get(Status.GRADED, []) + groups.get(Status.HAND_GRADING, []))
    warnings = []
    if groups.get(Status.HAND_GRADING):
        who = groups[Status.HAND_GRADING]
        warnings.append(
            f"{len(who)} learner(s) have written answers not graded yet: their pages say "
            '"not graded yet" there. Grade them in formgrader, then run '
            f"`autograder feedback {assignment}` again: {', '.join(who)}"
        )
    if groups.get(Status.AWAITING_GRADING):
        who = groups[Status.AWAITING_GRADING]
        warnings.append(
            f"{len(who)} learner(s) have work collected but not graded yet, so no page: run "
            f"`autograder grade {assignment}` first: {', '.join(who)}"
        )
    return learners, warnings


def write_feedback(
    course: CourseDir,
    assignment: str,
    learners: list[str],
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda items: items,
) -> tuple[list[str], dict[str, str]]:
    """Generate the feedback page of each of ``learners``; return (written, failures)."""
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


def release_to_exchange(course: CourseDir, assignment: str, learners: list[str]) -> list[str]:
    """Put each learner's feedback page in nbgrader's exchange, where the Assignment List's
    Fetch Feedback finds it; returns who got it. Only work handed in through the exchange can
    be released this way (nbgrader files the page under the submission's secret): learners
    collected from a folder or an LMS zip get their page some other way."""
    from autograder.collect import SUBMISSION_SECRET

    ready = [
        learner
        for learner in learners
        if (course.feedback(learner, assignment) / SUBMISSION_SECRET).is_file()
    ]
    if not ready:
        return []
    api = nbgrader_api(course)
    return [
        learner for learner in ready if api.release_feedback(assignment, learner).get("success")
    ]
