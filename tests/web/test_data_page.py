"""The /data page says what every feature keeps about people, in the visitor's language."""

from flask_babel import force_locale
from markupsafe import escape

from assembly.extensions import db
from assembly.web.personal_data import declarations, declared_columns

# Every column that holds something about a person. A new one goes here and in its
# feature's `declare(...)`; the test below fails until both are done.
PERSONAL_COLUMNS = {
    "users.username",
    "users.display_name",
    "users.email",
    "users.phone",
    "users.password_hash",
    "memberships.user_id",
    "groups.contact",
    "needs.author_name",
    "needs.person_id",
    "supports.user_id",
    "supports.person_id",
    "supports.anonymous_key",
    "supports.address_key",
    "canvass_visits.words",
    "canvass_visits.person_id",
    "rsvps.name",
    "rsvps.person_id",
    "attendances.name",
    "attendances.person_id",
    "attendances.age_bracket",
    "attendances.gender",
    "attendances.first_time",
    "attendances.lives_here",
    "voting_roll.voter",
    "ballots.name",
    "ballots.user_id",
    "ballots.attendance_id",
    "objections.name",
    "arguments.user_id",
    "tasks.assignee_name",
    "minutes.body",
    "events.actor_id",
}

FEATURES = {
    "auth",
    "groups",
    "trace",
    "needs",
    "canvassing",
    "meetings",
    "decisions",
    "tasks",
    "minutes",
}


def test_every_column_holding_personal_data_is_declared(app):
    missing = PERSONAL_COLUMNS - declared_columns()
    assert not missing, f"no declaration covers {sorted(missing)}"


def test_declarations_name_real_columns(app):
    real = {f"{t.name}.{c.name}" for t in db.metadata.tables.values() for c in t.columns}
    assert declared_columns() <= real, sorted(declared_columns() - real)
    assert real >= PERSONAL_COLUMNS, sorted(PERSONAL_COLUMNS - real)


def test_every_feature_that_keeps_personal_data_declares_it(app):
    assert {d.feature for d in declarations()} >= FEATURES


def test_the_data_page_shows_every_declaration_in_french(app, client):
    page = client.get("/data").get_data(as_text=True)
    for declaration in declarations():
        with app.test_request_context(), force_locale("fr"):
            texts = [str(declaration.title)]
            for kept in declaration.kept:
                texts += [str(kept.what), str(kept.why), str(kept.how_long), str(kept.seen_by)]
        for text in texts:
            assert str(escape(text)) in page, text


def test_the_data_page_says_how_long_contacts_are_kept(client):
    page = client.get("/data").get_data(as_text=True)
    assert "un an après la fin" in page  # door-knocking contacts
    assert "un mois après la réunion" in page  # RSVP contacts
    assert "On les compte seulement" in page  # age and gender


def test_the_data_page_names_the_host(app, client):
    app.config["HOST_CONTACT"] = "hote@example.org"
    page = client.get("/data").get_data(as_text=True)
    assert "hote@example.org" in page
