"""What a consultation tells the people who contributed to it: the final text is out.

(To be written: the contributors the contact book knows, under a live consent to hear what
becomes of their contributions, CONSULTATION_FOLLOWUP, one message each.)
"""

from assembly.consultations.models import Consultation


def final_published(consultation: Consultation) -> list:
    """Tell each contributor who agreed to hear of it that the final text is out."""
    return []  # replaced by the messages' work (see the module's docstring)
