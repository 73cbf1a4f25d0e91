"""The group's message settings: which kinds go, reminder hours, quiet hours, the sender's
name; a bad value comes back 400 with its error at the field and the text kept."""

import re

import pytest

from assembly.extensions import db
from assembly.messages.models import MessageKind, MessageSettings
from assembly.trace.models import Event
from tests.helpers import post
from tests.messages.team import OUTBOX

SETTINGS = f"{OUTBOX}/settings"
GOOD = {
    "kinds": ["meeting_reminder", "need_update"],
    "reminder_hours": "24, 2",
    "quiet_from": "22",
    "quiet_until": "9",
    "sender_name": "Les Glycines en lutte",
}


def saved(app, group_id: int) -> MessageSettings | None:
    with app.app_context():
        found = db.session.get(MessageSettings, group_id)
        if found is not None:
            db.session.expunge(found)
        return found


def test_the_defaults_show_until_the_first_save(app, client, auth, group):
    auth.login("organizer")
    page = client.get(SETTINGS).get_data(as_text=True)
    assert len(re.findall(r'<input checked id="kinds-\d+"', page)) == 11  # every kind on
    assert 'value="48 3"' in page
    assert '<option selected value="21">' in page and '<option selected value="8">' in page
    assert 'placeholder="Collectif des Glycines"' in page
    assert saved(app, group.id) is None


def test_saving_makes_the_row_and_is_journaled(app, client, auth, group, people):
    auth.login("admin")
    response = post(client, SETTINGS, GOOD)
    assert response.status_code == 302
    row = saved(app, group.id)
    assert row.reminder_hours == "24 2"
    assert (row.quiet_from, row.quiet_until, row.sender_name) == (22, 9, "Les Glycines en lutte")
    assert row.sends(MessageKind.NEED_UPDATE) and row.sends(MessageKind.MEETING_REMINDER)
    assert not row.sends(MessageKind.CALL_TO_ACTION) and not row.sends(MessageKind.TEAM_DIGEST)
    assert row.sends(MessageKind.ACCOUNT_RECOVERY)  # answers someone's own request: always
    with app.app_context():
        event = db.session.scalar(db.select(Event).filter_by(verb="message_settings.changed"))
        assert event.actor_id == people["admin"].id
        assert event.payload["changed"] == [
            "quiet_from",
            "quiet_until",
            "reminder_hours",
            "sender_name",
            "turned_off",
        ]
    page = client.get(SETTINGS).get_data(as_text=True)
    assert 'value="24 2"' in page and '<option selected value="22">' in page
    # Saved again unchanged: one row, and nothing more in the journal.
    post(client, SETTINGS, {**GOOD, "reminder_hours": "2 24"})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MessageSettings)) == 1
        verbs = db.select(db.func.count(Event.id)).filter_by(verb="message_settings.changed")
        assert db.session.scalar(verbs) == 1


@pytest.mark.parametrize(
    ("hours", "error"),
    [
        ("48 400", "«\u00a0400\u00a0» n’est pas un nombre d’heures de 1 à 336."),
        ("0", "«\u00a00\u00a0» n’est pas un nombre d’heures de 1 à 336."),
        ("48 24 3 1", "Trois rappels au plus."),
        ("deux jours", "«\u00a0deux\u00a0» n’est pas un nombre d’heures"),
        ("", "Donnez au moins un nombre d’heures"),
        ("４８", "«\u00a0４８\u00a0» n’est pas un nombre d’heures"),  # no digits other than 0–9
    ],
)
def test_bad_reminder_hours_come_back_400_at_the_field_with_the_text(
    app, client, auth, group, hours, error
):
    auth.login("organizer")
    response = post(client, SETTINGS, {**GOOD, "reminder_hours": hours})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(rf'id="reminder_hours-error">[^<]*{re.escape(error)}', page)
    assert f'value="{hours}"' in page  # what was typed stays
    assert 'value="Les Glycines en lutte"' in page
    assert saved(app, group.id) is None


def test_a_quiet_hour_out_of_the_day_is_refused(app, client, auth, group):
    auth.login("organizer")
    response = post(client, SETTINGS, {**GOOD, "quiet_from": "24"})
    assert response.status_code == 400
    assert 'id="quiet_from-error"' in response.get_data(as_text=True)
    assert saved(app, group.id) is None


def test_a_kind_turned_off_is_no_longer_written(app, client, auth, group):
    from assembly.messages.outbox import settings_of

    auth.login("organizer")
    post(client, SETTINGS, GOOD)
    with app.app_context():
        assert not settings_of(group.id).sends(MessageKind.VOTE_OPENED)
        assert settings_of(group.id).reminders == [24, 2]
        assert settings_of(group.id).quiet_from == 22
