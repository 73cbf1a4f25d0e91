"""`assembly purge`, the daily retention every feature declares, held by moving the clock."""

from datetime import UTC, date, datetime, timedelta

from assembly.extensions import db
from tests.people.resident import NAME, make_resident

T0 = datetime(2027, 1, 10, 12)


def purge(app) -> dict[str, int]:
    """Run `assembly purge`; its counts by line."""
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    return {
        name: int(count)
        for name, count in (line.rsplit(": ", 1) for line in result.output.splitlines())
    }


def person(group_id, *, consents=(), **fields):
    """A person of the group with `consents` ((purpose, expires_at, withdrawn_at), …)."""
    from assembly.people.models import Consent, ConsentSource, Person

    row = Person(group_id=group_id, **fields)
    db.session.add(row)
    db.session.flush()
    for purpose, expires_at, withdrawn_at in consents:
        db.session.add(
            Consent(
                person_id=row.id,
                purpose=purpose,
                wording="D’accord.",
                source=ConsentSource.WEB,
                given_at=T0,
                expires_at=expires_at,
                withdrawn_at=withdrawn_at,
            )
        )
    db.session.commit()
    return row.id


def test_people_without_contact_for_their_groups_retention_are_erased(
    app, group, people, make_group, clock
):
    from assembly.groups.models import Group
    from assembly.needs.models import Need
    from assembly.people.models import Person

    clock.freeze(T0)
    short = make_group("voisins", "Les voisins", people={})
    with app.app_context():
        db.session.get(Group, short.id).retention_years = 1
        db.session.commit()
        old = make_resident(group.id, organizer_id=people["organizer"].id)
        seen_since = person(group.id, name="Awa", last_contact_at=T0 + timedelta(days=700))
        member = person(group.id, name="Fatou", user_id=people["member"].id, last_contact_at=T0)
        never = person(short.id, name="Karim")  # never contacted: counted from its creation
    clock.freeze(datetime(2028, 1, 11, 12))  # a year and a day: only the short retention
    assert purge(app)["People without activity"] == 1
    clock.freeze(datetime(2030, 1, 10, 11))  # not quite three years
    assert purge(app)["People without activity"] == 0
    clock.advance(days=1)
    assert purge(app)["People without activity"] == 1
    with app.app_context():
        left = set(db.session.scalars(db.select(Person.id)))
        assert left == {seen_since, member}  # a member stays while a member
        assert never not in left
        need = db.session.get(Need, old.need_id)  # erased as on request: counted, unnamed
        assert (need.author_name, need.person_id, need.total_support) == ("", None, 2)


def test_contact_details_go_once_no_consent_to_use_them_is_in_force(app, group, clock):
    from assembly.people.models import ConsentPurpose, Person, ReachBy

    clock.freeze(T0)
    contact = {
        "phone": "+33612345678",
        "email": "awa@example.org",
        "address": "3 rue des Lilas",
        "building": "Bâtiment C",
        "preferred_channel": ReachBy.SMS,
        "last_contact_at": T0,
    }
    actions, sensitive = ConsentPurpose.GROUP_ACTIONS, ConsentPurpose.SENSITIVE
    with app.app_context():
        expiring = person(
            group.id, name="Awa", consents=[(actions, T0 + timedelta(days=30), None)], **contact
        )
        withdrawn = person(group.id, name="Inès", consents=[(actions, None, T0)], **contact)
        lasting = person(group.id, name="Bernard", consents=[(actions, None, None)], **contact)
        opinions = person(
            group.id,
            name="Mireille",
            sensitive="Syndiquée",
            consents=[(actions, None, None), (sensitive, None, T0)],
            **contact,
        )
    clock.advance(days=29)
    counts = purge(app)
    assert counts["Contact details without consent"] == 1  # the withdrawn one
    assert counts["Sensitive notes without consent"] == 1
    clock.advance(days=2)
    assert purge(app)["Contact details without consent"] == 1  # the expired one
    assert purge(app)["Contact details without consent"] == 0  # each is erased once
    with app.app_context():
        rows = {row.id: row for row in db.session.scalars(db.select(Person))}
    for erased in (expiring, withdrawn):
        row = rows[erased]
        assert (row.phone, row.email, row.address, row.preferred_channel) == ("", "", "", None)
        assert (row.name != "", row.building) == (True, "Bâtiment C")  # who, and where
    assert rows[lasting].phone == rows[opinions].phone == "+33612345678"
    assert (rows[opinions].sensitive, rows[lasting].sensitive) == ("", "")


def test_door_notes_go_a_year_after_the_round_unless_the_person_agreed_to_more(
    app, group, people, clock
):
    from assembly.canvassing.models import Canvass, Visit, VisitOutcome
    from assembly.people.models import ConsentPurpose

    clock.freeze(datetime(2026, 10, 10, 18))
    with app.app_context():
        canvass = Canvass(
            group_id=group.id,
            name="Écoute d'automne",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 10),
        )
        db.session.add(canvass)
        db.session.flush()
        stays = person(group.id, name="Awa", consents=[(ConsentPurpose.GROUP_ACTIONS, None, None)])
        lapsed = person(
            group.id,
            name="Inès",
            consents=[(ConsentPurpose.GROUP_ACTIONS, datetime(2027, 10, 10), None)],
        )
        visits = [
            Visit(
                group_id=group.id,
                canvass_id=canvass.id,
                building="Bâtiment A",
                floor=f"{n}e",
                outcome=VisitOutcome.TALKED,
                words=f"Parole {n}",
                person_id=someone,
            )
            for n, someone in enumerate((None, stays, lapsed))
        ]
        db.session.add_all(visits)
        db.session.commit()
        ids = [visit.id for visit in visits]
    clock.freeze(datetime(2027, 10, 10, 23))  # a year after the end: still kept
    assert purge(app)["Door notes"] == 0
    clock.advance(days=1)
    assert purge(app)["Door notes"] == 2
    with app.app_context():
        words = [db.session.get(Visit, i).words for i in ids]
        floors = [db.session.get(Visit, i).floor for i in ids]
    assert words == ["", "Parole 1", ""]
    assert floors == ["0e", "1e", "2e"]  # the round's counts by building and floor stay


def test_the_journal_forgets_who_did_what_after_a_year(app, group, people, clock):
    from assembly.groups.models import Group
    from assembly.trace.models import Event
    from assembly.trace.operations import record

    now = datetime.now(UTC).replace(tzinfo=None)  # the journal's rows carry the database clock
    clock.freeze(now)
    with app.app_context():
        subject = db.session.get(Group, group.id)
        joined = record(
            "member.joined", subject, group_id=group.id, actor_id=people["admin"].id,
            user_id=people["member"].id, role="member",
        )  # fmt: skip
        team = record(
            "canvass.created", subject, group_id=group.id, actor_id=people["organizer"].id,
            team=[people["member"].id], places=2,
        )  # fmt: skip
        db.session.commit()
        ids = (joined.id, team.id)
    clock.advance(days=330)
    assert purge(app)["Names in journal entries a year old"] == 0
    clock.advance(days=40)
    assert purge(app)["Names in journal entries a year old"] >= 2
    assert purge(app)["Names in journal entries a year old"] == 0
    with app.app_context():
        rows = [db.session.get(Event, i) for i in ids]
        assert [(row.actor_id, row.payload) for row in rows] == [
            (None, {"role": "member"}),
            (None, {"places": 2}),
        ]
        assert rows[0].verb == "member.joined"  # what happened stays


def test_address_keys_of_supports_go_after_a_day(app, group, clock):
    from assembly.needs.models import Moderation, Need, Support

    clock.freeze(T0)
    with app.app_context():
        need = Need(group_id=group.id, number=1, title="Ascenseur", moderation=Moderation.APPROVED)
        db.session.add(need)
        db.session.flush()
        db.session.add(Support(need_id=need.id, anonymous_key="k", address_key="a", created_at=T0))
        db.session.commit()
    clock.advance(hours=23)
    assert purge(app)["Address keys of supports"] == 0
    clock.advance(hours=2)
    assert purge(app)["Address keys of supports"] == 1
    with app.app_context():
        assert db.session.scalars(db.select(Support.address_key)).all() == [None]


def test_purge_names_every_rule_and_erases_a_person_everywhere(app, group, people, clock):
    from assembly.people.models import Person

    clock.freeze(T0)
    with app.app_context():
        make_resident(group.id, organizer_id=people["organizer"].id)
    clock.freeze(datetime(2031, 1, 1))
    counts = purge(app)
    assert set(counts) == {
        "Names in journal entries a year old",
        "People without activity",
        "Contact details without consent",
        "Sensitive notes without consent",
        "Address keys of supports",
        "Address keys of petition signatures",
        "Door notes",
        "Message texts and addresses",
        "Old messages",
    }
    assert counts["People without activity"] == 1
    with app.app_context():
        assert db.session.scalars(db.select(Person)).all() == []
    from tests.people.test_rights import scan_for

    assert scan_for(app, (NAME, "Quatrebarbes")) == []
