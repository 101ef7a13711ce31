"""Challenge triage: tick what you observe, see which challenges it points to and what to do.

Why a view: the seven challenges are easy to list and hard to recognise. Starting from symptoms,
as a leader meets them, and watching the ranking change as more boxes are ticked, shows that one
symptom rarely decides and that some symptoms point to two challenges at once. The ranking and
the mitigations come from ``course.models.challenges.diagnose``.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.formatting import join_words
from course.models.challenges import (
    CHALLENGES,
    SYMPTOMS,
    Diagnosis,
    diagnose,
    most_likely,
    strength,
    symptom,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

TOP_SHOWN = 2
"""How many challenges the view details with mitigations: the most likely two (more when the
second is tied with the next ones)."""


def detailed(result: list[Diagnosis]) -> list[Diagnosis]:
    """The challenges the view details: the first ``TOP_SHOWN`` and any tied with the last."""
    shown = list(result[:TOP_SHOWN])
    if shown:
        shown += [d for d in result[TOP_SHOWN:] if strength(d) == strength(shown[-1])]
    return shown


def challenge_triage_view(observed: Iterable[str] = ()) -> CaseView:
    """One checkbox per symptom (``observed`` ticked at the start); the likely challenges drawn.

    ``observed`` is checked by the model first, so a mistyped symptom id fails loudly with a
    suggestion instead of leaving its box silently unticked.
    """
    start = observed if isinstance(observed, str) else tuple(observed)
    diagnose(start)  # raises ModelInputError naming the unknown id
    controls = {
        item.id: widgets.Checkbox(
            value=item.id in start,
            description=item.text,
            indent=False,
            layout=widgets.Layout(width="46em"),
        )
        for item in SYMPTOMS
    }
    return CaseView(
        "What is going wrong? Tick what you observe",
        controls,
        compute=lambda values: diagnose([name for name, ticked in values.items() if ticked]),
        render=_render,
        intro="The chart shows, for each challenge, the share of its symptoms you ticked.",
    )


def diagnosis_figure(result: list[Diagnosis]) -> Figure | None:
    """A bar per challenge (all seven), the share of its symptoms observed; ``None`` before any
    symptom is ticked (seven empty bars say nothing the sentence below does not)."""
    if not result:
        return None
    found = {d.challenge.id: d for d in result}
    top = {d.challenge.id for d in most_likely(result)}
    figure = Figure(figsize=(7.5, 3.6))
    axes = figure.subplots()
    names = [textwrap.fill(c.name, 22) for c in CHALLENGES][::-1]
    values = [found[c.id].share if c.id in found else 0.0 for c in CHALLENGES][::-1]
    colours = ["#b22222" if c.id in top else "#1f4e79" for c in CHALLENGES][::-1]
    bars = axes.barh(names, values, color=colours, edgecolor="white")
    for bar, challenge in zip(bars, reversed(CHALLENGES), strict=True):
        if challenge.id in top:
            bar.set_hatch("//")
    for row, challenge in enumerate(reversed(CHALLENGES)):
        if challenge.id in found:
            matched = len(found[challenge.id].matched)
            label = f" {matched} of {len(challenge.symptoms)}"
            axes.text(found[challenge.id].share, row, label, va="center", fontsize=8)
    axes.set_xlim(0, 1.12)  # room for the "n of m" label of a full bar
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1])
    axes.xaxis.set_major_formatter(lambda value, _pos: f"{value:.0%}")
    axes.tick_params(axis="y", labelsize=8)
    title = "Share of each challenge's symptoms observed"
    if len(top) == 1:
        title += " (red, hatched: most likely)"
    elif top:
        title += f" (red, hatched: {len(top)} tied as most likely)"
    axes.set_title(title)
    figure.tight_layout()
    return figure


def diagnosis_html(result: list[Diagnosis]) -> str:
    """The most likely challenges: why each matters, what pointed to it, and what to do."""
    if not result:
        return "<p>Tick at least one symptom to see which challenges it points to.</p>"
    leaders = most_likely(result)
    names = [html.escape(d.challenge.name) for d in leaders]
    if len(leaders) == 1:
        parts = [f"<p>Most likely: <b>{names[0]}</b>.</p>"]
    else:
        parts = [
            f"<p>{len(leaders)} challenges are tied as most likely: "
            f"{join_words(names)}. Tick more of what you observe to tell them apart.</p>"
        ]
    for d in detailed(result):
        seen = "; ".join(html.escape(symptom(s).text.lower()) for s in d.matched)
        mitigations = "".join(f"<li>{html.escape(m)}</li>" for m in d.mitigations)
        parts.append(
            f"<p><b>{html.escape(d.challenge.name)}</b> ({len(d.matched)} of "
            f"{len(d.challenge.symptoms)} symptoms): {html.escape(d.challenge.why)}<br>"
            f"<i>You ticked:</i> {seen}.</p>"
            f"<p>What to do:</p><ul>{mitigations}</ul>"
        )
    others = [html.escape(d.challenge.name) for d in result[len(detailed(result)) :]]
    if others:
        parts.append(f"<p>Also pointed to, less strongly: {', '.join(others)}.</p>")
    return "".join(parts)


def diagnosis_description(result: list[Diagnosis]) -> str:
    """What the chart shows, in words, for people who cannot see it."""
    found = {d.challenge.id: d for d in result}
    top = {d.challenge.id for d in most_likely(result)}
    bars = "; ".join(
        f"{c.name} {len(found[c.id].matched) if c.id in found else 0} of {len(c.symptoms)}"
        + (" (most likely)" if c.id in top else "")
        for c in CHALLENGES
    )
    return f"Bar chart of the share of each challenge's symptoms you ticked: {bars}."


def _render(result: list[Diagnosis], output: widgets.Output) -> None:
    show(
        output,
        diagnosis_figure(result),
        diagnosis_html(result),
        description=diagnosis_description(result) if result else "",
    )
