"""Groups: their home page, members and roles, invite links, and creating groups."""
