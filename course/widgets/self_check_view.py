"""The self-check widget: pick an answer, press Check, read why."""

from __future__ import annotations

import hashlib
import html

import ipywidgets as widgets

from course.self_checks import Question, check_choice, load_questions


def _feedback_html(correct: bool, message: str) -> str:
    colour = "#1b5e20" if correct else "#8a1c1c"
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in message.split("\n\n"))
    return f'<div style="border-left:4px solid {colour};padding-left:8px">{paragraphs}</div>'


def display_order(question: Question) -> list[int]:
    """The order the choices are shown in: shuffled, but the same for everyone, every time.

    Why: authors write the right answer first because that reads best in the YAML file; shown
    that way, learners would soon learn that the first choice is always right. A hash of the
    question id and the choice text gives a stable shuffle that needs no random state, so a
    lesson looks the same on every run and in every test.
    """

    def key(index: int) -> str:
        text = f"{question.id}\n{question.choices[index].text}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    return sorted(range(len(question.choices)), key=key)


def question_view(question: Question) -> widgets.VBox:
    """A radio list of choices, a Check button and a feedback area for one question."""
    prompt = widgets.HTML(f"<b>{html.escape(question.prompt)}</b>")
    options = widgets.RadioButtons(
        options=[(question.choices[index].text, index) for index in display_order(question)],
        value=None,
        layout=widgets.Layout(width="auto"),
    )
    button = widgets.Button(description="Check", button_style="primary")
    feedback = widgets.HTML()

    def on_check(_: object = None) -> None:
        result = check_choice(question, options.value)
        feedback.value = _feedback_html(result.correct, result.message)

    button.on_click(on_check)
    view = widgets.VBox([prompt, options, button, feedback])
    view.check = on_check  # lets tests and demos press Check without a browser
    return view


def self_check(module_id: str, question_id: str) -> widgets.VBox:
    """The widget for one question of a module, by id (the one-line lesson cell)."""
    questions = load_questions(module_id)
    if question_id not in questions:
        known = ", ".join(questions)
        raise KeyError(f"module '{module_id}' has no self-check '{question_id}' (known: {known})")
    return question_view(questions[question_id])
