"""Transition: the processes handed over, the gates' criteria, the weekly readiness report and the
draft contract's exit clauses (``course.models.transition``).

Variants move the reverse-shadowing quality and parallel-run figures of the readiness report and
the minimum lengths of the parallel run and stabilisation, never the names, the targets or the
exit clauses: the planned cutover stays a no-go on reverse-shadowing quality alone, while the
earliest week every criterion is met moves from learner to learner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import Draw, round_to
from course.cases.errors import CaseDataError
from course.cases.source import Source, allow_case_keys, common_fields, frozen
from course.models.errors import ModelInputError, did_you_mean
from course.models.transition import (
    CUTOVER,
    EXIT_PRICES,
    GATE_POINTS,
    KT_MEASURES,
    PARALLEL_RUN,
    PHASES,
    RULES,
    STABILISATION,
    Criterion,
    ExitNeeds,
    ExitTerms,
    Programme,
    decide_gate,
    earliest_go_week,
    exit_verdicts,
)

QUALITY = "reverse-shadow-quality"
"""The criterion that lags in the case's story: the provider is not yet good enough alone."""
MATCH = "parallel-run-match"


@dataclass(frozen=True)
class TransitionCase(Case):
    """A transition under way and the plan of its next wave.

    ``readiness`` maps each reported week to criterion -> percentage; the cutover gate is planned
    for ``planned_cutover_week``. ``exit_terms`` are the draft contract's exit clauses and
    ``exit_needs`` what an exit must cover. Feeds ``course.models.transition``.
    """

    kind: ClassVar[str] = "transition"

    provider: str
    programme: Programme
    planned_cutover_week: int
    readiness: Mapping[int, Mapping[str, float]]
    exit_terms: ExitTerms
    exit_needs: ExitNeeds

    @property
    def cutover_criteria(self) -> tuple[str, ...]:
        return self.programme.required_gates.get(CUTOVER, ())

    def validate(self) -> None:
        """The planned week must be in the report, and a plan must fit before the deadline."""
        if self.planned_cutover_week not in self.readiness:
            raise ModelInputError("planned_cutover_week", "not a week of the readiness report")
        shortest = sum(self.programme.min_weeks.get(phase, 1) for phase in PHASES)
        if shortest >= self.programme.deadline_week:
            raise ModelInputError(
                "deadline_week", f"the phases need {shortest} weeks at least", "a later week"
            )


# --- reading case files ----------------------------------------------------------------------


def parse_transition(source: Source) -> TransitionCase:
    """Processes, criteria, minimum weeks, gates and exit clauses from case.yml; the weekly
    readiness report from a table."""
    main = source.main
    allow_case_keys(
        main,
        "provider processes criteria min_weeks required_gates deadline_week "
        "planned_cutover_week readiness exit",
    )
    criteria = []
    for item in main.sections("criteria", label="id"):
        item.reject_unknown(("id", "label", "target", "measured_in"))
        criteria.append(
            Criterion(
                item.text("id"),
                item.text("label"),
                item.number("target", 0, 100),
                item.choice("measured_in", PHASES),
            )
        )
    known = [c.id for c in criteria]
    weeks_section = main.section("min_weeks")
    weeks_section.reject_unknown(PHASES)
    min_weeks = {phase: weeks_section.integer(phase, 1) for phase in PHASES}
    gates_section = main.section("required_gates")
    gates_section.reject_unknown(GATE_POINTS)
    required = {}
    for point in GATE_POINTS:
        if gates_section.has(point):
            ids = gates_section.texts(point)
            for criterion in ids:
                if criterion not in known:
                    gates_section.fail(
                        point, f"unknown criterion {criterion!r}", "an id of criteria"
                    )
            required[point] = ids
    table = source.table(main, "readiness")
    table.require_columns(("week",))
    for column in table.columns[1:]:
        if column not in known:
            raise CaseDataError(
                table.file,
                f"column {column!r}",
                f"not a criterion id{did_you_mean(column, known)}",
                "name each column after an id in criteria",
            )
    readiness = {
        row.integer("week", 1): frozen({c: row.number(c, 0, 100) for c in table.columns[1:]})
        for row in table.rows
    }
    exit_section = main.section("exit")
    exit_section.reject_unknown(("resourcing_months", "max_data_days", "draft"))
    draft = exit_section.section("draft")
    draft.reject_unknown([f.name for f in dataclasses.fields(ExitTerms)])
    terms = ExitTerms(
        termination_assistance_months=draft.integer("termination_assistance_months", 0)
        if draft.has("termination_assistance_months")
        else None,
        data_format=draft.optional_text("data_format"),
        data_return_days=draft.integer("data_return_days", 0)
        if draft.has("data_return_days")
        else None,
        deletion_certificate=draft.boolean("deletion_certificate"),
        knowledge_transfer_back=draft.boolean("knowledge_transfer_back"),
        staff_transfer=draft.boolean("staff_transfer"),
        asset_transfer=draft.boolean("asset_transfer"),
        licence_transfer=draft.boolean("licence_transfer"),
        exit_price=draft.choice("exit_price", EXIT_PRICES) if draft.has("exit_price") else None,
    )
    return TransitionCase(
        **common_fields(source),
        provider=main.text("provider"),
        programme=Programme(
            processes=main.texts("processes"),
            criteria=tuple(criteria),
            min_weeks=frozen(min_weeks),
            required_gates=frozen(required),
            deadline_week=main.integer("deadline_week", 2),
        ),
        planned_cutover_week=main.integer("planned_cutover_week", 1),
        readiness=frozen(readiness),
        exit_terms=terms,
        exit_needs=ExitNeeds(
            exit_section.integer("resourcing_months", 1), exit_section.integer("max_data_days", 1)
        ),
    )


# --- variants --------------------------------------------------------------------------------


def perturb_transition(case: TransitionCase, draw: Draw) -> TransitionCase:
    """Reverse-shadowing quality moves by one offset for every week (-1.5 to +3.5 points, in
    half points), parallel-run match by -1 to +0.5, and each other criterion's figures below 100%
    by -4 to +2 (staying below 100%); the minimum parallel run and stabilisation move by a week
    either way. Targets, names and exit clauses stay, so the story stays."""
    quality = round_to(draw.uniform(-1.5, 3.5), 0.5)
    match = round_to(draw.uniform(-1.0, 0.5), 0.5)
    columns = sorted({c for values in case.readiness.values() for c in values})
    early = {c: round_to(draw.uniform(-4.0, 2.0), 0.5) for c in columns}

    def moved(values: Mapping[str, float]) -> Mapping[str, float]:
        new = dict(values)
        for criterion, value in values.items():
            if criterion == QUALITY:
                new[criterion] = min(100.0, max(0.0, value + quality))
            elif criterion == MATCH:
                new[criterion] = min(100.0, max(0.0, value + match))
            elif value < 100:
                new[criterion] = min(99.5, max(0.0, value + early[criterion]))
        return frozen(new)

    programme = case.programme
    min_weeks = dict(programme.min_weeks)
    min_weeks[PARALLEL_RUN] = draw.nudged(min_weeks[PARALLEL_RUN], 2, 8)
    min_weeks[STABILISATION] = draw.nudged(min_weeks[STABILISATION], 3, 10)
    return dataclasses.replace(
        case,
        programme=dataclasses.replace(programme, min_weeks=frozen(min_weeks)),
        readiness=frozen({week: moved(values) for week, values in case.readiness.items()}),
    )


# --- what a variant keeps --------------------------------------------------------------------


def average_go_week(case: TransitionCase) -> int | None:
    """The first week whose average figure reaches the average target: the misreading that a gate
    is a score. What a variant must keep earlier than the true earliest week."""
    targets = [case.programme.criterion(c).target for c in case.cutover_criteria]
    goal = sum(targets) / len(targets)
    for week in sorted(case.readiness):
        values = [case.readiness[week].get(c, 0.0) for c in case.cutover_criteria]
        if sum(values) / len(values) >= goal:
            return week
    return None


def _transition_story(case: TransitionCase) -> Hashable:
    """The planned cutover's verdict and failing criteria, whether the average would have said
    go by then, whether a week passes at all, and the exit verdicts."""
    decision = decide_gate(
        case.programme, case.cutover_criteria, case.readiness[case.planned_cutover_week]
    )
    earliest = earliest_go_week(case.programme, case.cutover_criteria, case.readiness)
    average = average_go_week(case)
    return (
        decision.verdict,
        decision.failing,
        earliest is not None and average is not None and average < earliest,
        tuple(sorted(exit_verdicts(case.exit_terms, case.exit_needs).items())),
    )


def _transition_well_defined(case: TransitionCase) -> bool:
    """No figure of a cutover criterion sits within a quarter point of its target: ``>`` and
    ``>=`` must give the same weeks."""
    for values in case.readiness.values():
        for criterion_id in case.cutover_criteria:
            target = case.programme.criterion(criterion_id).target
            value = values.get(criterion_id, 0.0)
            if target < 100 and abs(value - target) < 0.25:
                return False
    return True


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass
class TransitionView:
    """A case as plain data: what the notebook shows and the checks read back into the model.

    It holds no computed result: gate outcomes, weeks and verdicts are the learner's to work out.
    """

    learner_id: str
    company: str
    provider: str
    processes: list[str]
    phases: list[str]
    kt_measures: list[str]
    criteria: dict[str, dict[str, Any]]  # id -> label, target, measured_in
    min_weeks: dict[str, int]
    required_gates: dict[str, list[str]]
    deadline_week: int
    planned_cutover_week: int
    readiness: dict[int, dict[str, float]]
    exit_draft: dict[str, Any]
    resourcing_months: int
    max_data_days: int
    rules: list[str]


def programme_of(view: TransitionView) -> Programme:
    """The model's programme for a plain view."""
    return Programme(
        processes=tuple(view.processes),
        criteria=tuple(
            Criterion(cid, str(c["label"]), float(c["target"]), str(c["measured_in"]))
            for cid, c in view.criteria.items()
        ),
        min_weeks=dict(view.min_weeks),
        required_gates={point: tuple(ids) for point, ids in view.required_gates.items()},
        deadline_week=int(view.deadline_week),
    )


def exit_of(view: TransitionView) -> tuple[ExitTerms, ExitNeeds]:
    """The draft's exit terms and what the exit needs, for the model."""
    return ExitTerms(**view.exit_draft), ExitNeeds(view.resourcing_months, view.max_data_days)


def plain_view(case: TransitionCase, learner_id: str) -> TransitionView:
    """``case`` as the plain data the exercise shows and its checks read."""
    programme = case.programme
    return TransitionView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        processes=list(programme.processes),
        phases=list(PHASES),
        kt_measures=list(KT_MEASURES),
        criteria={
            c.id: {"label": c.label, "target": float(c.target), "measured_in": c.measured_in}
            for c in programme.criteria
        },
        min_weeks=dict(programme.min_weeks),
        required_gates={point: list(ids) for point, ids in programme.required_gates.items()},
        deadline_week=programme.deadline_week,
        planned_cutover_week=case.planned_cutover_week,
        readiness={week: dict(values) for week, values in case.readiness.items()},
        exit_draft=dataclasses.asdict(case.exit_terms),
        resourcing_months=case.exit_needs.resourcing_months,
        max_data_days=case.exit_needs.max_data_days,
        rules=list(RULES),
    )


def describe(case: TransitionView) -> list[Any]:
    """What the exercise's setup cell shows: the criteria, the minimum weeks, the readiness report
    and the draft exit clauses."""
    import pandas as pd
    from IPython.display import Markdown

    def table(frame: pd.DataFrame) -> object:
        return frame.style.format(escape="html", precision=1).set_properties(
            **{"text-align": "left"}
        )

    criteria = pd.DataFrame(
        {
            cid: {
                "what it measures": c["label"],
                "target": f"{c['target']:g}%",
                "first measured in": c["measured_in"],
            }
            for cid, c in case.criteria.items()
        }
    ).T
    weeks = pd.DataFrame({"shortest length (weeks)": case.min_weeks})
    required = pd.DataFrame(
        {
            "criteria the gate must judge": {
                p: ", ".join(ids) for p, ids in case.required_gates.items()
            }
        }
    )
    report = pd.DataFrame(case.readiness).T
    report.index.name = "week"
    draft = pd.DataFrame({"draft contract says": {k: _said(v) for k, v in case.exit_draft.items()}})
    return [
        Markdown(
            f"**{case.company}** moves work to **{case.provider}**. The second wave hands over "
            f"(`case.processes`): {', '.join(case.processes)}. Steady state by week "
            f"**{case.deadline_week}** (`case.deadline_week`)."
        ),
        Markdown("The readiness criteria a gate can judge (`case.criteria`, in percent):"),
        table(criteria),
        Markdown("The shortest length of each phase (`case.min_weeks`):"),
        table(weeks),
        Markdown("The gates the programme board requires (`case.required_gates`):"),
        table(required),
        Markdown(
            "The first wave's weekly readiness report (`case.readiness`, week -> criterion -> "
            f"percent); its cutover gate is planned for week **{case.planned_cutover_week}** "
            "(`case.planned_cutover_week`):"
        ),
        table(report),
        Markdown(
            f"The draft contract's exit clauses (`case.exit_draft`). Choosing a successor and "
            f"moving the work takes **{case.resourcing_months} months** "
            f"(`case.resourcing_months`); {case.company} can wait at most "
            f"**{case.max_data_days} days** for its data (`case.max_data_days`)."
        ),
        table(draft),
    ]


def _said(value: Any) -> str:
    """A draft clause in words: silent, agreed, or its value (never ``True`` or ``None``)."""
    if value is None or value is False:
        return "(silent)"
    return "agreed" if value is True else str(value)


KIND = CaseKind(
    TransitionCase,
    parse=parse_transition,
    perturb=perturb_transition,
    story=_transition_story,
    well_defined=_transition_well_defined,
    plain_view=plain_view,
)
