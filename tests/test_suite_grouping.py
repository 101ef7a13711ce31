"""Does ``make test`` keep each xdist group on one worker, as the expensive modules rely on?

The cohort, equivalence, exchange and hub modules build one costly fixture for the module and
run their tests in order on it (``pytest.mark.xdist_group``). If the installed pytest and
pytest-xdist stop agreeing on how a group is named (pytest 9.2 with pytest-xdist 3.8 did), those
tests spread over both workers: every fixture is built twice and the hub's ordered steps split.
"""

from __future__ import annotations

import pytest

GROUP = "suite-grouping"


@pytest.mark.xdist_group(GROUP)
def test_a_grouped_test_carries_its_group_in_its_id(request):
    """Under ``--dist loadgroup`` xdist can only schedule by group if the id names it."""
    if not getattr(request.config.option, "loadgroup", False):  # set on each xdist worker
        pytest.skip("not run by `make test` (pytest -n 2 --dist loadgroup)")
    assert request.node.nodeid.endswith(f"@{GROUP}"), (
        f"{request.node.nodeid!r} does not name its xdist group: this pytest and pytest-xdist "
        "do not keep groups together (see the pin in pyproject.toml)"
    )
