"""Misconceptions of the exercise "Prepare a negotiation"."""

from autograder.misconceptions import Misconception

_RIGHT_A1 = """
switching_cost = case.transition_fee + case.dual_running_months * case.dual_running_monthly_cost
client_batna = case.alternative_price + switching_cost / case.term_years
"""

MISCONCEPTIONS = [
    Misconception(
        "left the switching cost out of the BATNA",
        {
            "a1": """
client_batna = case.alternative_price
client_reservation = client_batna + case.risk_premium
"""
        },
        fails=("client-batna", "client-reservation", "zopa"),
        message="leaves out the one-time switching cost",
        passes=("provider-reservation", "package-client", "package-pareto"),
    ),
    Misconception(
        "counted the switching cost in full every year",
        {
            "a1": """
switching_cost = case.transition_fee + case.dual_running_months * case.dual_running_monthly_cost
client_batna = case.alternative_price + switching_cost
client_reservation = client_batna + case.risk_premium
"""
        },
        fails=("client-batna", "client-reservation", "zopa"),
        message="counts the whole one-time switching cost in every year",
        passes=("provider-reservation",),
    ),
    Misconception(
        "took the target as the reservation price",
        {"a1": _RIGHT_A1 + "client_reservation = case.client_target\n"},
        fails=("client-reservation",),
        message="is the client's target",
        passes=("client-batna", "provider-reservation"),
    ),
    Misconception(
        "used a margin on price where the case states a markup on cost",
        {"a2": "provider_reservation = case.delivery_cost / (1 - case.minimum_markup)\n"},
        fails=("provider-reservation", "zopa"),
        message="markup versus margin",
        passes=("client-batna", "client-reservation"),
    ),
    Misconception(
        "swapped the ends of the zone",
        {
            "a3": """
zopa = [client_reservation, provider_reservation]
shock = case.with_scenario("cost shock")
shock_client = client_reservation
shock_provider = shock.delivery_cost * (1 + shock.minimum_markup)
cost_shock = {
    "client_reservation": shock_client,
    "provider_reservation": shock_provider,
    "zopa": None,
}
"""
        },
        fails=("zopa",),
        message="upside down",
        passes=("cost-shock", "client-reservation"),
    ),
    Misconception(
        "computed the zone's test as provider minus client (sign slip)",
        {
            "a3": """
def zone(client_max, provider_min):
    if provider_min - client_max < 0:
        return None
    return [provider_min, client_max]

zopa = zone(client_reservation, provider_reservation)
shock = case.with_scenario("cost shock")
shock_provider = shock.delivery_cost * (1 + shock.minimum_markup)
cost_shock = {
    "client_reservation": client_reservation,
    "provider_reservation": shock_provider,
    "zopa": zone(client_reservation, shock_provider),
}
"""
        },
        fails=("zopa", "cost-shock"),
        message="check the sign of that comparison",
        passes=("client-reservation", "provider-reservation"),
    ),
    Misconception(
        "reported a zone where none exists",
        {
            "a3": """
zopa = [provider_reservation, client_reservation]
shock = case.with_scenario("cost shock")
shock_provider = shock.delivery_cost * (1 + shock.minimum_markup)
cost_shock = {
    "client_reservation": client_reservation,
    "provider_reservation": shock_provider,
    "zopa": sorted([client_reservation, shock_provider]),
}
"""
        },
        fails=("cost-shock",),
        message="Under the cost shock there is no zone",
        passes=("zopa",),
    ),
    Misconception(
        "opened at the reservation price",
        {"a4": "opening = client_reservation\n"},
        fails=("opening",),
        message="reservation price, its walk-away point",
        passes=("zopa", "package-pareto"),
    ),
    Misconception(
        "opened outside the zone (the procurement lead's number)",
        {"a4": "opening = case.client_opening\n"},
        fails=("opening",),
        message="outside the zone",
        passes=("zopa",),
    ),
    Misconception(
        "a package good for Atlas but below Tessera's BATNA",
        {"a5": 'package = case.proposals["Atlas\'s opening"]\n'},
        fails=("package-provider",),
        message="Tessera would rather walk away",
        passes=("package-shape", "package-client", "package-pareto"),
    ),
    Misconception(
        "split every issue down the middle",
        {
            "a5": """
package = {issue: options[len(options) // 2] for issue, options in case.issues.items()}
package["reference clause"] = "no"
"""
        },
        fails=("package-pareto",),
        message="splits every issue down the middle",
        passes=("package-shape", "package-client", "package-provider"),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["client_batna", "client_reservation"],
    "a2": ["provider_reservation"],
    "a3": ["zopa", "cost_shock"],
    "a4": ["opening"],
    "a5": ["package"],
}
