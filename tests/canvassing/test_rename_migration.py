"""The migration that renamed door-knocking's "campaigns" to canvasses keeps every row.

Rounds opened before it keep their ids (printed links still work), their team, their
doors with the themes and needs heard there, and the journal's story; going back down
gives the old names the same rows.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from flask_migrate import downgrade, upgrade

from assembly.extensions import db

BEFORE = "7629778ead7a"  # the revision before the rename
RENAME = "5f0bebffc0ca"  # raw SQL from here on: later revisions may change the models


@pytest.fixture
def before_rename(app):
    """The test app's database as it was made by the migrations up to `BEFORE`."""
    with app.app_context():
        db.drop_all()
        upgrade(revision=BEFORE)
    yield app
    with app.app_context():
        db.session.remove()
        downgrade(revision="base")
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()


def sql(statement: str, **values):
    return db.session.execute(db.text(statement), values)


def payloads(verb: str) -> list[dict]:
    """The payloads of the journal's events of `verb`, read as JSON on either database."""
    query = db.text("SELECT payload FROM events WHERE verb = :verb ORDER BY id")
    return list(db.session.scalars(query.columns(payload=db.JSON), {"verb": verb}))


def test_rounds_their_doors_and_their_story_survive_the_rename_both_ways(before_rename, make_user):
    from assembly.needs.operations import add_theme

    app = before_rename
    fatou = make_user("fatou")
    with app.app_context():
        # The group in raw SQL too: later revisions add columns the old table lacks.
        sql("INSERT INTO groups (slug, name, description) VALUES ('glycines', 'Glycines', '')")
        group = SimpleNamespace(id=sql("SELECT id FROM groups").scalar_one())
        group_row = group  # the needs operations only read the group's id
        theme_id = add_theme(group_row, "Logement").id
        # In SQL: today's Need model has columns (search_text) this older schema lacks.
        sql(
            "INSERT INTO needs (id, group_id, number, title, body, place, channel, status,"
            " status_reason, moderation, moderation_reason, author_name, contact,"
            " support_count, counted_support, total_support) VALUES (5, :group, 1,"
            " 'Moisissures', '', '', 'web', 'new', '', 'approved', '', '', '', 0, 0, 0)",
            group=group.id,
        )
        need_id = 5
        sql(
            "INSERT INTO canvass_campaigns (id, group_id, name, starts_on, ends_on, places)"
            " VALUES (7, :group, 'Écoute des Glycines', :start, :end, 'Bâtiment A')",
            group=group.id,
            start=date(2026, 3, 14),
            end=date(2026, 4, 4),
        )
        sql("INSERT INTO canvass_team (campaign_id, user_id) VALUES (7, :user)", user=fatou.id)
        sql(
            "INSERT INTO canvass_visits (id, group_id, campaign_id, building, floor, outcome,"
            " words, wants_involvement, contact) VALUES (3, :group, 7, 'Bâtiment A', '2e',"
            " 'talked', 'Il fait froid.', :yes, '06 12 34 56 78')",
            group=group.id,
            yes=True,
        )
        sql("INSERT INTO canvass_visit_themes (visit_id, theme_id) VALUES (3, :t)", t=theme_id)
        sql("INSERT INTO visit_needs (visit_id, need_id) VALUES (3, :need)", need=need_id)
        for verb, subject, subject_id, payload in (
            ("canvass.created", "canvass_campaigns", 7, '{"name": "Écoute des Glycines"}'),
            ("canvass.visit_logged", "canvass_visits", 3, '{"campaign": 7, "outcome": "talked"}'),
        ):
            sql(
                "INSERT INTO events (group_id, verb, subject_type, subject_id, payload)"
                " VALUES (:group, :verb, :subject, :id, :payload)",
                group=group.id,
                verb=verb,
                subject=subject,
                id=subject_id,
                payload=payload,
            )
        db.session.commit()
        db.session.remove()

        upgrade(revision=RENAME)
        assert sql("SELECT id, name FROM canvasses").all() == [(7, "Écoute des Glycines")]
        assert sql("SELECT canvass_id, user_id FROM canvass_team").all() == [(7, fatou.id)]
        assert sql("SELECT id, canvass_id, outcome, contact FROM canvass_visits").all() == [
            (3, 7, "talked", "06 12 34 56 78")
        ]
        assert sql("SELECT visit_id, theme_id FROM canvass_visit_themes").all() == [(3, theme_id)]
        assert sql("SELECT visit_id, need_id FROM visit_needs").all() == [(3, need_id)]
        story = (
            "SELECT subject_type, subject_id FROM events WHERE verb LIKE 'canvass.%' ORDER BY id"
        )
        assert sql(story).all() == [("canvasses", 7), ("canvass_visits", 3)]
        assert payloads("canvass.visit_logged") == [{"canvass": 7, "outcome": "talked"}]
        db.session.remove()

        downgrade(revision=BEFORE)
        assert sql("SELECT id, name FROM canvass_campaigns").all() == [(7, "Écoute des Glycines")]
        assert sql("SELECT campaign_id, user_id FROM canvass_team").all() == [(7, fatou.id)]
        assert sql("SELECT id, campaign_id FROM canvass_visits").all() == [(3, 7)]
        assert sql("SELECT visit_id FROM canvass_visit_themes").all() == [(3,)]
        assert sql("SELECT visit_id FROM visit_needs").all() == [(3,)]
        assert sql(story).all() == [("canvass_campaigns", 7), ("canvass_visits", 3)]
        assert payloads("canvass.visit_logged") == [{"campaign": 7, "outcome": "talked"}]
        db.session.remove()
