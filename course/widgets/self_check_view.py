"""The self-check widget: pick an answer, press Check, read why.

Why a small widget of our own (on anywidget) instead of ``ipywidgets.RadioButtons``: in
JupyterLab, the notebook's keyboard shortcuts take the arrow keys from a radio button inside an
output, so a keyboard user moved between cells instead of answers; and RadioButtons gives every
choice one fixed line height, so a long choice ran over the next one and hid its radio. Here the
choices are a real ``<fieldset>`` of radios named by a ``<legend>`` (the question), whose key
presses stay inside the question (so the arrow keys move between answers), with labels that
wrap, and a feedback area that screen readers announce (``role="status"``).
"""

from __future__ import annotations

import hashlib
from typing import Any

import anywidget
import traitlets

from course.self_checks import Question, check_choice, load_questions

_ESM = """
function render({ model, el }) {
  const name = "course-self-check-" + Math.random().toString(36).slice(2);
  const form = document.createElement("form");
  form.className = "course-self-check";
  form.setAttribute("data-lm-suppress-shortcuts", "true");
  form.addEventListener("submit", (event) => event.preventDefault());
  // JupyterLab's notebook handles keys as they bubble up (arrows move between cells); keep
  // them in the question so arrows move between answers. Escape still leaves the output.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") event.stopPropagation();
  });
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = model.get("prompt");
  fieldset.appendChild(legend);
  const radios = model.get("choices").map((text, index) => {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = name;
    radio.value = String(index);
    radio.checked = model.get("selected") === index;
    radio.addEventListener("change", () => {
      model.set("selected", index);
      model.save_changes();
    });
    const span = document.createElement("span");
    span.textContent = text;
    label.append(radio, span);
    fieldset.appendChild(label);
    return radio;
  });
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Check answer";
  button.addEventListener("click", () => model.send({ event: "check" }));
  const feedback = document.createElement("div");
  feedback.className = "course-self-check-feedback";
  feedback.setAttribute("role", "status");
  feedback.setAttribute("aria-live", "polite");
  function showFeedback() {
    const verdict = model.get("verdict");
    feedback.replaceChildren();
    feedback.dataset.verdict = verdict;
    for (const part of model.get("feedback").split("\\n\\n").filter(Boolean)) {
      const paragraph = document.createElement("p");
      paragraph.textContent = part;
      feedback.appendChild(paragraph);
    }
  }
  function showSelection() {
    radios.forEach((radio, index) => { radio.checked = model.get("selected") === index; });
  }
  model.on("change:feedback", showFeedback);
  model.on("change:verdict", showFeedback);
  model.on("change:selected", showSelection);
  showFeedback();
  form.append(fieldset, button, feedback);
  el.appendChild(form);
}
export default { render };
"""

_CSS = """
.course-self-check { max-width: 48rem; margin: 0.5rem 0;
  font-size: var(--jp-content-font-size1, 14px);
  color: var(--jp-content-font-color1, #1a1a1a); }
.course-self-check fieldset { border: 1px solid var(--jp-border-color1, #bbb); border-radius: 4px;
  padding: 0.5rem 0.75rem; margin: 0 0 0.5rem 0; min-width: 0; }
.course-self-check legend { font-weight: 600; padding: 0 0.25rem; white-space: normal; }
.course-self-check label { display: flex; gap: 0.5rem; align-items: flex-start; padding: 0.3rem 0;
  white-space: normal; line-height: 1.4; cursor: pointer; }
.course-self-check input[type=radio] { margin: 0.2rem 0 0 0; flex: none;
  width: 1rem; height: 1rem; }
.course-self-check input[type=radio]:focus-visible,
.course-self-check button:focus-visible { outline: 2px solid var(--jp-brand-color1, #1565c0);
  outline-offset: 2px; }
.course-self-check button { font: inherit; padding: 0.3rem 0.9rem; border-radius: 4px;
  border: 1px solid #0d47a1; background: #1565c0; color: #fff; cursor: pointer; }
.course-self-check-feedback[data-verdict] { padding-left: 0.6rem; }
.course-self-check-feedback[data-verdict=right] { border-left: 4px solid #1b5e20; }
.course-self-check-feedback[data-verdict=wrong] { border-left: 4px solid #8a1c1c; }
.course-self-check-feedback[data-verdict=none] { border-left: 4px solid #8a6d00; }
.course-self-check-feedback p { margin: 0.4rem 0; }
"""


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


class SelfCheckView(anywidget.AnyWidget):
    """One question: radios in display order, a Check button, and the feedback after it."""

    _esm = _ESM
    _css = _CSS
    prompt = traitlets.Unicode("").tag(sync=True)
    choices = traitlets.List(traitlets.Unicode()).tag(sync=True)
    selected = traitlets.Int(-1).tag(sync=True)  # position in ``choices``; -1 = none yet
    feedback = traitlets.Unicode("").tag(sync=True)
    verdict = traitlets.Unicode("").tag(sync=True)  # "", "right", "wrong" or "none"

    def __init__(self, question: Question, module_id: str | None = None, **kwargs: Any) -> None:
        self.question = question
        self.module_id = module_id
        self.order = display_order(question)
        super().__init__(
            prompt=question.prompt,
            choices=[question.choices[index].text for index in self.order],
            **kwargs,
        )
        self.on_msg(self._on_message)

    def _on_message(self, _widget: object, content: dict, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "check":
            self.check()

    @traitlets.observe("selected")
    def _clear_old_feedback(self, _change: dict) -> None:
        """A new pick makes the last verdict (or "pick one first") stale; take it away."""
        self.feedback, self.verdict = "", ""

    def choose(self, choice_index: int) -> None:
        """Select the choice with this index in the question (not the display position)."""
        self.selected = self.order.index(choice_index)

    def check(self) -> None:
        """Judge the current pick, show the feedback, and record it in the learner's progress."""
        picked = self.order[self.selected] if self.selected >= 0 else None
        result = check_choice(self.question, picked)
        self.feedback = result.message
        self.verdict = "none" if picked is None else ("right" if result.correct else "wrong")
        if picked is not None and self.module_id:
            from course.progress import record

            record(
                "self-check",
                module=self.module_id,
                question=self.question.id,
                correct=result.correct,
            )


def question_view(question: Question, module_id: str | None = None) -> SelfCheckView:
    """The widget for one question."""
    return SelfCheckView(question, module_id)


def self_check(module_id: str, question_id: str) -> SelfCheckView:
    """The widget for one question of a module, by id (the one-line lesson cell)."""
    questions = load_questions(module_id)
    if question_id not in questions:
        known = ", ".join(questions)
        raise KeyError(f"module '{module_id}' has no self-check '{question_id}' (known: {known})")
    return question_view(questions[question_id], module_id)
