"""What residents see and do: voice a need, find needs, say "moi aussi", follow one."""

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from assembly.extensions import db, htmx, limiter
from assembly.groups.access import group_view
from assembly.groups.models import Group
from assembly.needs import held, operations
from assembly.needs.forms import (
    CountedSupportForm,
    MergeForm,
    ModerationForm,
    NeedForm,
    RecordNeedForm,
    StatusForm,
)
from assembly.needs.models import Channel, Need, NeedStatus
from assembly.needs.search import search, similar_needs
from assembly.needs.views import bp
from assembly.needs.views.loading import (
    group_themes,
    load_need,
    remember_submission,
    submitted_here,
    support_limit,
)
from assembly.trace.operations import events_for
from assembly.web.inputs import asked_page, query_number
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render
from assembly.web.visitor import address_key, anonymous_key, limit_public_form, signed_in_user

PER_PAGE = 20
# Newest first is by id, not created_at: the same order, and the one both the listing
# index (rowid comes last in every SQLite index) and the search index walk without sorting.
SORTS = {
    "recent": (Need.id.desc(),),
    "supported": (Need.total_support.desc(), Need.id.desc()),
}


def theme_choices(form, group: Group) -> None:
    from wtforms.fields.choices import SelectChoice

    form.theme.choices = [SelectChoice("", _("— no theme —"))] + [
        SelectChoice(str(theme.id), theme.name) for theme in group_themes(group)
    ]


@bp.get("/needs")
@group_view()
def index(group: Group):
    """Approved needs: filter by theme, place, status; sort; search; one page at a time."""
    args = request.args
    sort = args.get("sort") if args.get("sort") in SORTS else "recent"
    page = asked_page()
    query = db.select(Need).where(
        Need.group_id == group.id,
        Need.listable(),
        Need.merged_into_id.is_(None),
    )
    if theme := query_number("theme", 0):
        query = query.where(Need.theme_id == theme)
    if args.get("status") in set(NeedStatus):
        query = query.where(Need.status == args["status"])
    query = search(
        query,
        text_query=args.get("q", ""),
        place=args.get("place", ""),
        order=SORTS[sort],
        newest_first=sort == "recent",
    )
    # One more than a page tells whether there is a next page, without counting them all.
    rows = list(db.session.scalars(query.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)))
    return render(
        "needs/index.html",
        group=group,
        needs=rows[:PER_PAGE],
        has_next=len(rows) > PER_PAGE,
        page=page,
        sort=sort,
        themes=group_themes(group),
        args=args,
    )


@bp.get("/b")
@group_view()
def short(group: Group):
    """The short address printed on posters (and in their QR code): the need form,
    served here rather than by a redirect, which would cost a slow phone one more
    round trip; the form posts to its own address."""
    team = g.viewer.is_team
    form = RecordNeedForm() if team else NeedForm()
    theme_choices(form, group)
    return render("needs/new.html", group=group, form=form, team=team, status=form_status(form))


@bp.route("/needs/new", methods=["GET", "POST"])
@group_view()
@limit_public_form
def new(group: Group):
    """Voice a need; the team also records here what came by paper, phone or meeting."""
    team = g.viewer.is_team
    form = RecordNeedForm() if team else NeedForm()
    theme_choices(form, group)
    if form.validate_on_submit():
        if form.sent_by_robot():  # pretend all went well
            return redirect(url_for("needs.index", slug=group.slug))
        # Two steps, no script: a resident first sees the approved needs that look the
        # same, to say "moi aussi" there, or sends the form again as "mine is different".
        similar = (
            []
            if team or form.confirmed.data
            else similar_needs(group.id, form.title.data, form.body.data or "")
        )
        if similar:
            form.confirmed.data = "1"
            return render("needs/new.html", group=group, form=form, team=team, similar=similar)
        if done := first_result(form, fallback=url_for("needs.index", slug=group.slug)):
            return redirect(done)  # sent before (back button, double tap)
        themes = {str(t.id): t for t in group_themes(group)}
        need = operations.submit_need(
            group,
            title=form.title.data,
            body=form.body.data or "",
            language=form.language.data,
            theme=themes.get(form.theme.data),
            place=form.place.data or "",
            channel=Channel(form.channel.data) if team else Channel.WEB,
            author=signed_in_user() if not team or form.channel.data == Channel.WEB else None,
            author_name=form.author_name.data or "",
            contact=form.consented_contact(),
            wording=form.consent_wording(),
            recorded_by=signed_in_user() if team else None,
            anonymous_key=anonymous_key(create=True),
            address_key=address_key(),
            trusted=team,
        )
        remember_submission(need)
        receipt = url_for("needs.receipt", slug=group.slug, number=need.number)
        return redirect(remember_result(form, receipt))
    return render("needs/new.html", group=group, form=form, team=team, status=form_status(form))


@bp.get("/needs/<int:number>/receipt")
@group_view()
def receipt(group: Group, number: int):
    """The need's number and follow-up address, to write down or photograph."""
    need = load_need(group, number)
    return render("needs/receipt.html", group=group, need=need)


@bp.get("/needs/<int:number>")
@group_view()
def show(group: Group, number: int):
    """A need, how many share it, where it stands, and its story."""
    return need_page(group, load_need(group, number))


def need_page(group: Group, need: Need, status: int = 200, **forms):
    """The need's page; the team's forms are fresh unless a failed one is passed back."""
    team = g.viewer.is_team
    visible = need.shown_to(g.viewer) or submitted_here(need)
    if team:
        forms = {
            "status_form": StatusForm(status=need.status, reason=need.status_reason),
            "merge_form": MergeForm(),
            "count_form": CountedSupportForm(),
            "moderation_form": ModerationForm(),
            "last_held": held.last_held(need),
            **forms,
        }
    return render(
        "needs/show.html",
        status=status,
        group=group,
        need=need,
        visible=visible,
        team=team,
        trace=events_for("needs", need.id) if visible else [],
        **support_block(need),
        **forms,
    )


def support_block(need: Need) -> dict:
    """What the page's support block shows: the split of the count, and this person's own."""
    return {
        "split": need.support_split(),
        "mine": operations.own_support(need, user=signed_in_user(), anonymous_key=anonymous_key()),
    }


def support_answer(group: Group, need: Need):
    """After a "moi aussi" or its withdrawal: the block again for htmx, else the page."""
    if htmx:
        return render(
            "needs/show.html", block="support", group=group, need=need, **support_block(need)
        )
    return redirect(url_for("needs.show", slug=group.slug, number=need.number))


@bp.post("/needs/<int:number>/support")
@group_view()
@limiter.limit(support_limit)
def support(group: Group, number: int):
    """ "Moi aussi": once per account, or per browser for anonymous visitors."""
    need = load_need(group, number)
    if need.merged_into_id is None and not need.takes_supports:
        flash(_("This need no longer collects supports."))
        return support_answer(group, need)
    try:
        added = operations.support(
            need,
            user=signed_in_user(),
            anonymous_key=anonymous_key(create=True),
            address_key=address_key(),
        )
    except operations.MergedNeedError:
        flash(
            _(
                "This need was grouped with %(target)s: say “me too” there.",
                target=need.merged_into.reference,
            )
        )
        return support_answer(group, need)
    if added is None:
        flash(_("You already share this need: each person counts once."))
    elif added.held:
        flash(
            _(
                "Your “me too” is recorded. Many came from the same connection today, so "
                "the team will check it before it is counted."
            )
        )
    else:
        flash(_("Thank you: you are counted among the people who share this need."))
    return support_answer(group, need)


@bp.post("/needs/<int:number>/withdraw")
@group_view()
@limiter.limit(support_limit)
def withdraw(group: Group, number: int):
    """Take back one's own "moi aussi" (the account's, or this browser's).

    One tap and no confirmation step, as saying it again is one tap too.
    """
    need = load_need(group, number)
    if not need.takes_supports:
        flash(_("This need no longer collects supports: nothing was changed."))
    elif operations.withdraw_support(need, user=signed_in_user(), anonymous_key=anonymous_key()):
        flash(_("Your “me too” is withdrawn."))
    else:
        flash(_("There was no “me too” of yours on this need: nothing was changed."))
    return support_answer(group, need)
