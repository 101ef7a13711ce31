"""Misconceptions of the exercise "Manage the risks" (graded on learner-m's variant).

learner-m's register has scores on the band boundaries (12 and 6) and ties between risks of
different impact, so the boundary and tie-break slips show there; the flags are the draft's
planted gaps, the same for every learner.
"""

from autograder.misconceptions import Misconception

_COMPLETED = """
completed = {}
for r in sorted({risk_id for risk_id, rule in flags}):
    completed[r] = {
        "owner": OWNER.get(r, case.owner[r]),
        "mitigation": case.mitigation[r] or "Named actions agreed with Solara and reviewed monthly",
        "residual_likelihood": RESIDUAL(r)[0],
        "residual_impact": RESIDUAL(r)[1],
    }
"""


def _completed(owner: str, residual: str) -> str:
    return f"OWNER = {owner}\nRESIDUAL = {residual}\n{_COMPLETED}"


_LOWER = "lambda r: (max(1, case.likelihood[r] - 2), case.impact[r])"

MISCONCEPTIONS = [
    Misconception(
        "added likelihood and impact",
        {"a1": "scores = {r: case.likelihood[r] + case.impact[r] for r in case.risk_ids}"},
        fails=("scores", "bands", "order"),
        message="added together",
        passes=("scores-shape",),
    ),
    Misconception(
        "band boundary read as belonging to the band below",
        {
            "a2": """
def band_of(score):
    if score > 20:
        return "Critical"
    if score > 12:
        return "High"
    if score > 6:
        return "Medium"
    return "Low"


bands = {r: band_of(s) for r, s in scores.items()}
"""
        },
        fails=("bands",),
        message="boundary",
        passes=("scores", "order", "flags-residual"),
    ),
    Misconception(
        "register sorted lowest score first",
        {
            "a3": "register_order = sorted(\n"
            "    case.risk_ids, key=lambda r: (scores[r], case.impact[r], r)\n)"
        },
        fails=("order",),
        message="upside down",
        passes=("scores", "bands", "flags-gaps"),
    ),
    Misconception(
        "ties broken by likelihood instead of impact",
        {
            "a3": "register_order = sorted(\n"
            "    case.risk_ids, key=lambda r: (-scores[r], -case.likelihood[r], r)\n)"
        },
        fails=("order",),
        message="more likely risk first",
        passes=("scores", "bands"),
    ),
    Misconception(
        "flagged Low and Medium risks without an owner or mitigation",
        {
            "a4": """
flags = []
for r in case.risk_ids:
    if case.owner[r] is None:
        flags.append((r, "owner-required"))
    if case.mitigation[r] is None:
        flags.append((r, "mitigation-required"))
    if case.residual_likelihood[r] is not None:
        if case.residual_likelihood[r] * case.residual_impact[r] > scores[r]:
            flags.append((r, "residual-not-above-inherent"))
"""
        },
        fails=("flags-gaps",),
        message="cover High and Critical risks only",
        passes=("flags-residual", "order"),
    ),
    Misconception(
        "flagged residual scores equal to the inherent score",
        {
            "a4": """
flags = []
for r in case.risk_ids:
    if bands[r] in case.action_bands:
        if case.owner[r] is None:
            flags.append((r, "owner-required"))
        if case.mitigation[r] is None:
            flags.append((r, "mitigation-required"))
    if case.residual_likelihood[r] is not None:
        if case.residual_likelihood[r] * case.residual_impact[r] >= scores[r]:
            flags.append((r, "residual-not-above-inherent"))
"""
        },
        fails=("flags-residual",),
        message="equals its inherent score",
        passes=("flags-gaps",),
    ),
    Misconception(
        "forgot the residual rule",
        {
            "a4": """
flags = []
for r in case.risk_ids:
    if bands[r] in case.action_bands:
        if case.owner[r] is None:
            flags.append((r, "owner-required"))
        if case.mitigation[r] is None:
            flags.append((r, "mitigation-required"))
"""
        },
        fails=("flags-residual", "completed-rules"),
        message="residual",
        passes=("flags-gaps",),
    ),
    Misconception(
        "residual risk given equal to the inherent risk",
        {
            "a5": _completed(
                '{"R02": "Privacy Officer", "R07": "Vendor Manager"}',
                "lambda r: (case.likelihood[r], case.impact[r])",
            )
        },
        fails=("completed-rules",),
        message="not below its inherent score",
        passes=("completed-shape", "completed-owners", "flags-gaps"),
    ),
    Misconception(
        "the vendor named as the owner of everything",
        {"a5": _completed('{r: "Solara Health Tech" for r in case.risk_ids}', _LOWER)},
        fails=("completed-owners",),
        message="accountability for the risk stays with MedLine",
        passes=("completed-shape", "completed-rules"),
    ),
    Misconception(
        "owners left missing",
        {"a5": _completed("{}", _LOWER)},
        fails=("completed-rules", "completed-owners"),
        message="owner",
        passes=("completed-shape",),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["scores"],
    "a2": ["bands"],
    "a3": ["register_order"],
    "a4": ["flags"],
    "a5": ["completed"],
}
