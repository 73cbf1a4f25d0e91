"""Residents taking part, from the paragraph's page and without a script: "I agree" or "I
disagree", a comment, an amendment and its page, the support of others' amendments; and the
team's moderation of what was said.

Who may take part is `Consultation.open_to` (its audience and its dates); a visitor it is
not shown to gets 404 from `load_consultation`, like every other page of it. A form sent to
a consultation that takes no contribution today changes nothing: the paragraph's page
comes back with a message saying so.
"""

from collections.abc import Callable

from flask import current_app, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from assembly.clock import local_today
from assembly.consultations.counts import paragraph_counts
from assembly.consultations.forms.taking_part import (
    AmendmentForm,
    CommentForm,
    ContributionModerationForm,
    EndorseForm,
    StanceForm,
)
from assembly.consultations.loading import load_consultation, load_contribution, load_paragraph
from assembly.consultations.models import (
    Consultation,
    Contribution,
    ContributionType,
    Paragraph,
)
from assembly.consultations.operations import taking_part as operations
from assembly.consultations.text import part_of
from assembly.consultations.views import bp
from assembly.extensions import db, htmx, limiter
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.needs.models import Moderation
from assembly.web.forms import confirmed
from assembly.web.inputs import asked_page, page_count
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render
from assembly.web.visitor import (
    address_key,
    anonymous_key,
    browser_key,
    limit_public_form,
    public_address_limit,
    signed_in_user,
)

PER_PAGE = 10  # contributions on one page of a paragraph: a page stays light on a phone
WAITING_SHOWN = 20  # contributions on the moderation page at once, oldest first
NOT_OPEN = _l("This consultation does not take contributions now: nothing was recorded.")
DECIDED = {
    Moderation.APPROVED: _l("The contribution is published."),
    Moderation.REJECTED: _l("The contribution is rejected: only the team sees it now."),
    Moderation.SPAM: _l("The contribution is marked as spam."),
}

bp.add_app_template_global(operations.waiting_count, "contributions_waiting")


def position_limit() -> str:
    """What one person may say "I agree" / "I disagree" or support: a tap each, as often
    as a "moi aussi" (`SUPPORT_RATE_LIMIT`), since a text has many paragraphs."""
    return current_app.config["SUPPORT_RATE_LIMIT"]


def limit_positions(view: Callable) -> Callable:
    """Rate-limit one-tap answers per person and, generously, per address (a room on one
    Wi-Fi shares an address, not a browser), as `limit_public_form` does for forms."""
    view = limiter.limit(public_address_limit, methods=["POST"])(view)
    return limiter.limit(position_limit, key_func=browser_key, methods=["POST"])(view)


def may_take_part(consultation: Consultation, paragraph: Paragraph) -> bool:
    """Whether the visitor may contribute on this paragraph today: the consultation is
    open to them, and the paragraph is one of the text put to the residents."""
    return (
        consultation.open_to(g.viewer, local_today())
        and paragraph.version_id == consultation.consulted.id
    )


def paragraph_url(group: Group, consultation: Consultation, paragraph_id: int, anchor=None):
    return url_for(
        ".paragraph",
        slug=group.slug,
        number=consultation.number,
        paragraph_id=paragraph_id,
        _anchor=anchor,
    )


def not_open(group: Group, consultation: Consultation, paragraph: Paragraph):
    """The answer to a contribution the consultation does not take today."""
    flash(str(NOT_OPEN))
    return redirect(paragraph_url(group, consultation, paragraph.id))


def stance_context(consultation: Consultation, paragraph: Paragraph) -> dict:
    """What the position block shows: the counts, and the visitor's own position."""
    mine = operations.own_stance(paragraph, user=signed_in_user(), anonymous_key=anonymous_key())
    return {
        "counts": paragraph_counts([paragraph.id])[paragraph.id],
        "stance": mine.position if mine else None,
        "may_take_part": may_take_part(consultation, paragraph),
    }


def taking_part(consultation: Consultation, paragraph: Paragraph, forms: dict) -> dict:
    """The paragraph page's residents' part: what was said that the visitor may read (a
    page of it), the supports of amendments, their own position and supports, the forms."""
    key, user = anonymous_key(), signed_in_user()
    said = db.session.scalars(
        db.select(Contribution)
        .where(Contribution.paragraph_id == paragraph.id)
        .order_by(Contribution.id)
        .options(joinedload(Contribution.user))  # the names signed, in the same statement
    )
    shown = [c for c in said if c.shown_to(g.viewer, key)]
    pages = page_count(len(shown), PER_PAGE)
    page = 1 if forms else asked_page(pages)
    on_page = shown[(page - 1) * PER_PAGE : page * PER_PAGE]
    amendments = [c.id for c in on_page if c.kind == ContributionType.AMENDMENT]
    return {
        **stance_context(consultation, paragraph),
        "contributions": on_page,
        "page": page,
        "pages": pages,
        "supports": operations.endorsements(amendments),
        "endorsed": operations.own_endorsements(amendments, user=user, anonymous_key=key),
        "visitor_key": key,
        "comment_form": forms.get("comment_form") or CommentForm(formdata=None),
    }


def sent_before(form, home: str) -> str | None:
    """Where a comment or an amendment goes without being written: a robot's (it is told
    all went well, at `home`), or one sent before (back button, double tap: to the first
    result); None for a first sending, which the caller writes."""
    if form.sent_by_robot():
        return home
    return first_result(form, fallback=home)


@bp.get("/<int:number>/p/<int:paragraph_id>")
@group_view()
def paragraph(group: Group, number: int, paragraph_id: int):
    """A paragraph, what people said of it (comments, amendments) and how to take part."""
    consultation = load_consultation(group, number)
    paragraph = load_paragraph(consultation, paragraph_id)
    return paragraph_page(group, consultation, paragraph)


def paragraph_page(group: Group, consultation: Consultation, paragraph, status=200, **forms):
    """The paragraph's page; the forms on it are fresh unless a failed one is passed back."""
    return render(
        "consultations/paragraph.html",
        status=status,
        group=group,
        consultation=consultation,
        paragraph=paragraph,
        part=part_of(consultation.consulted.paragraphs, paragraph.id),
        phase=consultation.phase(local_today()),
        **taking_part(consultation, paragraph, forms),
    )


@bp.post("/<int:number>/p/<int:paragraph_id>/position")
@group_view()
@limit_positions
def position(group: Group, number: int, paragraph_id: int):
    """ "I agree" or "I disagree" with a paragraph, once per account or browser; the other
    one changes it, the same one again (or "take back") withdraws it."""
    consultation = load_consultation(group, number)
    paragraph = load_paragraph(consultation, paragraph_id)
    form = StanceForm()
    if not may_take_part(consultation, paragraph):
        flash(str(NOT_OPEN))
    elif form.validate_on_submit():
        try:
            held = operations.take_position(
                group,
                consultation,
                paragraph,
                form.chosen(),
                user=signed_in_user(),
                anonymous_key=anonymous_key(create=True),
                today=local_today(),
            )
        except operations.NotOpen:
            db.session.rollback()
            flash(str(NOT_OPEN))
        else:
            if held is None:  # a position held is shown in its block; none, said here
                flash(_("Your position is taken back."))
    if htmx:  # the block alone, its message in it (a redirect would nest the whole page)
        return render(
            "consultations/paragraph.html",
            block="stance",
            group=group,
            consultation=consultation,
            paragraph=paragraph,
            **stance_context(consultation, paragraph),
        )
    return redirect(paragraph_url(group, consultation, paragraph.id, "stance"))


@bp.post("/<int:number>/p/<int:paragraph_id>/comment")
@group_view()
@limit_public_form
def comment(group: Group, number: int, paragraph_id: int):
    """A comment for, against, or a question, on one paragraph."""
    consultation = load_consultation(group, number)
    paragraph = load_paragraph(consultation, paragraph_id)
    if not may_take_part(consultation, paragraph):
        return not_open(group, consultation, paragraph)
    form = CommentForm()
    if not form.validate_on_submit():
        return paragraph_page(group, consultation, paragraph, form_status(form), comment_form=form)
    if done := sent_before(form, paragraph_url(group, consultation, paragraph.id, "said")):
        return redirect(done)
    return contributed(
        group,
        consultation,
        paragraph,
        form,
        kind=ContributionType(form.kind.data),
        text=form.text.data,
    )


@bp.route("/<int:number>/p/<int:paragraph_id>/amend", methods=["GET", "POST"])
@group_view()
@limit_public_form
def amend(group: Group, number: int, paragraph_id: int):
    """Propose an amendment: the paragraph rewritten, starting from its own words."""
    consultation = load_consultation(group, number)
    paragraph = load_paragraph(consultation, paragraph_id)
    if not may_take_part(consultation, paragraph):
        return not_open(group, consultation, paragraph)
    form = AmendmentForm()
    form.original = paragraph.body
    if not form.is_submitted():
        form.rewrite.data = paragraph.body
    if form.validate_on_submit():
        if done := sent_before(form, paragraph_url(group, consultation, paragraph.id, "said")):
            return redirect(done)
        return contributed(
            group,
            consultation,
            paragraph,
            form,
            kind=ContributionType.AMENDMENT,
            text=form.text.data or "",
            rewrite=form.rewrite.data,
        )
    return render(
        "consultations/amend.html",
        group=group,
        consultation=consultation,
        paragraph=paragraph,
        form=form,
        status=form_status(form),
    )


def contributed(group, consultation, paragraph, form, **said):
    """Record a comment or an amendment from its form, then show it on the paragraph."""
    user = signed_in_user()
    try:
        contribution = operations.contribute(
            group,
            consultation,
            paragraph,
            user=user,
            author_name=form.author_name.data or "",
            contact=form.consented_contact(),
            wording=form.consent_wording(),
            anonymous_key=None if user else anonymous_key(create=True),
            address_key=None if user else address_key(),
            trusted=g.viewer.is_team,
            today=local_today(),
            **said,
        )
    except operations.NotOpen:
        db.session.rollback()
        return not_open(group, consultation, paragraph)
    if contribution.public:
        flash(_("Thank you: your contribution is published."))
    else:
        flash(_("Thank you. The team will read your contribution before it is published."))
    url = paragraph_url(group, consultation, paragraph.id, f"c{contribution.id}")
    return redirect(remember_result(form, url))


@bp.post("/<int:number>/contributions/<int:contribution_id>/support")
@group_view()
@limit_positions
def endorse(group: Group, number: int, contribution_id: int):
    """Support someone else's amendment (once per account or browser), or take it back."""
    consultation = load_consultation(group, number)
    amendment = load_contribution(consultation, contribution_id)
    paragraph = amendment.paragraph
    if not may_take_part(consultation, paragraph):
        return not_open(group, consultation, paragraph)
    form = EndorseForm()
    if form.validate_on_submit():
        try:
            done = operations.endorse(
                group,
                consultation,
                amendment,
                user=signed_in_user(),
                anonymous_key=anonymous_key(create=True),
                withdraw=form.withdrawing,
                today=local_today(),
            )
        except operations.NotOpen:
            db.session.rollback()
            return not_open(group, consultation, paragraph)
        except operations.NotEndorsable:
            db.session.rollback()
            flash(_("Only someone else's published amendment can be supported."))
        else:
            if form.withdrawing:
                flash(_("Your support is taken back.") if done else _("Nothing was changed."))
            else:
                flash(_("You support this amendment.") if done else _("You already support it."))
    return redirect(paragraph_url(group, consultation, paragraph.id, f"c{amendment.id}"))


@bp.get("/<int:number>/moderation")
@group_view(Role.FACILITATOR)
def moderation(group: Group, number: int):
    """What waits for the team's approval in this consultation, oldest first."""
    consultation = load_consultation(group, number)
    waiting = list(db.session.scalars(operations.waiting(consultation).limit(WAITING_SHOWN)))
    return render(
        "consultations/moderation.html",
        group=group,
        consultation=consultation,
        waiting=waiting,
        total=operations.waiting_count(consultation),
    )


@bp.post("/<int:number>/contributions/<int:contribution_id>/moderate")
@group_view(Role.FACILITATOR)
def moderate(group: Group, number: int, contribution_id: int):
    """Approve, reject or mark as spam a contribution, waiting or published; refusing
    takes a confirmation step. Back to the queue for one that waited, else to its paragraph."""
    consultation = load_consultation(group, number)
    contribution = load_contribution(consultation, contribution_id)
    from_queue = contribution.moderation == Moderation.PENDING
    back = (
        url_for(".moderation", slug=group.slug, number=number)
        if from_queue
        else paragraph_url(group, consultation, contribution.paragraph_id, f"c{contribution.id}")
    )
    form = ContributionModerationForm()
    if not form.validate_on_submit():
        flash(_("Choose a decision."))
        return redirect(back)
    decision = Moderation(form.decision.data)
    if decision != Moderation.APPROVED and not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return redirect(back)
    if operations.moderate(consultation, contribution, decision):
        flash(str(DECIDED[decision]))
    return redirect(back)
