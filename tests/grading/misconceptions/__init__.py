"""Realistic wrong answers, one module per exercise (see tests/grading/catalogue.py)."""
