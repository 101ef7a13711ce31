"""Outsourcing Leadership Lab: the grading side.

Builds learner copies of the exercises with nbgrader, and (as the project grows) holds the
checks the hidden tests call, the instructor pipeline and the isolated runner.
"""

__version__ = "0.1.0"
