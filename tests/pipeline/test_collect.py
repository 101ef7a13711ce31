"""Are submissions collected from an exchange, a folder and LMS zips, believing only what a
learner cannot forge, and is every refused entry reported without touching anyone's work?

Ownership is tested with real files handed to numeric user ids (``os.chown``, as root) and an
``Accounts`` table naming those ids, so no account is added to the machine.
"""

from __future__ import annotations

import os
import time
import zipfile
from datetime import UTC, datetime, timedelta

import nbformat
import pytest

from autograder.collect import (
    SUBMIT_GRACE,
    TIMESTAMP_FORMAT,
    CollectError,
    collect,
    match_learner,
    report_lines,
)
from autograder.course_dir import CourseDir
from autograder.roster import Learner

ROSTER = [
    Learner("ana-1", "Ana", "Lima", "ana@example.edu"),
    Learner("bo-2", "Bo", "Ek", "bo@example.edu"),
    Learner("cy-3", "Cy", "Park", "cy@example.edu"),
]
NOTEBOOK = "score-a-vendor.ipynb"
ASSIGNMENT = "score-a-vendor"
UIDS = {"ana-1": 61001, "bo-2": 61002, "cy-3": 61003}
as_root = pytest.mark.skipif(
    os.geteuid() != 0 and os.environ.get("CI") != "true",
    reason="handing files to other accounts needs root (CI runs these as root)",
)


class Accounts:
    """Learner accounts by numeric id, as a hub's would be, without touching /etc/passwd."""

    def __init__(self, uids: dict[str, int]) -> None:
        self.uids = uids

    def uid(self, learner_id: str) -> int | None:
        return self.uids.get(learner_id)

    def name(self, uid: int) -> str:
        names = {u: n for n, u in self.uids.items()} | {0: "root"}
        return names.get(uid, f"uid {uid}")


ACCOUNTS = Accounts(UIDS)


@pytest.fixture
def course(tmp_path):
    """Where collected work goes; collect itself needs no gradebook (the CLI reads the roster
    and the deadline from it)."""
    (tmp_path / "course").mkdir()
    return CourseDir(tmp_path / "course")


def notebook_text(marker: str) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell(f"answer = {marker!r}"))
    return nbformat.writes(notebook)


def collected_marker(course, learner: str) -> str:
    path = course.submitted(learner, ASSIGNMENT) / NOTEBOOK
    return nbformat.read(path, as_version=4).cells[0].source


def collected_time(course, learner: str) -> datetime:
    text = (course.submitted(learner, ASSIGNMENT) / "timestamp.txt").read_text()
    return datetime.strptime(text.replace(" UTC", ""), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.strftime(TIMESTAMP_FORMAT)


def inbound_of(tmp_path):
    inbound = tmp_path / "exchange" / "outsourcing-leadership-lab" / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    return inbound


def submit(inbound, name: str, marker: str, when: datetime, owner: int | None = None):
    """A submission folder as ``nbgrader submit`` writes it, owned by ``owner``."""
    folder = inbound / f"{name}+{ASSIGNMENT}+{stamp(when)}+r{marker}"
    folder.mkdir()
    (folder / NOTEBOOK).write_text(notebook_text(marker), encoding="utf-8")
    (folder / "timestamp.txt").write_text(stamp(when), encoding="utf-8")
    (folder / "submission_secret.txt").write_text(f"secret-{marker}", encoding="utf-8")
    if owner is not None:
        for path in (folder, *folder.iterdir()):
            os.chown(path, owner, owner, follow_symlinks=False)
    return folder


def run(course, source, **options):
    options.setdefault("owners", ACCOUNTS)
    return collect(course, ASSIGNMENT, source, ROSTER, [NOTEBOOK], **options)


def conflict_for(report, learner: str):
    found = [c for c in report.conflicts if c.learner == learner]
    assert found, f"no conflict for {learner}: {report.conflicts}"
    return found


@pytest.fixture
def now():
    """The time a test starts: submissions are stamped relative to it."""
    return datetime.now(UTC)


# --- nbgrader's exchange ----------------------------------------------------------------------


@as_root
def test_exchange_takes_each_learners_latest_own_submission(course, tmp_path, now):
    """From nbgrader's exchange, is the newest submission of each learner taken, with its
    secret and nbgrader's own time stamp, and another assignment's folder left alone?"""
    inbound = inbound_of(tmp_path)
    submit(inbound, "ana-1", "old", now - timedelta(hours=2), UIDS["ana-1"])
    submit(inbound, "ana-1", "new", now - timedelta(seconds=5), UIDS["ana-1"])
    submit(inbound, "bo-2", "bo", now - timedelta(seconds=5), UIDS["bo-2"])
    (inbound / "cy-3+another-assignment+2026-03-01 08:00:00.000000 UTC+x").mkdir()
    report = run(course, tmp_path / "exchange", due=now + timedelta(hours=1))
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert collected_marker(course, "ana-1") == "answer = 'new'"
    folder = course.submitted("ana-1", ASSIGNMENT)
    assert (folder / "submission_secret.txt").read_text() == "secret-new"
    assert abs(collected_time(course, "ana-1") - (now - timedelta(seconds=5))) < timedelta(
        seconds=1
    )
    assert report.late == [] and report.conflicts == []


@as_root
def test_a_submission_planted_under_another_name_is_refused(course, tmp_path, now):
    """Is a folder named for Ana but made by Bo's account refused, named with its maker, while
    Ana's own submission (older, but hers) is collected?"""
    inbound = inbound_of(tmp_path)
    submit(inbound, "ana-1", "ana", now - timedelta(seconds=5), UIDS["ana-1"])
    submit(inbound, "ana-1", "planted", now, UIDS["bo-2"])
    submit(inbound, "cy-3", "planted-for-cy", now, UIDS["bo-2"])
    report = run(course, tmp_path / "exchange")
    assert report.collected == ["ana-1"]
    assert collected_marker(course, "ana-1") == "answer = 'ana'"
    (ana,) = conflict_for(report, "ana-1")
    assert "belongs to account bo-2" in ana.why and "planted" in ana.refused
    assert "submission of" in ana.fix  # says Ana's own one was collected instead
    (cy,) = conflict_for(report, "cy-3")
    assert "belongs to account bo-2" in cy.why
    assert not course.submitted("cy-3", ASSIGNMENT).exists()


@as_root
def test_a_file_swapped_into_a_learners_folder_is_refused(course, tmp_path, now):
    """Is a notebook owned by another account inside Ana's folder (the folder is writable by
    all, as nbgrader leaves it) refused, and Ana's earlier submission collected instead?"""
    inbound = inbound_of(tmp_path)
    submit(inbound, "ana-1", "first", now - timedelta(seconds=30), UIDS["ana-1"])
    later = submit(inbound, "ana-1", "second", now - timedelta(seconds=5), UIDS["ana-1"])
    (later / NOTEBOOK).unlink()
    (later / NOTEBOOK).write_text(notebook_text("bo's work"), encoding="utf-8")
    os.chown(later / NOTEBOOK, UIDS["bo-2"], UIDS["bo-2"])
    report = run(course, tmp_path / "exchange")
    assert collected_marker(course, "ana-1") == "answer = 'first'"
    (conflict,) = conflict_for(report, "ana-1")
    assert f"{NOTEBOOK} (or a folder above it) belongs to account bo-2" in conflict.why


@as_root
def test_a_swapped_secret_costs_the_secret_not_the_work(course, tmp_path, now):
    """Is Ana's work still collected when someone replaced her submission_secret.txt, without
    the stranger's secret (feedback filed under it would reach the stranger)?"""
    inbound = inbound_of(tmp_path)
    ana = submit(inbound, "ana-1", "ana", now, UIDS["ana-1"])
    (ana / "submission_secret.txt").unlink()
    (ana / "submission_secret.txt").write_text("bo's secret", encoding="utf-8")
    os.chown(ana / "submission_secret.txt", UIDS["bo-2"], UIDS["bo-2"])
    report = run(course, tmp_path / "exchange")
    assert report.collected == ["ana-1"]
    assert not (course.submitted("ana-1", ASSIGNMENT) / "submission_secret.txt").exists()


@as_root
def test_links_and_special_files_are_never_followed(course, tmp_path, now):
    """Is a notebook that is a symbolic link to a classmate's file, a hard link to the
    instructor's, a FIFO, or a submission folder that is itself a link refused, each named, and
    does a FIFO not hang collect?"""
    inbound = inbound_of(tmp_path)
    secret = tmp_path / "instructor-solution.ipynb"
    secret.write_text(notebook_text("the solution"), encoding="utf-8")
    bo = submit(inbound, "bo-2", "bo", now, UIDS["bo-2"])
    ana = submit(inbound, "ana-1", "ana", now, UIDS["ana-1"])
    (ana / NOTEBOOK).unlink()
    (ana / NOTEBOOK).symlink_to(bo / NOTEBOOK)
    os.chown(ana / NOTEBOOK, UIDS["ana-1"], UIDS["ana-1"], follow_symlinks=False)
    cy = submit(inbound, "cy-3", "cy", now, UIDS["cy-3"])
    (cy / NOTEBOOK).unlink()
    os.link(secret, cy / NOTEBOOK)  # the instructor's (root's) file under a second name
    extra = Learner("di-4", "Di", "Ro", "di@example.edu")
    di = submit(inbound, "di-4", "di", now, 61004)
    (di / NOTEBOOK).unlink()
    os.mkfifo(di / NOTEBOOK)
    os.chown(di / NOTEBOOK, 61004, 61004)
    eve = Learner("eve-5", "Eve", "Sol", "eve@example.edu")
    (inbound / f"eve-5+{ASSIGNMENT}+{stamp(now)}+link").symlink_to(bo)
    accounts = Accounts({**UIDS, "di-4": 61004, "eve-5": 61005})
    started = time.monotonic()
    report = collect(
        course,
        ASSIGNMENT,
        tmp_path / "exchange",
        [*ROSTER, extra, eve],
        [NOTEBOOK],
        owners=accounts,
    )
    assert time.monotonic() - started < 30
    assert report.collected == ["bo-2"]
    assert "symbolic link" in conflict_for(report, "ana-1")[0].why
    assert "belongs to account root, not to cy-3" in conflict_for(report, "cy-3")[0].why
    assert "not a regular file" in conflict_for(report, "di-4")[0].why
    assert "symbolic link" in conflict_for(report, "eve-5")[0].why
    for learner in ("ana-1", "cy-3", "di-4", "eve-5"):
        assert not course.submitted(learner, ASSIGNMENT).exists()


@as_root
def test_a_backdated_name_does_not_make_late_work_on_time(course, tmp_path, now):
    """Is work whose folder name claims a time before the deadline, but whose files were
    written after it, recorded at the real time, marked late, and the claim reported?"""
    inbound = inbound_of(tmp_path)
    due = now - timedelta(hours=1)
    submit(inbound, "ana-1", "ana", due - timedelta(hours=1), UIDS["ana-1"])
    report = run(course, tmp_path / "exchange", due=due)
    assert report.collected == ["ana-1"]
    assert collected_time(course, "ana-1") > due + timedelta(minutes=59)
    assert [late.learner for late in report.late] == ["ana-1"]
    (claim,) = conflict_for(report, "ana-1")
    assert "the time in its name" in claim.refused and "nbgrader judges lateness" in claim.fix
    text = "\n".join(report_lines(report, ASSIGNMENT))
    assert "late: ana-1" in text and "after the deadline" in text


@as_root
def test_nbgraders_own_stamp_is_kept_within_the_grace(course, tmp_path, now):
    """Is the stamp nbgrader writes just before copying the files kept as the time (so work
    submitted a second before the deadline is on time), with no conflict?"""
    inbound = inbound_of(tmp_path)
    submit(inbound, "bo-2", "bo", now - SUBMIT_GRACE / 2, UIDS["bo-2"])
    report = run(course, tmp_path / "exchange", due=now - SUBMIT_GRACE / 4)
    assert report.collected == ["bo-2"] and report.conflicts == [] and report.late == []


@as_root
def test_a_conflict_never_overwrites_collected_work(course, tmp_path, now):
    """Once Ana's work is collected, does a planted submission, or an older one from another
    source, leave it as it was, and is collecting the same work again 'unchanged'?"""
    inbound = inbound_of(tmp_path)
    submit(inbound, "ana-1", "ana", now - timedelta(seconds=5), UIDS["ana-1"])
    assert run(course, tmp_path / "exchange").collected == ["ana-1"]
    submit(inbound, "ana-1", "planted", now, UIDS["bo-2"])
    again = run(course, tmp_path / "exchange")
    assert again.unchanged == ["ana-1"] and again.collected == []
    assert collected_marker(course, "ana-1") == "answer = 'ana'"
    old = tmp_path / "old-folder" / "ana-1"
    old.mkdir(parents=True)
    (old / NOTEBOOK).write_text(notebook_text("older"), encoding="utf-8")
    os.utime(old / NOTEBOOK, (0, (now - timedelta(days=3)).timestamp()))
    older = run(course, tmp_path / "old-folder")
    assert older.collected == [] and collected_marker(course, "ana-1") == "answer = 'ana'"
    assert "older than the work already collected" in conflict_for(older, "ana-1")[0].why


def test_work_left_aside_by_an_interrupted_collect_is_restored(course, tmp_path):
    """If a collect stopped after moving Ana's earlier work aside, is it put back and kept
    when an older submission comes next?"""
    aside = course.submitted("ana-1", ASSIGNMENT).with_name(f".{ASSIGNMENT}.replaced")
    aside.mkdir(parents=True)
    (aside / NOTEBOOK).write_text(notebook_text("earlier"), encoding="utf-8")
    (aside / "timestamp.txt").write_text("2026-06-01 10:00:00.000000 UTC")
    source = tmp_path / "hand-in" / "ana-1"
    source.mkdir(parents=True)
    (source / NOTEBOOK).write_text(notebook_text("older"), encoding="utf-8")
    os.utime(source / NOTEBOOK, (0, datetime(2026, 5, 1, tzinfo=UTC).timestamp()))
    report = run(course, tmp_path / "hand-in")
    assert collected_marker(course, "ana-1") == "answer = 'earlier'" and not aside.exists()
    assert "older than the work already collected" in conflict_for(report, "ana-1")[0].why


@as_root
def test_a_learner_without_an_account_and_the_one_account_case(course, tmp_path, now):
    """Is work for a learner with no account refused with the --one-account hint, and with
    one account for everyone collected, the output saying owners were not checked?"""
    inbound = inbound_of(tmp_path)
    submit(inbound, "cy-3", "cy", now, 0)
    report = run(course, tmp_path / "exchange", owners=Accounts({}))
    assert report.collected == []
    (conflict,) = conflict_for(report, "cy-3")
    assert "no account named cy-3" in conflict.why and "--one-account" in conflict.fix
    single = run(course, tmp_path / "exchange", owners=None)
    assert single.collected == ["cy-3"] and not single.owners_checked
    assert "Owners NOT checked (--one-account)" in "\n".join(report_lines(single, ASSIGNMENT))


@as_root
def test_an_inbound_a_learner_made_is_refused(course, tmp_path, now):
    """Is an exchange course folder made by a learner's account (squatted before release)
    refused as a whole, and is another course's inbound never read as ours?"""
    other = tmp_path / "exchange" / "aaa-other-course" / "inbound"
    other.mkdir(parents=True)
    submit(other, "ana-1", "other-course", now, UIDS["ana-1"])
    (tmp_path / "exchange" / "outsourcing-leadership-lab" / "inbound").mkdir(parents=True)
    assert run(course, tmp_path / "exchange").collected == []
    os.chown(tmp_path / "exchange" / "outsourcing-leadership-lab", UIDS["bo-2"], UIDS["bo-2"])
    with pytest.raises(CollectError, match="belongs to bo-2|belongs to uid 61002"):
        run(course, tmp_path / "exchange")


# --- a folder ----------------------------------------------------------------------------------


def test_folder_with_one_folder_per_learner(course, tmp_path):
    """Are learners named exactly by id, e-mail or full name collected, a stranger and a
    broken file listed, and a name merely containing an id never guessed?"""
    source = tmp_path / "hand-in"
    for name, text in {
        "ana-1": notebook_text("ana"),
        "bo@example.edu": notebook_text("bo"),
        "zed-9": notebook_text("zed"),
        "Cy Park": '{"cells": [',
        "copy-of-ana-1": notebook_text("copy"),
    }.items():
        (source / name).mkdir(parents=True)
        (source / name / NOTEBOOK).write_text(text, encoding="utf-8")
    report = run(course, source)
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert collected_marker(course, "ana-1") == "answer = 'ana'"
    assert "nobody's in the roster" in conflict_for(report, "zed-9")[0].why
    assert "nobody's in the roster" in conflict_for(report, "copy-of-ana-1")[0].why
    assert "not valid JSON" in conflict_for(report, "cy-3")[0].why
    assert not course.submitted("cy-3", ASSIGNMENT).exists()


def test_names_cannot_forge_lines_of_the_report(course, tmp_path):
    """Does a folder name holding a line break (forging a line of the output) or a byte that
    is not UTF-8 come out escaped on its own line, and the rest still collected?"""
    source = tmp_path / "hand-in"
    source.mkdir()
    forged = "zed\n  bo-2: refused nothing"
    for name in (forged.encode(), b"caf\xe9", b"ana-1"):
        os.mkdir(os.path.join(bytes(source), name))
        with open(os.path.join(bytes(source), name, NOTEBOOK.encode()), "w") as handle:
            handle.write(notebook_text("x"))
    report = run(course, source)
    assert report.collected == ["ana-1"]
    lines = report_lines(report, ASSIGNMENT)
    text = "\n".join(lines)
    text.encode("utf-8")  # printable as it is
    assert "  zed\\n  bo-2: refused nothing: refused" in text
    assert "caf\\udce9" in text
    assert not any(line.startswith("  bo-2") for line in lines)


def test_an_unforeseen_error_in_one_entry_does_not_stop_the_batch(course, tmp_path, monkeypatch):
    """If checking one entry fails in a way nobody foresaw, is that entry reported with the
    error and everyone else still collected?"""
    import autograder.collect as collect_module

    source = tmp_path / "hand-in"
    for name in ("ana-1", "bo-2"):
        (source / name).mkdir(parents=True)
        (source / name / NOTEBOOK).write_text(notebook_text(name), encoding="utf-8")
    real = collect_module.read_notebook_error

    def fragile(data: bytes) -> str | None:
        if b"bo-2" in data:
            raise RuntimeError("unforeseen")
        return real(data)

    monkeypatch.setattr(collect_module, "read_notebook_error", fragile)
    report = run(course, source)
    assert report.collected == ["ana-1"]
    assert "could not be checked (RuntimeError: unforeseen)" in conflict_for(report, "bo-2")[0].why


def test_two_entries_for_one_learner_are_both_refused(course, tmp_path):
    """Do a folder and a file that both name Ana leave her uncollected, both reported, and a
    link at the top of the folder is not followed?"""
    source = tmp_path / "hand-in"
    (source / "ana-1").mkdir(parents=True)
    (source / "ana-1" / NOTEBOOK).write_text(notebook_text("folder"), encoding="utf-8")
    (source / "Ana Lima.ipynb").write_text(notebook_text("file"), encoding="utf-8")
    elsewhere = tmp_path / "bo-real.ipynb"
    elsewhere.write_text(notebook_text("bo"), encoding="utf-8")
    (source / "bo-2.ipynb").symlink_to(elsewhere)
    report = run(course, source)
    assert report.collected == []
    assert len(conflict_for(report, "ana-1")) == 2
    assert "2 entries claim ana-1" in conflict_for(report, "ana-1")[0].why
    assert "symbolic link" in conflict_for(report, "bo-2")[0].why


def test_without_owners_a_hard_link_is_refused(course, tmp_path):
    """Where no owner can tell (a folder, or one account for everyone), is a notebook with a
    second name elsewhere refused, since it may be someone else's file?"""
    source = tmp_path / "hand-in"
    (source / "ana-1").mkdir(parents=True)
    solution = tmp_path / "solution.ipynb"
    solution.write_text(notebook_text("the solution"), encoding="utf-8")
    os.link(solution, source / "ana-1" / NOTEBOOK)
    report = run(course, source)
    assert report.collected == []
    assert "hard link (2 names for one file)" in conflict_for(report, "ana-1")[0].why


# --- LMS zips ----------------------------------------------------------------------------------


def test_canvas_zip_matches_learners_by_canvas_part_only(course, tmp_path):
    """Are Canvas's 'lastfirst_user_submission_file' names matched by Canvas's part, renamed
    copies included, and an upload named after another learner kept with its sender?"""
    source = tmp_path / "submissions.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"limaana_1201_5501_{NOTEBOOK}", notebook_text("ana"))
        archive.writestr("ekbo_1202_5502_score-a-vendor-1.ipynb", notebook_text("bo"))
        archive.writestr(f"doejane_1203_5503_{NOTEBOOK}", notebook_text("jane"))
        # Jane names her upload as if it were Cy's (roster id, and Canvas's own shape for Cy).
        archive.writestr("doejane_1203_5503_cy-3.txt", "x")
        archive.writestr(f"jones_1204_5504_parkcy_1205_5505_{NOTEBOOK}", notebook_text("fake"))
    report = run(course, source)
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert collected_marker(course, "bo-2") == "answer = 'bo'"
    assert not course.submitted("cy-3", ASSIGNMENT).exists()
    claimed = {c.learner for c in report.conflicts}
    assert claimed == {"doejane (Canvas user 1203)", "jones (Canvas user 1204)"}


def test_canvas_late_mark_decides_lateness(course, tmp_path):
    """Is a Canvas upload marked LATE recorded after the deadline even when the zip's time is
    earlier, and one without the mark recorded on time?"""
    due = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
    source = tmp_path / "submissions.zip"
    with zipfile.ZipFile(source, "w") as archive:
        early = zipfile.ZipInfo(f"limaana_LATE_1201_5501_{NOTEBOOK}", (2026, 3, 1, 9, 0, 0))
        archive.writestr(early, notebook_text("ana"))
        later = zipfile.ZipInfo(f"ekbo_1202_5502_{NOTEBOOK}", (2026, 3, 2, 9, 0, 0))
        archive.writestr(later, notebook_text("bo"))
    report = run(course, source, due=due)
    assert sorted(report.collected) == ["ana-1", "bo-2"]
    assert [late.learner for late in report.late] == ["ana-1"]
    assert collected_time(course, "bo-2") <= due


def test_moodle_zip_with_one_folder_per_participant(course, tmp_path):
    """Are Moodle's 'Full Name_id_assignsubmission_file_' folders matched by full name, a
    learner's own file name ignored, and a symbolic link in the zip refused?"""
    source = tmp_path / "moodle.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"Ana Lima_101_assignsubmission_file_/{NOTEBOOK}", notebook_text("ana"))
        archive.writestr(f"Cy Park_103_assignsubmission_file_/{NOTEBOOK}", notebook_text("cy"))
        archive.writestr("Cy Park_103_assignsubmission_file_/notes.txt", "not a notebook")
        archive.writestr("Zed Doe_104_assignsubmission_file_/bo-2.ipynb", notebook_text("z"))
        link = zipfile.ZipInfo(f"Bo Ek_102_assignsubmission_file_/{NOTEBOOK}")
        link.external_attr = (0o120777) << 16
        archive.writestr(link, "/etc/passwd")
    report = run(course, source)
    assert sorted(report.collected) == ["ana-1", "cy-3"]
    assert collected_marker(course, "cy-3") == "answer = 'cy'"
    assert "symbolic link in the zip" in conflict_for(report, "bo-2")[0].why
    assert not course.submitted("bo-2", ASSIGNMENT).exists()


def test_zip_entries_cannot_escape_and_bad_sources_are_named(course, tmp_path):
    """Is a '../' entry refused, a folder and a file both naming Bo both refused, and are a
    missing path and a non-zip file clear errors?"""
    source = tmp_path / "evil.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"../../{NOTEBOOK}", notebook_text("evil"))
        archive.writestr(f"ana-1/{NOTEBOOK}", notebook_text("ana"))
        archive.writestr(f"bo-2/{NOTEBOOK}", notebook_text("bo folder"))
        archive.writestr("bo-2.ipynb", notebook_text("bo file"))
    report = run(course, source)
    assert report.collected == ["ana-1"]
    assert "2 entries claim bo-2" in conflict_for(report, "bo-2")[0].why
    assert any("path leaves the zip" in c.why for c in report.conflicts)
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
    assert match_learner("Ana Lima", twins) == "ambiguous"
    assert match_learner("ana-9", twins).id == "ana-9"
    assert match_learner("ana-1_bo-2", ROSTER) is None
