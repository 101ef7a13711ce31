"""Pure domain logic for leading outsourced IT work.

Every lesson, widget and hidden test calls these functions instead of re-deriving a rule, so a
correction made here reaches the whole course at once. Nothing here touches files or widgets.
"""
