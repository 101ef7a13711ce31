"""Do the instructor commands fail with one clear sentence, never a traceback?"""

from __future__ import annotations

import pytest

from autograder.cli import main
from course.catalog import load_catalog

# One worker builds this module's expensive fixture once (run with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("cli-errors")


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "course-work"
    assert main(["init", "--course-dir", str(root)]) == 0
    return root


def run(capsys, *args: str) -> tuple[int, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_commands_outside_a_course_directory_say_how_to_start(tmp_path, capsys):
    """Does `grade` in a folder that was never initialised point at `autograder init`?"""
    status, text = run(capsys, "grade", "score-a-vendor", "--course-dir", str(tmp_path / "x"))
    assert status == 2
    assert "run `autograder init --course-dir" in text and "Traceback" not in text


def test_unknown_assignment_is_named(course_dir, capsys):
    """Is an assignment id that is not in the catalog reported as such?"""
    status, text = run(capsys, "grade", "no-such-exercise", "--course-dir", str(course_dir))
    assert status == 2 and "no-such-exercise" in text and "Traceback" not in text


def test_bad_roster_lines_are_listed(course_dir, tmp_path, capsys):
    """Does a roster with a duplicate get a line-numbered message and exit status 2?"""
    roster = tmp_path / "r.csv"
    roster.write_text("id,first,last,email\na-1,A,B,a@x.org\na-1,C,D,c@x.org\n")
    status, text = run(capsys, "roster", "import", str(roster), "--course-dir", str(course_dir))
    assert status == 2 and "line 3: id 'a-1' is a duplicate of line 2" in text


def test_moodle_export_without_emails_says_what_to_add(course_dir, tmp_path, capsys):
    """Does a Moodle export refuse learners without an e-mail, naming them?"""
    roster = tmp_path / "r.csv"
    roster.write_text("id,first,last,email\nno-mail,A,B,\n")
    assert run(capsys, "roster", "import", str(roster), "--course-dir", str(course_dir))[0] == 0
    out = tmp_path / "m.csv"
    status, text = run(
        capsys, "export", "--format", "moodle", "--out", str(out), "--course-dir", str(course_dir)
    )
    assert status == 2 and "no-mail" in text and "e-mail" in text


def test_collect_from_a_missing_folder(course_dir, tmp_path, capsys):
    """Is a --from path that does not exist named in the error?"""
    roster = tmp_path / "r.csv"
    roster.write_text("id,first,last,email\nsomeone,A,B,s@x.org\n")
    run(capsys, "roster", "import", str(roster), "--course-dir", str(course_dir))
    missing = tmp_path / "nothing-here"
    status, text = run(
        capsys, "collect", "score-a-vendor", "--from", str(missing), "--course-dir", str(course_dir)
    )
    assert status == 2 and str(missing) in text


def test_build_releases_the_learner_version(course_dir, capsys):
    """Does `build` put a learner version, free of solutions, in the course's release folder?"""
    status, text = run(capsys, "build", "score-a-vendor", "--course-dir", str(course_dir))
    assert status == 0, text
    released = course_dir / "release" / "score-a-vendor" / "score-a-vendor.ipynb"
    assert released.is_file() and "released score-a-vendor" in text
    assert "BEGIN SOLUTION" not in released.read_text(encoding="utf-8")
    # What "check my answer" may reveal travels with the release: the catalog's choice.
    mode = (released.parent / ".learner-checks").read_text().strip()
    assert mode == load_catalog().exercise("score-a-vendor").learner_checks


def test_a_mistyped_assignment_gets_a_suggestion(course_dir, capsys):
    """Does `grade score-a-vendr` suggest score-a-vendor instead of only listing every id?"""
    status, text = run(capsys, "grade", "score-a-vendr", "--course-dir", str(course_dir))
    assert status == 2 and "did you mean score-a-vendor?" in text and "Traceback" not in text


def test_grading_with_nothing_collected_says_to_collect(course_dir, capsys):
    """Does `grade` before any `collect` say so and give the collect command, not '0 graded'?"""
    status, text = run(capsys, "grade", "manage-the-risks", "--course-dir", str(course_dir))
    assert status == 1
    assert "nothing is collected yet" in text and "0 graded" not in text
    assert "autograder collect manage-the-risks --from PATH" in text


def test_lab_listens_on_loopback_and_allows_root_only_as_root(course_dir):
    """Does `autograder lab` start JupyterLab in the course directory, on 127.0.0.1, adding
    --allow-root only when it runs as root (where JupyterLab would refuse to start)?"""
    from autograder.course_dir import open_course
    from autograder.instructor_commands import lab_command

    course = open_course(course_dir)
    as_root = lab_command(course, 8899, as_root=True)
    as_user = lab_command(course, 8899, as_root=False)
    assert "--ServerApp.allow_root=True" in as_root
    assert "--ServerApp.allow_root=True" not in as_user
    for command in (as_root, as_user):
        assert "--ServerApp.ip=127.0.0.1" in command
        assert f"--ServerApp.root_dir={course.root}" in command


def test_demo_cohort_counts_submissions_not_learners(tmp_path, capsys):
    """Does the demo-cohort summary say its counts are submissions, learners times assignments?"""
    root = tmp_path / "demo"
    args = ["demo-cohort", "3", "--course-dir", str(root), "--assignment", "score-a-vendor"]
    status, text = run(capsys, *args, "--assignment", "manage-the-risks")
    assert status == 0
    assert "6 submissions (3 learner(s) x 2 assignment(s))" in text


def test_collect_lists_every_conflict_with_its_fix(course_dir, tmp_path, capsys):
    """Does `collect` print the deadline, who was late, and for each refused entry the
    learner, what was refused, why and the fix, and keep going past each one?"""
    import shutil
    from datetime import datetime

    import nbformat
    from nbgrader.api import Gradebook

    from autograder.course_dir import open_course

    roster = tmp_path / "r.csv"
    roster.write_text("id,first,last,email\nana-1,Ana,Lima,a@x.org\nbo-2,Bo,Ek,b@x.org\n")
    run(capsys, "roster", "import", str(roster), "--course-dir", str(course_dir))
    with Gradebook(open_course(course_dir).db_url) as gradebook:
        gradebook.update_or_create_assignment("score-a-vendor", duedate=datetime(2026, 3, 1))
    source = tmp_path / "hand-in"
    for name, text in {
        "ana-1": nbformat.writes(nbformat.v4.new_notebook()),
        "bo-2": '{"cells": [',
        "zed-9": nbformat.writes(nbformat.v4.new_notebook()),
    }.items():
        (source / name).mkdir(parents=True)
        (source / name / "score-a-vendor.ipynb").write_text(text, encoding="utf-8")
    status, text = run(
        capsys, "collect", "score-a-vendor", "--from", str(source), "--course-dir", str(course_dir)
    )
    assert status == 0 and "Traceback" not in text
    assert "Collected 1 submission(s) of score-a-vendor from a folder." in text
    assert "Deadline 2026-03-01 00:00:00 UTC" in text and "late: ana-1, submitted" in text
    assert "2 conflict(s)" in text
    assert "bo-2: refused bo-2\n      why: score-a-vendor.ipynb is not valid JSON" in text
    assert "zed-9: refused zed-9\n      why: its name is nobody's in the roster" in text
    assert text.count("      fix: ") == 2
    # The course's own exchange, where one account (root, here) submitted for a learner.
    inbound = course_dir / "exchange" / "outsourcing-leadership-lab" / "inbound"
    folder = inbound / "ana-1+score-a-vendor+2026-02-28 10:00:00.000000 UTC+abc"
    folder.mkdir(parents=True)
    (folder / "score-a-vendor.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    status, text = run(capsys, "collect", "score-a-vendor", "--course-dir", str(course_dir))
    assert status == 0 and "Owners checked" in text
    assert "ana-1: refused inbound/ana-1+score-a-vendor" in text and "--one-account" in text
    status, text = run(
        capsys, "collect", "score-a-vendor", "--one-account", "--course-dir", str(course_dir)
    )
    assert "Owners NOT checked (--one-account)" in text
    assert "refused the time in its name, 2026-02-28 10:00:00 UTC" in text
    # Formgrader's Collect button (nbgrader's API) runs the same checks, by nbgrader's switch.
    from autograder.course_dir import nbgrader_api

    course = open_course(course_dir)
    shutil.rmtree(course.submitted("ana-1", "score-a-vendor"))
    api = nbgrader_api(course)
    api.log.setLevel("INFO")  # as formgrader shows it; nbgrader_api quiets it for the CLI
    result = api.collect("score-a-vendor")
    assert result["success"], result
    assert "ana-1: refused inbound/ana-1+score-a-vendor" in result["log"]
    assert "--one-account" in result["log"]
    assert not course.submitted("ana-1", "score-a-vendor").exists()


def test_a_temporary_folder_too_deep_stops_grade_before_any_progress(
    course_dir, capsys, monkeypatch
):
    """Does a TMPDIR too long for the workers' socket stop `grade` with the fix, before the
    progress bar is drawn (a bar followed by a refusal reads as a crash)?"""
    import tempfile

    import autograder.instructor_commands as commands

    (course_dir / "submitted" / "ana" / "leadership-judgement").mkdir(parents=True)
    bars: list[str] = []
    monkeypatch.setattr(commands, "progress", lambda description: bars.append(description))
    monkeypatch.setattr(tempfile, "tempdir", "/tmp/" + "deep/" * 16)
    status, text = run(capsys, "grade", "leadership-judgement", "--course-dir", str(course_dir))
    assert status == 2 and "Set TMPDIR to a shorter folder" in text and "Traceback" not in text
    assert bars == []
