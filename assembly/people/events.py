"""People's journal verbs, and how a person's history tells them (templates/people/_events.html).

Payloads name what changed, never the values: a phone or a note stays out of the journal.
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
