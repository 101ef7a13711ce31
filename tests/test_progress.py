"""Tests for course/progress.py and course/progress_report.py: the learner's progress log."""

from __future__ import annotations

import json
import multiprocessing
import warnings
from pathlib import Path

import pytest

from course.catalog import load_catalog
from course.exercise_parts import autograded_parts
from course.progress import ProgressStore, ProgressWarning, record
from course.progress_report import completion_summary_html, progress_text, summarise
from course.self_checks import load_questions

CATALOG = load_catalog()


def make_workspace(folder):
    (folder / ".course").mkdir(parents=True)
    (folder / ".course" / "workspace.json").write_text("{}")
    return folder


def _write_many(folder: str, writer: int, count: int) -> None:
    store = ProgressStore(Path(folder))
    for number in range(count):
        store.record(
            "self-check", module="negotiation", question=f"q{writer}-{number}", correct=True
        )


def test_two_kernels_writing_at_once_lose_nothing(tmp_path):
    """Do 2 processes appending 300 events each at the same time leave 600 readable events?"""
    make_workspace(tmp_path)
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_many, args=(str(tmp_path), w, 300)) for w in (1, 2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a torn line would warn, and fail here
        events = ProgressStore(tmp_path).events()
    assert len(events) == 600
    assert {e["question"] for e in events} == {f"q{w}-{n}" for w in (1, 2) for n in range(300)}


def test_a_damaged_file_is_reported_and_set_aside_not_reset(tmp_path):
    """Is a file with an unreadable line kept aside (named in a warning), its good lines kept?"""
    make_workspace(tmp_path)
    store = ProgressStore(tmp_path)
    store.record("lesson", module="negotiation", notebook="lesson")
    with store.path.open("a") as handle:
        handle.write('{"kind": "self-check", "module": "negot\n')  # cut off mid-line
    store.record("lesson", module="challenges", notebook="lesson")
    with pytest.warns(ProgressWarning, match=r"1 line\(s\) could not be read.*2 were kept"):
        events = store.events()
    assert [e["module"] for e in events] == ["negotiation", "challenges"]
    aside = list(store.path.parent.glob("progress.damaged-*.jsonl"))
    assert len(aside) == 1 and "negot\n" in aside[0].read_text()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(store.events()) == 2  # the rewritten file reads cleanly


def test_nothing_is_recorded_outside_a_workspace(tmp_path, monkeypatch):
    """Does a lesson run outside any workspace (the repository, a test) leave no trace?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_WORKSPACE", raising=False)
    assert record("lesson", module="negotiation", notebook="lesson") is False
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_event_kind_is_refused(tmp_path):
    make_workspace(tmp_path)
    with pytest.raises(ValueError, match="unknown progress event"):
        ProgressStore(tmp_path).record("party", module="x")


def _all_done_events() -> list[dict]:
    events = []
    for module in CATALOG.modules:
        for notebook in module.notebooks:
            events.append(
                {"kind": "lesson", "module": module.id, "notebook": notebook.split("/")[-1][:-6]}
            )
        for question in load_questions(module.id):
            events.append(
                {"kind": "self-check", "module": module.id, "question": question, "correct": True}
            )
    for exercise in CATALOG.exercises:
        for check, points in autograded_parts(CATALOG, exercise).items():
            events.append(
                {
                    "kind": "exercise-check",
                    "exercise": exercise.id,
                    "check": check,
                    "earned": points,
                }
            )
    return events


def test_statuses_follow_the_events():
    """Not started, in progress and done: does each module's status follow what was recorded?"""
    assert {m.status for m in summarise(CATALOG, [], "x").modules} == {"not started"}
    first = next(iter(load_questions("negotiation")))
    one = [{"kind": "self-check", "module": "negotiation", "question": first, "correct": False}]
    statuses = {m.id: m.status for m in summarise(CATALOG, one, "x").modules}
    assert statuses["negotiation"] == "in progress"
    assert statuses["challenges"] == "not started"
    done = summarise(CATALOG, _all_done_events(), "x")
    assert done.complete
    count = len(CATALOG.modules)
    assert f"{count} of {count} modules done." in progress_text(done)


def test_the_latest_check_of_a_part_counts():
    """Does an exercise part count its latest result, so fixing an answer raises the points?"""
    exercise = CATALOG.exercise("score-a-vendor")
    points = autograded_parts(CATALOG, exercise)["weighted-totals"]
    check = {"kind": "exercise-check", "exercise": exercise.id, "check": "weighted-totals"}
    events = [{**check, "earned": 0}, {**check, "earned": points}]
    module = next(m for m in summarise(CATALOG, events, "x").modules if m.id == exercise.module)
    result = next(e for e in module.exercises if e.id == exercise.id)
    assert (result.earned, result.checked) == (points, 1)
    assert not result.complete


def test_completion_summary_names_the_learner_and_the_state(tmp_path):
    """Does the summary page say "completed" only when every module is done?"""
    page = completion_summary_html(summarise(CATALOG, _all_done_events(), "ana"), CATALOG.title)
    assert "Course completed" in page and "ana" in page and "<table" in page
    partial = completion_summary_html(summarise(CATALOG, [], "ana"), CATALOG.title)
    assert "Course in progress" in partial
    json.dumps(page)  # plain text, nothing that cannot be stored
