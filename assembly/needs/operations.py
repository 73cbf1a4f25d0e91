"""What can happen to a need. Each function commits and writes the journal, and tells the
need's followers what matters to them (`needs.messages`)."""

from datetime import datetime

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs import messages
from assembly.needs.events import (
    MODERATED,
    NEED_ABSORBED,
    NEED_COUNTED,
    NEED_EDITED,
    NEED_MERGED,
    NEED_STATUS_CHANGED,
    NEED_SUBMITTED,
    NEED_SUPPORT_HELD,
    NEED_SUPPORT_WITHDRAWN,
    NEED_SUPPORTED,
    THEME_CREATED,
    THEME_DELETED,
    THEME_RENAMED,
)
from assembly.needs.held import past_the_cap
from assembly.needs.models import (
    Channel,
    CountedSupport,
    Moderation,
    Need,
    NeedSettings,
    NeedStatus,
    Support,
    Theme,
)
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.people.operations import record_person
from assembly.trace.operations import record
from assembly.web.contact import NO_CONTACT, Contact
from assembly.web.languages import FRENCH

# Where a need came from is where its author gave their contact and consent.
SOURCES = {channel: ConsentSource(channel.value) for channel in Channel}


class MergeError(ValueError):
    """Raised when a need cannot join the one asked (itself, or one merged into it)."""


class MergedNeedError(ValueError):
    """Raised when a need grouped with another is asked to be moderated or supported.

    Its story goes on at `need.merged_into`: nothing is changed on the duplicate.
    """

    def __init__(self, need: Need) -> None:
        super().__init__(f"{need.reference} was grouped with another need")
        self.need = need


def _refuse_merged(need: Need) -> None:
    if need.merged_into_id is not None:
        raise MergedNeedError(need)


def settings_for(group: Group) -> NeedSettings:
    """The group's settings for needs (defaults when never changed)."""
    return db.session.get(NeedSettings, group.id) or NeedSettings(
        group_id=group.id, premoderation=True
    )


def set_premoderation(group: Group, premoderation: bool) -> None:
    settings = db.session.get(NeedSettings, group.id)
    if settings is None:
        settings = NeedSettings(group_id=group.id)
        db.session.add(settings)
    settings.premoderation = premoderation
    db.session.commit()


def _next_number(group: Group) -> int:
    """The group's next need number. The caller holds the group's row (`hold`), so two
    needs sent at the same moment cannot both take it."""
    highest = db.session.scalar(
        db.select(db.func.max(Need.number)).where(Need.group_id == group.id)
    )
    return (highest or 0) + 1


def submit_need(
    group: Group,
    *,
    title: str,
    body: str = "",
    theme: Theme | None = None,
    place: str = "",
    channel: Channel = Channel.WEB,
    author: User | None = None,
    author_name: str = "",
    contact: Contact = NO_CONTACT,
    wording: str = "",
    person: Person | None = None,
    recorded_by: User | None = None,
    anonymous_key: str | None = None,
    address_key: str | None = None,
    trusted: bool = False,
    language: str = FRENCH,
) -> Need:
    """Record a need voiced by a resident, or entered by a member of the team, in the
    language it was written in.

    `trusted` (entered by an organizer or a facilitator) skips moderation. The
    person who voices a need shares it: online they count as its first supporter;
    off-line (paper, phone, door) they are counted on the need's channel. An anonymous
    author's support counts against their address's cap (`address_key`), like any other.

    Its author goes in the contact book (`record_person`): `contact` only with their
    consent to hear about the need, in the words `wording` (the form's box), given on
    the need's channel and written down by `recorded_by` when the team typed it in
    (then a name or contact typed is someone else's: a person apart from the account).
    A caller that already knows the person (the door they were met at) passes `person`.
    """
    premoderated = settings_for(group).premoderation and not trusted
    hold(Group, group.id)
    # A name or a contact the team types in is a resident's, not the team member's own.
    for_someone = recorded_by is not None and bool(author_name.strip() or contact)
    if person is None:
        person = record_person(
            group,
            source=SOURCES[channel],
            name=author_name,
            contact=contact,
            purposes=(ConsentPurpose.NEED_FOLLOWUP,),
            wording=wording,
            user=None if for_someone else author,
            recorded_by=recorded_by,
        )
    need = Need(
        group_id=group.id,
        number=_next_number(group),
        title=title.strip(),
        body=body.strip(),
        language=language,
        theme=theme,
        place=place.strip(),
        channel=channel,
        status=NeedStatus.NEW,
        moderation=Moderation.PENDING if premoderated else Moderation.APPROVED,
        author_id=author.id if author else None,
        author_name=author_name.strip(),
        person_id=person.id if person else None,
    )
    db.session.add(need)
    record(NEED_SUBMITTED, need, group_id=group.id, channel=channel, number=need.number)
    if channel == Channel.WEB:
        if author is not None or anonymous_key:
            _add_support(
                need,
                user=author,
                anonymous_key=None if author else anonymous_key,
                address_key=None if author else address_key,
                person=person if author and not for_someone else None,
            )
    else:
        _add_counted(need, 1, channel, "", author)
    db.session.commit()
    return need


def _add_support(
    need: Need,
    *,
    user: User | None,
    anonymous_key: str | None,
    address_key: str | None = None,
    held: bool = False,
    person: Person | None = None,
) -> Support:
    row = Support(
        need_id=need.id,
        user_id=user.id if user else None,
        anonymous_key=anonymous_key,
        address_key=address_key,
        person_id=person.id if person else None,
        held=held,
        created_at=utcnow(),  # the clock the per-address window is read with
    )
    db.session.add(row)
    if not held:
        need.support_count = Need.support_count + 1  # atomic in SQL, whoever else writes
        need.total_support = Need.total_support + 1
    return row


def own_support(need: Need, *, user: User | None, anonymous_key: str | None) -> Support | None:
    """This person's "moi aussi" on the need (by account, else by anonymous key), if any."""
    if user is not None:
        condition = Support.user_id == user.id
    elif anonymous_key:
        condition = Support.anonymous_key == anonymous_key
    else:
        return None
    return db.session.scalar(db.select(Support).where(Support.need_id == need.id, condition))


def has_supported(need: Need, *, user: User | None, anonymous_key: str | None) -> bool:
    """Whether this person (account or anonymous key) already shares the need."""
    return own_support(need, user=user, anonymous_key=anonymous_key) is not None


def support(
    need: Need, *, user: User | None, anonymous_key: str | None, address_key: str | None = None
) -> Support | None:
    """Add a "moi aussi" by account, else by anonymous key. None if already said.

    Without an account, past SUPPORTS_PER_ADDRESS_PER_DAY from one address
    (`address_key`, a keyed hash) on this need within a day, the support is held:
    recorded, not counted, until the team counts or discards it. An account is never
    held. Raises MergedNeedError for a need grouped with another: its supports go there.
    """
    _refuse_merged(need)
    hold(Need, need.id)  # a double tap waits here, then finds the first one's support
    if has_supported(need, user=user, anonymous_key=anonymous_key):
        return None
    address_key = None if user else address_key
    held = address_key is not None and past_the_cap(need, address_key)
    row = _add_support(
        need,
        user=user,
        anonymous_key=None if user else anonymous_key,
        address_key=address_key,
        held=held,
        # A member is the group's one person of their account; a visitor stays no one.
        person=record_person(need.group, source=ConsentSource.WEB, user=user) if user else None,
    )
    record(
        NEED_SUPPORT_HELD if held else NEED_SUPPORTED,
        need,
        group_id=need.group_id,
        channel=Channel.WEB,
    )
    db.session.commit()
    db.session.refresh(need)
    return row


def withdraw_support(need: Need, *, user: User | None, anonymous_key: str | None) -> bool:
    """Take back this person's own "moi aussi" (account, else anonymous key); False if none.

    A counted one comes off the counts in SQL, as `_add_support` adds it; a held one,
    never counted, simply goes.
    """
    row = own_support(need, user=user, anonymous_key=anonymous_key)
    if row is None:
        return False
    held = row.held
    # The DELETE says whether this request took it: two taps at once take one off, not two.
    gone = db.session.execute(db.delete(Support).where(Support.id == row.id)).rowcount
    if not gone:
        db.session.rollback()
        return False
    if not held:
        need.support_count = Need.support_count - 1
        need.total_support = Need.total_support - 1
    record(NEED_SUPPORT_WITHDRAWN, need, group_id=need.group_id, held=held)
    db.session.commit()
    db.session.refresh(need)
    return True


def _add_counted(need: Need, count: int, channel: Channel, note: str, by: User | None) -> None:
    db.session.add(
        CountedSupport(
            need_id=need.id,
            count=count,
            channel=channel,
            note=note.strip(),
            recorded_by_id=by.id if by else None,
        )
    )
    need.counted_support = Need.counted_support + count
    need.total_support = Need.total_support + count


def count_support(need: Need, count: int, channel: Channel, note: str, by: User) -> None:
    """Add people counted off-line ("12 people at the meeting share this").

    Raises MergedNeedError for a need grouped with another: they are counted there.
    """
    _refuse_merged(need)
    _add_counted(need, count, channel, note, by)
    record(NEED_COUNTED, need, group_id=need.group_id, count=count, channel=channel)
    db.session.commit()


def moderate(need: Need, decision: Moderation, reason: str = "") -> None:
    """Approve a need from the public, reject it with a reason, or mark it as spam.

    Raises MergedNeedError for a need grouped with another: merging settled it.
    """
    _refuse_merged(need)
    need.moderation = decision
    need.moderation_reason = reason.strip()
    if decision == Moderation.APPROVED:
        messages.approved(need)
    else:
        _end_followup(need)  # nobody will follow it up
    record(MODERATED[decision], need, group_id=need.group_id, reason=need.moderation_reason)
    db.session.commit()


def set_status(need: Need, status: NeedStatus, reason: str = "", *, commit: bool = True) -> None:
    """Move a need along new → acknowledged → taken up → resolved or declined.

    Saving the status and reason it already has changes nothing and writes no event.
    With `commit=False` the caller commits, with what else its change writes.
    """
    old = need.status
    if status == old and reason.strip() == need.status_reason:
        return
    need.status = status
    need.status_reason = reason.strip()
    told = messages.status_changed(need)
    if need.closed:  # the consent ran until the need was closed, and they were told so
        _end_followup(need, until=messages.told_author_until(need, told))
    record(
        NEED_STATUS_CHANGED,
        need,
        group_id=need.group_id,
        old=old,
        new=status,
        reason=need.status_reason,
    )
    if commit:
        db.session.commit()


def edit_need(
    need: Need,
    *,
    title: str,
    body: str,
    theme: Theme | None,
    place: str,
    language: str | None = None,
    french_summary: str | None = None,
) -> None:
    """Correct a need's wording, theme, place or language, or write its French summary
    beside the author's words; the journal names the fields changed."""
    new = {
        "title": title.strip(),
        "body": body.strip(),
        "theme_id": theme.id if theme else None,
        "place": place.strip(),
        "language": need.language if language is None else language,
        "french_summary": need.french_summary if french_summary is None else french_summary.strip(),
    }
    changed = sorted(field for field, value in new.items() if getattr(need, field) != value)
    for field in changed:
        setattr(need, field, new[field])
    if changed:
        record(NEED_EDITED, need, group_id=need.group_id, fields=changed)
    db.session.commit()


def merge(need: Need, into: Need) -> None:
    """Make `need` part of `into`: its supporters move over, nobody counted twice.

    A duplicate still waiting for approval leaves the queue as MERGED, unpublished:
    the team judged it the same need as `into`, not its wording fit to show.
    """
    if into.id == need.id or into.merged_into_id is not None or into.group_id != need.group_id:
        raise MergeError
    told = messages.merged(need, into)  # before its supporters move over to `into`
    on_target = db.select(Support).where(Support.need_id == into.id)
    kept_users, kept_keys = set(), set()
    for row in db.session.scalars(on_target):
        kept_users.add(row.user_id)
        kept_keys.add(row.anonymous_key)
    kept_users.discard(None)
    kept_keys.discard(None)
    for row in db.session.scalars(db.select(Support).where(Support.need_id == need.id)):
        if row.user_id in kept_users or row.anonymous_key in kept_keys:
            db.session.delete(row)  # already shares the target: counted once
        else:
            row.need_id = into.id
    db.session.execute(
        db.update(CountedSupport).where(CountedSupport.need_id == need.id).values(need_id=into.id)
    )
    db.session.flush()
    for target in (need, into):
        target.support_count = db.session.scalar(
            db.select(db.func.count())
            .select_from(Support)
            .where(Support.need_id == target.id, Support.held.is_(False))
        )
        target.counted_support = db.session.scalar(
            db.select(db.func.coalesce(db.func.sum(CountedSupport.count), 0)).where(
                CountedSupport.need_id == target.id
            )
        )
        target.total_support = target.support_count + target.counted_support
    # Needs that had joined `need` now point at `into`, so every chain is one step.
    db.session.execute(
        db.update(Need).where(Need.merged_into_id == need.id).values(merged_into_id=into.id)
    )
    need.merged_into_id = into.id
    _end_followup(need, until=messages.told_author_until(need, told))
    settled = need.moderation == Moderation.PENDING
    if settled:
        need.moderation = Moderation.MERGED
    record(NEED_MERGED, need, group_id=need.group_id, into=into.number, settled=settled)
    record(NEED_ABSORBED, into, group_id=into.group_id, absorbed=need.number)
    db.session.commit()


def _end_followup(need: Need, until: datetime | None = None) -> None:
    """The need's author gave their contact "until the need is closed": that consent
    (NEED_FOLLOWUP) runs out now, unless another of their needs is still followed up.

    It runs out (`expires_at`) rather than being withdrawn: the person took nothing back.
    When the message telling them it closed is on its way, it runs `until` that message
    can no longer go (the sender checks the consent again just before sending).
    The daily purge then erases the contact if no other consent holds it.
    """
    if need.person is None:
        return
    others = db.session.scalars(
        db.select(Need).where(Need.person_id == need.person_id, Need.id != need.id)
    )
    if any(other.followed_up for other in others):
        return
    now = utcnow()
    for consent in need.person.consents:
        if consent.purpose == ConsentPurpose.NEED_FOLLOWUP and consent.live(now):
            consent.expires_at = max(now, until or now)


def add_theme(group: Group, name: str) -> Theme:
    """Add a theme; one of that name already there (two tabs, a double tap) is returned."""
    hold(Group, group.id)
    existing = db.session.scalar(db.select(Theme).filter_by(group_id=group.id, name=name.strip()))
    if existing is not None:
        return existing
    theme = Theme(group_id=group.id, name=name.strip())
    db.session.add(theme)
    record(THEME_CREATED, theme, group_id=group.id, name=theme.name)
    db.session.commit()
    return theme


def rename_theme(theme: Theme, name: str) -> None:
    old, theme.name = theme.name, name.strip()
    record(THEME_RENAMED, theme, group_id=theme.group_id, old=old, new=theme.name)
    db.session.commit()


def delete_theme(theme: Theme) -> None:
    """Remove a theme; its needs keep everything else and simply have no theme."""
    record(THEME_DELETED, theme, group_id=theme.group_id, name=theme.name)
    db.session.execute(db.update(Need).where(Need.theme_id == theme.id).values(theme_id=None))
    db.session.delete(theme)
    db.session.commit()
