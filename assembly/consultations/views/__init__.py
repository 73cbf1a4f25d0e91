"""Consultation pages: the text read in parts, one paragraph and what was said of it, and
the team's work (preparing, answering, the final text, exports)."""

from flask import Blueprint

from assembly.consultations.diff import diff
from assembly.consultations.models import (
    ConsultationPhase,
    ContributionType,
    Position,
    TeamAnswer,
)

bp = Blueprint("consultations", __name__, url_prefix="/g/<slug>/consultations")
bp.add_app_template_global(diff, "text_diff")  # {{ diff_text(text_diff(before, after)) }}


@bp.context_processor
def enums() -> dict:
    """The enums the templates name (labels, comparisons), by short names."""
    return {
        "Kind": ContributionType,
        "Answer": TeamAnswer,
        "Phase": ConsultationPhase,
        "Position": Position,
    }


from assembly.consultations.views import (  # noqa: E402, F401
    answers,
    exports,
    final,
    summary,
    taking_part,
    text,
)
