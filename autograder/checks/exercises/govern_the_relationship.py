"""Checks for the exercise "Govern the relationship" (case: orion-manufacturing-rescue).

Every check rebuilds the learner's own variant of the Orion case from the learner id and asks
``course.models.governance`` for the reference (the nine-step health check, the cadence and RACI
rules) and ``course.models.sourcing_cost`` for the published governance band. When an answer is
wrong, the check first looks for the known misconceptions and names the idea to revisit, without
printing expected values:

- the overall score as an average of the raw 0-4 scores, a share of 1 or a plain sum;
- priorities taken highest first, in step order, or with ties broken another way than the
  model's (alphabetically, later step first);
- the governance band computed on a month's or the whole contract's value, on the governance
  spend instead of the contract value, or with 3 and 6 used as multipliers;
- the spend share given in percent, upside down, or on the wrong base;
- a calendar missing a tier, with monthly executive reviews or quarterly operational ones, a tier
  without the provider, an operational review that does not read the issue log;
- a RACI with two Accountable roles, none, or no Responsible role on an activity;
- the analyst's drafts handed back unchanged;
- numbers that fit a different variant of the case (another learner's, or the lesson's).

The calendar and the RACI are graded by rules, not against one reference: any design that meets
the rules earns the points. They have no numbers of their own, so they are the same task for
every learner; the health check and the budget carry the learner's own numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograder.checks.compare import close
from autograder.checks.detect import RELATIVE, different_variant, fits_another, money_close
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_names, expect_number
from course.cases.kinds.governance import GovernanceView
from course.models.governance import (
    RULE_BOTH_SIDES,
    RULE_FREQUENCY,
    RULE_ISSUE_LOG,
    RULE_MEETS,
    RULE_TIERS,
    TIERS,
    GovernanceTier,
    health_check,
    validate_cadence,
    validate_raci,
)
from course.models.sourcing_cost import GOVERNANCE_SHARE_RANGE

EXERCISE_ID = "govern-the-relationship"
CASE_ID = "orion-manufacturing-rescue"
PRIORITY_COUNT = 3
"""How many steps Part 1 asks for: the three to act on first."""


MEETINGS_RANGE = {"operational": (12, 52), "tactical": (4, 12), "strategic": (2, 4)}
"""Meetings a year each tier should hold: a COURSE CONVENTION read from the lesson's tier table.
Operational monthly to weekly (the service-level report is monthly), tactical quarterly to
monthly, strategic twice a year to quarterly (itonews.eu, via docs/evidence.md, E9); Orion is in
year three, past the first months in which executives meet more often."""

TIER_FIELDS = ("name", "client_attendees", "provider_attendees", "meetings_per_year", "inputs")
RACI_CELLS = ("", "R", "A", "C", "I")
RISK_ACCEPTANCE = "Accept a security risk"
"""The activity whose A stays with the client (ISO/IEC 27036, docs/evidence.md, E8)."""

REVISIT_HEALTH = "(revisit: the nine-step health check)"
REVISIT_BUDGET = "(revisit: the governance budget, 3% to 6% of contract value)"
REVISIT_TIERS = "(revisit: review meetings in three tiers)"
REVISIT_RACI = "(revisit: who does what, a RACI across both organisations)"


checks = ExerciseChecks(CASE_ID, "modules/04-vendor-governance/governance.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case


def reference_overall(case: GovernanceView) -> float:
    return health_check(case.health_scores).overall_percent


def reference_priorities(case: GovernanceView) -> list[str]:
    return list(health_check(case.health_scores).priorities[:PRIORITY_COUNT])


def reference_budget(case: GovernanceView) -> dict[str, float]:
    low, high = GOVERNANCE_SHARE_RANGE
    return {"low": low * case.annual_contract_value, "high": high * case.annual_contract_value}


def reference_spend_share(case: GovernanceView) -> float:
    return case.current_governance_cost / case.annual_contract_value


def reference_within(case: GovernanceView) -> bool:
    low, high = GOVERNANCE_SHARE_RANGE
    return low <= reference_spend_share(case) <= high


# --- shapes (also used by the visible tests in the learner's kernel) ------------------------


def expect_cadence(value: Any, name: str = "cadence") -> None:
    """``value`` is a list of tier dicts with the five fields of the draft, each well typed."""
    if type(value) not in (list, tuple):
        raise ShapeProblem(
            f"{name} should be a list of dicts, one per tier, like case.cadence_draft; "
            f"not a {type(value).__name__}"
        )
    if not value:
        raise ShapeProblem(f"{name} is empty: give one dict per governance tier")
    for index, tier in enumerate(value):
        where = f"{name}[{index}]"
        if type(tier) is not dict:
            raise ShapeProblem(f"{where} should be a dict, not a {type(tier).__name__}")
        missing = [field for field in TIER_FIELDS if field not in tier]
        extra = sorted(str(field) for field in tier if field not in TIER_FIELDS)
        if missing:
            raise ShapeProblem(f"{where} is missing {', '.join(map(repr, missing))}")
        if extra:
            raise ShapeProblem(
                f"{where} has fields the draft does not: {', '.join(map(repr, extra))} "
                f"(use {', '.join(TIER_FIELDS)})"
            )
        tier_name = tier["name"]
        if type(tier_name) is not str or tier_name.strip().lower() not in TIERS:
            raise ShapeProblem(
                f"{where}['name'] is {tier_name!r}, which is not one of: {', '.join(TIERS)}"
            )
        for field in ("client_attendees", "provider_attendees", "inputs"):
            items = tier[field]
            if type(items) not in (list, tuple) or any(type(item) is not str for item in items):
                raise ShapeProblem(f"{where}[{field!r}] should be a list of texts")
        meetings = tier["meetings_per_year"]
        if type(meetings) is not int or meetings < 0:
            raise ShapeProblem(
                f"{where}['meetings_per_year'] should be a whole number of meetings (an int, "
                f"12 = monthly, 4 = quarterly); yours is {meetings!r}"
            )


def expect_raci(
    value: Any, activities: Sequence[str], roles: Sequence[str], name: str = "raci"
) -> None:
    """``value`` maps every activity of the draft to every role, each cell one letter or ''."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict activity -> role -> letter, like case.raci_draft; "
            f"not a {type(value).__name__}"
        )
    missing = [activity for activity in activities if activity not in value]
    extra = sorted(str(activity) for activity in value if activity not in activities)
    if missing:
        raise ShapeProblem(f"{name} is missing the activity {missing[0]!r}; keep every activity")
    if extra:
        raise ShapeProblem(f"{name} has activities that are not in the case: {extra[0]!r}")
    for activity in activities:
        row = value[activity]
        where = f"{name}[{activity!r}]"
        if type(row) is not dict:
            raise ShapeProblem(f"{where} should be a dict role -> letter")
        lacking = [role for role in roles if role not in row]
        unknown = sorted(str(role) for role in row if role not in roles)
        if lacking:
            raise ShapeProblem(
                f"{where} is missing the role {lacking[0]!r}; keep every role, with '' where "
                "it is not involved"
            )
        if unknown:
            raise ShapeProblem(f"{where} has a role that is not in the case: {unknown[0]!r}")
        for role in roles:
            cell = row[role]
            if type(cell) is not str or cell.strip().upper() not in RACI_CELLS:
                raise ShapeProblem(
                    f"{where}[{role!r}] is {cell!r}: give one letter per cell, R, A, C or I, "
                    "or '' when the role is not involved"
                )


def expect_spend(value: Any, name: str = "current_spend") -> None:
    """``value`` is {"share": number, "within": True/False}."""
    if type(value) is not dict or set(value) != {"share", "within"}:
        raise ShapeProblem(f"{name} should be a dict {{'share': number, 'within': True or False}}")
    expect_number(value["share"], f"{name}['share']")
    if type(value["within"]) is not bool:
        raise ShapeProblem(f"{name}['within'] should be True or False")


COPY_ADVICE = (
    "compute them from `case` in this "
    "notebook instead of typing numbers in (the lesson's Orion numbers are not your variant's)"
)
"""What to do when numbers fit another variant (``different_variant``)."""


# --- Part 1: the health check --------------------------------------------------------------


HEALTH_CHECK = "A health check: Orion Manufacturing"


@checks.check("health-overall", HEALTH_CHECK)
def check_health_overall(case: GovernanceView, answer: Plain) -> None:
    expect_number(answer, "overall_percent", 0, 100)
    expected = reference_overall(case)
    if close(answer, expected, relative=RELATIVE):
        return
    total = sum(case.health_scores.values())
    steps = len(case.steps)
    if close(answer, total / steps, relative=RELATIVE):
        raise CheckFailed(
            "Your overall score is the average of the raw scores, which is still on the 0-4 "
            "scale. Express the total as a percent of the maximum: the sum of the scores over "
            f"the highest possible sum (every step at {case.max_score}), times 100 "
            f"{REVISIT_HEALTH}."
        )
    if close(answer, total / (steps * case.max_score), relative=RELATIVE):
        raise CheckFailed(
            "Your overall score is a share of 1. Give it as a percent of the maximum "
            "(multiply by 100)."
        )
    if close(answer, total, relative=RELATIVE):
        raise CheckFailed(
            "Your overall score is the sum of the raw scores. Divide it by the highest possible "
            f"sum and give a percent of the maximum {REVISIT_HEALTH}."
        )

    def fits(other: GovernanceView) -> bool:
        value = reference_overall(other)
        return any(
            close(answer, round(value, digits), relative=RELATIVE) for digits in (0, 1, 2)
        ) or close(answer, value, relative=RELATIVE)

    if fits_another(fits, checks.copied_from(case)):
        raise different_variant("This score seems to", COPY_ADVICE)
    raise CheckFailed(
        "Your overall score is not right. Add up the nine scores in case.health_scores, divide "
        f"by the highest possible sum and multiply by 100; do not round {REVISIT_HEALTH}."
    )


def _ordered(case: GovernanceView, key: Callable[[str], object]) -> list[str]:
    below = [step for step in case.steps if case.health_scores[step] < case.max_score]
    return sorted(below, key=key)[:PRIORITY_COUNT]


NINE_STEPS_SECTION = "Gartner's nine steps"


@checks.check("priorities", NINE_STEPS_SECTION)
def check_priorities(case: GovernanceView, answer: Plain) -> None:
    expect_names(answer, case.steps, "priorities")
    if len(answer) != PRIORITY_COUNT:
        raise CheckFailed(
            f"priorities should list exactly {PRIORITY_COUNT} step ids, the ones to act on "
            f"first; yours lists {len(answer)}."
        )
    expected = reference_priorities(case)
    if list(answer) == expected:
        return
    scores, number = case.health_scores, {step: i for i, step in enumerate(case.steps)}
    if list(answer) == _ordered(case, lambda s: (-scores[s], number[s])):
        raise CheckFailed(
            "Your priorities are the strongest steps. Act first on the steps with the LOWEST "
            f"scores: they are the gaps {REVISIT_HEALTH}."
        )
    if list(answer) == _ordered(case, lambda s: (scores[s], s)):
        raise CheckFailed(
            "Your priorities break ties between equal scores alphabetically. On a tie the "
            "earlier of the nine steps comes first, because the steps build on each other "
            f"{REVISIT_HEALTH}."
        )
    if list(answer) == _ordered(case, lambda s: (scores[s], -number[s])):
        raise CheckFailed(
            "Your priorities put the later step first on a tie. On a tie the earlier of the "
            f"nine steps comes first, because the steps build on each other {REVISIT_HEALTH}."
        )
    if list(answer) == _ordered(case, lambda s: number[s]):
        raise CheckFailed(
            "Your priorities follow the nine steps' order and ignore the scores. Start with the "
            f"lowest scores; the step order only breaks ties {REVISIT_HEALTH}."
        )
    if fits_another(
        lambda other: list(answer) == reference_priorities(other), checks.copied_from(case)
    ):
        raise different_variant("These priorities seem to", COPY_ADVICE)
    if sorted(answer) == sorted(expected):
        raise CheckFailed(
            "These are the right steps in the wrong order: the lowest score first, and on a "
            f"tie the earlier step {REVISIT_HEALTH}."
        )
    raise CheckFailed(
        "Your priorities are not right. Take the steps scoring below the maximum, lowest score "
        f"first, the earlier step first on a tie, and keep the first {PRIORITY_COUNT} "
        f"{REVISIT_HEALTH}."
    )


# --- Part 2: the governance budget ---------------------------------------------------------


def _band_is(answer: dict[str, float], low: float, high: float) -> bool:
    return money_close(answer["low"], low) and money_close(answer["high"], high)


@checks.check("budget-range", NINE_STEPS_SECTION)
def check_budget_range(case: GovernanceView, answer: Plain) -> None:
    _expect_band(answer)
    expected = reference_budget(case)
    low_share, high_share = GOVERNANCE_SHARE_RANGE
    if _band_is(answer, expected["low"], expected["high"]):
        return
    value, spend = case.annual_contract_value, case.current_governance_cost
    if _band_is(answer, expected["high"], expected["low"]):
        raise CheckFailed("Your 'low' and 'high' are swapped: 'low' is the 3% end of the band.")
    if _band_is(answer, low_share * value / 12, high_share * value / 12):
        raise CheckFailed(
            "Your band is computed on a month's contract value. The 3% to 6% band is a share "
            f"of the ANNUAL contract value (case.annual_contract_value) {REVISIT_BUDGET}."
        )
    years = case.contract_years
    if _band_is(answer, low_share * value * years, high_share * value * years):
        raise CheckFailed(
            "Your band is computed on the whole contract's value over all its years. The band "
            f"is a yearly budget: a share of the annual contract value {REVISIT_BUDGET}."
        )
    if _band_is(answer, low_share * spend, high_share * spend) or _band_is(
        answer, (1 + low_share) * spend, (1 + high_share) * spend
    ):
        raise CheckFailed(
            "Your band is 3% to 6% of what Orion spends on governance today. The band is a "
            "share of the annual CONTRACT value; the governance spend is what you compare with "
            f"it {REVISIT_BUDGET}."
        )
    if _band_is(answer, 100 * low_share * value, 100 * high_share * value):
        raise CheckFailed(
            "Your band multiplies by 3 and 6. They are percents: 3% is 0.03 of the contract "
            f"value {REVISIT_BUDGET}."
        )
    if fits_another(
        lambda other: _band_is(answer, **reference_budget(other)), checks.copied_from(case)
    ):
        raise different_variant("These figures seem to", COPY_ADVICE)
    raise CheckFailed(
        f"Your band is not right: take 3% and 6% of the annual contract value {REVISIT_BUDGET}."
    )


def _expect_band(value: Any, name: str = "governance_budget") -> None:
    if type(value) is not dict or set(value) != {"low", "high"}:
        raise CheckFailed(f"{name} should be a dict {{'low': number, 'high': number}}")
    for key in ("low", "high"):
        expect_number(value[key], f"{name}[{key!r}]")


expect_band = _expect_band


@checks.check("current-spend", NINE_STEPS_SECTION)
def check_current_spend(case: GovernanceView, answer: Plain) -> None:
    expect_spend(answer)
    share, within = answer["share"], answer["within"]
    expected = reference_spend_share(case)
    value, spend = case.annual_contract_value, case.current_governance_cost
    if not close(share, expected, relative=RELATIVE):
        if close(share, 100 * expected, relative=RELATIVE):
            raise CheckFailed(
                "Your share is a percent. Give it as a share of 1, like the band's 0.03 to 0.06."
            )
        if close(share, value / spend, relative=RELATIVE):
            raise CheckFailed(
                "Your share is upside down: divide the governance spend by the annual contract "
                f"value {REVISIT_BUDGET}."
            )
        if close(share, spend / (value / 12), relative=RELATIVE) or close(
            share, spend / (value * case.contract_years), relative=RELATIVE
        ):
            raise CheckFailed(
                "Your share divides by the wrong contract value: a year's governance spend is "
                "compared with a year's contract value, case.annual_contract_value "
                f"{REVISIT_BUDGET}."
            )
        if fits_another(
            lambda other: close(share, reference_spend_share(other), relative=RELATIVE),
            checks.copied_from(case),
        ):
            raise different_variant("This share seems to", COPY_ADVICE)
        raise CheckFailed(
            "Your share is not right: divide what Orion spends on governance a year "
            f"(case.current_governance_cost) by the annual contract value {REVISIT_BUDGET}."
        )
    if within != reference_within(case):
        raise CheckFailed(
            "'within' does not agree with your share: it is True only when the share lies "
            f"between 0.03 and 0.06, the ends included {REVISIT_BUDGET}."
        )


# --- Part 3: the review cadence (graded by rules) ------------------------------------------


def _tiers(answer: Plain) -> list[GovernanceTier]:
    expect_cadence(answer)
    return [
        GovernanceTier(
            tier["name"],
            tuple(tier["client_attendees"]),
            tuple(tier["provider_attendees"]),
            tier["meetings_per_year"],
            tuple(tier["inputs"]),
        )
        for tier in answer
    ]


def _unchanged_cadence(answer: Plain, case: GovernanceView) -> str:
    return (
        "This is the analyst's draft calendar, unchanged; it still has its planted problems. "
        if answer == case.cadence_draft
        else ""
    )


def _cadence_findings(answer: Plain, rule: str) -> list[str]:
    return [finding.message for finding in validate_cadence(_tiers(answer)) if finding.rule == rule]


def _first_tiers(answer: Plain) -> dict[str, GovernanceTier]:
    first: dict[str, GovernanceTier] = {}
    for tier in _tiers(answer):
        first.setdefault(tier.name, tier)
    return first


def _require_every_tier(answer: Plain, case: GovernanceView, rule: str) -> None:
    """The other rules judge a whole calendar: a missing tier breaks them at its level too."""
    missing = [name for name in TIERS if name not in _first_tiers(answer)]
    if missing:
        raise CheckFailed(
            f"{_unchanged_cadence(answer, case)}There is no {missing[0]} tier, so {rule} cannot "
            f"hold at that level: the calendar needs all three tiers {REVISIT_TIERS}."
        )


TIERS_SECTION = "Review meetings in three tiers, and the issue list"


@checks.check("cadence-tiers", TIERS_SECTION)
def check_cadence_tiers(case: GovernanceView, answer: Plain) -> None:
    problems = _cadence_findings(answer, RULE_TIERS)
    if problems:
        raise CheckFailed(
            f"{_unchanged_cadence(answer, case)}The calendar needs the operational, tactical and "
            f"strategic tiers, each exactly once: {problems[0]} {REVISIT_TIERS}."
        )


@checks.check("cadence-both-sides", TIERS_SECTION)
def check_cadence_both_sides(case: GovernanceView, answer: Plain) -> None:
    _require_every_tier(answer, case, "both sides meeting")
    problems = _cadence_findings(answer, RULE_BOTH_SIDES)
    if problems:
        raise CheckFailed(
            f"{_unchanged_cadence(answer, case)}A tier without both sides is a meeting about the "
            f"other side, not with it: {problems[0]} (Everest Group's peer-to-peer alignment) "
            f"{REVISIT_TIERS}."
        )


@checks.check("cadence-frequency", TIERS_SECTION)
def check_cadence_frequency(case: GovernanceView, answer: Plain) -> None:
    unchanged = _unchanged_cadence(answer, case)
    _require_every_tier(answer, case, "a meeting rhythm")
    never = _cadence_findings(answer, RULE_MEETS)
    if never:
        raise CheckFailed(f"{unchanged}{never[0]} {REVISIT_TIERS}.")
    tiers = _first_tiers(answer)
    for name in TIERS:
        meetings = tiers[name].meetings_per_year
        low, high = MEETINGS_RANGE[name]
        if low <= meetings <= high:
            continue
        raise CheckFailed(f"{unchanged}{_frequency_advice(name, meetings)} {REVISIT_TIERS}.")
    order = _cadence_findings(answer, RULE_FREQUENCY)
    if order:
        raise CheckFailed(f"{unchanged}{order[0]} {REVISIT_TIERS}.")


def _frequency_advice(name: str, meetings: int) -> str:
    low, high = MEETINGS_RANGE[name]
    if name == "operational" and meetings < low:
        return (
            f"The operational review meets {meetings} times a year. Service levels are "
            "reported every month and the operational tier is the first place problems are "
            f"settled, so it meets at least monthly ({low} to {high} times a year)"
        )
    if name == "strategic" and meetings > high:
        return (
            f"The strategic tier meets {meetings} times a year. Monthly (or more frequent) "
            "executive reviews pull executives into operational detail; in year three they meet "
            f"twice a year to quarterly ({low} to {high} times a year)"
        )
    words = {
        "operational": "monthly to weekly",
        "tactical": "quarterly to monthly",
        "strategic": "twice a year to quarterly",
    }
    return (
        f"The {name} tier meets {meetings} times a year; this exercise asks for "
        f"{words[name]} ({low} to {high} times a year)"
    )


@checks.check("cadence-issue-log", TIERS_SECTION)
def check_cadence_issue_log(case: GovernanceView, answer: Plain) -> None:
    _require_every_tier(answer, case, "an operational review of the issue log")
    problems = _cadence_findings(answer, RULE_ISSUE_LOG)
    if problems:
        raise CheckFailed(
            f"{_unchanged_cadence(answer, case)}{problems[0][0].upper()}{problems[0][1:]}: add "
            f"'issue log' to its inputs {REVISIT_TIERS}."
        )


# --- Part 4: the RACI (graded by rules) ----------------------------------------------------


def _letters(answer: Plain, case: GovernanceView) -> dict[str, dict[str, list[str]]]:
    """activity -> letter -> the roles holding it, after the shape check."""
    expect_raci(answer, case.activities, case.roles)
    validate_raci(answer)  # the model accepts it (a shape the model refuses is a checker bug)
    table: dict[str, dict[str, list[str]]] = {}
    for activity in case.activities:
        letters: dict[str, list[str]] = {letter: [] for letter in "RACI"}
        for role in case.roles:
            cell = answer[activity][role].strip().upper()
            if cell:
                letters[cell].append(role)
        table[activity] = letters
    return table


def _unchanged_raci(answer: Plain, case: GovernanceView) -> str:
    return (
        "This is the analyst's draft RACI, unchanged; it still has its planted problems. "
        if answer == case.raci_draft
        else ""
    )


RACI_SECTION = "Who does what: a RACI across both organisations"


@checks.check("raci-accountable", RACI_SECTION)
def check_raci_accountable(case: GovernanceView, answer: Plain) -> None:
    table = _letters(answer, case)
    unchanged = _unchanged_raci(answer, case)
    for activity, letters in table.items():
        accountable = letters["A"]
        if len(accountable) > 1:
            raise CheckFailed(
                f"{unchanged}{activity!r} has {len(accountable)} Accountable roles "
                f"({', '.join(accountable)}). With two A's each side assumes the other signed "
                "off, so in practice nobody answers for the result: keep exactly one A and give "
                f"the other role R, C or I {REVISIT_RACI}."
            )
        if not accountable:
            raise CheckFailed(
                f"{unchanged}{activity!r} has no Accountable role: exactly one role must answer "
                f"for the result (one A per activity) {REVISIT_RACI}."
            )
    risk = table.get(RISK_ACCEPTANCE)
    if risk and risk["A"][0] not in case.client_roles:
        raise CheckFailed(
            f"{RISK_ACCEPTANCE!r} is accountable on the provider's side. Accepting a risk "
            f"stays with {case.company} even when {case.provider} does the work (ISO/IEC 27036) "
            f"{REVISIT_RACI}."
        )


@checks.check("raci-responsible", RACI_SECTION)
def check_raci_responsible(case: GovernanceView, answer: Plain) -> None:
    table = _letters(answer, case)
    for activity, letters in table.items():
        if not letters["R"]:
            raise CheckFailed(
                f"{_unchanged_raci(answer, case)}{activity!r} has no Responsible role, so nobody "
                "does the work: give at least one role an R (the Accountable role may also do "
                f"it, but then write R there and move the A) {REVISIT_RACI}."
            )


def describe(case: GovernanceView) -> list[object]:
    """What the notebook shows under the setup cell: contract facts, evidence, the two drafts."""
    import pandas as pd
    from IPython.display import Markdown

    from course.models.governance import raci_frame

    facts = pd.Series(
        {
            "annual_contract_value": case.annual_contract_value,
            "contract_years": case.contract_years,
            "contract_year": case.contract_year,
            "business_satisfaction (out of 5)": case.business_satisfaction,
            "sla_months_met": f"{case.sla_months_met} of {case.sla_months_reported}",
            "vmo_fte": case.vmo_fte,
            "vmo_loaded_cost_per_fte": case.vmo_loaded_cost_per_fte,
            "current_governance_cost": case.current_governance_cost,
        },
        name=case.currency,
        dtype=object,
    ).to_frame()
    evidence = "\n".join(
        f"{number}. **{case.step_titles[step]}** (`{step}`), score "
        f"**{case.health_scores[step]}**/{case.max_score}: {case.health_evidence[step]}"
        for number, step in enumerate(case.steps, start=1)
    )
    cadence = pd.DataFrame(case.cadence_draft).set_index("name")
    return [
        Markdown(
            f"**{case.company}** and **{case.provider}**: contract facts (`case.<name>`; money "
            f"in {case.currency})"
        ),
        facts,
        Markdown(
            "The assessor's evidence and scores, in the nine steps' order (`case.steps`, "
            "`case.health_scores`, `case.health_evidence`; 0 = absent ... "
            f"{case.max_score} = working well):\n\n{evidence}"
        ),
        Markdown("The analyst's draft calendar (`case.cadence_draft`, one dict per tier)"),
        cadence,
        Markdown(
            "The analyst's draft RACI (`case.raci_draft`: activity -> role -> letter; "
            f"`case.client_roles` work for {case.company}, `case.provider_roles` for "
            f"{case.provider})"
        ),
        raci_frame(case.raci_draft),
    ]


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
