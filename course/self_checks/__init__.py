"""Self-check questions: multiple choice with instant feedback that explains the right answer.

Why data files: questions live in ``course/self_checks/<module-id>.yml`` so that authors edit text,
not code, and a test can check every question (exactly one right choice, feedback on every
choice) without running a notebook. Self-checks are for learning, never for grades: nothing here
is a hidden test, so nothing here can leak one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

QUESTIONS_DIR = Path(__file__).resolve().parent
VERDICTS = ("Right.", "Not quite.", "Correct.", "Wrong.")


class SelfCheckError(ValueError):
    """A question file is invalid; the message names the file, the question and the fix."""


@dataclass(frozen=True)
class Choice:
    """One answer option with the feedback a learner sees after picking it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One self-check question: exactly one correct choice, and an explanation of it."""

    id: str
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str

    @property
    def correct_index(self) -> int:
        return next(i for i, choice in enumerate(self.choices) if choice.correct)


@dataclass(frozen=True)
class Feedback:
    """What a learner is told after choosing."""

    correct: bool
    message: str


def _fail(file: Path, where: str, problem: str) -> SelfCheckError:
    return SelfCheckError(f"{file}: {where}: {problem}")


def _parse_question(file: Path, index: int, raw: object) -> Question:
    where = f"questions[{index}]"
    if not isinstance(raw, dict):
        raise _fail(file, where, "expected a mapping with id, prompt, choices, explanation")
    where = f"questions[{index}] ({raw.get('id', '?')})"
    for key in ("id", "prompt", "explanation"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(file, where, f"'{key}' must be a non-empty text")
    raw_choices = raw.get("choices")
    if not isinstance(raw_choices, list) or len(raw_choices) < 2:
        raise _fail(file, where, "'choices' must list at least two options")
    choices = []
    for number, choice in enumerate(raw_choices):
        if not isinstance(choice, dict) or not all(
            isinstance(choice.get(k), str) and choice[k].strip() for k in ("text", "feedback")
        ):
            raise _fail(file, where, f"choices[{number}] needs a 'text' and a 'feedback'")
        if choice["feedback"].strip().startswith(VERDICTS):
            raise _fail(
                file,
                where,
                f"choices[{number}]: start the feedback with the reason, not with a verdict "
                "('Right.' or 'Not quite.' is added when the learner checks)",
            )
        choices.append(
            Choice(
                choice["text"].strip(), choice.get("correct") is True, choice["feedback"].strip()
            )
        )
    if sum(choice.correct for choice in choices) != 1:
        raise _fail(file, where, "exactly one choice must have 'correct: true'")
    return Question(
        raw["id"].strip(), raw["prompt"].strip(), tuple(choices), raw["explanation"].strip()
    )


@cache
def load_questions(module_id: str, directory: Path = QUESTIONS_DIR) -> dict[str, Question]:
    """All questions of a module by id, validated; raise :class:`SelfCheckError` on a bad file."""
    file = directory / f"{module_id}.yml"
    if not file.is_file():
        raise SelfCheckError(f"{file}: no self-check file for module '{module_id}'")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise _fail(file, "top level", "expected 'questions:' followed by a list")
    questions: dict[str, Question] = {}
    for index, raw in enumerate(data["questions"]):
        question = _parse_question(file, index, raw)
        if question.id in questions:
            raise _fail(file, f"questions[{index}]", f"duplicate id '{question.id}'")
        questions[question.id] = question
    return questions


def check_choice(question: Question, choice_index: int | None) -> Feedback:
    """Judge one choice: the choice's own feedback, then the explanation of the right answer."""
    if choice_index is None:
        return Feedback(False, "Pick one of the options first.")
    if not 0 <= choice_index < len(question.choices):
        return Feedback(False, f"There is no option {choice_index + 1}.")
    choice = question.choices[choice_index]
    verdict = "Right." if choice.correct else "Not quite."
    return Feedback(choice.correct, f"{verdict} {choice.feedback}\n\n{question.explanation}")
