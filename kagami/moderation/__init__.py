"""Moderation: the audit trail of what moderators did to other people's things (AZ-7)."""
