"""Misconceptions of the exercise "Diagnose the challenges"."""

from autograder.misconceptions import Misconception

_SEEN = """
seen = {
    challenge: sum(1 for symptom in about["symptoms"] if symptom in observed)
    for challenge, about in case.challenges.items()
}
"""

_RANK_BY = """
article_order = list(case.challenges)
ranking = sorted(
    [challenge for challenge in article_order if seen[challenge] > 0],
    key=lambda challenge: KEY,
)
"""


def _ranking(key: str) -> dict[str, str]:
    return {"a3": _RANK_BY.replace("KEY", key)}


_BEST = {
    "communication": "F",
    "cultural-differences": "B",
    "data-security": "K",
    "quality-control": "H",
    "change-management": "E",
    "vendor-management": "I",
    "knowledge-transfer": "C",
}


def _remedies(**chosen: str) -> dict[str, str]:
    """The reference choice of options, with ``chosen`` (challenge id with _ for -) swapped in."""
    best = {**_BEST, **{key.replace("_", "-"): option for key, option in chosen.items()}}
    return {
        "a5": f"best_option = {best!r}\n"
        "remedies = {challenge: best_option[challenge] for challenge in tackle_first}"
    }


MISCONCEPTIONS = [
    Misconception(
        "counted a symptom that one source reported",
        {
            "a1": """
observed = [
    symptom for symptom, by_source in case.mentions.items() if any(by_source.values())
]
"""
        },
        fails=("observed",),
        message="You counted symptoms that only one source reported",
        passes=("observed-shape",),
    ),
    Misconception(
        "added up the mentions instead of counting the sources",
        {
            "a1": """
observed = [
    symptom
    for symptom, by_source in case.mentions.items()
    if sum(by_source.values()) >= case.corroboration
]
"""
        },
        fails=("observed",),
        message="You added up the mentions",
        passes=("observed-shape",),
    ),
    Misconception(
        "divided by every symptom observed",
        {
            "a2": _SEEN
            + "shares = {challenge: seen[challenge] / len(observed) for challenge in seen}"
        },
        fails=("shares",),
        message="Your shares divide by the number of symptoms observed",
        passes=("observed",),
    ),
    Misconception(
        "counted a shared symptom for one challenge only",
        {
            "a2": """
counted = set()
seen = {}
for challenge, about in case.challenges.items():
    mine = [s for s in about["symptoms"] if s in observed and s not in counted]
    counted.update(mine)
    seen[challenge] = len(mine)
shares = {
    challenge: seen[challenge] / len(about["symptoms"])
    for challenge, about in case.challenges.items()
}
"""
        },
        fails=("shares",),
        message="You counted a symptom for one challenge only",
        passes=("observed",),
    ),
    Misconception(
        "gave the shares as percentages",
        {
            "a2": _SEEN
            + """
shares = {
    challenge: 100 * seen[challenge] / len(about["symptoms"])
    for challenge, about in case.challenges.items()
}
"""
        },
        fails=("shares",),
        message="as a fraction of 1",
        passes=("observed", "ranking"),
    ),
    Misconception(
        "ranked by the number of symptoms observed",
        _ranking("(-seen[challenge], article_order.index(challenge))"),
        fails=("ranking",),
        message="You ranked by the number of symptoms observed",
        passes=("observed", "shares"),
    ),
    Misconception(
        "broke ties alphabetically",
        _ranking("(-shares[challenge], -seen[challenge], challenge)"),
        fails=("ranking",),
        message="Your ties are in alphabetical order",
        passes=("shares", "tackle-first"),
    ),
    Misconception(
        "ranked every challenge, even those no symptom points to",
        {
            "a3": """
article_order = list(case.challenges)
ranking = sorted(
    article_order,
    key=lambda challenge: (-shares[challenge], -seen[challenge], article_order.index(challenge)),
)
"""
        },
        fails=("ranking",),
        message="Your ranking lists challenges that no observed symptom points to",
        passes=("shares", "tackle-first"),
    ),
    Misconception(
        "named one challenge where several are tied",
        {"a4": "tackle_first = [ranking[0]]"},
        fails=("tackle-first",),
        message="You named one challenge, but others are just as strong",
        passes=("ranking",),
    ),
    Misconception(
        "named every challenge a symptom points to",
        {"a4": "tackle_first = list(ranking)"},
        fails=("tackle-first",),
        message="You named every challenge a symptom points to",
        passes=("ranking",),
    ),
    Misconception(
        "chose actions that treat the symptoms",
        _remedies(
            change_management="G",
            cultural_differences="D",
            quality_control="A",
            knowledge_transfer="J",
        ),
        fails=("remedies",),
        message="answers what you see, not the challenge behind it",
        passes=("tackle-first",),
    ),
    Misconception(
        "chose another challenge's remedy",
        _remedies(
            change_management="F",
            cultural_differences="F",
            quality_control="I",
            knowledge_transfer="E",
        ),
        fails=("remedies",),
        message="is a remedy for a different challenge",
        passes=("tackle-first",),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["observed"],
    "a2": ["shares"],
    "a3": ["ranking"],
    "a4": ["tackle_first"],
    "a5": ["remedies"],
}
