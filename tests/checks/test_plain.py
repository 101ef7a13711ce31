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


def test_honest_containers_and_scalars_are_read_for_their_content():
    """Are a defaultdict, an OrderedDict, a Counter and numpy's str_ and bool_ taken as what
    they hold, as exact built-in types?"""
    from collections import Counter, OrderedDict, defaultdict

    totals = defaultdict(float, {"A": 3.5})
    assert to_plain(totals) == {"A": 3.5} and type(to_plain(totals)) is dict
    assert to_plain(OrderedDict(b=1, a=2)) == {"b": 1, "a": 2}
    assert to_plain(Counter({"x": 2})) == {"x": 2}
    name = to_plain(np.str_("Baltic Service Partners"))
    assert name == "Baltic Service Partners" and type(name) is str
    flag = to_plain(np.bool_(True))
    assert flag is True


def test_a_huge_whole_number_gets_a_reason_not_a_crash():
    """Is a 401-digit answer refused with a message naming its size, before any comparison?"""
    with pytest.raises(NotPlainData, match="401 digits"):
        to_plain({"A": 10**400})
    assert to_plain(10**12) == 10**12


def test_lone_surrogates_are_replaced_not_fatal():
    """Does text with a lone surrogate come back storable (UTF-8), the rest of it intact?"""
    text = to_plain("Baltic\udcff Partners")
    assert text == "Baltic\ufffd Partners"
    text.encode("utf-8")
