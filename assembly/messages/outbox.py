"""Writing into the outbox: what features call, in the transaction of what causes a message.

    notify(person, kind=MessageKind.NEED_UPDATE, purpose=ConsentPurpose.NEED_FOLLOWUP,
           template="needs/messages/update.txt", dedup=f"need:{need.id}:resolved:{person.id}",
           link=absolute_url("needs.show", …), need=need)

writes one message to `person`, worded in their language, on the channel they can be
reached by for that purpose, or nothing (and says so by returning None) when the group
turned the kind off, no live consent allows it, no channel can carry it, or the same
event already made its message. A template renders the subject on its first line, then
a blank line, then the body; an SMS is the body alone, so a body stands on its own.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, String, cast, func, select, update
from sqlalchemy.exc import IntegrityError

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.messages.models import (
    Message,
    MessageChannel,
    MessageKind,
    MessageSettings,
    MessageStatus,
)
from assembly.messages.sms import plain_typography, segments
from assembly.people.models import (
    ConsentPurpose,
    Person,
    ReachBy,
    consent_in_force,
    details_for,
)

# A message not sent within this time is no longer worth sending (a sender down for days).
WORTH_SENDING = timedelta(days=3)


def settings_of(group_id: int) -> MessageSettings:
    """The group's message settings; the defaults when it never changed them (not added)."""
    found = db.session.get(MessageSettings, group_id)
    if found is None:
        found = MessageSettings(group_id=group_id)
        for column in MessageSettings.__table__.columns:  # the defaults, on a transient row
            if getattr(found, column.name) is None and column.default is not None:
                setattr(found, column.name, column.default.arg)
    return found


def configured_channels() -> tuple[MessageChannel, ...]:
    """The channels this instance can send on: SMTP for e-mail, a gateway phone for SMS."""
    config = current_app.config
    channels = []
    if config.get("SMS_GATEWAY_URL"):
        channels.append(MessageChannel.SMS)
    if config.get("MAIL_SERVER") and config.get("MAIL_FROM"):
        channels.append(MessageChannel.EMAIL)
    return tuple(channels)


def channel_for(person: Person, purpose: ConsentPurpose) -> tuple[MessageChannel, str] | None:
    """The channel and address to reach `person` for `purpose`: the one they prefer when it
    can carry it, else SMS, else e-mail; None when no consented contact can be used."""
    details = person.reach(purpose)
    channel = _channel(details, person.preferred_channel)
    return (channel, details[ADDRESS[channel]]) if channel else None


# Which of a person's details (`Person.reach`) each channel sends to.
ADDRESS = {MessageChannel.SMS: "phone", MessageChannel.EMAIL: "email"}


def _channel(details: dict[str, str], preferred: ReachBy | None) -> MessageChannel | None:
    """The channel for these usable details: the preferred one when this instance can send
    on it and the detail is there, else SMS, else e-mail; None when none can be used."""
    found = [channel for channel in configured_channels() if details.get(ADDRESS[channel])]
    choice = {
        ReachBy.SMS: MessageChannel.SMS,
        ReachBy.PHONE: MessageChannel.SMS,
        ReachBy.EMAIL: MessageChannel.EMAIL,
    }.get(preferred)
    return choice if choice in found else next(iter(found), None)  # SMS first


def routes(people: Select, purpose: ConsentPurpose, *by) -> Counter:
    """How many of `people` (a select of person ids) each channel reaches for `purpose`,
    counted by the database in one statement whatever their number: a Counter by
    (channel or None, language to write in, then the value of each column of `by`, SQL
    on the person). Only people under a live consent for `purpose` are counted; the
    channel and language are `channel_for`'s and `language_of`'s."""
    kinds = (
        (Person.phone != "").label("phone"),
        (Person.email != "").label("email"),
        Person.preferred_channel.label("preferred"),
        Person.language.label("language"),
        User.locale.label("locale"),
        *(column.label(f"by_{n}") for n, column in enumerate(by)),
    )
    # Grouped outside: PostgreSQL does not group by a correlated `by` (an EXISTS).
    listed = (
        select(*kinds)
        .select_from(Person)
        .outerjoin(User, User.id == Person.user_id)
        .where(Person.id.in_(people), consent_in_force(Person.id, (purpose,), utcnow()))
        .subquery()
    )
    counted = select(*listed.c, func.count()).group_by(*listed.c)
    found: Counter = Counter()
    for phone, email, preferred, language, locale, *values, count in db.session.execute(counted):
        details = details_for(purpose, "phone" if phone else "", "email" if email else "")
        channel = _channel(details, preferred)
        language = _shipped(language, locale) or current_app.config["BABEL_DEFAULT_LOCALE"]
        found[channel, language, *values] += count
    return found


def language_of(person: Person | None = None, user: User | None = None) -> str:
    """The language to write to someone in: theirs when it is shipped, else the default."""
    found = _shipped(person and person.language, user and user.locale)
    if found is None and person is not None and person.user is not None:
        found = _shipped(person.user.locale)
    return found or current_app.config["BABEL_DEFAULT_LOCALE"]


def _shipped(*languages: str | None) -> str | None:
    """The first of `languages` this instance ships, if any."""
    shipped = current_app.config["LANGUAGES"]
    return next((language for language in languages if language in shipped), None)


def absolute_url(endpoint: str, **values) -> str:
    """A link for a message, built on PUBLIC_URL; "" without it: a laptop in a room has
    no address a phone could open the next day, so its messages carry no link."""
    public = current_app.config.get("PUBLIC_URL")
    if not public:
        return ""
    if has_request_context():  # KnownHosts already sees the request at PUBLIC_URL
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=public):
        return url_for(endpoint, _external=True, **values)


def compose(template: str, channel: MessageChannel, language: str, **context) -> tuple[str, str]:
    """(subject, body) of `template` in `language`; an SMS gets its way out at the end."""
    with force_locale(language):
        text = render_template(template, channel=channel.value, **context)
        subject, _blank, body = text.strip().partition("\n")
        body = body.strip()
        if channel == MessageChannel.SMS:
            way_out = _("STOP to unsubscribe")
            body = plain_typography(f"{body}\n{way_out}")
    return " ".join(subject.split())[:200], body


def quiet_until(moment: datetime, settings: MessageSettings) -> datetime:
    """`moment` (naive UTC), or the end of the group's quiet hours when it falls in them."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    start, end = settings.quiet_from, settings.quiet_until
    hour = local.hour
    quiet = (start <= hour or hour < end) if start > end else (start <= hour < end)
    if not quiet or start == end:
        return moment
    morning = local.date() if hour < end else local.date() + timedelta(days=1)
    wake = datetime.combine(morning, time(end), tzinfo=zone)
    return wake.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def notify(
    person: Person | None,
    *,
    kind: MessageKind,
    purpose: ConsentPurpose,
    template: str,
    dedup: str,
    link: str = "",
    send_after: datetime | None = None,
    send_before: datetime | None = None,
    created_by: User | None = None,
    **context,
) -> Message | None:
    """Queue `template` to `person` under their live consent for `purpose` (see the module)."""
    if person is None or not settings_of(person.group_id).sends(kind):
        return None
    consent = person.live_consent(purpose)
    route = channel_for(person, purpose) if consent else None
    if route is None:
        return None
    channel, address = route
    language = language_of(person)
    subject, body = compose(
        template, channel, language, person=person, group=person.group, link=link, **context
    )
    return _queue(
        Message(
            group_id=person.group_id,
            person_id=person.id,
            user_id=person.user_id,
            consent_id=consent.id,
            kind=kind,
            purpose=purpose,
            channel=channel,
            address=address,
            language=language,
            subject=subject,
            body=body,
            link=link,
            dedup_key=dedup,
            created_by_id=created_by.id if created_by else None,
        ),
        send_after,
        send_before,
    )


def notify_account(
    user: User, *, kind: MessageKind, template: str, dedup: str, link: str = "", **context
) -> Message | None:
    """Queue an e-mail to an account about itself (a password link): the person asked for
    it, so no consent is needed; None without an address or an SMTP server."""
    if not user.email or MessageChannel.EMAIL not in configured_channels():
        return None
    language = language_of(user=user)
    subject, body = compose(
        template, MessageChannel.EMAIL, language, user=user, link=link, **context
    )
    message = Message(
        user_id=user.id,
        kind=kind,
        channel=MessageChannel.EMAIL,
        address=user.email,
        language=language,
        subject=subject,
        body=body,
        link=link,
        dedup_key=dedup,
    )
    return _queue(message, None, utcnow() + timedelta(hours=1))


def notify_number(
    phone: str, *, kind: MessageKind, template: str, dedup: str, language: str = "", **context
) -> Message | None:
    """Queue an SMS to a number that asked for it (the answer to a STOP), without consent."""
    if MessageChannel.SMS not in configured_channels():
        return None
    language = language or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        body = render_template(template, channel=MessageChannel.SMS.value, **context).strip()
        body = plain_typography(body)
    message = Message(
        kind=kind,
        channel=MessageChannel.SMS,
        address=phone,
        language=language,
        body=body,
        dedup_key=dedup,
    )
    return _queue(message, None, None)


def _queue(
    message: Message, send_after: datetime | None, send_before: datetime | None
) -> Message | None:
    now = utcnow()
    message.send_after = send_after or now
    message.send_before = send_before or message.send_after + WORTH_SENDING
    message.status = MessageStatus.QUEUED
    if message.channel == MessageChannel.SMS:
        message.segments = segments(message.body)
        if message.group_id is not None:
            message.send_after = quiet_until(message.send_after, settings_of(message.group_id))
    if message.send_after >= message.send_before:
        return None  # already too late: a reminder for a meeting about to start
    if db.session.scalar(db.select(Message.id).filter_by(dedup_key=message.dedup_key)):
        return None
    try:
        with db.session.begin_nested():  # a twin writer may have won: then nothing
            db.session.add(message)
    except IntegrityError:
        return None
    return message


def cancel(dedup_prefix: str, reason: str = "") -> int:
    """Withdraw the queued messages whose key starts with `dedup_prefix` (a meeting moved:
    its reminders are planned anew); returns how many.

    The prefix ends with ":" so that `person:12:` cannot catch `person:123:`; for whole
    keys, `withdraw`.
    """
    if not dedup_prefix.endswith(":"):
        raise ValueError(f"a prefix ends with ':': {dedup_prefix!r}")
    return _cancel_where(Message.dedup_key.startswith(dedup_prefix, autoescape=True), reason)


def withdraw(dedup_keys: Iterable[str], reason: str = "") -> int:
    """Withdraw the queued messages of exactly these keys; returns how many."""
    keys = list(dedup_keys)
    return _cancel_where(Message.dedup_key.in_(keys), reason) if keys else 0


def _cancel_where(condition, reason: str) -> int:
    result = db.session.execute(
        update(Message)
        .where(condition, Message.status == MessageStatus.QUEUED)
        # The key is set free, so that the same event may be planned again (a new time).
        .values(
            status=MessageStatus.CANCELLED,
            error=reason[:300],
            dedup_key=Message.dedup_key + ":cancelled:" + cast(Message.id, String),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
