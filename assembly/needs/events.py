"""The needs' journal verbs, and those a need's trace tells (templates/needs/_events.html)."""

from assembly.needs.models import Moderation
from assembly.trace.sentences import tells

NEED_SUBMITTED = "need.submitted"
NEED_SUPPORTED = "need.supported"
NEED_SUPPORT_HELD = "need.support_held"  # one address past its day's cap: held for review
NEED_SUPPORT_WITHDRAWN = "need.support_withdrawn"
NEED_HELD_COUNTED = "need.held_counted"
NEED_HELD_DISCARDED = "need.held_discarded"
NEED_COUNTED = "need.counted"
NEED_APPROVED = "need.approved"
NEED_REJECTED = "need.rejected"
NEED_SPAM = "need.spam"
NEED_STATUS_CHANGED = "need.status_changed"
NEED_EDITED = "need.edited"
NEED_MERGED = "need.merged"
NEED_ABSORBED = "need.absorbed"
THEME_CREATED = "theme.created"
THEME_RENAMED = "theme.renamed"
THEME_DELETED = "theme.deleted"

# The verb of each moderation decision.
MODERATED = {
    Moderation.APPROVED: NEED_APPROVED,
    Moderation.REJECTED: NEED_REJECTED,
    Moderation.SPAM: NEED_SPAM,
}

# Supports and spam stay off the public trace: one is a count, the other never shown.
# What the team decided about held supports is told: it changes the count everyone sees.
SENTENCES = "needs/_events.html"
tells(NEED_SUBMITTED, SENTENCES, "submitted")
tells(NEED_APPROVED, SENTENCES, "approved")
tells(NEED_REJECTED, SENTENCES, "rejected")
tells(NEED_STATUS_CHANGED, SENTENCES, "status_changed")
tells(NEED_MERGED, SENTENCES, "merged")
tells(NEED_ABSORBED, SENTENCES, "absorbed")
tells(NEED_COUNTED, SENTENCES, "counted")
tells(NEED_EDITED, SENTENCES, "edited")
tells(NEED_HELD_COUNTED, SENTENCES, "held_counted")
tells(NEED_HELD_DISCARDED, SENTENCES, "held_discarded")
