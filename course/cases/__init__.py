"""Case studies for the course: fictional companies, their data, and per-learner variants.

Lessons, widgets and graders get every case from here, so they all see the same numbers:

- ``list_cases()``: one ``CaseSummary`` per case (id, kind, company, title, pitch);
- ``load_case(case_id)``: the validated base case, as the data files hold it;
- ``variant(case_id, learner_id)``: the learner's own numbers, rebuilt identically by the grader.

Each case is a frozen dataclass of its kind (``VendorSelectionCase``, ``SourcingCostCase``,
``SlaCase``, ``RiskCase``, ``NegotiationCase``, ``GovernanceCase``, ``EscalationCase``,
``SymptomsCase``) whose methods return the ``course.models`` objects the exercises need. The
data lives in ``course/cases/data/<case-id>/``; broken data raises ``CaseDataError`` naming file,
field and fix.
"""

from course.cases.case import Case, CaseSummary
from course.cases.errors import CaseDataError, UnknownCaseError
from course.cases.kinds import CASE_KINDS
from course.cases.kinds.escalation import EscalationCase, PriorityTarget
from course.cases.kinds.governance import GovernanceCase
from course.cases.kinds.negotiation import NegotiationCase
from course.cases.kinds.risk import RiskCase
from course.cases.kinds.sla import MonthRecord, SlaCase, SlaMonth
from course.cases.kinds.sourcing_cost import SourcingCostCase
from course.cases.kinds.symptoms import SymptomsCase
from course.cases.kinds.vendor_selection import Bid, VendorSelectionCase
from course.cases.loader import known_case_ids, list_cases, load_case
from course.cases.variants import variant

__all__ = [
    "CASE_KINDS",
    "Bid",
    "Case",
    "CaseDataError",
    "CaseSummary",
    "EscalationCase",
    "GovernanceCase",
    "MonthRecord",
    "NegotiationCase",
    "PriorityTarget",
    "RiskCase",
    "SlaCase",
    "SlaMonth",
    "SourcingCostCase",
    "SymptomsCase",
    "UnknownCaseError",
    "VendorSelectionCase",
    "known_case_ids",
    "list_cases",
    "load_case",
    "variant",
]
