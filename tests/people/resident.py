"""A resident the group knows from every feature: one row of each kind that refers to them.

Built from the models directly (not through the features' forms), so that the rights
tests hold whatever form a feature gives a person: what matters is that the rows point
at the person (`person_id`) or at their account.
"""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from assembly.clock import utcnow
from assembly.extensions import db

NAME = "Zélie Quatrebarbes"
PHONE = "+33612345678"
EMAIL = "zelie.q@example.org"
WORDS = "=1+1 Les charges ont doublé depuis que Zélie est arrivée"


def make_resident(group_id: int, *, organizer_id: int, user_id: int | None = None, n: int = 1):
    """Person NAME of group `group_id` (linked to account `user_id` if given) with a consent,
    a one-to-one, an ask, a need and its support, a door, an answer, an attendance with a
    speaking turn and a named ballot, an event about them; with an account, also a task, an
    argument and a place in a canvass's team. Returns the ids. Call in an app context."""
    from assembly.auth.models import User
    from assembly.campaigns.models import (
        Campaign,
        Criterion,
        CriterionScore,
        Petition,
        Score,
        Signature,
    )
    from assembly.canvassing.models import Canvass, Visit, VisitOutcome
    from assembly.decisions.models import Argument, Ballot, Choice, Decision, Method, Side
    from assembly.meetings.models import Answer, Attendance, Gender, Meeting, Rsvp, SpeakerTurn
    from assembly.messages.models import Message, MessageChannel, MessageKind
    from assembly.needs.models import Moderation, Need, Support
    from assembly.people.models import (
        Ask,
        Consent,
        ConsentPurpose,
        ConsentSource,
        OneToOne,
        Person,
    )
    from assembly.tasks.models import Task
    from assembly.trace.operations import record

    now = utcnow()
    person = Person(
        group_id=group_id,
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        address="12 rue des Glycines",
        building="Bâtiment A",
        staircase="2",
        floor="3e gauche",
        sensitive="Syndiquée au DAL",
        user_id=user_id,
        last_contact_at=now,
    )
    db.session.add(person)
    db.session.flush()
    db.session.add_all(
        [
            Consent(
                person_id=person.id,
                purpose=purpose,
                wording="J'accepte que le collectif me recontacte.",
                source=ConsentSource.DOOR,
                given_at=now,
                recorded_by_id=organizer_id,
            )
            for purpose in (ConsentPurpose.GROUP_ACTIONS, ConsentPurpose.SENSITIVE)
        ]
    )
    db.session.add(
        Message(
            group_id=group_id,
            person_id=person.id,
            user_id=user_id,
            kind=MessageKind.CALL_TO_ACTION,
            purpose=ConsentPurpose.GROUP_ACTIONS,
            channel=MessageChannel.SMS,
            address="+33612345678",
            language="fr",
            body=f"Bonjour {NAME}, assemblée jeudi.",
            dedup_key=f"resident:{person.id}",
            send_after=now,
        )
    )
    db.session.add(
        OneToOne(
            person_id=person.id,
            met_on=date(2026, 10, 3),
            met_by_id=organizer_id,
            self_interest="Le chauffage de ses enfants",
            story="Arrivée en 2019.",
        )
    )
    db.session.add(
        Ask(
            person_id=person.id,
            what="Amener trois voisines",
            asked_on=date(2026, 10, 3),
            asked_by_id=organizer_id,
        )
    )
    need = Need(
        group_id=group_id,
        number=100 + n,
        title="Ascenseur en panne",
        moderation=Moderation.APPROVED,
        author_name=NAME,
        author_id=user_id,
        person_id=person.id,
        support_count=2,
        total_support=2,
    )
    db.session.add(need)
    db.session.flush()
    db.session.add_all(
        [
            Support(need_id=need.id, user_id=user_id, person_id=person.id, created_at=now),
            Support(need_id=need.id, anonymous_key=f"someone-else-{n}", created_at=now),
        ]
    )
    canvass = Canvass(
        group_id=group_id,
        name="Écoute d'automne",
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 10),
        created_by_id=organizer_id,
    )
    db.session.add(canvass)
    db.session.flush()
    visit = Visit(
        group_id=group_id,
        canvass_id=canvass.id,
        building="Bâtiment A",
        floor="3e gauche",
        outcome=VisitOutcome.TALKED,
        words=WORDS,
        person_id=person.id,
        knocked_by_id=organizer_id,
    )
    meeting = Meeting(
        group_id=group_id, title="Assemblée d'octobre", starts_at=datetime(2026, 10, 20, 17)
    )
    db.session.add_all([visit, meeting])
    db.session.flush()
    attendance = Attendance(
        meeting_id=meeting.id,
        user_id=user_id,
        person_id=person.id,
        name=NAME,
        named_in_minutes=True,
        gender=Gender.WOMAN,
        first_time=True,
    )
    others = [Attendance(meeting_id=meeting.id, name=f"Voisine {i}") for i in range(2)]
    rsvp = Rsvp(
        meeting_id=meeting.id,
        user_id=user_id,
        person_id=person.id,
        name=NAME,
        answer=Answer.YES,
        named_in_minutes=True,
    )
    decision = Decision(
        group_id=group_id,
        meeting_id=meeting.id,
        question="Écrit-on au bailleur ?",
        method=Method.BALLOT,
        public=True,
    )
    db.session.add_all([attendance, *others, rsvp, decision])
    db.session.flush()
    turn = SpeakerTurn(
        meeting_id=meeting.id, attendance_id=attendance.id, asked_at=now - timedelta(minutes=5)
    )
    ballot = Ballot(
        decision_id=decision.id,
        voter=f"a:{attendance.id}",
        attendance_id=attendance.id,
        name=NAME,
        choice=Choice.YES,
        cast_at=now,
    )
    db.session.add_all([turn, ballot])
    campaign = Campaign(group_id=group_id, title="Des ascenseurs qui marchent")
    db.session.add(campaign)
    db.session.flush()
    petition = Petition(campaign_id=campaign.id, title="Réparez", text="Réparez nos ascenseurs.")
    db.session.add(petition)
    db.session.flush()
    db.session.add(
        Signature(
            petition_id=petition.id,
            name=NAME,
            name_key="quatrebarbes zelie",
            place="Bâtiment A",
            place_key="batiment a",
            lives_here=True,
            person_id=person.id,
            address_key="k" * 64,
        )
    )
    consulted(group_id, person.id, user_id)
    if user_id is not None:
        online = Decision(
            group_id=group_id, question="Une fête en juin ?", method=Method.BALLOT, public=True
        )
        db.session.add(online)
        db.session.flush()
        db.session.add_all(
            [
                Argument(decision_id=online.id, user_id=user_id, side=Side.FOR, body="Oui !"),
                Task(group_id=group_id, title="Écrire au bailleur", assignee_id=user_id),
                CriterionScore(
                    campaign_id=campaign.id,
                    user_id=user_id,
                    criterion=Criterion.WINNABLE,
                    score=Score.PARTLY,
                    note="Le bailleur bouge si on insiste.",
                ),
            ]
        )
        canvass.team = [db.session.get(User, user_id)]
    record("person.noted", person, group_id=group_id, actor_id=organizer_id, name=NAME)
    db.session.commit()
    return SimpleNamespace(
        person_id=person.id,
        need_id=need.id,
        meeting_id=meeting.id,
        attendance_id=attendance.id,
        canvass_id=canvass.id,
        visit_id=visit.id,
        decision_id=decision.id,
    )


def consulted(group_id: int, person_id: int, user_id: int | None) -> None:
    """The person's amendment to a consulted text, their position on it and their support."""

    from assembly.consultations.models import (
        Consultation,
        Contribution,
        ContributionType,
        Endorsement,
        Paragraph,
        Position,
        Stance,
        TextVersion,
    )

    paragraph = Paragraph(position=1, body="Nous demandons des ascenseurs qui marchent.")
    number = 1 + (
        db.session.scalar(
            db.select(db.func.max(Consultation.number)).where(Consultation.group_id == group_id)
        )
        or 0
    )
    consultation = Consultation(
        group_id=group_id,
        number=number,
        title="Notre lettre",
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 2, 1),
        versions=[TextVersion(number=1, paragraphs=[paragraph])],
    )
    db.session.add(consultation)
    db.session.flush()
    amendment = Contribution(
        consultation_id=consultation.id,
        paragraph_id=paragraph.id,
        kind=ContributionType.AMENDMENT,
        rewrite="Nous exigeons des ascenseurs qui marchent.",
        author_name=NAME,
        person_id=person_id,
        user_id=user_id,
    )
    db.session.add(amendment)
    db.session.flush()
    db.session.add_all(
        [
            Stance(
                consultation_id=consultation.id,
                paragraph_id=paragraph.id,
                position=Position.SUPPORT,
                person_id=person_id,
                user_id=user_id,
                anonymous_key=None if user_id else "k" * 64,
            ),
            Endorsement(
                contribution_id=amendment.id,
                person_id=person_id,
                user_id=user_id,
                anonymous_key=None if user_id else "k" * 64,
            ),
        ]
    )
