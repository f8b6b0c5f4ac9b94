"""``/healthz`` (is the process up) and ``/readyz`` (can it serve: does the database answer).

An orchestrator restarts a process whose liveness check fails, and stops routing to one
whose readiness check fails. A database outage must only do the latter: Kagami recovers
by itself once the database is back (SECURITY.md DU-5), so ``/healthz`` stays 200 and
reports the database's state in its body, while ``/readyz`` answers 503 until it is back.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.exc import SQLAlchemyError

from kagami.catalogue.service import catalogue_size
from kagami.db import Database
from kagami.http import JSONResponse
from kagami.unavailable import HEADERS

router = APIRouter()


async def _check(request: Request) -> tuple[bool, dict[str, Any]]:
    """Whether the database answers, and a body with its state and the catalogue size."""
    db: Database = request.app.state.db
    body: dict[str, Any] = {"status": "ok", "database": {"backend": db.engine.dialect.name}}
    try:
        async with db.session() as session:
            body["catalogue"] = await catalogue_size(session)
        body["database"]["status"] = "ok"
        return True, body
    except (SQLAlchemyError, OSError) as exc:
        body["status"] = "degraded"
        body["database"]["status"] = "unavailable"
        body["database"]["error"] = type(exc).__name__
        return False, body


@router.get("/healthz", include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    """200 while the process runs; the body says whether the database answers."""
    _ok, body = await _check(request)
    return JSONResponse(body)


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """200 when requests can be served; 503 with ``Retry-After`` while the database is out."""
    ok, body = await _check(request)
    return JSONResponse(body, status_code=200 if ok else 503, headers=None if ok else HEADERS)
