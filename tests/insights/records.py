"""Contributions written straight through the real models, at chosen times: the data
sets of the report's tests, whose answers are known by construction."""

from datetime import date, datetime

from assembly.campaigns.models import Campaign, Petition, Review, Signature, SignatureBatch
from assembly.canvassing.models import Canvass, Visit, VisitOutcome
from assembly.decisions.models import Argument, Ballot, Decision, Method, Side
from assembly.extensions import db
from assembly.meetings.models import Attendance, Meeting, SpeakerTurn
from assembly.needs.models import Channel, CountedSupport, Moderation, Need, Support
from assembly.people.models import Person


class Records:
    """Adds one contribution of each kind to the group `group_id`, at `at`."""

    def __init__(self, group_id: int):
        self.group_id = group_id
        self.numbers = iter(range(1, 1_000_000))
        self._need = self._meeting = self._decision = self._petition = self._canvass = None

    def person(self, name: str = "Alice", user_id: int | None = None) -> Person:
        person = Person(group_id=self.group_id, name=name, user_id=user_id)
        db.session.add(person)
        db.session.flush()
        return person

    def need(self, at, *, person=None, author_id=None, channel=Channel.WEB, **fields) -> Need:
        need = Need(
            group_id=self.group_id,
            number=next(self.numbers),
            title="L'ascenseur est en panne",
            channel=channel,
            person_id=person.id if person else None,
            author_id=author_id,
            moderation=fields.pop("moderation", Moderation.APPROVED),
            created_at=at,
            **fields,
        )
        db.session.add(need)
        db.session.flush()
        return need

    def a_need(self) -> Need:
        """The need the supports go to (raised long before every period of the tests)."""
        if self._need is None:
            self._need = self.need(datetime(2020, 1, 1), place="Bât. A")
        return self._need

    def support(self, at, *, person=None, user_id=None, key=None, held=False, need=None):
        db.session.add(
            Support(
                need_id=(need or self.a_need()).id,
                person_id=person.id if person else None,
                user_id=user_id,
                anonymous_key=key,
                held=held,
                created_at=at,
            )
        )

    def hands(self, at, count: int, channel=Channel.MEETING):
        db.session.add(
            CountedSupport(need_id=self.a_need().id, count=count, channel=channel, created_at=at)
        )

    def visit(self, at, *, person=None, outcome=VisitOutcome.TALKED):
        if self._canvass is None:
            self._canvass = Canvass(
                group_id=self.group_id,
                name="Porte-à-porte",
                starts_on=date(2020, 1, 1),
                ends_on=date(2030, 1, 1),
            )
            db.session.add(self._canvass)
            db.session.flush()
        db.session.add(
            Visit(
                group_id=self.group_id,
                canvass_id=self._canvass.id,
                building="Bât. B",
                outcome=outcome,
                person_id=person.id if person else None,
                created_at=at,
            )
        )

    def meeting(self) -> Meeting:
        if self._meeting is None:
            self._meeting = Meeting(
                group_id=self.group_id, title="Assemblée", starts_at=datetime(2020, 1, 1)
            )
            db.session.add(self._meeting)
            db.session.flush()
        return self._meeting

    def attendance(self, *, person=None, user_id=None, name="Quelqu'un") -> Attendance:
        attendance = Attendance(
            meeting_id=self.meeting().id,
            person_id=person.id if person else None,
            user_id=user_id,
            name=name,
        )
        db.session.add(attendance)
        db.session.flush()
        return attendance

    def turn(self, at, attendance: Attendance, *, started=True, withdrawn=False):
        db.session.add(
            SpeakerTurn(
                meeting_id=attendance.meeting_id,
                attendance_id=attendance.id,
                asked_at=at,
                started_at=at if started else None,
                withdrawn=withdrawn,
            )
        )

    def decision(self, *, online=False, closed_at=None) -> Decision:
        decision = Decision(
            group_id=self.group_id,
            meeting_id=None if online else self.meeting().id,
            question="On y va ?",
            method=Method.BALLOT,
            closed_at=closed_at,
            created_at=datetime(2020, 1, 1),
        )
        db.session.add(decision)
        db.session.flush()
        return decision

    def ballot(self, at, decision, *, user_id=None, attendance=None):
        db.session.add(
            Ballot(
                decision_id=decision.id,
                user_id=user_id,
                attendance_id=attendance.id if attendance else None,
                voter=f"u:{user_id}" if user_id else None,
                cast_at=at,
            )
        )

    def argument(self, at, *, user_id):
        if self._decision is None:
            self._decision = self.decision(online=True)
        db.session.add(
            Argument(
                decision_id=self._decision.id,
                user_id=user_id,
                side=Side.FOR,
                body="Oui",
                created_at=at,
            )
        )

    def petition(self) -> Petition:
        if self._petition is None:
            campaign = Campaign(group_id=self.group_id, title="Les ascenseurs")
            db.session.add(campaign)
            db.session.flush()
            self._petition = Petition(campaign_id=campaign.id, title="Réparez", text="…")
            db.session.add(self._petition)
            db.session.flush()
        return self._petition

    def signature(self, at, *, person=None, name="dupont", paper=False, review=Review.NONE):
        batch_id = None
        if paper:
            batch = SignatureBatch(petition_id=self.petition().id, count=1)
            db.session.add(batch)
            db.session.flush()
            batch_id = batch.id
        db.session.add(
            Signature(
                petition_id=self.petition().id,
                name=name.title(),
                name_key=name,
                place="12 rue des Lilas",
                place_key="12 rue des lilas",
                person_id=person.id if person else None,
                batch_id=batch_id,
                review=review,
                created_at=at,
            )
        )
