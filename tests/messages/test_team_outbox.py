"""The outbox, as the team reads it: newest first, filtered, its figures, failures in
words, tried again or let go; only for the organizers and administrators."""

import html
import re
from datetime import datetime, timedelta

import pytest

from assembly.extensions import db
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.trace.models import Event
from tests.helpers import post
from tests.messages.team import ENGLISH, OUTBOX, add_message, add_person, tally

NOW = datetime(2026, 12, 10, 9)  # 10:00 in Paris, in December


@pytest.fixture
def outbox(app, group, clock):
    """Awa, and messages to her in every state: two this month, one in November."""
    clock.freeze(NOW)
    awa = add_person(app, group.id, "Awa Diallo", phone="+33612345678")
    add = lambda n, **fields: add_message(app, group.id, awa, n, **fields)  # noqa: E731
    return {
        "awa": awa,
        "november": add(1, sent_at=datetime(2026, 11, 20), segments=3,
                        created_at=datetime(2026, 11, 20)),
        "sent": add(2, sent_at=datetime(2026, 12, 2), segments=2,
                    created_at=datetime(2026, 12, 2)),
        "delivered": add(3, status=MessageStatus.DELIVERED, sent_at=datetime(2026, 12, 3),
                         delivered_at=datetime(2026, 12, 3, 0, 5), segments=1,
                         created_at=datetime(2026, 12, 3)),
        "email": add(4, channel=MessageChannel.EMAIL, address="awa@example.org",
                     kind=MessageKind.NEED_UPDATE, sent_at=datetime(2026, 12, 4),
                     created_at=datetime(2026, 12, 4)),
        "queued": add(5, status=MessageStatus.QUEUED, send_after=datetime(2026, 12, 10, 18),
                      created_at=datetime(2026, 12, 5)),
        "failed": add(6, status=MessageStatus.FAILED, error="gateway unreachable: timed out",
                      attempts=8, send_before=datetime(2026, 12, 12),
                      created_at=datetime(2026, 12, 6)),
        "too_late": add(7, status=MessageStatus.FAILED, error="SMTP 550: 'no such user'",
                        channel=MessageChannel.EMAIL, send_before=datetime(2026, 12, 8),
                        created_at=datetime(2026, 12, 7)),
    }  # fmt: skip


def rows(page: str) -> list[str]:
    """The outbox's rows, as text."""
    found = re.findall(r"<li><span><strong>(.*?)</li>", page, re.S)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", row).split())) for row in found]


@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_members_and_facilitators_may_not_read_the_outbox(client, auth, outbox, role):
    auth.login(role)
    assert client.get(OUTBOX).status_code == 403
    failed = f"{OUTBOX}/{outbox['failed']}/retry"
    assert post(client, failed).status_code == 403
    assert client.get(f"{OUTBOX}/settings").status_code == 403
    assert client.get(f"{OUTBOX}/new").status_code == 403


def test_the_query_itself_shows_nothing_to_who_may_not_read_it(app, group, outbox):
    """`Message.visible_to` is in the query, not only at the door."""
    from assembly.groups.access import Viewer
    from assembly.groups.models import Group, Role
    from assembly.messages.team import OutboxFilters
    from assembly.messages.team import outbox as query

    with app.app_context():
        glycines = db.session.get(Group, group.id)
        for role, count in ((Role.FACILITATOR, 0), (Role.ORGANIZER, 7), (Role.ADMIN, 7)):
            found = db.session.scalars(query(glycines, Viewer(1, role), OutboxFilters())).all()
            assert len(found) == count, role


def test_the_outbox_lists_newest_first_with_its_figures(client, auth, outbox):
    auth.login("organizer")
    page = client.get(OUTBOX, headers=ENGLISH).get_data(as_text=True)
    assert tally(page, "Waiting") == 1
    assert tally(page, "Sent this month") == 3  # sent, delivered, e-mail; not November's
    assert tally(page, "Failed") == 2
    assert tally(page, "SMS parts this month") == 3  # 2 + 1; the e-mail and November aside
    lines = rows(page)
    assert len(lines) == 7
    assert lines[0].startswith("Awa Diallo · e-mail") and "failed" in lines[0]  # 7 Dec
    assert "Awa Diallo · SMS · Call to action written by an organizer" in lines[2]
    assert "planned for" in lines[2]  # the queued one, 5 Dec
    assert "delivered on" in lines[4] and "1 SMS part" in lines[4]
    assert '<a href="/g/glycines/people/1">Awa Diallo</a>' in page
    assert "Failures (2)" in page


def test_failures_say_why_in_words_and_offer_what_can_be_done(client, auth, outbox):
    auth.login("organizer")
    page = client.get(f"{OUTBOX}?status=failed", headers=ENGLISH).get_data(as_text=True)
    lines = rows(page)
    assert len(lines) == 2
    assert "The mail server refused this e-mail." in lines[0]
    assert "The group's phone could not be reached" in html.unescape(lines[1])
    # Past its send_before, the first can only be let go; the other can be tried again.
    assert f"/messages/{outbox['too_late']}/retry" not in page
    assert f"/messages/{outbox['too_late']}/dismiss" in page
    assert f"/messages/{outbox['failed']}/retry" in page


def test_filters_by_kind_channel_status_and_person(client, auth, outbox, app, group):
    other = add_person(app, group.id, "Bintou Koné")
    add_message(app, group.id, other, 8)
    auth.login("admin")
    count = lambda query: len(rows(client.get(f"{OUTBOX}?{query}").get_data(as_text=True)))  # noqa: E731
    assert count("") == 8
    assert count("kind=need_update") == 1
    assert count("channel=email") == 2
    assert count("status=waiting") == 1
    assert count("status=delivered") == 1
    assert count(f"person={outbox['awa']}") == 7
    assert count(f"person={other}&status=sent") == 1
    assert count("status=nonsense&kind=nonsense") == 8  # what is no filter is left out


def test_fifty_a_page(app, client, auth, group, clock):
    clock.freeze(NOW)
    for n in range(51):
        add_message(app, group.id, None, n, created_at=NOW - timedelta(minutes=n))
    auth.login("organizer")
    first = client.get(OUTBOX).get_data(as_text=True)
    assert len(rows(first)) == 50 and 'rel="next"' in first
    second = client.get(f"{OUTBOX}?page=2").get_data(as_text=True)
    assert len(rows(second)) == 1 and "n’est plus dans le carnet de contacts" in second


def test_a_failed_message_is_tried_again_and_journaled(app, client, auth, people, outbox):
    auth.login("organizer")
    response = post(client, f"{OUTBOX}/{outbox['failed']}/retry")
    assert response.status_code == 302
    with app.app_context():
        message = db.session.get(Message, outbox["failed"])
        assert (message.status, message.attempts, message.send_after) == (
            MessageStatus.QUEUED,
            0,
            NOW,
        )
        event = db.session.scalar(db.select(Event).filter_by(verb="message.retried"))
        assert (event.subject_id, event.actor_id) == (outbox["failed"], people["organizer"].id)
        assert "+336" not in str(event.payload)  # the journal names no address


def test_a_message_too_late_or_not_failed_is_not_tried_again(app, client, auth, outbox):
    auth.login("organizer")
    for name in ("too_late", "sent"):
        post(client, f"{OUTBOX}/{outbox[name]}/retry")
    with app.app_context():
        assert db.session.get(Message, outbox["too_late"]).status == MessageStatus.FAILED
        assert db.session.get(Message, outbox["sent"]).status == MessageStatus.SENT
        assert db.session.scalar(db.select(Event).filter_by(verb="message.retried")) is None


def test_a_failed_message_let_go_leaves_the_failures(app, client, auth, outbox):
    auth.login("organizer")
    post(client, f"{OUTBOX}/{outbox['too_late']}/dismiss")
    with app.app_context():
        message = db.session.get(Message, outbox["too_late"])
        assert message.status == MessageStatus.CANCELLED
        assert message.error.startswith("dismissed: SMTP 550")
        assert db.session.scalar(db.select(Event).filter_by(verb="message.dismissed"))
    page = client.get(OUTBOX, headers=ENGLISH).get_data(as_text=True)
    assert tally(page, "Failed") == 1
    assert "The team let it go." in html.unescape(page)


def test_another_groups_message_is_not_found(app, client, auth, make_group, outbox):
    other = make_group("lilas", "Collectif des Lilas")
    elsewhere = add_message(app, other.id, None, 99, status=MessageStatus.FAILED)
    auth.login("organizer")
    assert post(client, f"{OUTBOX}/{elsewhere}/retry").status_code == 404
    assert len(rows(client.get(OUTBOX).get_data(as_text=True))) == 7


def test_the_home_and_the_book_lead_organizers_to_the_outbox(client, auth, group):
    auth.login("organizer")
    assert f'href="{OUTBOX}"' in client.get("/g/glycines/").get_data(as_text=True)
    assert f'href="{OUTBOX}"' in client.get("/g/glycines/people").get_data(as_text=True)
    auth.logout()
    auth.login("facilitator")
    assert f'href="{OUTBOX}"' not in client.get("/g/glycines/").get_data(as_text=True)


def test_no_banner_when_a_channel_is_set_up(client, auth, group):
    auth.login("organizer")
    assert "Aucun message n’est écrit" not in client.get(OUTBOX).get_data(as_text=True)


def test_banner_without_any_channel(app, client, auth, group):
    app.config.update(MAIL_SERVER="", SMS_GATEWAY_URL="")
    auth.login("organizer")
    for path in (OUTBOX, f"{OUTBOX}/new", f"{OUTBOX}/settings"):
        page = client.get(path).get_data(as_text=True)
        assert "Aucun message n’est écrit" in page
        assert "MAIL_SERVER" in page and "SMS_GATEWAY_URL" in page
