"""Interactive views for lessons and Voila demos: one small function per view.

Each view takes a case (or nothing) and returns an ``ipywidgets.Widget``. Views hold no business
rules: they call ``course.models`` and show the result, so a lesson's numbers always agree with
the grader's.
"""
