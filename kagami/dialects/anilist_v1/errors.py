"""v1 error rendering: league/oauth2-server style ``{"error", "error_description"}`` bodies.

``V1Route`` renders domain errors and request-validation errors of v1 routes in that
shape, so no global handler is needed and other dialects keep their own formats.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.responses import Response

from kagami.errors import (
    DomainError,
    Forbidden,
    Invalid,
    InvalidToken,
    NotFound,
    RateLimited,
    Unauthorized,
)

# Laravel (the 2017 API's framework) answers failed validation with 422.
VALIDATION_STATUS = 422


class V1Error(Exception):
    """An error the v1 dialect answers with its own JSON shape."""

    def __init__(
        self,
        status: int,
        error: str,
        description: str,
        headers: dict[str, str] | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description
        self.headers = headers or {}
        self.fields = fields


def from_auth_error(exc: Unauthorized) -> V1Error:
    """401 for a missing, bad, expired or revoked token."""
    if isinstance(exc, InvalidToken):
        header = f'Bearer error="invalid_token", error_description="{exc.message}"'
        return V1Error(401, "invalid_token", exc.message, {"WWW-Authenticate": header})
    return V1Error(401, "unauthorized", "Authentication required.", {"WWW-Authenticate": "Bearer"})


def invalid(fields: dict[str, list[str]]) -> V1Error:
    """422 naming each bad field and what is wrong with it."""
    description = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
    return V1Error(VALIDATION_STATUS, "invalid_request", description, fields=fields)


def from_domain_error(exc: DomainError) -> V1Error:
    """The v1 error for a domain error a service raised."""
    if isinstance(exc, Unauthorized):
        return from_auth_error(exc)
    if isinstance(exc, Invalid):
        return invalid(exc.fields)
    if isinstance(exc, NotFound):
        return V1Error(404, "not_found", exc.message or "Not found.")
    if isinstance(exc, Forbidden):
        return V1Error(403, "forbidden", exc.message or "Forbidden.")
    if isinstance(exc, RateLimited):
        return V1Error(429, "rate_limited", exc.message, {"Retry-After": str(exc.retry_after)})
    return V1Error(400, exc.kind, exc.message or "Bad request.")


def _field_name(location: tuple[Any, ...]) -> str:
    """``("query", "page")`` -> ``page``; the body's own location reads as ``payload``."""
    parts = [str(p) for p in location[1:]] or [str(location[0]) if location else "payload"]
    return ".".join(parts)


def from_validation_error(exc: RequestValidationError) -> V1Error:
    """A bad path/query parameter as a v1 422 (FastAPI's own shape is not v1's)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors()[:20]:  # bounded: a hostile query may carry many bad fields
        fields.setdefault(_field_name(tuple(error.get("loc", ()))), []).append(
            str(error.get("msg", "invalid"))[:200]
        )
    return invalid(fields)


def render(exc: V1Error) -> JSONResponse:
    """The JSON response for a v1 error."""
    body: dict[str, Any] = {"error": exc.error, "error_description": exc.description}
    if exc.fields is not None:
        body["fields"] = exc.fields
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


class V1Route(APIRoute):
    """An APIRoute whose domain and validation errors come out in the v1 shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler so errors raised inside it are rendered here."""
        handler = super().get_route_handler()

        async def v1_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except V1Error as exc:
                return render(exc)
            except RequestValidationError as exc:
                return render(from_validation_error(exc))
            except DomainError as exc:
                return render(from_domain_error(exc))

        return v1_handler


def install(app: FastAPI) -> None:
    """Register the v1 renderer for V1Error raised in dependencies outside a V1Route."""

    @app.exception_handler(V1Error)
    async def _render(_request: Request, exc: V1Error) -> JSONResponse:
        return render(exc)
