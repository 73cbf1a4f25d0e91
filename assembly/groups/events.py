"""The journal verbs of groups, their members and invites."""

GROUP_CREATED = "group.created"
MEMBER_JOINED = "member.joined"
MEMBER_ROLE_CHANGED = "member.role_changed"
MEMBER_REMOVED = "member.removed"
INVITE_CREATED = "invite.created"
INVITE_REVOKED = "invite.revoked"
INVITE_USED = "invite.used"
