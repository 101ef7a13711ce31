"""Do the instructor commands fail with one clear sentence, never a traceback?"""

from __future__ import annotations

import pytest

from autograder.cli import main


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
