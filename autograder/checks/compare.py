"""Number comparisons that use nothing a learner's kernel could have patched.

The verifier runs in its own process, but these helpers are also imported in the kernel by the
visible tests; they use only built-in arithmetic, never ``math`` or numpy.
"""

from __future__ import annotations

from collections.abc import Mapping


def close(actual: float, expected: float, *, absolute: float = 0.0, relative: float = 0.0) -> bool:
    """True when ``actual`` is within ``absolute`` of ``expected`` or within ``relative`` of it.

    Money and scores are compared to a stated tolerance because 0.8 * 0.4 * 60000 is
    19200.000000000004 in floating point (docs/evidence.md, "Grading numbers"). The two
    tolerances are named so that a small absolute one (0.005 on a 0-5 score) never turns into a
    loose relative one by accident.
    """
    difference = actual - expected
    if difference < 0:
        difference = -difference
    scale = expected if expected >= 0 else -expected
    return difference <= absolute or difference <= relative * scale


def first_mismatch(
    actual: Mapping[str, float],
    expected: Mapping[str, float],
    *,
    absolute: float = 0.0,
    relative: float = 0.0,
) -> str:
    """The first key (in the expected order) whose value is not close."""
    for key, value in expected.items():
        if not close(actual[key], value, absolute=absolute, relative=relative):
            return key
    raise ValueError("no mismatch")
