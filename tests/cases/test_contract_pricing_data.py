"""Does broken contract-pricing data stop the load naming the file, the field and a fix?

Each test copies the Brightwater case, breaks one term the way an author might (bands out of
order, a capped top band, an index floor above its cap, a month missing) and reads the copy.
"""

from __future__ import annotations

import pytest

from tests.cases.test_broken_data import copy_case, edit, load_error

CASE = "brightwater-desk-pricing"

BROKEN = [
    (
        "case.yml",
        "      - {up_to: 4500, price: 19}",
        "      - {up_to: 3000, price: 19}",
        "pricing.unit-price.bands[2].up_to",
        "band limits must rise",
    ),
    ("case.yml", "      - {price: 15}", "      - {up_to: 9000, price: 15}", "up_to", "last band"),
    ("case.yml", "  floor: 0.0", "  floor: 0.05", "indexation.floor", "above the cap"),
    ("demand.csv", "2027-12,3900\n", "", "demand", "11 months"),
    ("case.yml", "    hourly_rate: 46", "    hourly_rate: -46", "hourly_rate", "out of range"),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "problem"), BROKEN)
def test_broken_terms_are_refused_naming_the_field(tmp_path, file, old, new, field, problem):
    """Is each broken term refused with its file and field, and a problem a person can act on?"""
    folder = copy_case(tmp_path, CASE)
    edit(folder / file, old, new)
    error = load_error(folder)
    assert field in error.field
    assert problem in error.problem
    assert error.fix
