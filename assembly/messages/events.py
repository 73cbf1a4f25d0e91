"""The messages' journal verbs: what the team did with the outbox.

The journal says which message, what kind and on which channel, never to which address
nor in which words: those stay on the message's row, which the purge empties in time.
"""

MESSAGE_RETRIED = "message.retried"  # a failed message put back in the queue
MESSAGE_DISMISSED = "message.dismissed"  # a failed message the team let go
MESSAGE_SETTINGS_CHANGED = "message_settings.changed"  # subject: the group
BROADCAST_SENT = "broadcast.sent"  # a call to action written to a selection
