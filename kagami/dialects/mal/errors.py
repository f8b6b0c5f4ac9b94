"""MAL error rendering: ``{"error": ..., "message": ...}`` with MAL's HTTP status codes."""

from __future__ import annotations

import inspect
from typing import Final

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from kagami.errors import InvalidToken, Unauthorized


class MalError(Exception):
    """An error the MAL dialect answers in its own JSON shape."""

    def __init__(
        self, status: int, error: str, message: str = "", headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.headers = status, error, message, headers or {}


def from_auth_error(exc: Unauthorized) -> MalError:
    """401 ``invalid_token`` with a ``WWW-Authenticate`` header, as MAL answers."""
    description = exc.message if isinstance(exc, InvalidToken) else "Authentication required."
    header = f'Bearer error="invalid_token", error_description="{description}"'
    return MalError(401, "invalid_token", description, {"WWW-Authenticate": header})


def install(app: FastAPI) -> None:
    """Register the MAL error renderer."""

    @app.exception_handler(MalError)
    async def _render(_request: Request, exc: MalError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.error, "message": exc.message},
            status_code=exc.status,
            headers=exc.headers,
        )


PREFIXES: Final = ("/v2/", "/v0.21/")
_ROUTING_CODES: Final = {401: "invalid_token", 403: "forbidden", 404: "not_found"}


def install_unmatched(app: FastAPI) -> None:
    """MAL's error object for a MAL path no mount matched (``/v2/users/%0A/animelist``:
    a mount's pattern stops at a newline); other paths keep the handler installed before."""
    previous = app.exception_handlers[HTTPException]

    async def _unmatched(request: Request, exc: Exception) -> Response:
        if not request.url.path.startswith(PREFIXES):
            response = previous(request, exc)
            return await response if inspect.isawaitable(response) else response
        assert isinstance(exc, HTTPException)
        code = _ROUTING_CODES.get(exc.status_code, "bad_request")
        return JSONResponse(
            {"error": code, "message": ""}, status_code=exc.status_code, headers=exc.headers
        )

    app.add_exception_handler(HTTPException, _unmatched)
