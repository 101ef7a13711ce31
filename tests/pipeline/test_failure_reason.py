"""Does an instructor get a reason they can act on when a submission cannot be graded?"""

from __future__ import annotations

from autograder.nbgrader_failure import failure_reason


def test_damaged_json_is_named():
    """Is nbgrader's JSON error turned into 'not valid JSON'?"""
    result = {"log": "[ERROR] NotJSONError: Notebook does not appear to be JSON: ''", "error": ""}
    assert "not valid JSON" in failure_reason(result)


def test_generic_lines_give_way_to_the_specific_error():
    """Is nbgrader's 'see the above traceback' line skipped for the error that caused it?"""
    result = {
        "log": "[INFO] Converting notebook\n[ERROR] Please see the the above traceback for details",
        "error": "Traceback (most recent call last):\n  ...\n"
        "nbgrader.nbgraderformat.common.SchemaTooNewError: a cell uses schema version 10",
    }
    assert failure_reason(result).endswith("a cell uses schema version 10")


def test_no_words_at_all():
    """Does an empty result still give a sentence?"""
    assert failure_reason({}) == "nbgrader gave no reason"
