"""Do the Canvas and Moodle files hold finished grades only, and say what they leave blank?"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.export import canvas_rows
from course.catalog import load_catalog
from tests.pipeline.staged_cohort import FIRST, RECOLLECTED, SECOND, STAGES


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def export(staged_cohort, capsys, fmt: str, out: Path, *extra: str) -> tuple[list[list[str]], str]:
    root = str(staged_cohort.course.root)
    status = main(["export", "--format", fmt, "--out", str(out), "--course-dir", root, *extra])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return read_csv(out), captured.out + captured.err


def canvas_cells(rows: list[list[str]], assignment: str) -> dict[str, str]:
    title = load_catalog().exercise(assignment).title
    column = rows[0].index(f"{title} ({assignment})")
    return {row[2]: row[column] for row in rows[2:]}


def moodle_cells(rows: list[list[str]], assignment: str) -> dict[str, str]:
    column = rows[0].index(load_catalog().exercise(assignment).title)
    return {row[1]: row[column] for row in rows[1:]}


def test_canvas_writes_finished_grades_and_leaves_the_rest_blank(staged_cohort, capsys, tmp_path):
    """Are graded learners' scores (a true 0 included) written, and everyone else left blank?"""
    rows, _ = export(staged_cohort, capsys, "canvas", tmp_path / "canvas.csv")
    first = canvas_cells(rows, FIRST)
    assert {k: first[k] for k in ("asilva", "iwong", "fhaddad", "eberg")} == {
        "asilva": "13",
        "iwong": "12",
        "fhaddad": "13",
        "eberg": "0",
    }
    # written answers to grade, could not be graded, handed in nothing: no grade yet
    assert first["bchen"] == first["gtan"] == first["hmuller"] == ""
    second = canvas_cells(rows, SECOND)
    assert second[RECOLLECTED[1]] == ""  # collected again after grading
    assert second["asilva"] == ""  # memo still to be graded by hand
    assert second["eberg"] == "0"  # handed back the release: graded, and 0 is its grade
    assert len(rows[0][5:]) == 2, "assignments nobody has a grade in stay out of the file"


def test_moodle_matches_canvas_and_missing_can_be_zero(staged_cohort, capsys, tmp_path):
    """Does Moodle get the same cells, and does --missing zero write 0 for missing work only?"""
    canvas, _ = export(staged_cohort, capsys, "canvas", tmp_path / "canvas.csv")
    moodle, _ = export(staged_cohort, capsys, "moodle", tmp_path / "moodle.csv")
    for assignment in (FIRST, SECOND):
        assert moodle_cells(moodle, assignment) == canvas_cells(canvas, assignment)
    zeros, _ = export(staged_cohort, capsys, "moodle", tmp_path / "zeros.csv", "--missing", "zero")
    blank, zero = moodle_cells(moodle, FIRST), moodle_cells(zeros, FIRST)
    assert zero["hmuller"] == "0" and blank["hmuller"] == ""
    assert {k: v for k, v in zero.items() if k != "hmuller"} == {
        k: v for k, v in blank.items() if k != "hmuller"
    }


def test_export_names_every_blank_before_it_is_uploaded(staged_cohort, capsys, tmp_path):
    """Does the export warn, by learner, about written answers, ungraded and missing work?"""
    _, text = export(staged_cohort, capsys, "canvas", tmp_path / "canvas.csv")
    lines = [line for line in text.splitlines() if "warning:" in line]
    hand = next(line for line in lines if FIRST in line and "written answers" in line)
    assert "bchen" in hand and "asilva" not in hand and "formgrader" in hand
    assert any("gtan" in line and "could not be graded" in line for line in lines)
    assert any("hmuller" in line and "handed in nothing" in line for line in lines)
    waiting = next(line for line in lines if "collected but not graded" in line)
    assert RECOLLECTED[1] in waiting and f"autograder grade {SECOND}" in waiting
    assert not any("manage-the-risks" in line for line in lines), "never released: no warning"


@pytest.mark.parametrize("stage", STAGES[:2])
def test_early_exports_never_hold_zeros_for_work_not_graded(staged_cohort, stage):
    """Before anything (or only the first assignment) is graded, is any ungraded work a 0?"""
    scores = staged_cohort.figures[stage].scores
    rows = canvas_rows(scores, load_catalog())
    columns = rows[0][5:]
    if stage == STAGES[0]:
        assert columns == []
        return
    assert columns == [f"{load_catalog().exercise(FIRST).title} ({FIRST})"]
    cells = {row[2]: row[5] for row in rows[2:]}
    graded = scores[(scores["assignment"] == FIRST) & (scores["status"] == "graded")]
    assert {k for k, v in cells.items() if v} == set(graded["learner"])


def test_nothing_graded_yet_is_an_error_not_an_empty_file(tmp_path, capsys):
    """Does an LMS export with no grade at all say to grade first, instead of writing blanks?"""
    root = tmp_path / "course-work"
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first,last,email\nana,Ana,Silva,ana@example.edu\n", encoding="utf-8")
    assert main(["init", "--course-dir", str(root)]) == 0
    assert main(["roster", "import", str(roster), "--course-dir", str(root)]) == 0
    capsys.readouterr()
    out = tmp_path / "canvas.csv"
    status = main(["export", "--format", "canvas", "--out", str(out), "--course-dir", str(root)])
    text = capsys.readouterr().err
    assert status == 2 and "nothing is graded yet" in text and "autograder grade" in text
    assert not out.exists()
