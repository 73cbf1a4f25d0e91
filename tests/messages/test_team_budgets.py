"""The team's messages pages stay under the 14 KB budget when full to their limits."""

import gzip
import html
import re
from datetime import datetime, timedelta

from assembly.extensions import db
from assembly.messages.models import MessageChannel, MessageStatus
from tests.helpers import post
from tests.messages.team import OUTBOX, add_message, add_person
from tests.people.test_budgets import fill
from tests.web.test_pages import BUDGET

NOW = datetime(2026, 12, 10, 9)


def weight(response) -> int:
    assert response.status_code == 200
    return len(gzip.compress(response.get_data(), 6))


def test_a_full_page_of_failures_fits(app, client, auth, group, clock):
    """50 failed messages (the page), to people with the longest names, each with the
    longest error and both buttons."""
    clock.freeze(NOW)
    for n in range(60):
        person = add_person(app, group.id, fill(80, n))
        add_message(
            app,
            group.id,
            person,
            n,
            status=MessageStatus.FAILED,
            channel=MessageChannel.SMS if n % 2 else MessageChannel.EMAIL,
            error=f"gateway: {fill(300, n)}"[:300],
            segments=7,
            send_before=NOW + timedelta(days=2),
            created_at=NOW - timedelta(minutes=n),
        )
    auth.login("organizer")
    response = client.get(f"{OUTBOX}?status=failed")
    assert response.get_data(as_text=True).count("/retry") == 50
    assert weight(response) <= BUDGET


def test_a_full_preview_and_its_call_fit(app, client, auth, group, clock):
    """The longest text in the form, and twice in the preview (SMS and e-mail), every
    reason to leave someone out, and forty meetings offered."""
    from assembly.meetings.models import Meeting

    clock.freeze(NOW)
    with app.app_context():
        for n in range(40):
            db.session.add(
                Meeting(group_id=group.id, title=fill(140, n), starts_at=NOW - timedelta(days=n))
            )
        db.session.commit()
    add_person(app, group.id, fill(80, "a"), phone="+33612345678", consents=["group_actions"])
    add_person(app, group.id, "Eli", consents=["group_actions"])
    add_person(app, group.id, "Dan", phone="+33612345679")
    auth.login("organizer")
    page = client.get(f"{OUTBOX}/new").get_data(as_text=True)
    assert weight(client.get(f"{OUTBOX}/new")) <= BUDGET
    once = html.unescape(re.search(r'name="once" type="hidden" value="([^"]+)"', page).group(1))
    text = ("Fête de l’été, venez nombreux 🎉 " + fill(1000, "t"))[:1000]
    response = post(
        client,
        f"{OUTBOX}/new",
        {"once": once, "subject": fill(200, "s"), "text": text, "step": "preview"},
    )
    page = response.get_data(as_text=True)
    assert "fait partir le SMS en Unicode" in page and "Tel que" in page
    assert weight(response) <= BUDGET


def test_the_settings_page_fits(client, auth, group):
    auth.login("organizer")
    assert weight(client.get(f"{OUTBOX}/settings")) <= BUDGET
