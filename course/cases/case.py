"""What every case kind shares: the common fields, the library line, and how a kind registers.

Why a ``CaseKind`` record: a kind is one module under ``course/cases/kinds/`` holding its data
class, its parser, its perturbation for variants, its invariants and the plain view a checker
needs. The module ends with one ``KIND = CaseKind(...)`` naming those pieces, and
``course.cases.kinds`` lists the modules once; the loader and the variant generator look a kind
up there instead of keeping a dispatch table each.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from course.cases.draw import Draw
    from course.cases.source import Source


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case library: what ``list_cases`` returns."""

    case_id: str
    kind: str
    company: str
    title: str
    pitch: str


@dataclass(frozen=True)
class Case:
    """What every case has: who, what, and the story a learner reads first.

    ``pitch`` is one line for the library; ``narrative`` the short story (Markdown);
    ``currency`` the ISO code of every money amount in the case.
    """

    kind: ClassVar[str] = ""

    case_id: str
    company: str
    title: str
    pitch: str
    narrative: str
    currency: str

    def summary(self) -> CaseSummary:
        """The case's line in the library."""
        return CaseSummary(self.case_id, self.kind, self.company, self.title, self.pitch)

    def validate(self) -> None:
        """Build every model object the case offers; a ``ModelInputError`` means bad data."""


def always(case: Case) -> bool:
    """For kinds whose reference answers cannot hang on a near-tie."""
    return True


@dataclass(frozen=True)
class CaseKind:
    """The pieces of one kind of case, named once in the kind's own module.

    - ``case_class``: the frozen data class (its ``kind`` is the value of ``kind:`` in case.yml);
    - ``parse``: case files (through a ``Source``) to a case, naming the file and field of an error;
    - ``perturb``: a learner's new numbers, drawn from a ``Draw``;
    - ``story``: the facts every variant must share with the base case;
    - ``well_defined``: whether every reference answer is clear of near-ties;
    - ``plain_view``: the case as plain data for an exercise (``None`` where no exercise uses it).
    """

    case_class: type[Case]
    parse: Callable[[Source], Case]
    perturb: Callable[[Any, Draw], Case]
    story: Callable[[Any], Hashable]
    well_defined: Callable[[Any], bool] = always
    plain_view: Callable[[Any, str], Any] | None = None

    @property
    def name(self) -> str:
        """The kind's name, as ``kind:`` in case.yml spells it."""
        return self.case_class.kind


def pairwise_gap(values: Iterable[float]) -> float:
    """The smallest difference between any two of ``values`` (infinite for fewer than two)."""
    ordered = sorted(values)
    return min((b - a for a, b in itertools.pairwise(ordered)), default=math.inf)


def rule_findings(findings: Iterable) -> frozenset[tuple[str, str]]:
    """A model validator's findings as (rule, field) pairs: what a draft's story is made of."""
    return frozenset((finding.rule, finding.field) for finding in findings)
