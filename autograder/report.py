"""The cohort report: where a cohort struggles, as plots first and tables second.

Why these views: an instructor's questions after a deadline are "how did they do?" (score
distribution per assignment), "which ideas did they miss?" (each check's pass rate), "what did
they get wrong?" (the most frequent failure messages), "who has not handed in?" (late, missing
and ungradable submissions) and "whom should I contact?" (learners at risk). ``cohort_figures``
computes them once from the gradebook; ``report_html`` writes them into one self-contained page
(plots embedded as PNG) and the dashboard notebook shows the same figures under Voila.

Every learner-written text (failure messages can quote answers) is HTML-escaped here.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from autograder.cohort import (  # noqa: E402
    assignment_scores,
    check_results,
    failure_messages,
    learners_at_risk,
    released,
)
from autograder.course_dir import CourseDir  # noqa: E402
from autograder.grading import FAILED, read_ledger  # noqa: E402
from course.widgets.figures import figure_png  # noqa: E402

TOP_MESSAGES = 8


@dataclass(frozen=True)
class CohortFigures:
    """Every number the report shows, as frames (tests compare them with the gradebook)."""

    scores: pd.DataFrame  # one row per learner and assignment
    pass_rates: pd.DataFrame  # assignment, check, passed, attempts, rate
    messages: pd.DataFrame  # assignment, check, message, count
    status: pd.DataFrame  # assignment, on_time, late, missing, ungradable
    at_risk: pd.DataFrame  # learner, share, missing


def cohort_figures(course: CourseDir) -> CohortFigures:
    """Read the gradebook and the autograded notebooks into the report's frames."""
    scores = released(assignment_scores(course))
    assignments = list(dict.fromkeys(scores["assignment"])) if not scores.empty else []
    rates, messages, status = [], [], []
    for assignment in assignments:
        checks = check_results(course, assignment)
        if not checks.empty:
            grouped = checks.groupby("check", sort=False)["passed"].agg(["sum", "count"])
            for check, row in grouped.iterrows():
                rates.append(
                    {
                        "assignment": assignment,
                        "check": check,
                        "passed": int(row["sum"]),
                        "attempts": int(row["count"]),
                        "rate": row["sum"] / row["count"],
                    }
                )
        found = failure_messages(course, assignment)
        if not found.empty:
            counted = found.groupby(["check", "message"]).size().reset_index(name="count")
            counted.insert(0, "assignment", assignment)
            messages.append(counted.sort_values("count", ascending=False).head(TOP_MESSAGES))
        ledger = read_ledger(course, assignment)
        ungradable = {learner for learner, entry in ledger.items() if entry.status == FAILED}
        mine = scores[scores["assignment"] == assignment]
        submitted = mine[mine["submitted"] & ~mine["learner"].isin(ungradable)]
        status.append(
            {
                "assignment": assignment,
                "on_time": int((~submitted["late"]).sum()),
                "late": int(submitted["late"].sum()),
                "missing": int((~mine["submitted"] & ~mine["learner"].isin(ungradable)).sum()),
                "ungradable": len(ungradable & set(mine["learner"])),
            }
        )
    return CohortFigures(
        scores=scores,
        pass_rates=pd.DataFrame(
            rates, columns=["assignment", "check", "passed", "attempts", "rate"]
        ),
        messages=(
            pd.concat(messages, ignore_index=True)
            if messages
            else pd.DataFrame(columns=["assignment", "check", "message", "count"])
        ),
        status=pd.DataFrame(
            status, columns=["assignment", "on_time", "late", "missing", "ungradable"]
        ),
        at_risk=learners_at_risk(scores),
    )


def score_distribution_plot(figures: CohortFigures) -> plt.Figure:
    """One histogram of score shares per assignment (submitted work only)."""
    submitted = figures.scores[figures.scores["submitted"]]
    assignments = list(dict.fromkeys(figures.scores["assignment"]))
    fig, axes = plt.subplots(
        1, max(1, len(assignments)), figsize=(max(5.0, 3.2 * len(assignments)), 3.0), squeeze=False
    )
    for ax, assignment in zip(axes[0], assignments, strict=False):
        mine = submitted[submitted["assignment"] == assignment]
        share = (mine["score"] / mine["graded_max"].where(mine["graded_max"] > 0)).fillna(0) * 100
        ax.hist(share, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.01], color="#3b6ea8")
        ax.set_title(assignment, fontsize=9)
        ax.set_xlabel("% of points")
        ax.set_xlim(0, 100)
    axes[0][0].set_ylabel("learners")
    fig.suptitle("Share of the points graded so far, per assignment")
    fig.tight_layout()
    return fig


def pass_rate_plot(figures: CohortFigures) -> plt.Figure:
    """Horizontal bars: the share of submissions passing each graded check, worst first."""
    rates = figures.pass_rates.sort_values("rate", ascending=False)
    labels = [f"{a} · {c}" for a, c in zip(rates["assignment"], rates["check"], strict=True)]
    fig, ax = plt.subplots(figsize=(7.5, max(2.0, 0.28 * len(labels) + 0.8)))
    colours = ["#8a1c1c" if r < 0.5 else "#c77c02" if r < 0.8 else "#1b5e20" for r in rates["rate"]]
    ax.barh(labels, rates["rate"] * 100, color=colours)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of submissions passing")
    ax.set_title("Pass rate of each graded check")
    fig.tight_layout()
    return fig


def status_plot(figures: CohortFigures) -> plt.Figure:
    """Stacked bars: on time, late, missing and ungradable submissions per assignment."""
    status = figures.status.set_index("assignment")
    fig, ax = plt.subplots(figsize=(7.5, 1.4 + 0.45 * len(status)))
    left = pd.Series(0, index=status.index)
    palette = {"on_time": "#1b5e20", "late": "#c77c02", "missing": "#8a1c1c", "ungradable": "#555"}
    for column, colour in palette.items():
        ax.barh(
            status.index, status[column], left=left, color=colour, label=column.replace("_", " ")
        )
        left = left + status[column]
    ax.set_xlabel("learners")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Late, missing and ungradable submissions")
    fig.tight_layout()
    return fig


def html_table(frame: pd.DataFrame) -> str:
    """An HTML table with every cell escaped (messages may quote a learner's answer)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _image(fig: plt.Figure, alt: str) -> str:
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    plt.close(fig)
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def report_html(figures: CohortFigures) -> str:
    """The whole report as one HTML page with its plots embedded."""
    scores = figures.scores
    summary = (
        scores[scores["submitted"]]
        .groupby("assignment")
        .agg(learners=("learner", "count"), mean=("score", "mean"), max_score=("max_score", "max"))
        .round(2)
        .reset_index()
    )
    at_risk = figures.at_risk.copy()
    at_risk["share"] = (at_risk["share"].fillna(0) * 100).round(0).astype(int).astype(str) + "%"
    parts = [
        "<h1>Cohort report</h1>",
        f"<p>Learners: {scores['learner'].nunique()}. Assignments with submissions: {len(summary)}."
        " Written answers count once they are graded by hand in formgrader.</p>",
        html_table(summary),
        "<h2>Score distribution</h2>",
        _image(score_distribution_plot(figures), "score distribution per assignment"),
        "<h2>Which ideas the cohort missed</h2>",
        _image(pass_rate_plot(figures), "pass rate of each graded check"),
        "<h2>Most frequent failure messages</h2>",
        html_table(figures.messages),
        "<h2>Late, missing and ungradable submissions</h2>",
        _image(status_plot(figures), "late and missing submissions"),
        html_table(figures.status),
        "<h2>Learners at risk</h2>",
        "<p>Under half of the points so far, or more than one assignment missing.</p>",
        html_table(at_risk),
    ]
    style = (
        "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "font-size:0.9rem;text-align:left}img{max-width:100%}"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>Cohort report</title><style>{style}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )


def write_report(course: CourseDir, destination: Path) -> Path:
    """Compute the figures and write the report page; return its path."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(report_html(cohort_figures(course)), encoding="utf-8")
    return destination
