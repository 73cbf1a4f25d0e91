"""What a consultation and its contributions can be: who it is for, where it stands, the
kinds of contributions, the team's answers, a reader's position. (Kept apart from the
models, which re-export them.)"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from assembly.enums import Labelled


class Audience(Labelled, StrEnum):
    """Who may read the text and take part."""

    __labels__ = {
        "public": _l("Anyone, even without an account"),
        "members": _l("The group's members"),
    }

    PUBLIC = "public"
    MEMBERS = "members"


class ConsultationStage(Labelled, StrEnum):
    """Where the consultation stands, as the team moves it; its dates say when it takes
    contributions (`Consultation.phase`)."""

    __labels__ = {
        "draft": _l("being prepared"),
        "open": _l("published"),
        "final": _l("final text published"),
    }

    DRAFT = "draft"
    OPEN = "open"
    FINAL = "final"


class ConsultationPhase(Labelled, StrEnum):
    """What a visitor sees of the consultation today: its stage and its dates together."""

    __labels__ = {
        "draft": _l("being prepared"),
        "upcoming": _l("opens soon"),
        "open": _l("open to contributions"),
        "closed": _l("closed: the team is answering"),
        "final": _l("final text published"),
    }

    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    FINAL = "final"


class ContributionType(Labelled, StrEnum):
    """What a contribution on a paragraph is: a comment for, against, a question, or an
    amendment (the paragraph rewritten)."""

    __labels__ = {
        "for": _l("for"),
        "against": _l("against"),
        "question": _l("question"),
        "amendment": _l("amendment"),
    }

    FOR = "for"
    AGAINST = "against"
    QUESTION = "question"
    AMENDMENT = "amendment"


COMMENT_KINDS = (ContributionType.FOR, ContributionType.AGAINST, ContributionType.QUESTION)


class TeamAnswer(Labelled, StrEnum):
    """The team's answer to a contribution."""

    __labels__ = {
        "kept": _l("taken in"),
        "in_part": _l("taken in part"),
        "not_kept": _l("not taken in"),
    }

    KEPT = "kept"
    IN_PART = "in_part"
    NOT_KEPT = "not_kept"


class Position(Labelled, StrEnum):
    """A reader's position on a paragraph."""

    __labels__ = {"support": _l("I agree"), "oppose": _l("I disagree")}

    SUPPORT = "support"
    OPPOSE = "oppose"
