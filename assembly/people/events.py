"""People's journal verbs, and those a person's trace tells (templates/people/_events.html).

The journal keeps what happened and to whom, never what was said: a card's fields are
named, not their values (a phone or a note stays out); a one-to-one's notes and an ask's
words stay on their own rows, which the person's export and erasure cover.
"""

from assembly.trace.sentences import tells

PERSON_CREATED = "person.created"
PERSON_EDITED = "person.edited"
PERSON_MERGED = "person.merged"
CONSENT_GIVEN = "consent.given"
CONSENT_WITHDRAWN = "consent.withdrawn"

SENTENCES = "people/_events.html"
tells(PERSON_CREATED, SENTENCES, "created")
tells(PERSON_EDITED, SENTENCES, "edited")
tells(PERSON_MERGED, SENTENCES, "merged")
tells(CONSENT_GIVEN, SENTENCES, "consent_given")
tells(CONSENT_WITHDRAWN, SENTENCES, "consent_withdrawn")
# --- One-to-ones, the ladder and asks (people/views/relations.py) ----------------------
# The subject of each is the person (events_for("people", id) is their story), but for
# LADDER_RENAMED, whose subject is the group.

ONE_TO_ONE_LOGGED = "one_to_one.logged"
ONE_TO_ONE_EDITED = "one_to_one.edited"
ONE_TO_ONE_DELETED = "one_to_one.deleted"
PERSON_LEVEL_CHANGED = "person.level_changed"
LADDER_RENAMED = "ladder.renamed"
ASK_MADE = "ask.made"
ASK_ANSWERED = "ask.answered"

RELATIONS = "people/_events.html"
tells(ONE_TO_ONE_LOGGED, RELATIONS, "one_to_one_logged")
tells(ONE_TO_ONE_EDITED, RELATIONS, "one_to_one_edited")
tells(ONE_TO_ONE_DELETED, RELATIONS, "one_to_one_deleted")
tells(PERSON_LEVEL_CHANGED, RELATIONS, "level_changed")
tells(ASK_MADE, RELATIONS, "ask_made")
tells(ASK_ANSWERED, RELATIONS, "ask_answered")
# --- end of one-to-ones, the ladder and asks --------------------------------------------
