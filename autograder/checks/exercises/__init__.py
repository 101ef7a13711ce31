"""One module per graded exercise, named after its id (``score-a-vendor`` -> ``score_a_vendor``).

Each module exposes ``exercise_case(learner_id)`` (the learner's variant as plain data, shown by
the exercise's first cell), ``describe(case)`` (what that cell displays) and ``CHECKS``
(check id -> function that raises ``CheckFailed`` with a teaching message). An exercise with
many checks is a package whose ``__init__.py`` exposes these and imports one module per part of
the exercise (docs/cases-and-checks.md).
"""
