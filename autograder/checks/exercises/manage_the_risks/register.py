"""Parts 1 to 3 of "Manage the risks": each risk's score and band, and the register's order.

Scores, bands and order come from ``course.models.risk`` on the learner's own variant."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from autograder.checks.detect import Misconception, judge, judge_by_key
from autograder.checks.exercises.manage_the_risks import (
    REGISTER,
    checks,
    reference_bands,
    reference_scores,
)
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import (
    expect_keys,
    expect_name,
    expect_names,
    expect_numbers_by_key,
)
from course.cases.kinds.risk import RiskView, model_risks
from course.models.risk import (
    RATING_BANDS,
    RiskRegister,
    rating_band,
    register_frame,
)

REVISIT_SCORE = "(revisit: the risk score, likelihood × impact)"
REVISIT_BANDS = "(revisit: the rating bands, a course convention)"
REVISIT_ORDER = "(revisit: reading a register, highest score first)"


def reference_order(case: RiskView) -> list[str]:
    return list(register_frame(RiskRegister(tuple(model_risks(case))))["risk_id"])


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
    expect_keys(
        value,
        list(risk_ids),
        lambda missing: f"bands is missing {missing[0]!r}: give a band for every risk",
        lambda extra: f"bands has entries that are not in the case: {extra[0]!r}",
    )
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


# --- Part 1: scores ------------------------------------------------------------------------


def _same(answer: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(answer[k] == expected[k] for k in expected)


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
    checks.another_variant(
        "These scores",
        lambda answer, other: _same(answer, reference_scores(other)),
    ),
)


def by_risk(
    check_id: str,
    expect: Callable[[Plain, RiskView], None],
    reference: Callable[[RiskView], dict[str, Any]],
    misconceptions: tuple[Misconception, ...],
    wrong: str,
) -> None:
    """Register the check of one value per risk (its score, its band): the model's value for
    every risk passes; else the first misconception that explains the answer, else ``wrong``
    (a template) names the first risk that is off."""

    def check(case: RiskView, answer: Plain) -> None:
        expect(answer, case)
        judge_by_key(answer, reference(case), case, misconceptions, wrong.format)

    check.__name__ = check.__qualname__ = f"check_{check_id}"
    checks.check(check_id, REGISTER)(check)


def expect_scores(answer: Plain, case: RiskView) -> None:
    expect_numbers_by_key(answer, case.risk_ids, "scores")


SCORE_WRONG = (
    f"The score of {{!r}} is not right: multiply its likelihood by its impact {REVISIT_SCORE}."
)
by_risk("scores", expect_scores, reference_scores, SCORE_MISCONCEPTIONS, SCORE_WRONG)


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
    checks.another_variant(
        "These bands",
        lambda answer, other: _same(answer, reference_bands(other)),
    ),
)


def expect_bands_of(answer: Plain, case: RiskView) -> None:
    expect_bands(answer, case.risk_ids, list(case.bands))


BAND_WRONG = (
    "The band of {!r} is not right: find the range in case.bands that holds its score "
    f"(likelihood × impact), both ends included {REVISIT_BANDS}."
)
by_risk("bands", expect_bands_of, reference_bands, BAND_MISCONCEPTIONS, BAND_WRONG)


# --- Part 3: the register's order ----------------------------------------------------------


TIE_RULE = (
    "of two risks with the same score, the one with the higher impact comes first, and with the "
    "same impact too, the lower risk id"
)


def _along(answer: list[str], case: RiskView) -> list[int]:
    """The scores down the learner's order."""
    scores = reference_scores(case)
    return [scores[r] for r in answer]


def _tie_slip(answer: list[str], case: RiskView) -> str:
    scores = reference_scores(case)
    if list(answer) == _order_by(case, lambda r: (-scores[r], -case.likelihood[r], r)):
        how = "Your ties go to the more likely risk first"
    elif list(answer) == _order_by(case, lambda r: (-scores[r], r)):
        how = "Your ties stay in risk-id order, whatever their impact"
    else:
        how = "At least one tie is broken another way"
    return (
        f"The scores are in the right order, but a tie is not. {how}; the model's rule: "
        f"{TIE_RULE} {REVISIT_ORDER}."
    )


def _added_order(case: RiskView) -> list[str]:
    added = added_scores(case)
    return _order_by(case, lambda r: (-added[r], -case.impact[r], r))


ORDER_MISCONCEPTIONS = (
    Misconception(
        "upside-down",
        lambda answer, case: (
            _along(answer, case) == sorted(_along(answer, case))
            and _along(answer, case) != sorted(_along(answer, case), reverse=True)
        ),
        "Your register is upside down: the committee reads the highest score first "
        f"{REVISIT_ORDER}.",
    ),
    Misconception(
        "tie-broken-another-way",
        lambda answer, case: _along(answer, case) == sorted(_along(answer, case), reverse=True),
        _tie_slip,
    ),
    Misconception(
        "added",
        lambda answer, case: list(answer) == _added_order(case),
        "Your order follows likelihood and impact added together. Sort by the score, "
        f"likelihood × impact, highest first {REVISIT_SCORE}.",
    ),
    checks.another_variant(
        "This order seems to",
        lambda answer, other: list(answer) == reference_order(other),
    ),
)


@checks.check("order", REGISTER)
def check_order(case: RiskView, answer: Plain) -> None:
    expect_order(answer, case.risk_ids)
    judge(
        list(answer) == reference_order(case),
        answer,
        case,
        ORDER_MISCONCEPTIONS,
        "The order is not right: sort the risks by score (likelihood × impact), highest first; "
        f"{TIE_RULE} {REVISIT_ORDER}.",
    )
