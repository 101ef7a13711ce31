"""Tests for autograder/checks/plain.py: only exact built-in data reaches a comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autograder.checks.plain import NotPlainData, to_plain


class EqualsAnything:
    def __eq__(self, other):
        return True


class SneakyFloat(float):
    def __eq__(self, other):
        return True


class SneakyDict(dict):
    pass


def test_plain_data_round_trips():
    """Does plain data come back equal, tuples as lists and numpy scalars as numbers?"""
    answer = {"A": 3.5, "B": [1, 2, (3, 4)], "C": None, "D": True, "E": np.float64(2.25)}
    assert to_plain(answer) == {"A": 3.5, "B": [1, 2, [3, 4]], "C": None, "D": True, "E": 2.25}
    assert type(to_plain(np.int64(4))) is int


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (EqualsAnything(), "answer is a tests.checks.test_plain.EqualsAnything"),
        (SneakyFloat(1.0), "answer is a tests.checks.test_plain.SneakyFloat"),
        ({"A": SneakyFloat(2.0)}, "answer['A'] is a"),
        (SneakyDict(a=1), "SneakyDict"),
        ({1: 2.0}, "has a key int; use text keys"),
        (float("nan"), "give a finite number"),
        ([[[[[[[[[[1]]]]]]]]]], "nested too deeply"),
    ],
)
def test_untrusted_answers_are_refused(answer, expected):
    """Is an object that could rig a comparison refused, with where it sits in the answer?"""
    with pytest.raises(NotPlainData) as error:
        to_plain(answer)
    assert expected in str(error.value)


def test_pandas_answer_gets_a_hint():
    """Does a pandas Series get a message telling the learner to convert it?"""
    with pytest.raises(NotPlainData, match=r"\.to_dict\(\)"):
        to_plain(pd.Series({"A": 1.0}))
