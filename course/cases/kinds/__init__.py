"""Every kind of case, registered once: one module per kind, listed here in the course's order.

A kind's module holds everything about it (data class, parser, perturbation for variants,
invariants, the plain view a checker needs) and ends with ``KIND = CaseKind(...)``. Adding a kind
means writing that module and adding it to ``_MODULES``; nothing else dispatches on a kind.
"""

from __future__ import annotations

from course.cases.case import Case, CaseKind
from course.cases.kinds import (
    capstone,
    contract_pricing,
    escalation,
    governance,
    leadership,
    negotiation,
    reskilling,
    risk,
    sla,
    sourcing_cost,
    symptoms,
    transition,
    vendor_selection,
    working_hours,
)
from course.cases.source import Source

_MODULES = (
    vendor_selection,
    sourcing_cost,
    sla,
    risk,
    negotiation,
    governance,
    escalation,
    leadership,
    symptoms,
    reskilling,
    transition,
    working_hours,
    capstone,
    contract_pricing,
)

KINDS: dict[str, CaseKind] = {module.KIND.name: module.KIND for module in _MODULES}
"""Each kind by its name (``kind:`` in case.yml), in the order the course meets them."""

CASE_KINDS: tuple[type[Case], ...] = tuple(kind.case_class for kind in KINDS.values())
"""Every kind's data class, in the order the course meets them."""


def kind_of(case: Case) -> CaseKind:
    """The registered kind of ``case``."""
    return KINDS[case.kind]


def parse_case(source: Source) -> Case:
    """The case object for ``source``, parsed by the kind its ``kind`` field names."""
    return KINDS[source.main.choice("kind", KINDS)].parse(source)
