"""OAuth protocol errors (RFC 6749 §5.2 codes), raised by grants and rendered per dialect."""

from __future__ import annotations

from authlib.oauth2.rfc6749 import errors as _authlib


class OAuthError(Exception):
    """One RFC 6749 error: ``error`` code, human description, HTTP status."""

    def __init__(self, error: str, description: str, status_code: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status_code = status_code
        self.basic_auth_used = False  # set by the endpoint: adds WWW-Authenticate: Basic


# Codes and default statuses come from Authlib's error classes, so the spelling is the RFC's.
def _make(cls: type[_authlib.OAuth2Error], status: int | None = None) -> type[OAuthError]:
    code, default_status = cls.error, status or cls.status_code

    class _Error(OAuthError):
        def __init__(self, description: str, status_code: int = default_status) -> None:
            super().__init__(code, description, status_code)

    _Error.__name__ = cls.__name__
    _Error.__doc__ = f"RFC 6749 ``{code}``."
    return _Error


InvalidRequest = _make(_authlib.InvalidRequestError)
InvalidClient = _make(_authlib.InvalidClientError, 401)
InvalidGrant = _make(_authlib.InvalidGrantError)
UnauthorizedClient = _make(_authlib.UnauthorizedClientError)
UnsupportedGrantType = _make(_authlib.UnsupportedGrantTypeError)
UnsupportedResponseType = _make(_authlib.UnsupportedResponseTypeError)
InvalidScope = _make(_authlib.InvalidScopeError)
AccessDenied = _make(_authlib.AccessDeniedError)
