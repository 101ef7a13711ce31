"""Capstone: one deal across its life cycle, made of sub-cases of the kinds the course met.

Why a composite: the capstone asks the questions of the earlier modules about one organisation,
so each step reuses its kind unchanged: ``decide`` is a sourcing-cost case, ``select`` a
vendor-selection case, ``contract`` an sla case and ``relationship`` a governance case, each
written in case.yml as that kind's own fields under its step's key. Each sub-case is parsed,
perturbed, checked for its story and near-ties by its own kind; this module only composes them
and adds the capstone's own facts (the month whose credit is invoiced, and the step the health
check says to fix first, which every variant keeps).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import Draw
from course.cases.fields import Fields
from course.cases.kinds import governance, sla, sourcing_cost, vendor_selection
from course.cases.source import COMMON_KEYS, Source, Table, common_fields

STEPS = {
    "decide": sourcing_cost.KIND,
    "select": vendor_selection.KIND,
    "contract": sla.KIND,
    "relationship": governance.KIND,
}
"""Each autograded step of the life cycle, in order, with the kind of its sub-case."""


@dataclass(frozen=True)
class CapstoneCase(Case):
    """One deal's sub-cases, one per life-cycle step (``STEPS``), and the credit month."""

    kind: ClassVar[str] = "capstone"

    decide: sourcing_cost.SourcingCostCase
    select: vendor_selection.VendorSelectionCase
    contract: sla.SlaCase
    relationship: governance.GovernanceCase
    credit_month: str

    def sub_cases(self) -> dict[str, Case]:
        """Each step's sub-case, in life-cycle order."""
        return {step: getattr(self, step) for step in STEPS}

    def validate(self) -> None:
        for case in self.sub_cases().values():
            case.validate()


# --- reading case files ----------------------------------------------------------------------


@dataclass(frozen=True)
class _StepSource:
    """One step's section of case.yml seen as a case of its own kind: the common fields of the
    capstone plus the section's fields, with errors named ``<step>.<field>``."""

    case_id: str
    main: Fields
    narrative: str
    parent: Source

    def table(self, field: Fields, key: str) -> Table:
        return self.parent.table(field, key)


def _step_source(source: Source, step: str) -> _StepSource:
    section = source.main.section(step)
    common = {key: source.main.data[key] for key in COMMON_KEYS if key in source.main.data}
    common["kind"] = STEPS[step].name
    for key in section.data:
        if key in COMMON_KEYS:
            section.fail(str(key), "set once at the top of case.yml", "remove it from the step")
    data = {**common, **section.data}
    return _StepSource(
        source.case_id, Fields(data, section.file, section.where), source.narrative, source
    )


def parse_capstone(source: Source) -> CapstoneCase:
    """Each step's section parsed by its own kind; the credit month must be a reported month."""
    main = source.main
    main.reject_unknown((*COMMON_KEYS, "credit_month", *STEPS))
    parts = {step: kind.parse(_step_source(source, step)) for step, kind in STEPS.items()}
    month = main.text("credit_month")
    labels = [record.label for record in parts["contract"].months]
    if month not in labels:
        main.fail(
            "credit_month",
            f"{month!r} is not a month of the contract's report",
            f"use one of {', '.join(labels)}",
        )
    return CapstoneCase(**common_fields(source), **parts, credit_month=month)


# --- variants --------------------------------------------------------------------------------


def perturb_capstone(case: CapstoneCase, draw: Draw) -> CapstoneCase:
    """Each sub-case moved by its own kind's perturbation, from one stream of draws."""
    moved = {step: STEPS[step].perturb(getattr(case, step), draw) for step in STEPS}
    return dataclasses.replace(case, **moved)


def fix_first(case: CapstoneCase) -> str:
    """The step the health check says to fix first (``course.models.governance``)."""
    return case.relationship.health_check().priorities[0]


STORY_STEPS = ("decide", "select", "contract")
"""The steps whose own kind's story the capstone keeps. The relationship's story is its draft
calendar's and RACI's findings, which the capstone does not grade; what it grades there is the
step to fix first, kept on its own."""


def _capstone_story(case: CapstoneCase) -> Hashable:
    """The graded steps' own stories, and the step to fix first."""
    return (
        tuple(STEPS[step].story(getattr(case, step)) for step in STORY_STEPS),
        fix_first(case),
    )


def _capstone_well_defined(case: CapstoneCase) -> bool:
    return all(STEPS[step].well_defined(sub) for step, sub in case.sub_cases().items())


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass(frozen=True)
class CapstoneView:
    """The capstone as plain data: one plain view per step, as the earlier exercises showed them.

    ``decide`` is a ``SourcingCostView``, ``select`` a ``VendorSelectionView``, ``contract`` an
    ``SlaView`` and ``relationship`` a ``GovernanceView``; ``credit_month`` is the label of the
    month whose service credit the contract manager invoices.
    """

    learner_id: str
    company: str
    currency: str
    credit_month: str
    decide: Any
    select: Any
    contract: Any
    relationship: Any


def plain_view(case: CapstoneCase, learner_id: str) -> CapstoneView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    views = {step: STEPS[step].plain_view(getattr(case, step), learner_id) for step in STEPS}
    return CapstoneView(
        learner_id=learner_id,
        company=case.company,
        currency=case.currency,
        credit_month=case.credit_month,
        **views,
    )


def describe(case: CapstoneView) -> list[object]:
    """What the exercise's setup cell shows: each step's tables, under the step's heading."""
    from IPython.display import Markdown

    parts: list[object] = [
        Markdown(
            f"**{case.company}**; every amount in {case.currency} unless a table says otherwise. "
            "Each step of the life cycle is one part of `case`: `case.decide`, `case.select`, "
            "`case.contract`, `case.relationship`."
        )
    ]
    headings = {
        "decide": "Step 1, decide (`case.decide`): in house against three options",
        "select": "Step 2, select (`case.select`): the bids and the panel's ratings",
        "contract": f"Step 3, contract (`case.contract`); the credit month is "
        f"`case.credit_month` = {case.credit_month!r}",
        "relationship": "Step 4, the drifting relationship (`case.relationship`)",
    }
    describers = {
        "decide": sourcing_cost.describe,
        "select": _describe_select,
        "contract": sla.describe,
        "relationship": _describe_relationship,
    }
    for step, heading in headings.items():
        parts.append(Markdown(f"### {heading}"))
        parts.extend(describers[step](getattr(case, step)))
    return parts


def _describe_select(view: vendor_selection.VendorSelectionView) -> list[object]:
    import pandas as pd
    from IPython.display import Markdown

    ratings = pd.DataFrame(view.ratings).T
    gates = pd.DataFrame(view.gates).T.replace({True: "pass", False: "fail"})
    return [
        Markdown(
            "Importance points `case.select.weights` (not normalised), minimums "
            f"`case.select.minimums` = {view.minimums}, ratings on the scale "
            f"{view.scale} (`case.select.ratings[vendor][criterion]`, price already rated):"
        ),
        pd.Series(view.weights, name="importance points").to_frame(),
        ratings,
        Markdown("Pass/fail gates (`case.select.gates[vendor][gate]`)"),
        gates,
    ]


def _describe_relationship(view: governance.GovernanceView) -> list[object]:
    from IPython.display import Markdown

    evidence = "\n".join(
        f"{number}. **{view.step_titles[step]}** (`{step}`), score "
        f"**{view.health_scores[step]}**/{view.max_score}: {view.health_evidence[step]}"
        for number, step in enumerate(view.steps, start=1)
    )
    return [
        Markdown(
            f"Year {view.contract_year} of {view.contract_years}; business satisfaction "
            f"{view.business_satisfaction} out of 5; every service level met in "
            f"{view.sla_months_met} of {view.sla_months_reported} months. The nine-step health "
            "check, in the steps' order (`case.relationship.steps`; scores in "
            "`case.relationship.health_scores`, 0 = absent ... "
            f"{view.max_score} = working well):\n\n{evidence}"
        ),
    ]


KIND = CaseKind(
    CapstoneCase,
    parse=parse_capstone,
    perturb=perturb_capstone,
    story=_capstone_story,
    well_defined=_capstone_well_defined,
    plain_view=plain_view,
)
