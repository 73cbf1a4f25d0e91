"""Meetings' journal verbs; a need's trace tells when it was put on an agenda."""

from assembly.trace.sentences import tells

MEETING_PLANNED = "meeting.planned"
MEETING_EDITED = "meeting.edited"
MEETING_ITEM_ADDED = "meeting.item_added"
MEETING_ITEM_EDITED = "meeting.item_edited"
MEETING_ITEM_REMOVED = "meeting.item_removed"
MEETING_RSVP = "meeting.rsvp"  # `waitlisted`: a "yes" past the meeting's capacity
MEETING_SEAT_GIVEN = "meeting.seat_given"  # a place freed went to the first waiting (rsvp_id)
MEETING_INVITED = "meeting.invited"  # the group was invited by SMS and e-mail (how many)
# Written by the former `assembly forget-contacts`; older journals still hold it.
MEETING_RSVP_CONTACTS_ERASED = "meeting.rsvp_contacts_erased"
MEETING_SIGNED_IN = "meeting.signed_in"
MEETING_ATTENDANCE_STRUCK = "meeting.attendance_struck"
MEETING_STARTED = "meeting.started"
MEETING_CLOSED = "meeting.closed"
MEETING_REOPENED = "meeting.reopened"
MEETING_CANCELLED = "meeting.cancelled"  # before it started, with the reason residents read
MEETING_REPLANNED = "meeting.replanned"  # a cancellation undone while the start is ahead
MEETING_ITEM_CHANGED = "meeting.item_changed"
MEETING_NOTES_SAVED = "meeting.notes_saved"
MEETING_CLOCK_PAUSED = "meeting.clock_paused"
MEETING_CLOCK_RESUMED = "meeting.clock_resumed"
MEETING_CLOCK_EXTENDED = "meeting.clock_extended"
MEETING_TURN_TIME_SET = "meeting.turn_time_set"
SPEAKER_ASKED = "speaker.asked"
SPEAKER_WITHDREW = "speaker.withdrew"
SPEAKER_STARTED = "speaker.started"
SPEAKER_ENDED = "speaker.ended"
NEED_ON_AGENDA = "need.on_agenda"
# On each need of its agenda: the meeting was cancelled (`cancelled`: true), or takes
# place after all (false). Told once per meeting: the latest.
NEED_MEETING_CANCELLED = "need.meeting_cancelled"

# Once per meeting, whatever older journals hold (a need linked to two of its items).
tells(NEED_ON_AGENDA, "meetings/_events.html", "need_on_agenda", once_per="meeting_id")
tells(
    NEED_MEETING_CANCELLED,
    "meetings/_events.html",
    "need_meeting_cancelled",
    once_per="meeting_id",
)
