"""An RSVP's contact serves one meeting: the daily `forget-contacts` erases it a week after."""

from datetime import datetime

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Answer, Meeting, Rsvp
from assembly.meetings.operations.planning import answer_invitation
from assembly.trace.models import Event


def plan_with_rsvps(app, group, starts_at: datetime, *contacts: str) -> int:
    """A meeting with one RSVP per contact given ("" for none); returns its id."""
    with app.app_context():
        meeting = Meeting(
            group_id=db.session.get(Group, group.id).id, title="Assemblée", starts_at=starts_at
        )
        db.session.add(meeting)
        db.session.commit()
        for number, contact in enumerate(contacts):
            answer_invitation(meeting, name=f"Voisin {number}", answer=Answer.YES, contact=contact)
        return meeting.id


def contacts(app, meeting_id: int) -> list[tuple[str, bool]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(Rsvp).filter_by(meeting_id=meeting_id).order_by(Rsvp.id)
        )
        return [(row.contact, row.contact_consent_at is not None) for row in rows]


def forget(app) -> str:
    result = app.test_cli_runner().invoke(args=["forget-contacts"])
    assert result.exit_code == 0, result.output
    return result.output


def test_rsvp_contacts_are_erased_a_week_after_their_meeting(app, group, clock):
    clock.freeze(datetime(2027, 3, 1, 9))
    held = plan_with_rsvps(app, group, datetime(2027, 3, 5, 17), "06 12 34 56 78", "", "k@ex.fr")
    later = plan_with_rsvps(app, group, datetime(2027, 3, 20, 17), "06 98 76 54 32")

    clock.freeze(datetime(2027, 3, 12, 16, 59))  # a week after it started, to the minute
    assert "meeting RSVPs: 0" in forget(app)
    assert contacts(app, held)[0] == ("06 12 34 56 78", True)

    clock.freeze(datetime(2027, 3, 12, 17, 1))
    output = forget(app)

    assert "Contacts erased: 2" in output and "meeting RSVPs: 2" in output
    assert contacts(app, held) == [("", False), ("", False), ("", False)]
    assert contacts(app, later) == [("06 98 76 54 32", True)]
    with app.app_context():
        names = [r.name for r in db.session.scalars(db.select(Rsvp).filter_by(meeting_id=held))]
        assert names == ["Voisin 0", "Voisin 1", "Voisin 2"]  # the answers stay, the counts too
        erased = db.session.scalars(
            db.select(Event).filter_by(verb="meeting.rsvp_contacts_erased")
        ).all()
        assert [(e.subject_id, e.payload) for e in erased] == [(held, {"count": 2})]
    assert "meeting RSVPs: 0" in forget(app)  # nothing left: nothing journaled again
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(Event)
                .filter_by(verb="meeting.rsvp_contacts_erased")
            )
            == 1
        )

    clock.advance(days=30)
    assert "meeting RSVPs: 1" in forget(app)
    assert contacts(app, later) == [("", False)]
