"""Is a roster imported all or nothing, with every bad line named?"""

from __future__ import annotations

import pytest

from autograder.course_dir import init_course
from autograder.roster import RosterError, import_roster, parse_roster, roster_ids


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return init_course(tmp_path_factory.mktemp("roster-course"))


def write(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_roster_is_imported_and_reimport_updates(course, tmp_path):
    """Are all learners added, and does a second import update names instead of duplicating?"""
    first = write(tmp_path, "id,first,last,email\nana-1,Ana,Lima,ana@example.edu\nbo-2,Bo,Ek,\n")
    assert import_roster(course, first) == (2, 0)
    second = write(tmp_path, "ID,First,Last,Email\nana-1,Ana,Lima-Silva,ana@example.edu\n")
    assert import_roster(course, second) == (0, 1)
    assert roster_ids(course) == ["ana-1", "bo-2"]
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        assert gradebook.find_student("ana-1").last_name == "Lima-Silva"


def test_every_bad_line_is_named_and_nothing_is_imported(course, tmp_path):
    """Are duplicates, bad ids and bad e-mails all reported with line numbers, importing none?"""
    before = roster_ids(course)
    path = write(
        tmp_path,
        "id,first,last,email\n"
        "new-1,New,One,new1@example.edu\n"
        "new-2,New,Two,not-an-email\n"
        "new-1,Again,One,x@example.edu\n"
        "has space,Bad,Id,b@example.edu\n"
        ",No,Id,n@example.edu\n",
    )
    with pytest.raises(RosterError) as raised:
        import_roster(course, path)
    message = str(raised.value)
    assert "nothing was imported" in message
    assert "line 3: 'not-an-email' is not an e-mail address" in message
    assert "line 4: id 'new-1' is a duplicate of line 2" in message
    assert "line 5: id 'has space'" in message
    assert "line 6: the id is empty" in message
    assert roster_ids(course) == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name,email\nx,y@example.edu\n", "missing: id, first, last"),
        ("id,first,last,email\n", "lists no learners"),
        ('id,first,last,email\nz-1,"Lee, Jo",X,z@example.edu,extra\n', "more values than columns"),
    ],
)
def test_malformed_files_get_a_clear_error(tmp_path, text, words):
    """Do a wrong header, an empty list and a stray comma each get their own message?"""
    with pytest.raises(RosterError, match=words):
        parse_roster(write(tmp_path, text))


def test_missing_and_non_utf8_files(tmp_path):
    """Are a missing file and a file that is not UTF-8 named, with the fix?"""
    with pytest.raises(RosterError, match="no such file"):
        parse_roster(tmp_path / "nope.csv")
    path = tmp_path / "latin.csv"
    path.write_bytes("id,first,last,email\nj-1,Jos\xe9,X,j@example.edu\n".encode("latin-1"))
    with pytest.raises(RosterError, match="CSV UTF-8"):
        parse_roster(path)
