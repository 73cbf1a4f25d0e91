"""The counts of a consultation and its summary page: the most discussed paragraphs first.

Contributions, positions and supports are written as rows (the forms to make them are
another part of the feature), so that every number below is known in advance.
"""

import re

from assembly.consultations.counts import consultation_totals, paragraph_counts, tallies
from assembly.consultations.models import (
    Contribution,
    ContributionType,
    Endorsement,
    Position,
    Stance,
)
from assembly.extensions import db
from assembly.needs.models import Moderation
from assembly.people.models import Person

FOR, AGAINST, QUESTION, AMENDMENT = (
    ContributionType.FOR,
    ContributionType.AGAINST,
    ContributionType.QUESTION,
    ContributionType.AMENDMENT,
)

TEN = "\n\n".join(f"Nous demandons la mesure numéro {n}." for n in range(1, 11))


def said(consultation, paragraph, kind, moderation=Moderation.APPROVED, **who) -> int:
    """A contribution's row; returns its id."""
    row = Contribution(
        consultation_id=consultation.id,
        paragraph_id=paragraph,
        kind=kind,
        text="Un avis.",
        rewrite="Une autre rédaction." if kind == AMENDMENT else None,
        moderation=moderation,
        **who,
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def stance(consultation, paragraph, position=Position.SUPPORT, **who) -> None:
    db.session.add(
        Stance(consultation_id=consultation.id, paragraph_id=paragraph, position=position, **who)
    )


def endorse(contribution_id, **who) -> None:
    db.session.add(Endorsement(contribution_id=contribution_id, **who))


def test_one_person_counts_once_whatever_they_did_and_what_waits_does_not_count(
    app, group, people, make_consultation
):
    c = make_consultation()
    first, second, third = c.paragraphs
    fatou, karim = people["member"].id, people["facilitator"].id
    with app.app_context():
        awa = Person(group_id=group.id, name="Awa")
        db.session.add(awa)
        db.session.flush()
        # Fatou, signed in, agrees, comments, and supports Karim's amendment: one person.
        stance(c, first, user_id=fatou)
        said(c, first, FOR, user_id=fatou)
        amendment = said(c, first, AMENDMENT, user_id=karim)
        endorse(amendment, user_id=fatou)
        # A browser without an account: disagrees and asks a question, one person.
        stance(c, first, Position.OPPOSE, anonymous_key="k1")
        said(c, first, QUESTION, anonymous_key="k1")
        # Awa, met at the door, her words typed in by the team (no account, no browser).
        said(c, first, AGAINST, person_id=awa.id, channel="door")
        said(c, first, FOR, person_id=awa.id, channel="door")
        # Two notes typed in for nobody named: two people.
        said(c, first, FOR)
        said(c, first, FOR)
        # Waiting or refused: neither its words nor its author, nor its supports, count.
        waiting = said(c, first, AMENDMENT, Moderation.PENDING, anonymous_key="k2")
        endorse(waiting, anonymous_key="k3")
        said(c, first, AGAINST, Moderation.REJECTED, anonymous_key="k4")
        said(c, first, AGAINST, Moderation.SPAM, anonymous_key="k5")
        # Fatou again, on the second paragraph: once there, once in the whole consultation.
        said(c, second, AMENDMENT, user_id=fatou)
        stance(c, second, anonymous_key="k1")
        db.session.commit()

        counts = paragraph_counts([first, second, third])
        one = counts[first]
        assert (one.support, one.oppose, one.comments, one.amendments) == (1, 1, 6, 1)
        # Fatou, Karim, the browser k1, Awa, and the two unnamed notes.
        assert one.contributors == 6
        assert (counts[second].amendments, counts[second].support) == (1, 1)
        assert counts[second].contributors == 2
        assert counts[third].activity == 0 and counts[third].contributors == 0
        assert tallies([first])[first].activity == one.activity == 9

        totals = consultation_totals(c.id)
        assert totals.kinds == {FOR: 4, AGAINST: 1, QUESTION: 1, AMENDMENT: 2}
        assert (totals.support, totals.oppose, totals.endorsements) == (2, 1, 1)
        assert totals.contributions == 8
        assert totals.people == 6  # nobody new on the second paragraph


def test_an_unnamed_position_and_an_unnamed_note_are_two_people_even_with_the_same_id(
    app, group, make_consultation
):
    """A position kept after its author was erased names nobody: it is someone, not
    the same someone as the note of the same number in another table."""
    c = make_consultation()
    first = c.paragraphs[0]
    with app.app_context():
        note = said(c, first, FOR)
        db.session.add(
            Stance(id=note, consultation_id=c.id, paragraph_id=first, position=Position.OPPOSE)
        )
        db.session.commit()
        assert paragraph_counts([first])[first].contributors == 2
        assert consultation_totals(c.id).people == 2


def summary_rows(page: str) -> list[str]:
    """The § numbers of the summary's table, in order."""
    table = page.split('class="shares discussed"')[1]
    return re.findall(r'<th scope="row"><a href="[^"]+">§(\d+)</a>', table)


def test_the_summary_shows_the_most_discussed_paragraphs_first_then_in_order(
    app, client, group, people, make_consultation
):
    c = make_consultation(TEN)
    ids = c.paragraphs
    with app.app_context():
        for n in range(3):  # §7: three comments
            said(c, ids[6], FOR, anonymous_key=f"a{n}")
        for n in range(2):  # §2 and §9: two positions each
            stance(c, ids[1], anonymous_key=f"b{n}")
            stance(c, ids[8], Position.OPPOSE, anonymous_key=f"b{n}")
        for n in range(5):  # §4: waiting for approval, so nothing
            said(c, ids[3], FOR, Moderation.PENDING, anonymous_key=f"c{n}")
        db.session.commit()
    page = client.get(c.url + "/summary").get_data(as_text=True)
    assert summary_rows(page) == ["7", "2", "9", "1", "3", "4", "5", "6", "8", "10"]
    seventh = page.split(f'href="{c.url}/p/{ids[6]}">§7</a></th>')[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", seventh) == ["0", "0", "3", "0", "3"]
    assert "Nous demandons la mesure numéro 7." in seventh
    assert "5 personnes ont participé" in page  # a0–a2, b0, b1; not c0–c4


def test_the_summary_is_paginated_thirty_rows_a_page(app, client, group, make_consultation):
    text = "\n\n".join(
        f"Paragraphe {n}, assez long pour être coupé " + "blabla " * 20 for n in range(65)
    )
    c = make_consultation(text)
    with app.app_context():
        stance(c, c.paragraphs[64], anonymous_key="k")  # the last one, discussed: first
        db.session.commit()
    first = client.get(c.url + "/summary").get_data(as_text=True)
    rows = summary_rows(first)
    assert len(rows) == 30 and rows[:3] == ["65", "1", "2"]
    assert "Page 1 sur 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert f'href="{c.url}/summary?page=2#paragraphs" rel="next"' in first  # back to the table
    # The excerpt: about 80 characters, cut at a word, never the whole paragraph.
    excerpt = re.search(r'<td><a href="[^"]+">([^<]*)</a></td>', first).group(1)
    assert excerpt.endswith("…") and 60 <= len(excerpt) <= 81
    third = client.get(c.url + "/summary?page=3").get_data(as_text=True)
    assert summary_rows(third) == [str(n) for n in range(60, 65)]
    assert 'rel="prev"' in third and 'rel="next"' not in third
    # Past the end or nonsense: the nearest page, never an error.
    assert summary_rows(
        client.get(c.url + "/summary?page=99").get_data(as_text=True)
    ) == summary_rows(third)
    assert summary_rows(client.get(c.url + "/summary?page=x").get_data(as_text=True)) == rows


def test_the_overview_says_where_the_discussion_is_and_leads_to_the_summary(
    app, client, group, make_consultation
):
    c = make_consultation()  # two parts: the lifts (§2, §3), the heating (§5)
    with app.app_context():
        said(c, c.paragraphs[0], FOR, anonymous_key="a")
        said(c, c.paragraphs[1], AMENDMENT, anonymous_key="a")
        said(c, c.paragraphs[1], AGAINST, Moderation.PENDING, anonymous_key="b")
        stance(c, c.paragraphs[2], anonymous_key="a")  # a position is not a contribution
        db.session.commit()
    overview = client.get(c.url).get_data(as_text=True)
    lifts, heating = (" ".join(p.split()) for p in overview.split("<h2>")[1].split("<li>")[1:3])
    assert "2 paragraphes · 2 contributions" in lifts
    assert "1 paragraphe · 0 contribution" in heating
    assert f'href="{c.url}/summary"' in overview
    assert f'href="{c.url}/summary"' in client.get(c.url + "/text?part=1").get_data(as_text=True)


def test_a_members_consultation_keeps_its_summary_from_the_public(
    client, auth, group, make_consultation
):
    from assembly.consultations.models import Audience

    c = make_consultation(audience=Audience.MEMBERS)
    assert client.get(c.url + "/summary").status_code == 404
    auth.login("member")
    assert client.get(c.url + "/summary").status_code == 200


def test_the_database_names_people_as_who_does(app, group, people, make_consultation):
    """`person_key` (the database counting people) and `who` (Python) are one rule."""
    from assembly.consultations.counts import person_key, who

    c = make_consultation()
    first = c.paragraphs[0]
    fatou = people["member"].id
    with app.app_context():
        awa = Person(group_id=group.id, name="Awa")
        db.session.add(awa)
        db.session.flush()
        shapes = [
            {"user_id": fatou, "anonymous_key": "k", "person_id": awa.id},
            {"anonymous_key": "k", "person_id": awa.id},
            {"anonymous_key": "", "person_id": awa.id},
            {"person_id": awa.id},
            {},
        ]
        for n, shape in enumerate(shapes):
            amendment = said(c, first, AMENDMENT, **shape)
            stance(c, c.paragraphs[n % 3], **shape)  # one per paragraph and browser
            endorse(amendment, **shape)
        db.session.flush()
        for model in (Contribution, Stance, Endorsement):
            rows = db.session.execute(
                db.select(model.user_id, model.anonymous_key, model.person_id, model.id,
                          person_key(model))
            ).all()  # fmt: skip
            assert rows
            for user_id, key, person_id, row_id, in_sql in rows:
                assert in_sql == who(user_id, key, person_id, f"{model.__tablename__}:{row_id}")
