"""Tests for the case library (course/cases)."""
