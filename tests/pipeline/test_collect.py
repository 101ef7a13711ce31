"""Are submissions collected from an exchange, a folder and LMS zips, listing what is not?"""

from __future__ import annotations

import zipfile

import nbformat
import pytest

from autograder.collect import CollectError, collect, match_learner
from autograder.course_dir import init_course
from autograder.roster import Learner

ROSTER = [
    Learner("ana-1", "Ana", "Lima", "ana@example.edu"),
    Learner("bo-2", "Bo", "Ek", "bo@example.edu"),
    Learner("cy-3", "Cy", "Park", "cy@example.edu"),
]
NOTEBOOK = "score-a-vendor.ipynb"


@pytest.fixture
def course(tmp_path):
    return init_course(tmp_path / "course")


def notebook_text(marker: str) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell(f"answer = {marker!r}"))
    return nbformat.writes(notebook)


def collected_marker(course, learner: str) -> str:
    path = course.submitted(learner, "score-a-vendor") / NOTEBOOK
    return nbformat.read(path, as_version=4).cells[0].source


def run(course, source):
    return collect(course, "score-a-vendor", source, ROSTER, [NOTEBOOK])


def test_folder_with_one_folder_per_learner(course, tmp_path):
    """Are known learners collected, an unknown one listed, a broken file listed not collected?"""
    source = tmp_path / "hand-in"
    for name, text in {
        "ana-1": notebook_text("ana"),
        "bo-2": notebook_text("bo"),
        "zed-9": notebook_text("zed"),
        "cy-3": '{"cells": [',
    }.items():
        (source / name).mkdir(parents=True)
        (source / name / NOTEBOOK).write_text(text, encoding="utf-8")
    report = run(course, source)
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert report.unknown == ["zed-9 (matches no learner in the roster)"]
    assert report.unreadable == [f"cy-3: {NOTEBOOK} is not valid JSON (damaged, or not a notebook)"]
    assert collected_marker(course, "bo-2") == "answer = 'bo'"
    assert (course.submitted("ana-1", "score-a-vendor") / "timestamp.txt").is_file()
    assert not course.submitted("cy-3", "score-a-vendor").exists()


def test_canvas_zip_matches_learners_by_name(course, tmp_path):
    """Are Canvas's 'lastfirst_user_submission_file' names matched, renamed copies included?"""
    source = tmp_path / "submissions.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"limaana_1201_5501_{NOTEBOOK}", notebook_text("ana"))
        archive.writestr("ekbo_1202_5502_score-a-vendor-1.ipynb", notebook_text("bo"))
        archive.writestr(f"doejane_1203_5503_{NOTEBOOK}", notebook_text("jane"))
    report = run(course, source)
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert len(report.unknown) == 1 and report.unknown[0].startswith("doejane")
    assert collected_marker(course, "bo-2") == "answer = 'bo'"


def test_moodle_zip_with_one_folder_per_participant(course, tmp_path):
    """Are Moodle's 'Full Name_id_assignsubmission_file_' folders matched by full name?"""
    source = tmp_path / "moodle.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"Ana Lima_101_assignsubmission_file_/{NOTEBOOK}", notebook_text("ana"))
        archive.writestr(f"Cy Park_103_assignsubmission_file_/{NOTEBOOK}", notebook_text("cy"))
        archive.writestr("Cy Park_103_assignsubmission_file_/notes.txt", "not a notebook")
    report = run(course, source)
    assert sorted(report.collected) == ["ana-1", "cy-3"]
    assert collected_marker(course, "cy-3") == "answer = 'cy'"


def test_exchange_takes_each_learners_latest_submission(course, tmp_path):
    """From nbgrader's exchange inbound, is the newest submission of each learner taken?"""
    inbound = tmp_path / "exchange" / "outsourcing-leadership-lab" / "inbound"
    for learner, stamp, marker in [
        ("ana-1", "2026-03-01 09:00:00.000000 UTC", "old"),
        ("ana-1", "2026-03-01 10:00:00.000000 UTC", "new"),
        ("bo-2", "2026-03-01 08:00:00.000000 UTC", "bo"),
    ]:
        folder = inbound / f"{learner}+score-a-vendor+{stamp}+{marker}"
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(notebook_text(marker), encoding="utf-8")
    other = inbound / "cy-3+another-assignment+2026-03-01 08:00:00.000000 UTC+x"
    other.mkdir()
    report = run(course, tmp_path / "exchange")
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert collected_marker(course, "ana-1") == "answer = 'new'"
    stamp = (course.submitted("ana-1", "score-a-vendor") / "timestamp.txt").read_text()
    assert stamp.startswith("2026-03-01 10:00:00")


def test_zip_entries_cannot_escape_and_bad_sources_are_named(course, tmp_path):
    """Is a '../' entry refused, and are a missing path and a non-zip file clear errors?"""
    source = tmp_path / "evil.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"../../{NOTEBOOK}", notebook_text("evil"))
        archive.writestr(f"ana-1/{NOTEBOOK}", notebook_text("ana"))
    report = run(course, source)
    assert report.collected == ["ana-1"]
    assert any("path leaves the zip" in line for line in report.unreadable)
    assert not (tmp_path / NOTEBOOK).exists()
    with pytest.raises(CollectError, match="no such file or folder"):
        run(course, tmp_path / "missing")
    text_file = tmp_path / "grades.txt"
    text_file.write_text("hello")
    with pytest.raises(CollectError, match="not a zip file"):
        run(course, text_file)


def test_ambiguous_names_match_nobody():
    """Does a name that fits two learners match neither, so no grade goes to the wrong one?"""
    twins = [*ROSTER, Learner("ana-9", "Ana", "Lima", "ana9@example.edu")]
    assert match_learner("limaana_1_2_x.ipynb", twins) == "ambiguous"
    assert match_learner("ana-9", twins).id == "ana-9"
