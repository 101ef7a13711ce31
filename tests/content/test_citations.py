"""Does every citation in the repository point at something a reader of the repository can open?

Code, case files and lessons cite the pages in ``docs/`` by section ("docs/evidence.md, E2",
"docs/evidence.md, Case 5", "docs/grader-threats.md, #6", 'docs/conventions.md, "Names"').
These tests fail when a citation names a page or a section that does not exist, and when a file
cites research notes that live outside the repository instead of the docs that carry their
content.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from course.catalog import REPO_ROOT

DOCS = REPO_ROOT / "docs"
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
}
TEXT_SUFFIXES = {
    ".py", ".md", ".yml", ".yaml", ".ipynb", ".csv", ".toml", ".cfg", ".txt", ".j2", ".sh",
}  # fmt: skip
TEXT_NAMES = {"Makefile", "run"}
"""Files searched, by suffix or by name (``.ci/run``). Built JavaScript bundles are left out."""

OUTSIDE_NOTES = tuple(
    piece.lower()
    for piece in (
        "content" + "-anchors",
        "reliability" + ".md",
        "DESIGN" + ".md",
        "REFERENCES" + ".md",
        "../" + "shared",
        "/work/" + "shared",
        "shared/" + "research",
        "shared/" + "seeds",
    )
)
"""Names of notes that are not in the repository (spelled in pieces, so they match nothing here)."""
RESEARCH_NOTE = re.compile(r"\bresearch/[\w-]+\." + "md")


def cites_outside_notes(text: str) -> bool:
    """Does ``text`` name a note that is not in the repository? (Plain substring tests first:
    a regular expression over every file would cost seconds.)"""
    lowered = text.lower()
    return any(piece in lowered for piece in OUTSIDE_NOTES) or (
        "research/" in lowered and RESEARCH_NOTE.search(lowered) is not None
    )


ITEM = r'(?:E\d+|Case \d+|#\d+|s4\.\d+|"[^"\n]+")'
CITATION = re.compile(
    r"docs/([\w.-]+\.md)"
    r"(?:,(?:\s|#)*(" + ITEM + r"(?:(?:,\s*|\s+and\s+|,\s+and\s+)" + ITEM + r")*))?"
)
"""``docs/<page>.md`` optionally followed by ", " and one or more section labels ("E2 and E9")."""
LABEL = re.compile(ITEM)
BARE_RULE = re.compile(r"\b(E\d{1,2}|Case \d{1,2})\b")
"""A rule or case named without its page, e.g. "(E7)" or "Case 1 Northwind"."""
BARE_RULE_SUFFIXES = {".py", ".md", ".yml", ".yaml", ".ipynb", ".csv"}
CORPUS = REPO_ROOT / "tests" / "grading" / "adversarial" / "corpus.py"


def repository_files() -> list[Path]:
    """Every text file of the repository outside virtual environments, builds and caches."""
    found = []
    for folder, subfolders, names in os.walk(REPO_ROOT):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED_DIRS and not name.endswith(".egg-info")
        ]
        found += [
            Path(folder) / name
            for name in names
            if Path(name).suffix in TEXT_SUFFIXES or name in TEXT_NAMES
        ]
    return sorted(found)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _name(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


@cache
def sections(page: str) -> frozenset[str]:
    """Labels a page offers: "E2", "Case 5" or "#41" from headings such as "## E2. Total cost",
    every heading's full text (cited in quotes), and the ids of table rows ("| #6 |")."""
    labels: set[str] = set()
    for line in _read(DOCS / page).splitlines():
        heading = re.match(r"#{1,6}\s+(.+?)\s*$", line)
        if heading:
            text = heading.group(1)
            labels.add(f'"{text}"')
            numbered = re.match(r"(E\d+|Case \d+|#\d+|s4\.\d+)[.:\s]", text)
            if numbered:
                labels.add(numbered.group(1))
        row = re.match(r"\|\s*(#\d+|s4\.\d+)\s*\|", line)
        if row:
            labels.add(row.group(1))
    return frozenset(labels)


def broken_citations(text: str) -> list[str]:
    """Each citation in ``text`` whose page or section is missing, as "<citation>: <why>"."""
    problems = []
    for match in CITATION.finditer(text):
        page, labels = match.group(1), match.group(2)
        if not (DOCS / page).is_file():
            problems.append(f"{match.group(0)!r}: there is no docs/{page}")
            continue
        for label in LABEL.findall(labels or ""):
            if label not in sections(page):
                problems.append(f"{match.group(0)!r}: docs/{page} has no section {label}")
    return problems


FILES = [path for path in repository_files() if path != Path(__file__).resolve()]
"""The files searched; this one is left out, as its examples below are broken on purpose."""


def test_the_search_covers_code_data_lessons_and_docs():
    """Are the models, case files, lessons, exercises and docs all among the files searched?"""
    names = {_name(path) for path in FILES}
    for expected in (
        "course/models/vendor.py",
        "course/cases/data/northwind-service-desk/case.yml",
        "exercises/prepare-a-negotiation/prepare-a-negotiation.ipynb",
        "docs/evidence.md",
        "README.md",
    ):
        assert expected in names
    assert not any(name.startswith((".venv/", "build/")) for name in names)


def test_no_file_cites_notes_outside_the_repository():
    """Does no file point at research notes or design files that are not in the repository?"""
    offenders = []
    for path in FILES:
        text = _read(path)
        if cites_outside_notes(text):
            offenders += [
                f"{_name(path)}:{number}: {line.strip()[:100]}"
                for number, line in enumerate(text.splitlines(), 1)
                if cites_outside_notes(line)
            ]
    assert not offenders, (
        "cite the section of docs/ that carries the content instead "
        "(e.g. 'docs/evidence.md, E2'):\n" + "\n".join(offenders)
    )


def test_every_cited_section_exists():
    """Does every "docs/<page>.md, <section>" citation name a page and a section that exist?"""
    problems = [
        f"{_name(path)}: {problem}" for path in FILES for problem in broken_citations(_read(path))
    ]
    assert not problems, "\n".join(problems)


def test_a_bare_rule_or_case_can_be_looked_up():
    """Does a file that names a rule or case without its page ("(E7)") also cite the page,
    and does that rule or case have a section there?"""
    evidence = sections("evidence.md")
    problems = []
    for path in FILES:
        if path.suffix not in BARE_RULE_SUFFIXES or path.parent == DOCS:
            continue
        text = _read(path)
        labels = set(BARE_RULE.findall(text))
        if not labels:
            continue
        if "docs/evidence.md" not in text:
            problems.append(
                f"{_name(path)} names {sorted(labels)} but never cites docs/evidence.md"
            )
        problems += [
            f"{_name(path)}: docs/evidence.md has no section {label}"
            for label in sorted(labels - evidence)
        ]
    assert not problems, "\n".join(problems)


def test_every_threat_in_the_adversarial_corpus_has_a_row():
    """Does each threat id a hostile submission carries have its row in docs/grader-threats.md?"""
    rows = sections("grader-threats.md")
    cited = {
        threat_id
        for threat in re.findall(r'threat="([^"]*)"', _read(CORPUS))
        for threat_id in re.findall(r"#\d+|s4\.\d+", threat)
    }
    assert len(cited) > 30
    assert not sorted(cited - rows)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("see (docs/evidence.md, E2) and (docs/evidence.md, Case 5)", None),
        ('(docs/evidence.md, "Frameworks" and Case 1)', None),
        ("(docs/grader-threats.md, #6, #7 and s4.8)", None),
        ("the arithmetic follows docs/evidence.md,\n    E3: availability", None),
        ("# in the practice (docs/evidence.md,\n#   E4); the bands", None),
        ("(docs/evidence.md, E99)", "has no section E99"),
        ("(docs/evidence.md, E2 and Case 42)", "has no section Case 42"),
        ('(docs/conventions.md, "No such heading")', 'has no section "No such heading"'),
        ("(docs/grader-threats.md, #6 and #999)", "has no section #999"),
        ("(docs/no-such-page.md, E1)", "there is no docs/no-such-page.md"),
    ],
)
def test_the_citation_reader_finds_broken_and_accepts_valid_citations(text, problem):
    """Is a citation to a missing page or section caught, across lists and line breaks?"""
    problems = broken_citations(text)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_links_within_a_page_reach_a_heading(page):
    """Does every "](#fragment)" link in a page of docs/ lead to one of its headings?"""
    anchors = {github_anchor(label.strip('"')) for label in sections(page) if label[0] == '"'}
    links = re.findall(r"\]\(#([^)]+)\)", _read(DOCS / page))
    assert not sorted(set(links) - anchors)


def test_outside_notes_are_recognised():
    """Are the names of the notes outside the repository recognised, and ordinary text not?"""
    for line in (
        "(" + "content" + "-anchors E2)",
        "../" + "shared/research/" + "reliability" + ".md, section 2",
        "conventions in " + "DESIGN" + ".md",
        "see " + "REFERENCES" + ".md",
        "research/landscape-2026-12" + ".md",
    ):
        assert cites_outside_notes(line), line
    for line in ("docs/evidence.md, E2", "shared fixtures at module scope", "the design of it"):
        assert not cites_outside_notes(line), line
