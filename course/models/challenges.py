"""The seven common outsourcing challenges: what you observe, what it points to, what to do.

Why a model: the seed article "Navigating Challenges in IT Outsourcing: Strategies for Success"
(2024) names seven challenges and a strategy for each. In practice a leader sees symptoms, not
challenge names ("tickets bounce between teams", "staff keep calling the old team"), and one
symptom can point to two challenges. ``diagnose`` turns the symptoms someone ticks into a ranked
list of likely challenges with their mitigations. The symptom lists and the wording are the
course's own; the mitigations paraphrase the seed article, with ISO/IEC 27036 for security and
Hofstede and Meyer for culture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from course.models.errors import ModelInputError, did_you_mean


@dataclass(frozen=True)
class Symptom:
    """Something a leader can observe in an outsourced service, with a stable kebab-case id."""

    id: str
    text: str


@dataclass(frozen=True)
class Challenge:
    """One challenge: why it matters, the symptom ids that point to it, and its mitigations."""

    id: str
    name: str
    why: str
    symptoms: tuple[str, ...]
    mitigations: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Diagnosis:
    """How strongly the observed symptoms point to one challenge.

    ``share`` is matched symptoms over the challenge's symptoms (0-1); ``matched`` lists the
    observed symptom ids that point to it, in the challenge's order.
    """

    challenge: Challenge
    matched: tuple[str, ...]
    share: float

    @property
    def mitigations(self) -> tuple[str, ...]:
        """What to do about the challenge: the reason to diagnose at all."""
        return self.challenge.mitigations


SEED_004 = '"Navigating Challenges in IT Outsourcing: Strategies for Success" (2024)'

SYMPTOMS: tuple[Symptom, ...] = (
    Symptom(
        "requirements-misread", "Work is delivered to the letter of a request but misses its intent"
    ),
    Symptom(
        "no-single-contact",
        "Nobody knows whom to call at the provider, so questions go to several people",
    ),
    Symptom("late-surprises", "Delays and problems come to light only at the deadline"),
    Symptom("silence-in-meetings", "Provider staff rarely question a plan or say no in meetings"),
    Symptom("yes-means-maybe", "A 'yes' from the provider turns out to mean 'we will try'"),
    Symptom(
        "tension-between-teams", "In-house and provider staff blame each other and avoid joint work"
    ),
    Symptom(
        "broad-data-access",
        "Provider staff can reach more customer or patient data than their tasks need",
    ),
    Symptom(
        "no-security-audit", "Nobody has checked the provider's security controls since signing"
    ),
    Symptom(
        "regulation-unclear", "It is unclear which regulations apply to data the provider handles"
    ),
    Symptom("rework-rising", "More deliverables come back for rework each month"),
    Symptom(
        "green-slas-unhappy-users", "Service levels are met, yet users complain about the service"
    ),
    Symptom(
        "no-quality-benchmarks",
        "There are no agreed standards for what a good deliverable looks like",
    ),
    Symptom(
        "staff-resisting",
        "In-house staff resist the change or keep doing the outsourced work themselves",
    ),
    Symptom("rumours", "Rumours about job losses spread faster than official news"),
    Symptom("no-escalation-route", "Problems have no agreed route to people who can decide"),
    Symptom("disputes-linger", "Disagreements over scope or invoices stay open for months"),
    Symptom(
        "single-expert", "Only one person, at the provider or in house, understands a key system"
    ),
    Symptom("undocumented-systems", "Key systems are not documented well enough to support them"),
    Symptom(
        "provider-lock-in",
        "The client could no longer run or move the service without the provider",
    ),
)
"""Every symptom the triage offers, in a stable order (the view lists them this way)."""

CHALLENGES: tuple[Challenge, ...] = (
    Challenge(
        "communication",
        "Communication barriers",
        "Misunderstandings between client and provider turn into delays and work nobody wanted.",
        ("requirements-misread", "no-single-contact", "late-surprises", "yes-means-maybe"),
        (
            "Set up clear channels and one named contact on each side.",
            "Hold regular meetings and status updates with a shared issue list.",
            "Make open, early reporting of problems the expected behaviour from day one.",
            "Write decisions and agreed changes down in one place that both sides read.",
        ),
        SEED_004,
    ),
    Challenge(
        "cultural-differences",
        "Cultural differences",
        "Different habits about hierarchy, disagreement and commitment hide problems until late.",
        ("silence-in-meetings", "yes-means-maybe", "tension-between-teams"),
        (
            "Offer cross-cultural training to both the in-house and the provider's teams.",
            "Agree explicitly how disagreement and bad news are raised (Meyer, The Culture Map).",
            "Build rapport and trust through joint work and team events.",
        ),
        f"{SEED_004}; Hofstede's cultural dimensions; Meyer, The Culture Map",
    ),
    Challenge(
        "data-security",
        "Data security and compliance",
        "A breach at the provider is still the client's breach, with the client's regulators.",
        ("broad-data-access", "no-security-audit", "regulation-unclear"),
        (
            "Require strict security controls and compliance with the regulations that apply.",
            "Encrypt sensitive data and grant access by least privilege.",
            "Audit the provider's controls regularly (ISO/IEC 27036 covers supplier security).",
            "Write security duties, breach notice and the right to audit into the contract.",
        ),
        f"{SEED_004}; ISO/IEC 27036",
    ),
    Challenge(
        "quality-control",
        "Quality control",
        "Without agreed standards, quality drifts and the client pays for the rework.",
        ("rework-rising", "green-slas-unhappy-users", "no-quality-benchmarks"),
        (
            "Agree clear quality benchmarks for each deliverable.",
            "Evaluate performance regularly and review deliverables periodically.",
            "Give the provider feedback loops so it can improve.",
        ),
        SEED_004,
    ),
    Challenge(
        "change-management",
        "Change management",
        "Staff who fear the change work around it, and the programme loses its support.",
        ("staff-resisting", "rumours", "tension-between-teams"),
        (
            "Involve employees in the transition and address their concerns openly.",
            "Explain the benefits of the programme to every group affected.",
            "Keep a visible leader championing the change after go-live.",
            "Offer the people who stay new roles and the training to fill them.",
        ),
        SEED_004,
    ),
    Challenge(
        "vendor-management",
        "Vendor management",
        "Without governance, every problem becomes a negotiation and none gets solved.",
        ("no-escalation-route", "disputes-linger", "green-slas-unhappy-users", "late-surprises"),
        (
            "Set up governance with regular performance assessments.",
            "Agree an escalation procedure and a way to resolve conflicts.",
            "Solve problems as partners aiming for mutual success.",
            "Staff the vendor-management role in proportion to the size of the contract.",
        ),
        SEED_004,
    ),
    Challenge(
        "knowledge-transfer",
        "Knowledge transfer and retention",
        "When knowledge moves entirely to the provider, the client can no longer judge or leave.",
        ("single-expert", "undocumented-systems", "provider-lock-in"),
        (
            "Define how knowledge is transferred (shadowing, documentation, sign-off).",
            "Keep key knowledge in house: architects and service owners who know the systems.",
            "Avoid depending only on the provider's team for any critical system.",
            "Sign a system off only when the provider has resolved real incidents without help.",
        ),
        SEED_004,
    ),
)
"""The seven challenges, in the seed article's order (ties in a diagnosis keep this order)."""

SYMPTOM_IDS = tuple(symptom.id for symptom in SYMPTOMS)
CHALLENGE_IDS = tuple(challenge.id for challenge in CHALLENGES)
SYMPTOMS_BY_ID: Mapping[str, Symptom] = MappingProxyType({s.id: s for s in SYMPTOMS})


def symptom(symptom_id: str) -> Symptom:
    """The symptom with this id; an unknown id raises ``ModelInputError`` with a suggestion."""
    if symptom_id in SYMPTOMS_BY_ID:
        return SYMPTOMS_BY_ID[symptom_id]
    raise ModelInputError(
        "symptom",
        f"unknown symptom {symptom_id!r}{did_you_mean(symptom_id, SYMPTOM_IDS)}",
        "an id from course.models.challenges.SYMPTOM_IDS",
    )


def diagnose(observed: Iterable[str]) -> list[Diagnosis]:
    """Rank the challenges the observed symptoms point to, strongest first.

    A challenge's strength is the share of its symptoms that were observed; ties go to the one
    with more matched symptoms, then to the seed article's order. Challenges with no observed
    symptom are left out, so an empty observation gives an empty list.
    """
    if isinstance(observed, str):
        raise ModelInputError(
            "observed", f"expected a list of symptom ids, got the text {observed!r}"
        )
    ticked = []
    for symptom_id in observed:
        if not isinstance(symptom_id, str):
            raise ModelInputError("observed", f"expected symptom ids (texts), got {symptom_id!r}")
        symptom(symptom_id)
        if symptom_id not in ticked:
            ticked.append(symptom_id)
    found = []
    for order, challenge in enumerate(CHALLENGES):
        matched = tuple(s for s in challenge.symptoms if s in ticked)
        if matched:
            share = len(matched) / len(challenge.symptoms)
            found.append((-share, -len(matched), order, Diagnosis(challenge, matched, share)))
    return [item[-1] for item in sorted(found, key=lambda item: item[:3])]


def strength(diagnosis: Diagnosis) -> tuple[float, int]:
    """What ``diagnose`` ranks by: the share of a challenge's symptoms seen, then how many."""
    return (round(diagnosis.share, 9), len(diagnosis.matched))


def most_likely(result: list[Diagnosis]) -> list[Diagnosis]:
    """The challenges ranked first, ties included: three equally strong are all most likely,
    not the first of them by the article's order (the order breaks ties for display only).

    Equally strong means the same share *and* the same number of symptoms seen, the two keys
    ``diagnose`` ranks by before it falls back on the article's order.
    """
    if not result:
        return []
    return [d for d in result if strength(d) == strength(result[0])]


def _check_catalogue() -> None:
    """Every challenge names known symptoms, and every symptom points to some challenge.

    Checked at import so that an edit to the lists above fails at once, not in a lesson.
    """
    used = {s for challenge in CHALLENGES for s in challenge.symptoms}
    unknown = used - set(SYMPTOM_IDS)
    unused = set(SYMPTOM_IDS) - used
    if unknown or unused:
        raise AssertionError(f"challenge catalogue: unknown {unknown}, unused {unused}")
    if len(set(SYMPTOM_IDS)) != len(SYMPTOMS) or len(set(CHALLENGE_IDS)) != len(CHALLENGES):
        raise AssertionError("challenge catalogue: an id appears twice")
    for challenge in CHALLENGES:
        if not (3 <= len(challenge.symptoms) <= 5 and 3 <= len(challenge.mitigations) <= 5):
            raise AssertionError(f"challenge catalogue: {challenge.id} needs 3-5 of each")


_check_catalogue()
