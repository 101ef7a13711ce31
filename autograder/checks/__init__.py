"""Checks that hidden tests call: compare a learner's answer with the reference on their own case.

How a check runs, and why this way:

1. In the learner's kernel, :func:`verify` copies the answer into plain data of exact built-in types
   (:mod:`autograder.checks.plain`), so an object that claims to equal anything is refused.
2. The comparison runs in a fresh Python process (:mod:`autograder.checks.verifier`) that imports
   the course library from disk. Learner code never ran there, so a learner cell that patches the
   checks, ``course``, numpy, pandas or ``math`` cannot change the reference or the verdict.
3. The verdict comes back as a pass, or an ``AssertionError`` whose message says what is wrong
   and which idea to revisit, without giving the answer away.

Hidden test cells purge ``autograder`` from ``sys.modules`` before importing :func:`verify`, so a
patched copy of this package in the kernel is never the one that runs.
"""

from autograder.checks.verify import verify

__all__ = ["verify"]
