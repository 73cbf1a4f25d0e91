"""What a decision is about, said on its page by the feature that put it to the group,
without decisions knowing that feature.

A feature that makes decisions for its own ends (campaigns: choosing among candidate
issues) registers a template when its blueprint is registered; that template holds a
macro ``about_decision(group, decision)`` that says, to whoever may read it, what the
decision chooses. The decision's page renders every registered one.
"""

from flask import Flask, current_app

EXTENSION = "assembly.decision_abouts"


def register_about(app: Flask, template: str) -> None:
    """Add `template` (with its `about_decision` macro) to decisions' pages of `app`."""
    app.extensions.setdefault(EXTENSION, []).append(template)


def decision_abouts() -> list[str]:
    """The templates that may say what a decision is about."""
    return current_app.extensions.get(EXTENSION, [])
