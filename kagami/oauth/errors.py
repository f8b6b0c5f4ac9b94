"""OAuth protocol errors (RFC 6749 §5.2 codes), raised by grants and rendered per dialect."""

from __future__ import annotations

from typing import ClassVar

from authlib.oauth2.rfc6749 import errors as _authlib


class OAuthError(Exception):
    """One RFC 6749 error: ``error`` code, human description, HTTP status."""

    def __init__(self, error: str, description: str, status_code: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status_code = status_code
        self.basic_auth_used = False  # set by the endpoint: adds WWW-Authenticate: Basic


class _CodedOAuthError(OAuthError):
    """An error whose code and default status come from its class; raised with a description."""

    code: ClassVar[str]
    default_status: ClassVar[int]

    def __init__(self, description: str, status_code: int | None = None) -> None:
        status = self.default_status if status_code is None else status_code
        super().__init__(self.code, description, status)


# Codes and default statuses come from Authlib's error classes, so the spelling is the RFC's.
def _make(cls: type[_authlib.OAuth2Error], status: int | None = None) -> type[_CodedOAuthError]:
    class _Error(_CodedOAuthError):
        code = cls.error
        default_status = status or cls.status_code

    _Error.__name__ = cls.__name__
    _Error.__doc__ = f"RFC 6749 ``{cls.error}``."
    return _Error


InvalidRequest = _make(_authlib.InvalidRequestError)
InvalidClient = _make(_authlib.InvalidClientError, 401)
InvalidGrant = _make(_authlib.InvalidGrantError)
UnauthorizedClient = _make(_authlib.UnauthorizedClientError)
UnsupportedGrantType = _make(_authlib.UnsupportedGrantTypeError)
UnsupportedResponseType = _make(_authlib.UnsupportedResponseTypeError)
InvalidScope = _make(_authlib.InvalidScopeError)
AccessDenied = _make(_authlib.AccessDeniedError)
