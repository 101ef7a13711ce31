"""What the view tests share: reading what a view drew without a browser."""

from __future__ import annotations


def has_image(view) -> bool:
    """Did the view draw a PNG chart, with its text alternative, into its output?"""
    shown = shown_html(view)
    return '<img src="data:image/png;base64,' in shown and 'alt="' in shown


def shown_html(view) -> str:
    """All HTML the view shows below its controls."""
    return "".join(item.get("data", {}).get("text/html", "") for item in view.output.outputs)
