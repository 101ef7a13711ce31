"""Checks for the exercise "Manage the risks" (case: medline-hospital-provider).

Every check rebuilds the learner's own variant of the MedLine register from the learner id and
asks ``course.models.risk`` for the reference: scores, bands, the register's order and the
findings of ``validate_register``. When an answer is wrong, the check first looks for the known
misconceptions and names the idea to revisit, without printing expected values:

- likelihood and impact added instead of multiplied (in the scores, and carried into the bands
  and the order), or the residual pair scored instead of the inherent one;
- a band boundary read the wrong way (a score of 6, 12 or 20 put in the band below, or 5 in the
  band above);
- the register sorted lowest first, or its ties broken another way than the model's rule (higher
  impact first, then risk id);
- Low or Medium risks flagged for a missing owner or mitigation, a residual equal to the inherent
  score flagged as above it, or the residual rule forgotten;
- a completed row whose residual score is not below the inherent score, a row still without an
  owner or a mitigation, the provider named as the owner, the draft row handed back unchanged;
- numbers that fit a different variant of the case (another learner's, or the lesson's).

The flags (Part 4) are the same risks for every learner: the variants keep the draft's planted
gaps (``course.cases.kinds.risk``). The completed register (Part 5) is graded by rules, so any
sound completion earns the points; its residual scores are judged against the learner's own
inherent scores. Parts 1 to 3 carry the learner's own numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from autograder.checks.detect import (
    Misconception,
    another_variant,
    diagnose,
    different_variant,
    fits_another,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_name, expect_names, expect_numbers_by_key
from course.cases.kinds.risk import (
    ROW_FIELDS,
    RiskView,
    model_risks,
)
from course.models.errors import ModelInputError
from course.models.risk import (
    RATING_BANDS,
    RULE_MITIGATION,
    RULE_OWNER,
    RULE_RESIDUAL,
    SCALE,
    Risk,
    RiskRegister,
    rating_band,
    register_frame,
    validate_register,
)

EXERCISE_ID = "manage-the-risks"
CASE_ID = "medline-hospital-provider"


MIN_MITIGATION_WORDS = 4
"""A mitigation says what will be done: "TBD" or "monitor" is not one."""

REVISIT_SCORE = "(revisit: the risk score, likelihood × impact)"
REVISIT_BANDS = "(revisit: the rating bands, a course convention)"
REVISIT_ORDER = "(revisit: reading a register, highest score first)"
REVISIT_RULES = "(revisit: the register's rules)"
REVISIT_OWNING = "(revisit: owning and mitigating a risk)"

COPY_ADVICE = (
    "compute them from `case` in this "
    "notebook instead of typing them in (the lesson's MedLine numbers are not your variant's)"
)
"""What to do when numbers fit another variant (``different_variant``)."""

checks = ExerciseChecks(CASE_ID, "modules/05-challenges/lesson.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case


def reference_scores(case: RiskView) -> dict[str, int]:
    return {risk.risk_id: risk.score for risk in model_risks(case)}


def reference_bands(case: RiskView) -> dict[str, str]:
    return {risk.risk_id: risk.band.value for risk in model_risks(case)}


def reference_order(case: RiskView) -> list[str]:
    return list(register_frame(RiskRegister(tuple(model_risks(case))))["risk_id"])


def reference_flags(case: RiskView) -> set[tuple[str, str]]:
    """(risk id, rule) for every finding of the draft register."""
    findings = validate_register(RiskRegister(tuple(model_risks(case))))
    return {(finding.field.split(".")[0], finding.rule) for finding in findings}


# --- misconceptions: what a typical wrong answer computes ----------------------------------


def added_scores(case: RiskView) -> dict[str, int]:
    """Likelihood plus impact: the classic slip that flattens the matrix."""
    return {r: case.likelihood[r] + case.impact[r] for r in case.risk_ids}


def residual_scores(case: RiskView) -> dict[str, int]:
    """The residual pair scored where the draft has one (the score after mitigation)."""
    scores = reference_scores(case)
    for r in case.risk_ids:
        if case.residual_likelihood[r] is not None and case.residual_impact[r] is not None:
            scores[r] = case.residual_likelihood[r] * case.residual_impact[r]
    return scores


def _band_of(score: int, edge: str = "") -> str:
    """The band of ``score``; ``edge`` "lower" reads each band's lowest score as belonging to the
    band below (``>`` instead of ``>=``), "upper" reads each highest score as the band above."""
    if not edge:
        return rating_band(score).value
    for band, low, high in RATING_BANDS:
        if edge == "lower":
            low, high = low + 1, high + 1
        elif edge == "upper":
            low, high = low - 1, high - 1
        if low <= score <= high:
            return band.value
    return (RATING_BANDS[0] if score < RATING_BANDS[0][1] else RATING_BANDS[-1])[0].value


def bands_of(scores: dict[str, int], edge: str = "") -> dict[str, str]:
    return {r: _band_of(score, edge) for r, score in scores.items()}


def _order_by(case: RiskView, key: Callable[[str], Any]) -> list[str]:
    return sorted(case.risk_ids, key=key)


# --- shapes (also used by the visible tests in the learner's kernel) ------------------------


def expect_bands(value: Any, risk_ids: Collection[str], bands: Collection[str]) -> None:
    """``value`` maps every risk id to a band name spelled as in ``case.bands``."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"bands should be a dict like {{'R01': 'High', ...}}, not a {type(value).__name__}"
        )
    missing = [r for r in risk_ids if r not in value]
    extra = sorted(str(r) for r in value if r not in risk_ids)
    if missing:
        raise ShapeProblem(f"bands is missing {missing[0]!r}: give a band for every risk")
    if extra:
        raise ShapeProblem(f"bands has entries that are not in the case: {extra[0]!r}")
    for r in risk_ids:
        expect_name(value[r], bands, f"bands[{r!r}]")


def expect_order(value: Any, risk_ids: Sequence[str]) -> None:
    """``value`` lists every risk id exactly once."""
    expect_names(value, risk_ids, "register_order")
    missing = [r for r in risk_ids if r not in value]
    if missing:
        raise ShapeProblem(
            f"register_order is missing {missing[0]!r}: list every risk of the register once"
        )


def expect_flags(value: Any, risk_ids: Collection[str], rules: Collection[str]) -> None:
    """``value`` is a list of [risk id, rule] pairs, each pair at most once."""
    if type(value) not in (list, tuple):
        raise ShapeProblem(
            f"flags should be a list of (risk id, rule) pairs, not a {type(value).__name__}"
        )
    seen = set()
    for position, pair in enumerate(value):
        where = f"flags[{position}]"
        if type(pair) not in (list, tuple) or len(pair) != 2:
            raise ShapeProblem(
                f"{where} should be a pair (risk id, rule) like ('R01', 'owner-required'); "
                f"yours is {pair!r}"
            )
        expect_name(pair[0], risk_ids, f"{where}[0] (the risk id)")
        expect_name(pair[1], rules, f"{where}[1] (the rule)")
        if tuple(pair) in seen:
            raise ShapeProblem(f"{where} repeats the pair {tuple(pair)!r}")
        seen.add(tuple(pair))


def expect_completed(value: Any, risk_ids: Collection[str]) -> None:
    """``value`` maps risk ids to rows with an owner, a mitigation and a residual pair."""
    if type(value) is not dict or not value:
        raise ShapeProblem(
            "completed should be a non-empty dict risk id -> {'owner': ..., 'mitigation': ..., "
            "'residual_likelihood': ..., 'residual_impact': ...}"
        )
    for risk_id, row in value.items():
        if risk_id not in risk_ids:
            raise ShapeProblem(f"completed has a risk that is not in the case: {risk_id!r}")
        where = f"completed[{risk_id!r}]"
        if type(row) is not dict:
            raise ShapeProblem(f"{where} should be a dict, not a {type(row).__name__}")
        missing = [field for field in ROW_FIELDS if field not in row]
        extra = sorted(str(field) for field in row if field not in ROW_FIELDS)
        if missing:
            raise ShapeProblem(f"{where} is missing {missing[0]!r}")
        if extra:
            raise ShapeProblem(
                f"{where} has fields the exercise does not ask for: {extra[0]!r} "
                f"(use {', '.join(ROW_FIELDS)})"
            )
        for field in ("owner", "mitigation"):
            if row[field] is not None and type(row[field]) is not str:
                raise ShapeProblem(f"{where}[{field!r}] should be a text")
        for field in ("residual_likelihood", "residual_impact"):
            level = row[field]
            if type(level) is not int or level not in SCALE:
                raise ShapeProblem(
                    f"{where}[{field!r}] should be a whole number 1 to 5 (an int); "
                    f"yours is {level!r}"
                )


# --- Part 1: scores ------------------------------------------------------------------------


def _same(answer: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(answer[k] == expected[k] for k in expected)


REGISTER = "Keeping all seven in view: the risk register"


@checks.check("scores-shape", REGISTER)
def check_scores_shape(case: RiskView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.risk_ids, "scores")


SCORE_MISCONCEPTIONS = (
    Misconception(
        "added",
        lambda answer, case: _same(answer, added_scores(case)),
        "Your scores are likelihood and impact added together. The course multiplies "
        "them, so a risk that is both likely and severe stands out from one that is only "
        f"one of the two {REVISIT_SCORE}.",
    ),
    Misconception(
        "residual",
        lambda answer, case: _same(answer, residual_scores(case)),
        "Some of your scores use the residual pair (the risk after mitigation). Part 1 asks "
        f"for the inherent score: case.likelihood × case.impact {REVISIT_SCORE}.",
    ),
    another_variant(
        "These scores",
        lambda answer, other: _same(answer, reference_scores(other)),
        checks.copied_from,
        COPY_ADVICE,
    ),
)


@checks.check("scores", REGISTER)
def check_scores(case: RiskView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.risk_ids, "scores")
    expected = reference_scores(case)
    if _same(answer, expected):
        return
    diagnose(answer, case, SCORE_MISCONCEPTIONS)
    wrong = next(r for r in case.risk_ids if answer[r] != expected[r])
    raise CheckFailed(
        f"The score of {wrong!r} is not right: multiply its likelihood by its impact "
        f"{REVISIT_SCORE}."
    )


# --- Part 2: bands -------------------------------------------------------------------------


def _boundary_slip(answer: dict[str, str], case: RiskView) -> bool:
    scores = reference_scores(case)
    return _same(answer, bands_of(scores, "lower")) or _same(answer, bands_of(scores, "upper"))


BAND_MISCONCEPTIONS = (
    Misconception(
        "boundary",
        _boundary_slip,
        "A score on a band's boundary landed in the neighbouring band. Both ends of each "
        "range in case.bands belong to that band: a score equal to a band's lowest score is "
        f"in that band, not the one below {REVISIT_BANDS}.",
    ),
    Misconception(
        "added",
        lambda answer, case: _same(answer, bands_of(added_scores(case))),
        "Your bands fit scores made with likelihood and impact added together. Band the "
        f"product, likelihood × impact {REVISIT_SCORE}.",
    ),
    another_variant(
        "These bands",
        lambda answer, other: _same(answer, reference_bands(other)),
        checks.copied_from,
        COPY_ADVICE,
    ),
)


@checks.check("bands", REGISTER)
def check_bands(case: RiskView, answer: Plain) -> None:
    expect_bands(answer, case.risk_ids, list(case.bands))
    expected = reference_bands(case)
    if _same(answer, expected):
        return
    diagnose(answer, case, BAND_MISCONCEPTIONS)
    wrong = next(r for r in case.risk_ids if answer[r] != expected[r])
    raise CheckFailed(
        f"The band of {wrong!r} is not right: find the range in case.bands that holds its score "
        f"(likelihood × impact), both ends included {REVISIT_BANDS}."
    )


# --- Part 3: the register's order ----------------------------------------------------------


TIE_RULE = (
    "of two risks with the same score, the one with the higher impact comes first, and with the "
    "same impact too, the lower risk id"
)


@checks.check("order", REGISTER)
def check_order(case: RiskView, answer: Plain) -> None:
    expect_order(answer, case.risk_ids)
    expected = reference_order(case)
    if list(answer) == expected:
        return
    scores = reference_scores(case)
    along = [scores[r] for r in answer]
    if along == sorted(along) and along != sorted(along, reverse=True):
        raise CheckFailed(
            "Your register is upside down: the committee reads the highest score first "
            f"{REVISIT_ORDER}."
        )
    if along == sorted(along, reverse=True):
        by_likelihood = _order_by(case, lambda r: (-scores[r], -case.likelihood[r], r))
        by_id = _order_by(case, lambda r: (-scores[r], r))
        if list(answer) == by_likelihood:
            how = "Your ties go to the more likely risk first"
        elif list(answer) == by_id:
            how = "Your ties stay in risk-id order, whatever their impact"
        else:
            how = "At least one tie is broken another way"
        raise CheckFailed(
            f"The scores are in the right order, but a tie is not. {how}; the model's rule: "
            f"{TIE_RULE} {REVISIT_ORDER}."
        )
    added = added_scores(case)
    if list(answer) == _order_by(case, lambda r: (-added[r], -case.impact[r], r)):
        raise CheckFailed(
            "Your order follows likelihood and impact added together. Sort by the score, "
            f"likelihood × impact, highest first {REVISIT_SCORE}."
        )
    if fits_another(lambda other: list(answer) == reference_order(other), checks.copied_from(case)):
        raise different_variant("This order seems to", COPY_ADVICE)
    raise CheckFailed(
        "The order is not right: sort the risks by score (likelihood × impact), highest first; "
        f"{TIE_RULE} {REVISIT_ORDER}."
    )


# --- Part 4: the flags ---------------------------------------------------------------------


def _pairs(answer: Plain, case: RiskView) -> set[tuple[str, str]]:
    expect_flags(answer, case.risk_ids, list(case.rules))
    return {(pair[0], pair[1]) for pair in answer}


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


@checks.check("flags-gaps", REGISTER)
def check_flags_gaps(case: RiskView, answer: Plain) -> None:
    """The owner and mitigation findings: High and Critical risks only."""
    given = {pair for pair in _pairs(answer, case) if pair[1] != RULE_RESIDUAL}
    expected = {pair for pair in reference_flags(case) if pair[1] != RULE_RESIDUAL}
    if given == expected:
        return
    bands = reference_bands(case)
    for risk_id, rule in sorted(given - expected):
        if bands[risk_id] not in case.action_bands:
            raise CheckFailed(
                f"You flagged {risk_id!r}, a {bands[risk_id]} risk, under {rule!r}. The owner and "
                "mitigation rules cover High and Critical risks only: a Low or Medium risk "
                f"without them is a weakness of the register, not a finding {REVISIT_RULES}."
            )
        field = "owner" if rule == RULE_OWNER else "mitigation"
        raise CheckFailed(
            f"You flagged {risk_id!r} under {rule!r}, but the draft gives it {_a(field)} "
            f"(case.{field}[{risk_id!r}]) {REVISIT_RULES}."
        )
    rule = sorted(expected - given)[0][1]
    field = "owner" if rule == RULE_OWNER else "mitigation"
    raise CheckFailed(
        f"At least one High or Critical risk without {_a(field)} is not in your flags under "
        f"{rule!r}: go through every risk whose band is High or Critical and check its {field} "
        f"{REVISIT_RULES}."
    )


@checks.check("flags-residual", REGISTER)
def check_flags_residual(case: RiskView, answer: Plain) -> None:
    """The residual finding: a residual score above the inherent one."""
    given = {pair for pair in _pairs(answer, case) if pair[1] == RULE_RESIDUAL}
    expected = {pair for pair in reference_flags(case) if pair[1] == RULE_RESIDUAL}
    if given == expected:
        return
    scores = reference_scores(case)
    for risk_id, _rule in sorted(given - expected):
        likelihood = case.residual_likelihood[risk_id]
        impact = case.residual_impact[risk_id]
        if likelihood is None or impact is None:
            raise CheckFailed(
                f"You flagged {risk_id!r} under {RULE_RESIDUAL!r}, but it has no residual pair "
                f"yet, so there is nothing to compare {REVISIT_RULES}."
            )
        if likelihood * impact == scores[risk_id]:
            raise CheckFailed(
                f"You flagged {risk_id!r}, whose residual score equals its inherent score. The "
                f"rule {RULE_RESIDUAL!r} flags a residual score ABOVE the inherent one, a "
                f"mitigation that makes things worse {REVISIT_RULES}."
            )
        raise CheckFailed(
            f"You flagged {risk_id!r} under {RULE_RESIDUAL!r}, but its residual score "
            "(residual likelihood × residual impact) is not above its inherent score "
            f"{REVISIT_RULES}."
        )
    raise CheckFailed(
        f"A risk whose residual score is above its inherent score is missing under "
        f"{RULE_RESIDUAL!r}: for every risk with a residual pair, compare residual likelihood × "
        f"residual impact with likelihood × impact {REVISIT_RULES}."
    )


# --- Part 5: the completed register (graded by rules) --------------------------------------


def _rows(answer: Plain, case: RiskView) -> dict[str, dict[str, Any]]:
    expect_completed(answer, case.risk_ids)
    return answer  # type: ignore[return-value]


@checks.check("completed-shape", REGISTER)
def check_completed_shape(case: RiskView, answer: Plain) -> None:
    _rows(answer, case)


def _unchanged(rows: dict[str, dict[str, Any]], case: RiskView, risk_id: str) -> str:
    if rows[risk_id] == case.draft_row(risk_id):
        return f"{risk_id!r} is the draft row, unchanged. "
    return ""


_STILL_BROKEN = {
    RULE_OWNER: "a High or Critical risk needs a named owner who answers for it",
    RULE_MITIGATION: "a High or Critical risk needs a mitigation, what will be done to reduce it",
    RULE_RESIDUAL: "its residual score is above its inherent score, so the mitigation would "
    "make the risk bigger",
}
"""The rule broken, in words that give no score away (the model's messages quote the score)."""


@checks.check("completed-rules", REGISTER)
def check_completed_rules(case: RiskView, answer: Plain) -> None:
    rows = _rows(answer, case)
    missing = sorted((r, rule) for r, rule in reference_flags(case) if r not in rows)
    if missing:
        risk_id, rule = missing[0]
        raise CheckFailed(
            f"{risk_id!r} breaks the rule {rule!r} but is not in completed: give every flagged "
            f"risk a row {REVISIT_RULES}."
        )
    scores = reference_scores(case)
    for risk_id, row in rows.items():
        unchanged = _unchanged(rows, case, risk_id)
        try:
            risk = Risk(
                risk_id,
                case.titles[risk_id],
                case.likelihood[risk_id],
                case.impact[risk_id],
                row["owner"],
                row["mitigation"],
                row["residual_likelihood"],
                row["residual_impact"],
            )
        except ModelInputError as problem:
            raise CheckFailed(f"{unchanged}completed[{risk_id!r}]: {problem}") from None
        for finding in validate_register(RiskRegister((risk,))):
            raise CheckFailed(
                f"{unchanged}{risk_id!r} still breaks the rule {finding.rule!r}: "
                f"{_STILL_BROKEN[finding.rule]} {REVISIT_OWNING}."
            )
        if risk.residual_score is not None and risk.residual_score >= scores[risk_id]:
            raise CheckFailed(
                f"{unchanged}The residual score of {risk_id!r} is not below its inherent score. "
                "A mitigation that works lowers the likelihood, the impact or both; if nothing "
                "can lower it, the risk is accepted, not mitigated, and the memo should say so "
                f"{REVISIT_OWNING}."
            )
        if len((risk.mitigation or "").split()) < MIN_MITIGATION_WORDS:
            raise CheckFailed(
                f"The mitigation of {risk_id!r} is too short to act on: say what will be done, "
                f"by whom or how often (at least {MIN_MITIGATION_WORDS} words) {REVISIT_OWNING}."
            )


@checks.check("completed-owners", REGISTER)
def check_completed_owners(case: RiskView, answer: Plain) -> None:
    rows = _rows(answer, case)
    provider_names = {"vendor", "the vendor", "provider", "the provider", "supplier"}
    provider_starts = ("provider", case.provider.split()[0].lower())
    for risk_id, row in rows.items():
        owner = (row["owner"] or "").strip()
        if not owner:
            raise CheckFailed(
                f"{_unchanged(rows, case, risk_id)}{risk_id!r} has no owner. Name the "
                f"{case.company} role that answers for it, one of case.roles {REVISIT_OWNING}."
            )
        if owner in case.roles:
            continue
        lowered = owner.lower()
        if (
            owner in case.provider_roles
            or lowered in provider_names
            or lowered.startswith(provider_starts)
        ):
            raise CheckFailed(
                f"{risk_id!r} is owned by the provider ({owner!r}). {case.provider} can carry "
                f"out a mitigation, but accountability for the risk stays with {case.company} "
                f"(ISO/IEC 27036): name a {case.company} role from case.roles {REVISIT_OWNING}."
            )
        raise CheckFailed(
            f"The owner of {risk_id!r}, {owner!r}, is not one of the roles in case.roles. Use "
            f"a {case.company} role from that list, spelled as there {REVISIT_OWNING}."
        )


def describe(case: RiskView) -> list[object]:
    """What the notebook shows under the setup cell: the draft register, bands and roles."""
    import pandas as pd
    from IPython.display import Markdown

    fields = {
        "category": case.categories,
        "title": case.titles,
        "likelihood": case.likelihood,
        "impact": case.impact,
        "owner": case.owner,
        "mitigation": case.mitigation,
        "residual_likelihood": case.residual_likelihood,
        "residual_impact": case.residual_impact,
    }
    rows = [
        {name: "(none)" if by_id[r] is None else by_id[r] for name, by_id in fields.items()}
        for r in case.risk_ids
    ]
    register = pd.DataFrame(rows, index=case.risk_ids, columns=list(fields), dtype=object)
    register.index.name = "risk_id"
    bands = pd.DataFrame(case.bands, index=["lowest score", "highest score"]).T
    rules = "\n".join(f"- `{rule}`: {text}" for rule, text in case.rules.items())
    roles = ", ".join(case.roles)
    return [
        Markdown(
            f"**{case.company}**: the draft register for the {case.provider} contract "
            "(`case.risk_ids`, and per risk id `case.categories`, `case.titles`, "
            "`case.likelihood`, `case.impact`, `case.owner`, `case.mitigation`, "
            "`case.residual_likelihood`, `case.residual_impact`). A gap in the draft shows as "
            "(none) here and is `None` in `case`."
        ),
        register,
        Markdown("Rating bands, a course convention (`case.bands`, both ends included)"),
        bands,
        Markdown(
            "The register's rules (`case.rules`); the first two apply only to risks whose band "
            f"is in `case.action_bands` ({', '.join(case.action_bands)}):\n\n{rules}\n\n"
            f"Roles at {case.company} that can own a risk (`case.roles`): {roles}."
        ),
    ]


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
