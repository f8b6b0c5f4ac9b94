"""Dev-mode routes for test harnesses: reset to (or save) a named snapshot over HTTP.

Mounted only with ``KAGAMI_DEV_MODE=true``, and even then refused unless the server binds a
loopback address and the request comes from one, not through a proxy: a reset wipes every
change since the snapshot.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request

from kagami.http import JSONResponse
from kagami.oauth.clients import is_loopback
from kagami.snapshots import SnapshotError, restore_snapshot, save_snapshot

router = APIRouter(include_in_schema=False)
DEFAULT_SNAPSHOT = "default"


def _refusal(request: Request) -> JSONResponse | None:
    """403 unless both the bind address and the caller are loopback."""
    settings = request.app.state.settings
    caller = request.client.host if request.client else None
    # A proxy on the same host makes every caller look local: refuse what it forwarded.
    forwarded = any(h in request.headers for h in ("forwarded", "x-forwarded-for"))
    if is_loopback(settings.host) and is_loopback(caller) and not forwarded:
        return None
    return JSONResponse(
        {"error": "forbidden", "message": "Dev-mode routes answer only on a loopback bind."},
        status_code=403,
    )


@router.post("/_kagami/reset")
async def reset(request: Request, snapshot: str = DEFAULT_SNAPSHOT) -> JSONResponse:
    """Restore snapshot ``snapshot`` (default ``default``) and forget in-memory lock-outs."""
    refused = _refusal(request)
    if refused is not None:
        return refused
    from kagami.oauth.setup import install_auth_state

    settings = request.app.state.settings
    started = time.perf_counter()
    try:
        await restore_snapshot(settings, snapshot)
    except SnapshotError as exc:
        return JSONResponse({"error": "not_found", "message": str(exc)}, status_code=404)
    if not settings.is_sqlite:
        await request.app.state.db.engine.dispose()  # its connections were ended by the restore
    install_auth_state(request.app, settings)  # fresh login and token throttles
    elapsed = round(time.perf_counter() - started, 3)
    return JSONResponse({"restored": snapshot, "seconds": elapsed})


@router.post("/_kagami/snapshot")
async def snapshot(request: Request, name: str = DEFAULT_SNAPSHOT) -> JSONResponse:
    """Save the current data as snapshot ``name`` (what a later reset returns to)."""
    refused = _refusal(request)
    if refused is not None:
        return refused
    try:
        await save_snapshot(request.app.state.settings, name)
    except SnapshotError as exc:
        return JSONResponse({"error": "invalid", "message": str(exc)}, status_code=400)
    return JSONResponse({"saved": name})
