"""``/healthz``: is the database reachable, and how big is the catalogue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.exc import SQLAlchemyError

from kagami.catalogue.service import catalogue_size
from kagami.db import Database
from kagami.http import JSONResponse

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    """Report database status and catalogue size; 503 when the database is unreachable."""
    db: Database = request.app.state.db
    body: dict[str, Any] = {"status": "ok", "database": {"backend": db.engine.dialect.name}}
    try:
        async with db.session() as session:
            body["catalogue"] = await catalogue_size(session)
        body["database"]["status"] = "ok"
        return JSONResponse(body)
    except (SQLAlchemyError, OSError) as exc:
        body["status"] = "error"
        body["database"]["status"] = "unavailable"
        body["database"]["error"] = type(exc).__name__
        return JSONResponse(body, status_code=503)
