"""The shape checks every exercise shares: a wrong shape gets a sentence, never a crash."""

from __future__ import annotations

import pytest

from autograder.checks.failure import CheckFailed
from autograder.checks.shape import expect_number


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (-1, 0, None, "should be at least 0; yours is -1"),
        (7, None, 5, "should be at most 5; yours is 7"),
        (7, 0, 5, "should lie between 0 and 5; yours is 7"),
        ("7", 0, 5, "should be a number, but it is a str"),
    ],
)
def test_a_number_out_of_its_bounds_is_named_with_its_bound(value, low, high, expected):
    with pytest.raises(CheckFailed) as failure:
        expect_number(value, "hours", low, high)
    assert expected in str(failure.value)


@pytest.mark.parametrize(("low", "high"), [(0, None), (None, 5), (0, 5), (None, None)])
def test_a_number_within_its_bounds_passes(low, high):
    expect_number(3, "hours", low, high)
