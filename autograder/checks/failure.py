"""The one exception a check raises for a wrong answer.

It lives in its own module because the verifier runs as ``python -m autograder.checks.verifier``:
a class defined in that module would exist twice (once as ``__main__``), and a check's failure
would be mistaken for a crash of the checker.
"""


class CheckFailed(AssertionError):
    """The answer is wrong; the message says what and which idea to revisit."""
