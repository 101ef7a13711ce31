"""The cohort report: where a cohort stands and struggles, true at every stage of a course.

Why these views: an instructor's questions during a course are "where does each assignment
stand?" (graded, waiting for a hand grade, waiting for ``grade``, ungradable, missing), "whom
should I contact?" (learners at risk, by name), "how did they do?" (score distribution of what
is graded), "which ideas did they miss?" (each check's pass rate), "which checks need a look?"
(item analysis, ``autograder/item_analysis.py``) and "what did they get wrong?" (the most
frequent failure messages). ``cohort_figures`` computes the numbers once from the gradebook;
``report_sections`` turns them into HTML sections with plots embedded as PNG images, which the
report page (``report_html``) and the Voila dashboard (``autograder/dashboard.py``) both show,
so the two never disagree.

Nothing graded yet is never shown as a zero, and a section with nothing to show says so in a
sentence instead of drawing an empty plot. Every learner-written text (failure messages can
quote answers) is HTML-escaped here.
"""

from __future__ import annotations

import base64
import html
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from autograder.cohort import (
    AT_RISK_SHARE,
    CHECK_COLUMNS,
    HAS_GRADE,
    Status,
    assignment_scores,
    check_results,
    failure_messages,
    learners_at_risk,
    released,
)
from autograder.course_dir import CourseDir
from autograder.item_analysis import (
    EASY_FACILITY,
    SMALL_COHORT,
    WEAK_DISCRIMINATION,
    item_statistics,
)
from course.catalog import load_catalog
from course.widgets.figures import figure_png

TOP_MESSAGES = 8
STATUS_COLOURS = {
    Status.GRADED: "#2e7d32",
    Status.HAND_GRADING: "#9ccc65",
    Status.AWAITING_GRADING: "#1e88e5",
    Status.UNGRADABLE: "#616161",
    Status.MISSING: "#c62828",
    Status.NOT_COLLECTED: "#cfd8dc",
}
"""Every status a released assignment can be in, in the order the report lists them."""
STATUS_SHORT = {
    Status.GRADED: "graded",
    Status.HAND_GRADING: "to grade by hand",
    Status.AWAITING_GRADING: "awaiting grading",
    Status.UNGRADABLE: "could not be graded",
    Status.MISSING: "missing",
    Status.NOT_COLLECTED: "not collected",
}
ITEM_ANALYSIS_DOC = "docs/item-analysis.md"


@dataclass(frozen=True)
class CohortFigures:
    """Every number the report shows, as frames (tests compare them with the gradebook)."""

    scores: pd.DataFrame  # one row per learner and released assignment, with its Status
    titles: dict[str, str]  # assignment id -> title, in course order
    checks: pd.DataFrame  # one row per graded attempt and autograded check
    pass_rates: pd.DataFrame  # assignment, check, name, passed, attempts, rate
    items: pd.DataFrame  # item analysis: facility, discrimination, flag per check
    messages: pd.DataFrame  # assignment, check, name, message, count
    at_risk: pd.DataFrame  # learner, name, share, missing, ungradable, reasons

    def graded_assignments(self) -> list[str]:
        """Released assignments with at least one grade, in course order."""
        graded = set(self.scores.loc[self.scores["status"].isin(HAS_GRADE), "assignment"])
        return [a for a in self.titles if a in graded]


@dataclass(frozen=True)
class Section:
    """One part of the report: an anchor, a heading and its HTML body."""

    id: str
    title: str
    body: str


def _graded_rows(scores: pd.DataFrame) -> pd.DataFrame:
    return scores[scores["status"].isin(HAS_GRADE)]


def _pass_rates(checks: pd.DataFrame) -> pd.DataFrame:
    columns = ["assignment", "check", "name", "passed", "attempts", "rate"]
    if checks.empty:
        return pd.DataFrame(columns=columns)
    grouped = checks.groupby(["assignment", "check", "name"], sort=False)["passed"]
    rates = grouped.agg(passed="sum", attempts="count").reset_index()
    rates["passed"] = rates["passed"].astype(int)
    rates["rate"] = rates["passed"] / rates["attempts"]
    return rates[columns]


def _messages(found: pd.DataFrame, names: dict[tuple[str, str], str]) -> pd.DataFrame:
    columns = ["assignment", "check", "name", "message", "count"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    counted = found.groupby(["assignment", "check", "message"]).size().reset_index(name="count")
    counted["name"] = [
        names.get((a, c), c) for a, c in zip(counted["assignment"], counted["check"], strict=True)
    ]
    ordered = counted.sort_values(["count", "assignment", "check"], ascending=[False, True, True])
    return ordered.head(TOP_MESSAGES)[columns].reset_index(drop=True)


def _of(frame: pd.DataFrame, pairs: set[tuple[str, str]]) -> pd.DataFrame:
    """The rows of ``frame`` whose (learner, assignment) is in ``pairs``: a grade that was
    replaced by newer work awaiting grading no longer speaks for the learner."""
    keep = [pair in pairs for pair in zip(frame["learner"], frame["assignment"], strict=True)]
    return frame[keep]


def cohort_figures(course: CourseDir) -> CohortFigures:
    """Read the gradebook and the autograded notebooks into the report's frames."""
    catalog = load_catalog()
    scores = released(assignment_scores(course, catalog))
    titles = {e.id: e.title for e in catalog.exercises if e.id in set(scores["assignment"])}
    graded = _graded_rows(scores)
    graded_pairs = set(zip(graded["learner"], graded["assignment"], strict=True))
    check_frames, message_frames = [], []
    for assignment in titles:
        if assignment not in set(graded["assignment"]):
            continue
        check_frames.append(_of(check_results(course, assignment), graded_pairs))
        message_frames.append(_of(failure_messages(course, assignment), graded_pairs))
    checks = (
        pd.concat(check_frames, ignore_index=True)
        if check_frames
        else pd.DataFrame(columns=CHECK_COLUMNS)
    )
    names = {
        (a, c): n
        for a, c, n in zip(checks["assignment"], checks["check"], checks["name"], strict=True)
    }
    found = pd.concat(message_frames, ignore_index=True) if message_frames else pd.DataFrame()
    return CohortFigures(
        scores=scores,
        titles=titles,
        checks=checks,
        pass_rates=_pass_rates(checks),
        items=item_statistics(checks),
        messages=_messages(found, names),
        at_risk=learners_at_risk(scores, titles),
    )


# Numbers for people ------------------------------------------------------------------------


def percent(value: float) -> str:
    """A share as a percentage with one decimal ("72.3%"); "—" when there is none."""
    return "—" if value is None or math.isnan(value) else f"{value:.1%}"


def points(value: float) -> str:
    """Points as a person writes them: 13, 2.5."""
    return "—" if value is None or math.isnan(value) else f"{value:g}"


def correlation(value: float) -> str:
    """A correlation with two decimals and a real minus sign; "—" when undefined."""
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.2f}".replace("-", "−")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


# Plots (bare matplotlib Figures, never pyplot: a kernel's backend is left alone) -----------


def status_plot(figures: CohortFigures) -> Figure:
    """Stacked bars: how many learners' work is in each status, per released assignment."""
    titles = list(figures.titles.values())[::-1]
    counts = (
        figures.scores.groupby(["assignment", "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(figures.titles)[::-1], columns=list(STATUS_COLOURS), fill_value=0)
    )
    fig = Figure(figsize=(7.5, 1.6 + 0.45 * len(titles)), layout="constrained")
    ax = fig.subplots()
    left = pd.Series(0, index=counts.index)
    labels = [_wrap(t, 24) for t in titles]
    for status, colour in STATUS_COLOURS.items():
        if counts[status].sum() == 0:
            continue
        ax.barh(labels, counts[status], left=left, color=colour, label=STATUS_SHORT[status])
        left = left + counts[status]
    ax.set_xlabel("learners")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    ax.set_title("Where each learner's work stands")
    return fig


def score_distribution_plot(figures: CohortFigures) -> Figure | None:
    """One histogram per assignment with grades: each learner's share of the points graded so
    far (written answers waiting for a hand grade left out). None when nothing is graded."""
    assignments = figures.graded_assignments()
    if not assignments:
        return None
    columns = min(3, len(assignments))
    rows = math.ceil(len(assignments) / columns)
    fig = Figure(figsize=(2.9 * columns + 0.6, 2.6 * rows + 0.4), layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False)
    graded = _graded_rows(figures.scores)
    for ax, assignment in zip(axes.flat, assignments, strict=False):
        mine = graded[graded["assignment"] == assignment]
        share = (mine["score"] / mine["graded_max"].where(mine["graded_max"] > 0)).dropna() * 100
        ax.hist(share, bins=list(range(0, 101, 10)), color="#3b6ea8", edgecolor="white")
        ax.set_title(f"{_wrap(figures.titles[assignment], 26)}\n{len(share)} graded", fontsize=9)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter())
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("share of the points graded", fontsize=8)
        ax.set_ylabel("learners", fontsize=8)
    for ax in list(axes.flat)[len(assignments) :]:
        ax.set_visible(False)
    return fig


def pass_rate_plot(figures: CohortFigures) -> Figure | None:
    """Horizontal bars per assignment: the share of graded learners passing each check, worst
    first. None when nothing is graded."""
    rates = figures.pass_rates
    if rates.empty:
        return None
    assignments = [a for a in figures.titles if a in set(rates["assignment"])]
    heights = [max(1, int((rates["assignment"] == a).sum())) for a in assignments]
    fig = Figure(
        figsize=(8.5, 0.9 * len(assignments) + 0.38 * sum(heights) + 0.6), layout="constrained"
    )
    axes = fig.subplots(len(assignments), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, assignment in zip(axes, assignments, strict=True):
        mine = rates[rates["assignment"] == assignment].sort_values("rate", ascending=False)
        labels = [_wrap(name, 40) for name in mine["name"]]
        shares = mine["rate"] * 100
        colours = [
            "#c62828" if r < 0.5 else "#ef8f00" if r < 0.8 else "#2e7d32" for r in mine["rate"]
        ]
        ax.barh(labels, shares, color=colours)
        for y, value in enumerate(shares):
            ax.text(min(value + 1, 86), y, f"{value:.1f}%", va="center", fontsize=8)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter())
        ax.tick_params(axis="y", labelsize=8)
        ax.set_title(figures.titles[assignment], fontsize=10, loc="left")
    axes[-1].set_xlabel("graded learners passing the check")
    return fig


# HTML --------------------------------------------------------------------------------------


def html_table(frame: pd.DataFrame, headers: dict[str, str] | None = None) -> str:
    """An HTML table with human headers and every cell escaped (messages may quote an answer).

    Each cell carries its column's name (``data-label``): on a phone the style turns every row
    into a small card of "Column: value" lines instead of a table cut off at the right edge.
    """
    headers = headers or {c: c for c in frame.columns}
    names = [html.escape(str(headers.get(c, c))) for c in frame.columns]
    head = "".join(f"<th>{name}</th>" for name in names)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{name}">{html.escape(str(v))}</td>'
            for name, v in zip(names, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="table">{table}</div>'


def image(fig: Figure, alt: str, caption: str) -> str:
    """The figure as an embedded PNG with its caption (the report is one self-contained file)."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{_marked(caption)}</figcaption></figure>"
    )


def _marked(text: str) -> str:
    """Plain text, escaped; `backticks` mark a command, shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _p(text: str) -> str:
    return f"<p>{_marked(text)}</p>"


def _listing(titles: list[str]) -> str:
    """Titles as a phrase ("A, B and C"), whatever punctuation they end with."""
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def stage_note(figures: CohortFigures) -> str:
    """One sentence on where the course stands, so no empty view looks like a result."""
    scores = figures.scores
    if scores.empty:
        return "No assignment is released yet: run `autograder build`, then collect and grade."
    graded = figures.graded_assignments()
    waiting = scores[scores["status"] == Status.AWAITING_GRADING]
    if not graded:
        if waiting.empty:
            return "Nothing is collected or graded yet."
        names = _listing([figures.titles[a] for a in dict.fromkeys(waiting["assignment"])])
        return (
            f"Nothing is graded yet: work of {waiting['learner'].nunique()} learner(s) is "
            f"collected and waits for `autograder grade` ({names}). Scores, checks and item "
            "analysis appear here once it is graded."
        )
    listed = _listing([figures.titles[a] for a in graded])
    count = f"{len(graded)} of {len(figures.titles)}"
    return f"{count} released assignment(s) have grades so far ({listed})."


def overview_section(figures: CohortFigures) -> Section:
    scores = figures.scores
    rows = []
    for assignment, title in figures.titles.items():
        mine = scores[scores["assignment"] == assignment]
        counts = mine["status"].value_counts()
        graded = _graded_rows(mine)
        share = (graded["score"].sum() / graded["graded_max"].sum()) if len(graded) else math.nan
        rows.append(
            [title, points(mine["max_score"].max())]
            + [int(counts.get(status, 0)) for status in STATUS_COLOURS]
            + [int(graded["late"].sum()), percent(share)]
        )
    headers = ["Assignment", "Points"] + [STATUS_SHORT[s].capitalize() for s in STATUS_COLOURS]
    headers += ["Late", "Average of graded work"]
    frame = pd.DataFrame(rows, columns=headers)
    body = _p(stage_note(figures))
    if not scores.empty:
        body += html_table(frame)
        body += image(
            status_plot(figures),
            "learners per status, per assignment",
            "Each bar is one assignment's learners: graded, written answers still to grade by "
            "hand, collected but awaiting `autograder grade`, could not be graded, missing (others"
            " handed in, this learner did not) and not collected yet. The table above gives the "
            "counts.",
        )
    return Section("overview", "Where each assignment stands", body)


def at_risk_section(figures: CohortFigures) -> Section:
    rule = (
        f"Listed: under {AT_RISK_SHARE:.0%} of the points graded so far (missing work counts "
        "0 of its points; work not graded yet does not count), more than one assignment "
        "missing, or work that could not be graded."
    )
    risky = figures.at_risk
    if risky.empty:
        return Section("at-risk", "Learners to contact first", _p(rule) + _p("Nobody, so far."))
    frame = pd.DataFrame(
        {
            "Learner": risky["name"],
            "ID": risky["learner"],
            "Share of points graded so far": [percent(s) for s in risky["share"]],
            "Missing": risky["missing"],
            "Why": risky["reasons"],
        }
    )
    return Section("at-risk", "Learners to contact first", _p(rule) + html_table(frame))


def _learner_cell(row: pd.Series) -> str:
    if row["status"] in HAS_GRADE and row["graded_max"] > 0:
        share = percent(row["score"] / row["graded_max"])
        return share + (", to grade by hand" if row["status"] == Status.HAND_GRADING else "")
    return STATUS_SHORT.get(row["status"], row["status"])


def learners_section(figures: CohortFigures) -> Section:
    scores = figures.scores
    if scores.empty:
        return Section("learners", "Every learner's work", _p("No assignment is released yet."))
    cells = scores.assign(cell=[_learner_cell(row) for _, row in scores.iterrows()])
    grid = cells.pivot(index="learner", columns="assignment", values="cell")
    names = scores.drop_duplicates("learner").set_index("learner")["name"]
    frame = pd.DataFrame({"Learner": names.reindex(grid.index), "ID": grid.index})
    for assignment, title in figures.titles.items():
        frame[title] = grid[assignment].to_numpy()
    note = (
        "Each cell is the share of the points graded so far; words say why there is no score "
        "yet. The late penalty, if any, is already deducted."
    )
    return Section("learners", "Every learner's work", _p(note) + html_table(frame))


def scores_section(figures: CohortFigures) -> Section:
    fig = score_distribution_plot(figures)
    if fig is None:
        return Section("scores", "Score distribution", _p("No assignment is graded yet."))
    body = image(
        fig,
        "score distribution per graded assignment",
        "How many learners earned each share of the points graded so far, per assignment "
        "(written answers still to grade by hand are left out until graded). The table "
        "'Every learner's work' gives each learner's figure.",
    )
    return Section("scores", "Score distribution", body)


def checks_section(figures: CohortFigures) -> Section:
    fig = pass_rate_plot(figures)
    if fig is None:
        return Section("checks", "Which checks the cohort missed", _p("No check is graded yet."))
    body = image(
        fig,
        "share of graded learners passing each check",
        "Share of the learners with a graded attempt who passed each autograded check, the "
        "least passed at the top: red under 50%, orange under 80%. The item analysis table "
        "below gives the same figure as each check's facility.",
    )
    return Section("checks", "Which checks the cohort missed", body)


def items_section(figures: CohortFigures) -> Section:
    items = figures.items
    notes = [
        "Facility: the share of a check's points the cohort earned. Discrimination: how well "
        "passing the check goes with doing well on the rest of the assignment (Pearson's r "
        "between the check's score and the rest-of-assignment score, as Moodle's quiz "
        f"statistics compute it; formulas and sources in {ITEM_ANALYSIS_DOC}). A check needs "
        f"a look when its discrimination is under {WEAK_DISCRIMINATION:.2f} or negative, or "
        f"its facility is over {EASY_FACILITY:.0%}. '—' means undefined: everyone scored the "
        "same.",
        "Self-check questions in the lessons are answered and recorded on each learner's own "
        "machine and are not collected, so they have no item analysis here.",
    ]
    if items.empty:
        return Section(
            "items", "Item analysis", _p("No check is graded yet.") + "".join(map(_p, notes[1:]))
        )
    body = ""
    for assignment, mine in items.groupby("assignment", sort=False):
        attempts = int(mine["attempts"].max())
        if attempts < SMALL_COHORT:
            body += (
                f'<p class="note">{html.escape(figures.titles[assignment])}: only {attempts} '
                f"learner(s) have a graded attempt. With fewer than {SMALL_COHORT}, one "
                "learner's answers move these figures a lot: read them as hints, not "
                "verdicts.</p>"
            )
    frame = pd.DataFrame(
        {
            "Assignment": [figures.titles[a] for a in items["assignment"]],
            "Check": items["name"],
            "Points": [points(p) for p in items["max_score"]],
            "Graded attempts": items["attempts"],
            "Facility": [percent(f) for f in items["facility"]],
            "Discrimination": [correlation(d) for d in items["discrimination"]],
            "Needs a look": [f or "no" for f in items["flag"]],
        }
    )
    body = _p(notes[0]) + body + html_table(frame) + _p(notes[1])
    return Section("items", "Item analysis", body)


def messages_section(figures: CohortFigures) -> Section:
    messages = figures.messages
    if messages.empty:
        text = "No failure messages yet." if figures.graded_assignments() else "Nothing graded yet."
        return Section("messages", "Most frequent failure messages", _p(text))
    frame = pd.DataFrame(
        {
            "Assignment": [figures.titles.get(a, a) for a in messages["assignment"]],
            "Check": messages["name"],
            "Message": messages["message"],
            "Learners": messages["count"],
        }
    )
    return Section("messages", "Most frequent failure messages", html_table(frame))


def report_sections(figures: CohortFigures) -> list[Section]:
    """The report's sections in reading order (the dashboard shows each as a tab)."""
    return [
        overview_section(figures),
        at_risk_section(figures),
        learners_section(figures),
        scores_section(figures),
        checks_section(figures),
        items_section(figures),
        messages_section(figures),
    ]


STYLE_RULES = [
    ("h1", "font-size:1.6rem"),
    ("h2", "font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd"),
    (".table", "overflow-x:auto;max-width:100%"),
    ("table", "border-collapse:collapse;margin:0.8rem 0"),
    (
        "td,th",
        "border:1px solid #ccc;padding:4px 8px;font-size:0.9rem;text-align:left;vertical-align:top",
    ),
    ("th", "background:#f3f5f7"),
    ("figure", "margin:1rem 0"),
    ("img", "max-width:100%;height:auto"),
    ("figcaption", "font-size:0.85rem;color:#555"),
    (".note", "background:#fff8e1;border-left:4px solid #f9a825;padding:0.4rem 0.8rem"),
    ("nav a", "margin-right:0.8rem;white-space:nowrap"),
]
NARROW_RULES = [
    ("table,tbody,tr,td", "display:block;width:100%;box-sizing:border-box"),
    ("thead", "display:none"),
    ("tr", "border:1px solid #ccc;margin-bottom:0.6rem"),
    ("td", "border:none;border-bottom:1px solid #eee;font-size:0.85rem"),
    ("td::before", 'content:attr(data-label) ": ";font-weight:600'),
]
"""Below 600 px (a phone), each table row becomes a card of "Column: value" lines."""
PAGE_RULE = (
    "body{font-family:system-ui,sans-serif;max-width:64rem;margin:1.5rem auto;padding:0 1rem;"
    "color:#222;line-height:1.45}"
)


def style(scope: str = "") -> str:
    """The report's CSS; with ``scope`` (a class name), every rule applies only inside it,
    so the dashboard can share the report's look without restyling Voila's page."""

    def rules(pairs: list[tuple[str, str]]) -> str:
        out = []
        for selectors, body in pairs:
            if scope:
                selectors = ",".join(f".{scope} {s}" for s in selectors.split(","))
            out.append(f"{selectors}{{{body}}}")
        return "".join(out)

    return rules(STYLE_RULES) + f"@media (max-width:600px){{{rules(NARROW_RULES)}}}"


def report_html(figures: CohortFigures) -> str:
    """The whole report as one self-contained HTML page (plots embedded, no script)."""
    sections = report_sections(figures)
    learners = figures.scores["learner"].nunique()
    nav = " ".join(f'<a href="#{s.id}">{html.escape(s.title)}</a>' for s in sections)
    parts = [
        "<h1>Cohort report</h1>",
        _p(f"{learners} learner(s), {len(figures.titles)} released assignment(s)."),
        f"<nav>{nav}</nav>",
    ]
    parts += [f'<h2 id="{s.id}">{html.escape(s.title)}</h2>{s.body}' for s in sections]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>Cohort report</title><style>{PAGE_RULE}{style()}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )


def write_report(course: CourseDir, destination: Path) -> Path:
    """Compute the figures and write the report page; return its path."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(report_html(cohort_figures(course)), encoding="utf-8")
    return destination
