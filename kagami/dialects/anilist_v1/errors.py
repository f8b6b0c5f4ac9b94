"""v1 error rendering: league/oauth2-server style ``{"error", "error_description"}`` bodies."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kagami.errors import InvalidToken, Unauthorized


class V1Error(Exception):
    """An error the v1 dialect answers with its own JSON shape."""

    def __init__(
        self, status: int, error: str, description: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(description)
        self.status, self.error, self.description, self.headers = (
            status,
            error,
            description,
            headers or {},
        )


def from_auth_error(exc: Unauthorized) -> V1Error:
    """401 for a missing, bad, expired or revoked token."""
    if isinstance(exc, InvalidToken):
        header = f'Bearer error="invalid_token", error_description="{exc.message}"'
        return V1Error(401, "invalid_token", exc.message, {"WWW-Authenticate": header})
    return V1Error(401, "unauthorized", "Authentication required.", {"WWW-Authenticate": "Bearer"})


def install(app: FastAPI) -> None:
    """Register the v1 error renderer."""

    @app.exception_handler(V1Error)
    async def _render(_request: Request, exc: V1Error) -> JSONResponse:
        body = {"error": exc.error, "error_description": exc.description}
        return JSONResponse(body, status_code=exc.status, headers=exc.headers)
