"""Transition, knowledge transfer and exit: a transition plan with go/no-go gates, the readiness
those gates judge, and a review of the exit clauses of a draft contract.

Why: Beulen, Tiwari and van Heck ("Understanding transition performance during offshore IT
outsourcing", 2011) find that transition performance rests on transition planning, knowledge
transfer, transition governance and the retained organisation, knowledge transfer and governance
weighing most. Overby ("The Hidden Costs of Offshore Outsourcing", CIO, 2003) reports that
selecting a provider takes six to twelve months, and that during a transition the client pays
twice while its own staff and the provider's run side by side. The rules below turn that into a
plan a grader can judge: every phase in its place, every gate with criteria and an owner, knowledge
proven by the provider doing the work (reverse shadowing) before anyone switches over, a parallel
run and a stabilisation period, and an exit that can be carried out. Phase names, the minimum
lengths and "a gate opens only when every criterion is met" are COURSE CONVENTIONS
(docs/evidence.md, E14).

A learner's plan is data to be judged: ``read_plan`` fails only on names the case does not know or
values of the wrong type; ``validate_plan`` then returns every problem at once as findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from course.models.errors import Finding, ModelInputError, Severity, did_you_mean, require_records

# --- the phases of a transition ----------------------------------------------------------------

DUE_DILIGENCE = "due-diligence"
SHADOWING = "shadowing"
REVERSE_SHADOWING = "reverse-shadowing"
PARALLEL_RUN = "parallel-run"
CUTOVER = "cutover"
STABILISATION = "stabilisation"
STEADY_STATE = "steady-state"

PHASES = (DUE_DILIGENCE, SHADOWING, REVERSE_SHADOWING, PARALLEL_RUN, CUTOVER, STABILISATION)
"""The phases of a transition in the order they run: check what is handed over, the provider
watches (shadowing), the provider does the work while the client's staff watch (reverse
shadowing), both run the service side by side (parallel run), the switch, and a period of close
watch before the service counts as steady (stabilisation)."""

GATE_POINTS = (*PHASES, STEADY_STATE)
"""Where a go/no-go gate can stand: before any phase, or before steady state."""

KT_MEASURES = ("runbook", "shadowing", "reverse-shadowing", "capability-sign-off")
"""What the knowledge-transfer checklist asks for every process handed over: a written runbook,
the provider watching the work, the provider doing it under watch, and a signed statement that
the provider can run it."""

# --- the rules ---------------------------------------------------------------------------------

RULE_PHASE_MISSING = "phase-missing"
RULE_PHASE_ONCE = "phase-once"
RULE_PHASE_ORDER = "phase-order"
RULE_PHASE_LENGTH = "phase-long-enough"
RULE_REVERSE_BEFORE_CUTOVER = "reverse-shadowing-before-cutover"
RULE_PARALLEL_RUN = "parallel-run"
RULE_STABILISATION = "stabilisation-before-steady-state"
RULE_DEADLINE = "within-deadline"
RULE_GATE_CRITERIA = "gate-has-criteria"
RULE_GATE_OWNER = "gate-has-owner"
RULE_GATE_ORDER = "gate-order"
RULE_CRITERIA_MEASURABLE = "criteria-measurable"
RULE_REQUIRED_GATES = "required-gates"
RULE_KT_CHECKLIST = "kt-checklist-complete"

PHASE_RULES = (
    RULE_PHASE_MISSING,
    RULE_PHASE_ONCE,
    RULE_PHASE_ORDER,
    RULE_PHASE_LENGTH,
    RULE_REVERSE_BEFORE_CUTOVER,
    RULE_PARALLEL_RUN,
    RULE_STABILISATION,
    RULE_DEADLINE,
)
"""The rules about the timeline of phases."""

GATE_RULES = (
    RULE_GATE_CRITERIA,
    RULE_GATE_OWNER,
    RULE_GATE_ORDER,
    RULE_CRITERIA_MEASURABLE,
    RULE_REQUIRED_GATES,
)
"""The rules about the go/no-go gates."""

RULES = (*PHASE_RULES, *GATE_RULES, RULE_KT_CHECKLIST)
"""Every rule id ``validate_plan`` can report; ids are stable so grader checks can name them."""

PHASE_FIELDS = ("phase", "start_week", "weeks")
GATE_FIELDS = ("before", "owner", "criteria")
CHECKLIST_FIELDS = ("owner", "measures")


@dataclass(frozen=True)
class Criterion:
    """One readiness criterion a gate can judge: a percentage that must reach ``target``, which
    can first be measured once the phase ``measured_in`` has run (reverse-shadowing quality
    cannot be judged before the provider has handled a ticket)."""

    id: str
    label: str
    target: float
    measured_in: str


@dataclass(frozen=True)
class Programme:
    """What a transition plan answers to: the processes handed over, the criteria on offer, the
    shortest length of each phase in weeks, the gates and criteria the client requires, and the
    week by which the service must reach steady state."""

    processes: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    min_weeks: Mapping[str, int]
    required_gates: Mapping[str, tuple[str, ...]]
    deadline_week: int

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)


@dataclass(frozen=True)
class Phase:
    """One phase, running in weeks ``start_week`` to ``start_week + weeks - 1``."""

    name: str
    start_week: int
    weeks: int

    @property
    def end_week(self) -> int:
        return self.start_week + self.weeks - 1


@dataclass(frozen=True)
class Gate:
    """A go/no-go gate held before the phase ``before`` (or before steady state), decided by
    ``owner`` on ``criteria``."""

    before: str
    owner: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class KtEntry:
    """The knowledge-transfer checklist of one process: who on the provider's side owns it and
    the measures planned."""

    owner: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class TransitionPlan:
    """Phases, gates and the knowledge-transfer checklist (process -> entry), as the model reads
    them."""

    phases: tuple[Phase, ...]
    gates: tuple[Gate, ...]
    checklist: Mapping[str, KtEntry]

    def phase(self, name: str) -> Phase | None:
        return next((p for p in self.phases if p.name == name), None)


# --- reading a plan typed by hand ----------------------------------------------------------------


def read_plan(
    programme: Programme, phases: object, gates: object = (), checklist: object = None
) -> TransitionPlan:
    """Build a plan from plain data: a list of phase dicts, a list of gate dicts and a dict
    process -> {"owner", "measures"}.

    Refuses only what cannot be judged: an unknown phase, criterion, process or measure (with a
    did-you-mean), a missing key, a week that is not a whole number, a phase shorter than a week.
    Everything else, however poor, becomes a plan for ``validate_plan`` to judge.
    """
    read_phases = []
    for where, record in require_records("phases", phases, list(PHASE_FIELDS), "a dict per phase"):
        _known(f"{where}.phase", record["phase"], PHASES, "a phase")
        start = _whole(f"{where}.start_week", record["start_week"], 1)
        weeks = _whole(f"{where}.weeks", record["weeks"], 1)
        read_phases.append(Phase(record["phase"], start, weeks))
    read_gates = []
    known_criteria = [c.id for c in programme.criteria]
    for where, record in require_records("gates", gates, list(GATE_FIELDS), "a dict per gate"):
        _known(f"{where}.before", record["before"], GATE_POINTS, "a phase or 'steady-state'")
        owner = record["owner"]
        if owner is not None and not isinstance(owner, str):
            raise ModelInputError(f"{where}.owner", f"expected a text, got {owner!r}", "a role")
        criteria = _texts(f"{where}.criteria", record["criteria"])
        for index, criterion in enumerate(criteria):
            _known(f"{where}.criteria[{index}]", criterion, known_criteria, "a criterion id")
        read_gates.append(Gate(record["before"], (owner or "").strip(), criteria))
    entries: dict[str, KtEntry] = {}
    if checklist is None:
        checklist = {}
    if not isinstance(checklist, Mapping):
        raise ModelInputError("checklist", f"expected a dict, got {checklist!r}", "a dict")
    for process, entry in checklist.items():
        where = f"checklist[{process!r}]"
        _known(where, process, programme.processes, "a process handed over")
        if not isinstance(entry, Mapping) or set(entry) != set(CHECKLIST_FIELDS):
            raise ModelInputError(
                where, f"expected a dict with keys owner and measures, got {entry!r}", "a dict"
            )
        owner = entry["owner"]
        if owner is not None and not isinstance(owner, str):
            raise ModelInputError(f"{where}.owner", f"expected a text, got {owner!r}", "a name")
        measures = _texts(f"{where}.measures", entry["measures"])
        for measure in measures:
            _known(f"{where}.measures", measure, KT_MEASURES, "a knowledge-transfer measure")
        entries[process] = KtEntry((owner or "").strip(), measures)
    return TransitionPlan(tuple(read_phases), tuple(read_gates), entries)


def _known(where: str, value: object, known: Sequence[str], what: str) -> None:
    if not isinstance(value, str) or value not in known:
        raise ModelInputError(
            where, f"{value!r} is not {what}{did_you_mean(value, known)}", ", ".join(known)
        )


def _whole(where: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ModelInputError(where, f"expected a whole number, got {value!r}", f"{low} or more")
    return value


def _texts(where: str, value: object) -> tuple[str, ...]:
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise ModelInputError(where, f"expected a list of texts, got {value!r}", "a list")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise ModelInputError(where, f"expected texts, got {item!r}", "a list of texts")
    return items


# --- judging a plan ------------------------------------------------------------------------------


def gate_week(plan: TransitionPlan, point: str) -> int | None:
    """The week a gate before ``point`` is held: the first week of that phase, or the week after
    stabilisation ends for steady state (``None``: the plan has no such phase)."""
    if point == STEADY_STATE:
        last = plan.phase(STABILISATION) or (
            max(plan.phases, key=lambda p: p.end_week, default=None)
        )
        return None if last is None else last.end_week + 1
    phase = plan.phase(point)
    return None if phase is None else phase.start_week


def steady_state_week(plan: TransitionPlan) -> int:
    """The first week after the last phase ends: when the service counts as steady."""
    return max((p.end_week for p in plan.phases), default=0) + 1


def validate_plan(programme: Programme, plan: TransitionPlan) -> list[Finding]:
    """Every problem in the plan, each tied to a rule id in ``RULES``.

    Phases (``PHASE_RULES``): every phase once, in the order of ``PHASES`` without overlap, each
    at least its minimum length; reverse shadowing ends before cutover starts; a parallel run and
    a stabilisation period of at least their minimum length; steady state by the deadline.
    Gates (``GATE_RULES``): every gate has criteria and an owner; gates are listed in the order
    they are held, one per point, before a phase the plan has; a gate judges only criteria that
    can be measured by then; every gate the client requires is there with its criteria.
    Checklist (``kt-checklist-complete``): every process handed over has a provider owner and
    every measure in ``KT_MEASURES``.
    """
    return [
        *_check_phases(programme, plan),
        *_check_gates(programme, plan),
        *_check_checklist(programme, plan),
    ]


def _check_phases(programme: Programme, plan: TransitionPlan) -> list[Finding]:
    findings = []
    names = [p.name for p in plan.phases]
    for name in PHASES:
        if names.count(name) > 1:
            findings.append(
                _error(name, f"{name} is planned {names.count(name)} times", RULE_PHASE_ONCE)
            )
    for name in (DUE_DILIGENCE, SHADOWING, CUTOVER):
        if name not in names:
            findings.append(_error(name, f"the plan has no {name} phase", RULE_PHASE_MISSING))
    by_start = sorted(plan.phases, key=lambda p: (p.start_week, PHASES.index(p.name)))
    for first, second in zip(by_start, by_start[1:], strict=False):
        if PHASES.index(first.name) > PHASES.index(second.name):
            findings.append(
                _error(
                    second.name,
                    f"{second.name} starts in week {second.start_week}, after {first.name}; "
                    f"{second.name} comes first",
                    RULE_PHASE_ORDER,
                )
            )
        elif second.start_week <= first.end_week:
            findings.append(
                _error(
                    second.name,
                    f"{second.name} starts in week {second.start_week}, before {first.name} "
                    f"ends in week {first.end_week}",
                    RULE_PHASE_ORDER,
                )
            )
    for phase in plan.phases:
        least = programme.min_weeks.get(phase.name, 1)
        if phase.name not in (PARALLEL_RUN, STABILISATION) and phase.weeks < least:
            findings.append(
                _error(
                    phase.name,
                    f"{phase.name} lasts {phase.weeks} weeks; it needs at least {least}",
                    RULE_PHASE_LENGTH,
                )
            )
    findings += _check_reverse_shadowing(plan)
    findings += _check_kept_phase(programme, plan, PARALLEL_RUN, RULE_PARALLEL_RUN, before=CUTOVER)
    findings += _check_kept_phase(programme, plan, STABILISATION, RULE_STABILISATION, after=CUTOVER)
    steady = steady_state_week(plan)
    if plan.phases and steady > programme.deadline_week:
        findings.append(
            _error(
                STEADY_STATE,
                f"steady state starts in week {steady}, after the deadline of week "
                f"{programme.deadline_week}",
                RULE_DEADLINE,
            )
        )
    return findings


def _check_reverse_shadowing(plan: TransitionPlan) -> list[Finding]:
    reverse, cutover = plan.phase(REVERSE_SHADOWING), plan.phase(CUTOVER)
    if reverse is None:
        message = "the plan has no reverse shadowing: nobody sees the provider do the work"
    elif cutover is not None and reverse.end_week >= cutover.start_week:
        message = (
            f"reverse shadowing ends in week {reverse.end_week}, not before cutover starts in "
            f"week {cutover.start_week}"
        )
    else:
        return []
    return [_error(REVERSE_SHADOWING, message, RULE_REVERSE_BEFORE_CUTOVER)]


def _check_kept_phase(
    programme: Programme,
    plan: TransitionPlan,
    name: str,
    rule: str,
    before: str | None = None,
    after: str | None = None,
) -> list[Finding]:
    """A phase the plan must keep (parallel run, stabilisation): there, long enough, and on the
    right side of cutover."""
    phase, cutover = plan.phase(name), plan.phase(CUTOVER)
    least = programme.min_weeks.get(name, 1)
    if phase is None:
        message = f"the plan has no {name} phase"
    elif phase.weeks < least:
        message = f"{name} lasts {phase.weeks} weeks; it needs at least {least}"
    elif cutover is not None and before == CUTOVER and phase.end_week >= cutover.start_week:
        message = f"{name} must end before cutover starts"
    elif cutover is not None and after == CUTOVER and phase.start_week <= cutover.end_week:
        message = f"{name} must start after cutover ends"
    else:
        return []
    return [_error(name, message, rule)]


def _check_gates(programme: Programme, plan: TransitionPlan) -> list[Finding]:
    findings = []
    for index, gate in enumerate(plan.gates):
        where = f"gates[{index}]"
        if not gate.criteria:
            findings.append(
                _error(where, f"the gate before {gate.before} has no criteria", RULE_GATE_CRITERIA)
            )
        if not gate.owner:
            findings.append(
                _error(where, f"the gate before {gate.before} has no owner", RULE_GATE_OWNER)
            )
        week = gate_week(plan, gate.before)
        if week is None:
            findings.append(
                _error(
                    where,
                    f"the gate stands before {gate.before}, which the plan does not have",
                    RULE_GATE_ORDER,
                )
            )
        for criterion_id in gate.criteria:
            criterion = programme.criterion(criterion_id)
            if GATE_POINTS.index(criterion.measured_in) >= GATE_POINTS.index(gate.before):
                findings.append(
                    _error(
                        where,
                        f"{criterion_id} cannot be measured before {gate.before}: it is first "
                        f"measured during {criterion.measured_in}",
                        RULE_CRITERIA_MEASURABLE,
                    )
                )
    points = [gate.before for gate in plan.gates]
    for point in sorted(set(points), key=GATE_POINTS.index):
        if points.count(point) > 1:
            findings.append(
                _error(point, f"{points.count(point)} gates stand before {point}", RULE_GATE_ORDER)
            )
    for first, second in zip(points, points[1:], strict=False):
        if GATE_POINTS.index(first) > GATE_POINTS.index(second):
            findings.append(
                _error(
                    second,
                    f"the gate before {second} is listed after the gate before {first}; list "
                    "gates in the order they are held",
                    RULE_GATE_ORDER,
                )
            )
    for point, needed in programme.required_gates.items():
        gates = [gate for gate in plan.gates if gate.before == point]
        if not gates:
            findings.append(_error(point, f"there is no gate before {point}", RULE_REQUIRED_GATES))
            continue
        judged = {criterion for gate in gates for criterion in gate.criteria}
        for criterion_id in needed:
            if criterion_id not in judged:
                findings.append(
                    _error(
                        f"{point}.{criterion_id}",
                        f"the gate before {point} does not judge {criterion_id}",
                        RULE_REQUIRED_GATES,
                    )
                )
    return findings


def _check_checklist(programme: Programme, plan: TransitionPlan) -> list[Finding]:
    findings = []
    for process in programme.processes:
        entry = plan.checklist.get(process)
        if entry is None:
            findings.append(
                _error(process, f"{process} is not on the checklist", RULE_KT_CHECKLIST)
            )
            continue
        if not entry.owner:
            findings.append(
                _error(process, f"{process} has no owner on the provider's side", RULE_KT_CHECKLIST)
            )
        for measure in KT_MEASURES:
            if measure not in entry.measures:
                findings.append(
                    _error(f"{process}.{measure}", f"{process} has no {measure}", RULE_KT_CHECKLIST)
                )
    return findings


def _error(field: str, message: str, rule: str) -> Finding:
    return Finding(Severity.ERROR, field, message, rule)


# --- readiness at a gate -------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    """One criterion at a gate: its measured value, its target and whether it is met."""

    criterion: str
    value: float
    target: float

    @property
    def met(self) -> bool:
        return self.value >= self.target


@dataclass(frozen=True)
class GateDecision:
    """A gate's outcome: go only when every criterion is met (COURSE CONVENTION: a gate is a
    list of conditions, not a score; a strong figure does not make up for a weak one)."""

    results: tuple[CriterionResult, ...]

    @property
    def go(self) -> bool:
        return all(result.met for result in self.results)

    @property
    def failing(self) -> tuple[str, ...]:
        return tuple(r.criterion for r in self.results if not r.met)

    @property
    def verdict(self) -> str:
        return "go" if self.go else "no-go"


def decide_gate(
    programme: Programme, criteria: Iterable[str], readiness: Mapping[str, float]
) -> GateDecision:
    """The gate's outcome on ``readiness`` (criterion id -> measured percentage); a criterion
    with no measurement counts as 0, since nothing proves it is met."""
    results = []
    for criterion_id in criteria:
        target = programme.criterion(criterion_id).target
        results.append(
            CriterionResult(criterion_id, float(readiness.get(criterion_id, 0.0)), target)
        )
    return GateDecision(tuple(results))


def earliest_go_week(
    programme: Programme,
    criteria: Iterable[str],
    readiness_by_week: Mapping[int, Mapping[str, float]],
) -> int | None:
    """The first week whose readiness passes every criterion (``None``: no week does)."""
    wanted = tuple(criteria)
    for week in sorted(readiness_by_week):
        if decide_gate(programme, wanted, readiness_by_week[week]).go:
            return week
    return None


# --- the exit clauses ----------------------------------------------------------------------------

CLAUSE_ASSISTANCE = "termination-assistance"
CLAUSE_DATA_RETURN = "data-return"
CLAUSE_DELETION = "deletion-certificate"
CLAUSE_KT_BACK = "knowledge-transfer-back"
CLAUSE_STAFF = "staff-transfer"
CLAUSE_ASSETS = "asset-transfer"
CLAUSE_LICENCES = "licence-transfer"
CLAUSE_EXIT_PRICE = "exit-price"

EXIT_CLAUSES = (
    CLAUSE_ASSISTANCE,
    CLAUSE_DATA_RETURN,
    CLAUSE_DELETION,
    CLAUSE_KT_BACK,
    CLAUSE_STAFF,
    CLAUSE_ASSETS,
    CLAUSE_LICENCES,
    CLAUSE_EXIT_PRICE,
)
"""What an exit plan needs the contract to say, each a stable id."""

VERDICTS = ("missing", "weak", "adequate")
OPEN_FORMATS = ("open",)
"""Data returned in an open, documented format can be loaded by whoever runs the work next."""
EXIT_PRICES = ("fixed", "rate-card", "provider-rates")
"""How exit services are priced: a fixed fee, the contract's rate card, or whatever the provider
charges at the time (no price agreed)."""


@dataclass(frozen=True)
class ExitTerms:
    """The exit clauses of a draft contract (``None`` or ``False``: the contract is silent)."""

    termination_assistance_months: int | None
    data_format: str | None
    data_return_days: int | None
    deletion_certificate: bool
    knowledge_transfer_back: bool
    staff_transfer: bool
    asset_transfer: bool
    licence_transfer: bool
    exit_price: str | None


@dataclass(frozen=True)
class ExitNeeds:
    """What the exit must cover: the months needed to choose a new provider (or rebuild the team)
    and move the work, and the longest the client can wait for its data."""

    resourcing_months: int
    max_data_days: int


@dataclass(frozen=True)
class ClauseReview:
    """One clause's verdict (``missing``, ``weak`` or ``adequate``) and why."""

    clause: str
    verdict: str
    reason: str


def review_exit(terms: ExitTerms, needs: ExitNeeds) -> dict[str, ClauseReview]:
    """Each clause of ``EXIT_CLAUSES``, judged: missing when the contract is silent, weak when it
    is there but cannot carry the exit (assistance shorter than the time to re-source, data in a
    closed format or later than the client can wait, exit services at whatever the provider
    charges), adequate otherwise."""

    def review(clause: str, verdict: str, reason: str) -> tuple[str, ClauseReview]:
        return clause, ClauseReview(clause, verdict, reason)

    reviews = []
    months = terms.termination_assistance_months
    if not months:
        reviews.append(review(CLAUSE_ASSISTANCE, "missing", "no termination assistance"))
    elif months < needs.resourcing_months:
        reviews.append(
            review(
                CLAUSE_ASSISTANCE,
                "weak",
                f"{months} months of assistance, but choosing a successor and moving the work "
                f"takes {needs.resourcing_months}",
            )
        )
    else:
        reviews.append(review(CLAUSE_ASSISTANCE, "adequate", f"{months} months of assistance"))
    if terms.data_format is None or terms.data_return_days is None:
        reviews.append(review(CLAUSE_DATA_RETURN, "missing", "no data return"))
    elif terms.data_format not in OPEN_FORMATS:
        reviews.append(
            review(CLAUSE_DATA_RETURN, "weak", f"data returned in a {terms.data_format} format")
        )
    elif terms.data_return_days > needs.max_data_days:
        reviews.append(
            review(
                CLAUSE_DATA_RETURN,
                "weak",
                f"data returned in {terms.data_return_days} days; the client can wait "
                f"{needs.max_data_days}",
            )
        )
    else:
        reviews.append(review(CLAUSE_DATA_RETURN, "adequate", "open format, in time"))
    for clause, present in (
        (CLAUSE_DELETION, terms.deletion_certificate),
        (CLAUSE_KT_BACK, terms.knowledge_transfer_back),
        (CLAUSE_STAFF, terms.staff_transfer),
        (CLAUSE_ASSETS, terms.asset_transfer),
        (CLAUSE_LICENCES, terms.licence_transfer),
    ):
        reviews.append(
            review(
                clause,
                "adequate" if present else "missing",
                "agreed" if present else "not in the contract",
            )
        )
    if terms.exit_price is None:
        reviews.append(review(CLAUSE_EXIT_PRICE, "missing", "no price for exit services"))
    elif terms.exit_price == "provider-rates":
        reviews.append(
            review(CLAUSE_EXIT_PRICE, "weak", "exit services at the provider's rates of the day")
        )
    else:
        reviews.append(
            review(CLAUSE_EXIT_PRICE, "adequate", f"exit services at a {terms.exit_price}")
        )
    return dict(reviews)


def exit_verdicts(terms: ExitTerms, needs: ExitNeeds) -> dict[str, str]:
    """Clause -> verdict: what the exercise's exit review is compared with."""
    return {clause: review.verdict for clause, review in review_exit(terms, needs).items()}
