"""Which lesson section each check of an exercise sends a learner back to.

Why grouped by heading: several checks test one idea, taught in one section; writing each
heading once, with the checks under it, keeps the table short and the headings spelled once
(a test checks that every heading exists in the lesson).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def lesson_sections(
    notebook: str, checks_by_heading: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, str]]:
    """Check id -> (lesson notebook, heading), from the headings and the checks under each."""
    return {
        check: (notebook, heading)
        for heading, checks in checks_by_heading.items()
        for check in checks
    }
