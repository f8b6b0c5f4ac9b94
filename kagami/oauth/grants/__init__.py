"""Token-endpoint grants, one module each; ``GRANTS`` maps a wire ``grant_type`` to its handler."""

from __future__ import annotations

from kagami.oauth.grants.authorization_code import authorization_code, authorization_pin
from kagami.oauth.grants.base import GrantContext, GrantHandler
from kagami.oauth.grants.client_credentials import client_credentials
from kagami.oauth.grants.password import password
from kagami.oauth.grants.refresh_token import refresh_token

GRANTS: dict[str, GrantHandler] = {
    "authorization_code": authorization_code,
    "authorization_pin": authorization_pin,
    "client_credentials": client_credentials,
    "refresh_token": refresh_token,
    "password": password,
}

__all__ = ["GRANTS", "GrantContext", "GrantHandler"]
