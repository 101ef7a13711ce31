"""Hostile submissions of "score-a-vendor" and what a safe grading runner must do with each.

Nothing here is a pytest test yet: the corpus (``corpus.py``) waits for the isolated runner, and
``run_corpus.py`` measures today's ``autograder grade`` against it. See ``corpus.py``.
"""
