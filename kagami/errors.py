"""Domain errors shared by every service; each dialect renders them in its own wire format."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose (never a 500)."""

    kind = "error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist (or the caller may not know it exists)."""

    kind = "not_found"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    kind = "forbidden"


class Unauthorized(DomainError):
    """The request needs an authenticated user and has none."""

    kind = "unauthorized"


class InvalidToken(Unauthorized):
    """A bearer token was sent but is malformed, expired or revoked."""

    kind = "invalid_token"

    def __init__(self, reason: str = "invalid") -> None:
        super().__init__(f"The access token is {reason}.")
        self.reason = reason  # invalid | expired | revoked


class Invalid(DomainError):
    """Input failed validation; ``fields`` maps each field to its messages."""

    kind = "invalid"

    def __init__(self, fields: dict[str, list[str]], message: str = "validation") -> None:
        super().__init__(message)
        self.fields = fields


class RateLimited(DomainError):
    """Too many attempts; retry after ``retry_after`` seconds."""

    kind = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too Many Requests.")
        self.retry_after = retry_after
