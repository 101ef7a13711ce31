"""Checks that hidden tests call: compare a learner's answer with the reference on their own case.

How a check runs, and why this way:

1. In the learner's kernel, :func:`verify` copies the answer into plain data of exact built-in types
   (:mod:`autograder.checks.plain`), so an object that claims to equal anything is refused.
2. The comparison runs in a fresh Python process (:mod:`autograder.checks.verifier`) that imports
   the course library from disk. Learner code never ran there, so a learner cell that patches the
   checks, ``course``, numpy, pandas or ``math`` cannot change the reference or the verdict.
3. The verdict comes back as a pass, or an ``AssertionError`` whose message says what is wrong
   and which idea to revisit, without giving the answer away.

Hidden test cells take ``autograder`` and ``course`` out of ``sys.modules`` before importing
:func:`verify`, so a patched copy in the kernel is never the one that runs, and put the learner's
own modules back once the check is done. Why back: a learner who imports a model in a later cell
must get the same classes their case was built from, as in their own kernel; otherwise a right
answer would fail under grading ("expected a SourcingOption, got SourcingOption(...)") after
"check my answer" said it was right. ``tests/grading/test_exercise_statements.py`` holds every
hidden cell to this form.
"""

from autograder.checks.verify import verify

__all__ = ["verify"]
