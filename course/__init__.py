"""Outsourcing Leadership Lab: the course library.

Lessons, case demos and graders all import from here so that each rule of leading outsourced
IT work is written once (see ``course.models``) and every notebook stays thin.
"""

__version__ = "0.1.0"
