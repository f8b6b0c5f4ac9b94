"""MAL error rendering: ``{"error": ..., "message": ...}`` with MAL's HTTP status codes."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

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
