"""Misconceptions of the exercise "Leadership judgement".

A learner picks responses by reading them; these wrong answers find the response a learner
holding the misconception would pick by how its text opens, so they work on every variant.
"""

from autograder.misconceptions import Misconception

TRAITS = {
    "backlog": "managing-not-doing",
    "firewall": "building-trust",
    "go-live": "listening-first-communication",
    "route-planner": "foresight",
    "sceptics": "earned-credibility",
    "reconciliation": "process-expertise",
}
STRONG = {
    "backlog": "Agree a target",
    "firewall": "Thank Tarn",
    "go-live": "Before fixing",
    "route-planner": "Put a scope-reduction",
    "sceptics": "Commit to one",
    "reconciliation": "Ask how the alerts",
}


def picking(openings: dict[str, str], traits: dict[str, str] = TRAITS) -> str:
    """The source of a judgements cell that picks the response opening with ``openings[id]``."""
    return f"""
openings = {openings!r}
traits = {traits!r}
judgements = {{
    s["id"]: {{
        "response": next(k for k, t in s["options"].items() if t.startswith(openings[s["id"]])),
        "trait": traits[s["id"]],
    }}
    for s in case.scenarios
}}
"""


SCENARIOS = ("scenario-1", "scenario-2", "scenario-3", "scenario-4")

MISCONCEPTIONS = [
    Misconception(
        "took the over-prescriptive response (control confused with micromanagement)",
        {
            "a1": picking(
                {
                    "backlog": "Send Tarn her own",
                    "firewall": "Require that every",
                    "go-live": "Fix the date herself",
                    "route-planner": "Write into the contract",
                    "sceptics": "Insist that every",
                    "reconciliation": "Refuse, and require",
                }
            )
        },
        fails=SCENARIOS,
        message="confuses control with micromanagement",
        passes=("weighted-gaps", "develop-first"),
    ),
    Misconception(
        "took the hands-off response (control given up)",
        {
            "a1": picking(
                {
                    "backlog": "Leave it alone",
                    "firewall": "Treat it as closed",
                    "go-live": "Let Tarn choose",
                    "route-planner": "Sign Tarn's standard",
                    "sceptics": "Let Tarn's account manager",
                    "reconciliation": "Accept at once",
                }
            )
        },
        fails=SCENARIOS,
        message="That response gives control up",
    ),
    Misconception(
        "chose by position: the same letter every time",
        {
            "a1": f"traits = {TRAITS!r}\n"
            "judgements = {s['id']: {'response': 'A', 'trait': traits[s['id']]} "
            "for s in case.scenarios}"
        },
        fails=("scenario-1", "scenario-2", "scenario-3"),
        message="same letter for every scenario",
    ),
    Misconception(
        "confused knowing the process with doing the work",
        {
            "a1": picking(
                STRONG,
                {**TRAITS, "backlog": "process-expertise", "reconciliation": "managing-not-doing"},
            )
        },
        fails=("scenario-3", "scenario-4"),
        message="Knowing the process and doing the work are different traits",
        passes=("scenario-1", "scenario-2"),
    ),
    Misconception(
        "named a trait that is not one of the lesson's ten",
        {"a1": picking(STRONG, dict.fromkeys(TRAITS, "delegation"))},
        fails=SCENARIOS,
        message="not one of the lesson's ten traits",
    ),
    Misconception(
        "left the importance points out of the gaps",
        {"a2": "weighted_gaps = {t: r['expected'] - r['rating'] for t, r in case.review.items()}"},
        fails=("weighted-gaps",),
        message="Multiply each gap by its importance points",
        passes=("weighted-gaps-shape",),
    ),
    Misconception(
        "took absolute gaps (a strength counted as a gap)",
        {
            "a2": "weighted_gaps = {t: r['importance'] * abs(r['expected'] - r['rating']) "
            "for t, r in case.review.items()}"
        },
        fails=("weighted-gaps", "develop-first"),
        message="rated above what the role needs",
    ),
    Misconception(
        "subtracted the wrong way round",
        {
            "a2": "weighted_gaps = {t: r['importance'] * (r['rating'] - r['expected']) "
            "for t, r in case.review.items()}"
        },
        fails=("weighted-gaps",),
        message="wrong sign",
    ),
    Misconception(
        "picked the lowest-rated traits, ignoring what the role needs",
        {"a3": "develop_first = sorted(case.review, key=lambda t: case.review[t]['rating'])[:2]"},
        fails=("develop-first",),
        message="These are the lowest ratings",
        passes=("weighted-gaps",),
    ),
    Misconception(
        "picked the highest-rated traits",
        {
            "a3": "develop_first = sorted(case.review, key=lambda t: case.review[t]['rating'], "
            "reverse=True)[:2]"
        },
        fails=("develop-first",),
        message="the highest-rated traits",
    ),
    Misconception(
        "picked the most important traits, whatever their gap",
        {
            "a3": "develop_first = sorted(case.review, key=lambda t: case.review[t]['importance'], "
            "reverse=True)[:2]"
        },
        fails=("develop-first",),
        message="These matter most",
    ),
    Misconception(
        "put the smaller gap first",
        {"a3": "develop_first = sorted(weighted_gaps, key=weighted_gaps.get, reverse=True)[1::-1]"},
        fails=("develop-first",),
        message="put the larger weighted gap first",
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["judgements"],
    "a2": ["weighted_gaps"],
    "a3": ["develop_first"],
}
