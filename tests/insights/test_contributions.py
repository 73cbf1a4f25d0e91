"""Every contribution in one list, and the report's section that counts them by kind,
channel and time: on a data set built through the real models, with known answers."""

import gzip
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from assembly.campaigns.models import Review
from assembly.canvassing.models import VisitOutcome
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.contributions import ContributionKind, contributions
from assembly.insights.period import Period
from assembly.insights.sections.contributions import contributions_section
from assembly.needs.models import Channel, Moderation
from tests.insights.records import Records

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
IN = datetime(2026, 3, 10, 18)


@pytest.fixture
def built(app, group, people):
    """One of each source, and the records that must not count, all in March 2026.

    Alice (a contact) voices a need, supports one, speaks and signs: one contributor.
    The member's account is linked to Bruno's contact: his support and argument are his.
    """
    with app.app_context():
        records = Records(group.id)
        alice = records.person("Alice")
        bruno = records.person("Bruno", user_id=people["member"].id)
        records.need(IN, person=alice)
        records.support(IN, person=alice)
        records.turn(IN, records.attendance(person=alice))
        records.signature(IN, person=alice)
        records.support(IN, user_id=people["member"].id)
        records.argument(IN, user_id=people["member"].id)
        records.need(IN, author_id=people["organizer"].id, channel=Channel.PHONE)
        records.support(IN, key="cle-anonyme")
        records.hands(IN, 3)
        records.visit(IN)
        stranger = records.attendance()  # signed in with neither account nor contact
        records.turn(IN, stranger)
        records.ballot(IN, records.decision(), attendance=stranger)
        records.ballot(None, records.decision(online=True, closed_at=IN))  # secret, online
        records.signature(IN, name="dupont", paper=True)
        # Not contributions:
        records.need(IN, person=records.person("Carla"), moderation=Moderation.SPAM)
        records.support(IN, user_id=people["organizer"].id, held=True)
        records.visit(IN, person=alice, outcome=VisitOutcome.ABSENT)
        records.turn(IN, records.attendance(person=bruno), withdrawn=True)
        records.turn(IN, records.attendance(person=bruno, name="Bruno"), started=False)
        records.signature(IN, name="dupond", review=Review.DUPLICATE)
        db.session.commit()
        return {
            "alice": f"p{alice.id}",
            "bruno": f"p{bruno.id}",
            "organizer": f"u{people['organizer'].id}",
            "stranger": f"a{stranger.id}",
        }


def listed(app, group, **bounds):
    """The group's contributions (in PERIOD unless other bounds are given)."""
    if not bounds:
        bounds = {"since": PERIOD.since, "until": PERIOD.until}
    with app.app_context():
        return contributions(db.session.get(Group, group.id), **bounds)


def test_one_person_across_sources_is_one_contributor(app, group, built):
    found = listed(app, group)
    by_who = Counter(c.who for c in found)
    assert by_who[built["alice"]] == 4  # need, support, speaking turn, signature
    assert {c.kind for c in found if c.who == built["alice"]} == {
        ContributionKind.NEED,
        ContributionKind.SUPPORT,
        ContributionKind.TURN,
        ContributionKind.SIGNATURE,
    }
    # The account linked to Bruno's contact is Bruno.
    assert by_who[built["bruno"]] == 2
    # An account without a contact in the group, an anonymous browser, a stranger at
    # the meeting (their turn and ballot), a signature without a contact.
    assert by_who[built["organizer"]] == 1
    assert by_who["k:cle-anonyme"] == 1
    assert by_who[built["stranger"]] == 2
    assert by_who["s:dupont|12 rue des lilas"] == 1
    # Three hands counted, a door without a contact, a secret ballot: nobody named.
    assert by_who[None] == 5
    assert len(found) == 4 + 2 + 1 + 1 + 2 + 1 + 5


def test_spam_held_withdrawn_unstarted_absent_and_duplicates_do_not_count(app, group, built):
    found = listed(app, group)
    assert Counter(c.kind for c in found) == {
        ContributionKind.NEED: 2,  # not Carla's spam
        ContributionKind.SUPPORT: 3 + 3,  # three named, three hands; not the held one
        ContributionKind.CONVERSATION: 1,  # not the door where nobody was home
        ContributionKind.TURN: 2,  # not the withdrawn request, nor the one never given the floor
        ContributionKind.BALLOT: 2,
        ContributionKind.ARGUMENT: 1,
        ContributionKind.SIGNATURE: 2,  # not the duplicate
    }
    # Carla's only contribution was spam: she is nowhere.
    assert {c.who for c in found if c.who and c.who.startswith("p")} == {
        built["alice"],
        built["bruno"],
    }


def test_channels_say_how_each_came(app, group, built):
    channels = Counter((c.kind, c.channel) for c in listed(app, group))
    assert channels[ContributionKind.NEED, Channel.PHONE] == 1
    assert channels[ContributionKind.SUPPORT, Channel.MEETING] == 3  # the hands
    assert channels[ContributionKind.CONVERSATION, Channel.DOOR] == 1
    assert channels[ContributionKind.TURN, Channel.MEETING] == 2
    assert channels[ContributionKind.BALLOT, Channel.MEETING] == 1
    assert channels[ContributionKind.BALLOT, Channel.WEB] == 1  # online, counted at its closing
    assert channels[ContributionKind.ARGUMENT, Channel.WEB] == 1
    assert channels[ContributionKind.SIGNATURE, Channel.PAPER] == 1
    assert channels[ContributionKind.SIGNATURE, Channel.WEB] == 1


def test_bounds_include_the_first_instant_and_leave_out_the_end(app, group):
    with app.app_context():
        records = Records(group.id)
        for at in (
            PERIOD.since - timedelta(seconds=1),
            PERIOD.since,
            PERIOD.until - timedelta(seconds=1),
            PERIOD.until,
        ):
            records.need(at)
        db.session.commit()
    found = listed(app, group, since=PERIOD.since, until=PERIOD.until)
    assert [c.at for c in found] == [PERIOD.since, PERIOD.until - timedelta(seconds=1)]
    assert len(listed(app, group, until=PERIOD.until)) == 3
    assert len(listed(app, group, since=PERIOD.since)) == 3
    assert len(listed(app, group, since=None)) == 4


def section_of(app, group, period=PERIOD):
    with app.app_context():
        return contributions_section(db.session.get(Group, group.id), period)


def test_section_counts_by_kind_and_hides_cells_of_fewer_than_five(app, group, built):
    data = section_of(app, group)
    assert data["total"] == 16
    assert data["unknown"] == 5
    by_type = {row["key"]: row for row in data["by_type"]}
    # Supports: Alice, Bruno, an anonymous browser and three hands stand for 6 people.
    assert by_type["support"] == {"key": "support", "value": 6, "shown": True}
    # Signatures: 2 people; needs: 2 people… every other kind is under five.
    assert by_type["signature"] == {"key": "signature", "value": None, "shown": False}
    assert all(row["value"] is None for key, row in by_type.items() if key != "support")
    # In the order of the kinds; the consultations' kinds, with nothing in them, are not listed.
    assert list(by_type) == [kind.value for kind in ContributionKind][:7]


def test_section_by_channel_and_over_time(app, group, people):
    with app.app_context():
        records = Records(group.id)
        for day in range(1, 8):  # seven people on the web in February
            records.need(datetime(2026, 2, day), person=records.person(f"P{day}"))
        for day in range(1, 4):  # three by phone in April
            records.need(datetime(2026, 4, day), channel=Channel.PHONE, person=records.person())
        for day in range(1, 7):  # six on paper in May
            records.need(datetime(2026, 5, day), channel=Channel.PAPER, person=records.person())
        db.session.commit()
    data = section_of(app, group)
    assert data["unit"] == "month"
    assert data["by_channel"] == [
        {"key": "web", "value": 7, "shown": True},
        {"key": "paper", "value": None, "shown": False},  # else the total would give phone
        {"key": "phone", "value": None, "shown": False},
    ]
    # Six months; April's three are hidden, and with them May, the smallest other one
    # (an empty month tells nothing and stays shown).
    assert [row["key"] for row in data["over_time"]] == [
        "2026-01-01",
        "2026-02-01",
        "2026-03-01",
        "2026-04-01",
        "2026-05-01",
        "2026-06-01",
    ]
    assert [row["value"] for row in data["over_time"]] == [0, 7, 0, None, None, 0]


def test_a_short_period_is_read_week_by_week(app, group):
    with app.app_context():
        records = Records(group.id)
        for n in range(6):
            records.need(datetime(2026, 3, 3, 12), person=records.person(f"P{n}"))
        db.session.commit()
    data = section_of(app, group, Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert data["unit"] == "week"
    assert data["over_time"][0]["key"] == "2026-02-23"  # the Monday of the week of the 1st
    assert {row["key"]: row["value"] for row in data["over_time"]}["2026-03-02"] == 6


def test_members_read_the_numbers_and_small_cells_read_fewer_than_five(
    app, client, auth, group, built, clock
):
    clock.freeze(datetime(2026, 7, 1, 12))
    auth.login("member")
    response = client.get("/g/glycines/report?from=2026-01&to=2026-06")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = html.split('id="contributions-h"')[1].split("</section>")[0]
    assert "16 contributions" in section
    assert "&lt; 5" in section
    assert '<td class="num">6</td>' in section  # the supports


def test_the_page_stays_under_budget_with_many_contributions(app, client, auth, group, clock):
    clock.freeze(datetime(2026, 7, 1, 12))
    with app.app_context():
        records = Records(group.id)
        people = [records.person(f"P{n}") for n in range(60)]
        start = datetime(2024, 8, 1)
        for n in range(1500):
            at = start + timedelta(hours=11 * n)
            kind = n % 3
            if kind == 0:
                records.need(at, person=people[n % 60], channel=list(Channel)[n % 5])
            elif kind == 1:
                records.support(at, person=people[n % 60])
            else:
                records.signature(at, person=people[n % 60], paper=n % 2 == 0)
        db.session.commit()
    auth.login("member")
    response = client.get("/g/glycines/report?period=24m")
    assert response.status_code == 200
    html = response.get_data()
    assert b"contributions-h" in html and b"contributors-h" in html
    assert len(gzip.compress(html, 6)) <= 14 * 1024
