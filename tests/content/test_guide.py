"""The learner's words and the guide pages: no "seed" wording anywhere a learner reads, every
cited source in full on the references page, and the guide pages reachable from every lesson,
in the checkout and in a learner's workspace."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path, PurePosixPath

import pytest

from course.catalog import REFERENCE_FIELDS, REPO_ROOT, load_catalog
from course.guide import (
    GLOSSARY_PAGE,
    GUIDE_PAGES,
    REFERENCES_PAGE,
    WARM_UP_PAGE,
    build_references,
    references_are_current,
)
from course.start_page import build_start_page
from course.workspace import course_files

CATALOG = load_catalog()
SEED_WORDING = re.compile(r"\bseeds?\b|\bseed[-_ ]?\d", re.IGNORECASE)


def notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


def learner_texts() -> dict[str, str]:
    """Everything a learner reads, by where it comes from: notebooks (lessons, demos, guide,
    exercises), self-check files (prompts, choices, feedback and explanations are all shown),
    case narratives, the catalog's learner-facing text and the generated start page."""
    texts: dict[str, str] = {}
    for pattern in ("modules/**/*.ipynb", "guide/*.ipynb", "exercises/**/*.ipynb"):
        for path in sorted(REPO_ROOT.glob(pattern)):
            if ".ipynb_checkpoints" not in path.parts:
                texts[str(path.relative_to(REPO_ROOT))] = notebook_text(path)
    for path in sorted((REPO_ROOT / "course" / "self_checks").glob("*.yml")):
        texts[str(path.relative_to(REPO_ROOT))] = path.read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "course" / "cases" / "data").glob("*/*.md")):
        texts[str(path.relative_to(REPO_ROOT))] = path.read_text(encoding="utf-8")
    catalog_text = [CATALOG.title, CATALOG.tagline, *CATALOG.sources.values()]
    for module in CATALOG.modules:
        catalog_text += [module.title, module.pitch or "", *module.objectives]
    catalog_text += [exercise.title for exercise in CATALOG.exercises]
    texts["course/catalog.yml (learner text)"] = "\n".join(catalog_text)
    texts["start-here.ipynb (generated)"] = "\n".join(
        cell.source for cell in build_start_page(CATALOG).cells
    )
    return texts


def seed_wording(text: str) -> list[str]:
    """The lines that call a source a "seed" (internal project wording, meaningless to learners)."""
    return [line.strip()[:120] for line in text.splitlines() if SEED_WORDING.search(line)]


def test_seed_wording_is_detected():
    """Does the check catch the forms the wording took ("seed 004", "the seed article", ids)?"""
    for text in ("Seed 004 asks for audits.", "as the seed article says", "sources: [seed-002]"):
        assert seed_wording(text), text
    assert not seed_wording("A seedling of an idea; proceeds from the sale.")


@pytest.mark.parametrize("name", sorted(learner_texts()))
def test_learner_text_has_no_seed_wording(name):
    """Is every file a learner reads free of "seed" wording? Cite sources by author, title, year."""
    found = seed_wording(learner_texts()[name])
    assert not found, f"{name} calls a source a seed: {found}; cite it by author, title and year"


def test_every_cited_source_has_a_full_reference():
    """Does every source id a module cites resolve to a reference with author, title, year and
    where to find it, listed on the references page?"""
    page = "\n".join(cell.source for cell in build_references(CATALOG).cells)
    cited = {key for module in CATALOG.modules for key in module.sources}
    assert cited, "no module cites a source"
    for key in cited:
        reference = CATALOG.references[key]
        for field in REFERENCE_FIELDS:
            assert getattr(reference, field).strip(), f"{key} has no {field}"
        assert reference.citation() in page, f"{key} is missing from the references page"
    assert not [key for key in CATALOG.references if SEED_WORDING.search(key)]


def test_references_page_matches_the_catalog():
    """Is guide/references.ipynb what the catalog says? Rewrite it: python -m course.guide"""
    assert references_are_current(CATALOG), "run: python -m course.guide"


def resolve(notebook: str, link: str) -> str:
    """A relative link from a notebook, as a repository (or workspace) path."""
    parts: list[str] = []
    for part in (PurePosixPath(notebook).parent / link).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


LESSON_NOTEBOOKS = [path for module in CATALOG.modules for path in module.notebooks]


@pytest.mark.parametrize("notebook", LESSON_NOTEBOOKS)
def test_every_lesson_links_references_and_glossary(notebook):
    """Does every lesson link the references page and the glossary, by links that resolve?"""
    text = notebook_text(REPO_ROOT / notebook)
    links = {resolve(notebook, link) for link in re.findall(r"\]\(([^)\s]+\.ipynb)\)", text)}
    assert REFERENCES_PAGE in links, f"{notebook} does not link {REFERENCES_PAGE}"
    assert GLOSSARY_PAGE in links, f"{notebook} does not link {GLOSSARY_PAGE}"


def test_workspace_gets_the_guide_pages_where_lessons_link_them():
    """Are the guide pages copied into a learner's workspace, at the paths lessons and the
    start page link to?"""
    copied = set(course_files(CATALOG, {}))
    for page in GUIDE_PAGES:
        assert page in copied, f"{page} is not copied into the workspace"
    for notebook in LESSON_NOTEBOOKS:
        assert notebook in copied
        for link in re.findall(r"\]\(([^)\s]+\.ipynb)\)", notebook_text(REPO_ROOT / notebook)):
            target = resolve(notebook, link)
            if not target.startswith("my-exercises/"):  # exercises arrive with their release
                assert target in copied, f"{notebook} links {link}, missing in a workspace"


def test_guide_pages_link_back_to_pages_that_exist():
    """Do the guide pages' own links (start page, each other, lessons) lead somewhere?"""
    copied = set(course_files(CATALOG, {})) | {"start-here.ipynb"}
    for page in GUIDE_PAGES:
        for link in re.findall(r"\]\(([^)\s]+\.ipynb)\)", notebook_text(REPO_ROOT / page)):
            assert resolve(page, link) in copied, f"{page} links {link}, which does not exist"


def test_glossary_defines_the_abbreviations_the_course_uses():
    """Does the glossary explain the abbreviations learners meet in lessons and exercises?"""
    glossary = notebook_text(REPO_ROOT / GLOSSARY_PAGE)
    for term in ("RFP", "FTE", "SOW", "TPI", "P1", "BATNA", "ZOPA", "SLA", "RACI", "TCO"):
        assert re.search(rf"\*\*[^*]*\b{term}\b[^*]*\.\*\*", glossary), f"{term} is not defined"


def run_warm_up(answer: str | None) -> str:
    """Run the warm-up's code in-process, with the learner's answer cell replaced if given, and
    return what its last cell (the check) prints."""
    cells = json.loads((REPO_ROOT / WARM_UP_PAGE).read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    if answer is not None:
        assert "walk_away = None" in code[-2]
        code[-2] = code[-2].replace("walk_away = None", f"walk_away = {answer}")
    namespace: dict = {}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        for source in code[:-1]:
            exec(compile(source, WARM_UP_PAGE, "exec"), namespace)
        output.seek(0)
        output.truncate()
        exec(compile(code[-1], WARM_UP_PAGE, "exec"), namespace)
    return output.getvalue()


def test_warm_up_check_tells_right_from_wrong():
    """Does the warm-up's last exercise say "not answered", "right" and "not quite" correctly?"""
    assert run_warm_up(None).startswith("Not answered yet")
    right = "case.alternative_price + case.transition_fee / case.term_years + risk_premium"
    assert run_warm_up(right).startswith("Right")
    assert run_warm_up("case.alternative_price + case.transition_fee + risk_premium").startswith(
        "Not quite"
    )
