"""Symptoms: what several sources report about an outsourced service (``course.models.challenges``).

A case holds a table of mentions (how many times each source reported each symptom), the rule
that makes a symptom count as observed (reported by at least ``corroboration`` sources), and the
actions the client could fund. Variants move the mentions, so each learner observes a different
set of symptoms, while the story the exercise "Diagnose the challenges" needs stays: a tie at
the top, and a case where each usual slip gives a different answer from the model's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import Draw
from course.cases.source import Source, allow_case_keys, common_fields, frozen, require_unique
from course.models.challenges import (
    CHALLENGE_IDS,
    CHALLENGES,
    Diagnosis,
    diagnose,
    most_likely,
    symptom,
)
from course.models.errors import ModelInputError

CHALLENGES_BY_ID = {challenge.id: challenge for challenge in CHALLENGES}


@dataclass(frozen=True)
class Option:
    """An action the client could fund: a model mitigation (``challenge`` set), or a decoy that
    treats what is seen rather than the challenge behind it (``challenge`` is ``None``)."""

    id: str
    text: str
    challenge: str | None


@dataclass(frozen=True)
class SymptomsCase(Case):
    """Reports about an outsourced service, by source and symptom (``course.models.challenges``).

    ``mentions[symptom][source]`` is how many times that source reported the symptom (0: never).
    A symptom counts as observed when at least ``corroboration`` sources report it.
    """

    kind: ClassVar[str] = "symptoms"

    provider: str
    corroboration: int
    sources: Mapping[str, str]
    mentions: Mapping[str, Mapping[str, int]]
    options: tuple[Option, ...]

    def observed(self) -> list[str]:
        """The symptoms enough sources report, in the table's order."""
        return corroborated(self.mentions, self.corroboration)

    def diagnosis(self) -> list[Diagnosis]:
        """The model's ranking of the challenges the observed symptoms point to."""
        return diagnose(self.observed())

    def validate(self) -> None:
        self.diagnosis()


def corroborated(mentions: Mapping[str, Mapping[str, int]], corroboration: int) -> list[str]:
    """The symptoms reported by at least ``corroboration`` different sources, in table order.

    The one place of the case's evidence rule: a source that repeats a symptom is still one
    source, and a symptom one source reports is a lead to follow up, not a finding.
    """
    return [
        name
        for name, by_source in mentions.items()
        if sum(1 for count in by_source.values() if count > 0) >= corroboration
    ]


# --- reading case files ----------------------------------------------------------------------


def parse_symptoms(source: Source) -> SymptomsCase:
    """Sources and options from case.yml; one row of mentions per symptom from a table."""
    main = source.main
    allow_case_keys(main, "provider corroboration sources mentions options")
    sources = {}
    for item in main.sections("sources", label="id"):
        item.reject_unknown(("id", "who"))
        sources[item.text("id")] = item.text("who")
    require_unique(main, "sources", [item.text("id") for item in main.sections("sources", "id")])
    table = source.table(main, "mentions")
    table.require_columns(("symptom", *sources))
    mentions = {}
    for row in table.rows:
        name = row.text("symptom")
        try:
            symptom(name)
        except ModelInputError as error:
            row.fail("symptom", str(error), "use an id from course.models.challenges.SYMPTOM_IDS")
        mentions[name] = frozen({key: row.integer(key, 0, 20) for key in sources})
    require_unique(main, "mentions", list(mentions), file=table.file)
    options = [_option(item) for item in main.sections("options", label="id")]
    require_unique(main, "options", [option.id for option in options])
    return SymptomsCase(
        **common_fields(source),
        provider=main.text("provider"),
        corroboration=main.integer("corroboration", 1, len(sources)),
        sources=frozen(sources),
        mentions=frozen(mentions),
        options=tuple(options),
    )


def _option(item) -> Option:
    """A model mitigation (``challenge``, ``mitigation`` counted from 1) or a decoy (``text``)."""
    item.reject_unknown(("id", "challenge", "mitigation", "text"))
    if item.has("text"):
        return Option(item.text("id"), item.text("text"), None)
    challenge = CHALLENGES_BY_ID[item.choice("challenge", CHALLENGE_IDS)]
    number = item.integer("mitigation", 1, len(challenge.mitigations))
    return Option(item.text("id"), challenge.mitigations[number - 1], challenge.id)


# --- variants --------------------------------------------------------------------------------

FLIP_CHANCE = 0.2
"""How often a source's report of a symptom appears or disappears in a variant."""


def perturb_symptoms(case: SymptomsCase, draw: Draw) -> SymptomsCase:
    """Each count of mentions redrawn 1-3; one in five reports appears or disappears.

    Appearing and disappearing reports change which symptoms enough sources corroborate, so
    learners observe different symptoms; the story keeps what every variant must still teach.
    """
    mentions = {}
    for name, by_source in case.mentions.items():
        row = {}
        for key, count in by_source.items():
            if draw.unit() < FLIP_CHANCE:
                count = 0 if count else draw.integer(1, 2)
            elif count:
                count = draw.integer(1, 3)
            row[key] = count
        mentions[name] = MappingProxyType(row)
    return dataclasses.replace(case, mentions=MappingProxyType(mentions))


# --- what a variant keeps --------------------------------------------------------------------


def by_count(result: list[Diagnosis]) -> list[str]:
    """The ranking by symptoms seen alone, ties in the article's order: a usual slip."""
    order = {name: index for index, name in enumerate(CHALLENGE_IDS)}
    ranked = sorted(result, key=lambda d: (-len(d.matched), order[d.challenge.id]))
    return [d.challenge.id for d in ranked]


def by_name(result: list[Diagnosis]) -> list[str]:
    """The model's ranking with ties broken alphabetically by id: a usual slip."""
    ranked = sorted(result, key=lambda d: (-round(d.share, 9), -len(d.matched), d.challenge.id))
    return [d.challenge.id for d in ranked]


def _symptoms_story(case: SymptomsCase) -> Hashable:
    """What every variant must keep so that each usual slip gives a different answer.

    A tie of two or three challenges at the top; a ranking that changes when ranked by symptoms
    seen alone and when ties go by name; a symptom reported once by one source, and one that a
    single source repeats (so neither "one report is enough" nor "add up the mentions" passes);
    and an observed symptom shared by two challenges that are both pointed to.
    """
    result = case.diagnosis()
    model = [d.challenge.id for d in result]
    pointed = set(model)
    totals = {name: sum(row.values()) for name, row in case.mentions.items()}
    sources = {name: sum(1 for c in row.values() if c) for name, row in case.mentions.items()}
    shared = [
        name
        for name in case.observed()
        if sum(1 for c in CHALLENGES if name in c.symptoms and c.id in pointed) >= 2
    ]
    return (
        2 <= len(most_likely(result)) <= 3,
        by_count(result) != model,
        by_name(result) != model,
        any(totals[name] == 1 for name in totals),
        any(sources[name] == 1 and totals[name] >= 2 for name in totals),
        bool(shared),
    )


# --- what an exercise hands a learner -------------------------------------------------------


@dataclass
class SymptomsView:
    """A case as plain data: what the notebook shows and the checks recompute.

    It holds the reports, the evidence rule, the challenge catalogue (names and symptom ids, in
    the article's order) and the options, but no computed result: which symptoms count, the
    shares, the ranking and the remedies are what the learner works out.
    """

    learner_id: str
    company: str
    provider: str
    corroboration: int  # sources needed before a symptom counts as observed
    sources: dict[str, str]  # source id -> who reported
    symptoms: dict[str, str]  # symptom id -> what it looks like (the reported ones)
    mentions: dict[str, dict[str, int]]  # symptom id -> source id -> times reported
    challenges: dict[str, dict[str, object]]  # challenge id -> name, symptoms (article order)
    options: dict[str, str]  # option id -> the action


def observed_symptoms(view: SymptomsView) -> list[str]:
    """The symptoms enough sources report in a plain view (the case's rule, ``corroborated``)."""
    return corroborated(view.mentions, view.corroboration)


def describe(case: SymptomsView) -> list[object]:
    """What the notebook shows under the setup cell: the reports, the challenges and the options.

    House-style tables (``course.formatting``), so no symptom or action is cut short: the
    learner must read every word of an option to choose one.
    """
    import pandas as pd
    from IPython.display import HTML, Markdown

    from course.formatting import TABLE_CSS, table_html

    mentions = pd.DataFrame(
        [
            {"symptom id": name, "what it looks like": case.symptoms[name], **row}
            for name, row in case.mentions.items()
        ]
    )
    challenges = pd.DataFrame(
        [
            {"challenge id": key, "challenge": c["name"], "its symptoms": ", ".join(c["symptoms"])}
            for key, c in case.challenges.items()
        ]
    )
    options = pd.DataFrame([{"option": key, "action": text} for key, text in case.options.items()])
    sources = "\n".join(f"- `{key}`: {who}" for key, who in case.sources.items())

    def table(frame: pd.DataFrame, caption: str) -> HTML:
        ids = {column: column for column in case.sources}  # spelled as the keys of case.mentions
        return HTML(f"<style>{TABLE_CSS}</style>" + table_html(frame, caption, headers=ids))

    return [
        Markdown(
            f"**{case.company}** and **{case.provider}**: who reported what (`case.sources`):\n\n"
            f"{sources}\n\nA symptom counts as observed when at least `case.corroboration` "
            f"({case.corroboration}) different sources report it."
        ),
        table(mentions, "Times each source reported each symptom (case.mentions; 0: never)"),
        table(challenges, "The seven challenges and the symptoms that point to each"),
        table(options, "Actions the council could fund (case.options)"),
    ]


def plain_view(case: SymptomsCase, learner_id: str) -> SymptomsView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    return SymptomsView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        corroboration=case.corroboration,
        sources=dict(case.sources),
        symptoms={name: symptom(name).text for name in case.mentions},
        mentions={name: dict(row) for name, row in case.mentions.items()},
        challenges={c.id: {"name": c.name, "symptoms": list(c.symptoms)} for c in CHALLENGES},
        options={option.id: option.text for option in case.options},
    )


KIND = CaseKind(
    SymptomsCase,
    parse=parse_symptoms,
    perturb=perturb_symptoms,
    story=_symptoms_story,
    plain_view=plain_view,
)
