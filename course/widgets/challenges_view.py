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
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from course.models.challenges import CHALLENGES, SYMPTOMS, Diagnosis, diagnose, symptom
from course.widgets.base import CaseView
from course.widgets.figures import show

TOP_SHOWN = 2
"""How many challenges the view details with mitigations: the most likely two."""


def challenge_triage_view(observed: Iterable[str] = ()) -> CaseView:
    """One checkbox per symptom (``observed`` ticked at the start); the likely challenges drawn."""
    start = set(observed)
    for symptom_id in start:
        symptom(symptom_id)  # an unknown id fails here, with a suggestion
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


def diagnosis_figure(result: list[Diagnosis]) -> Figure:
    """A bar per challenge (all seven), the share of its symptoms observed."""
    shares = {d.challenge.id: d.share for d in result}
    top = {d.challenge.id for d in result[:TOP_SHOWN]}
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    names = [textwrap.fill(c.name, 22) for c in CHALLENGES][::-1]
    values = [shares.get(c.id, 0.0) for c in CHALLENGES][::-1]
    colours = ["#b22222" if c.id in top else "#1f4e79" for c in CHALLENGES][::-1]
    axes.barh(names, values, color=colours)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda value, _pos: f"{value:.0%}")
    axes.tick_params(axis="y", labelsize=8)
    axes.set_title("Share of each challenge's symptoms observed (red: most likely)")
    figure.tight_layout()
    return figure


def diagnosis_html(result: list[Diagnosis]) -> str:
    """The most likely challenges with why they matter and their mitigations."""
    if not result:
        return "<p>Tick at least one symptom to see which challenges it points to.</p>"
    parts = []
    for d in result[:TOP_SHOWN]:
        mitigations = "".join(f"<li>{html.escape(m)}</li>" for m in d.challenge.mitigations)
        parts.append(
            f"<p><b>{html.escape(d.challenge.name)}</b> ({len(d.matched)} of "
            f"{len(d.challenge.symptoms)} symptoms): {html.escape(d.challenge.why)}</p>"
            f"<ul>{mitigations}</ul>"
        )
    return "".join(parts)


def _render(result: list[Diagnosis], output: widgets.Output) -> None:
    show(output, diagnosis_figure(result), diagnosis_html(result))
