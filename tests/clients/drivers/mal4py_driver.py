"""mal4py: its v2 URL is the module constant ``_basic._api_url``; the driver sets it.

An account is made the library's way (``Auth(client_id).load_token(MalToken(...))``); its
requests carry both the client id and, with a token, the Bearer header.
"""

from __future__ import annotations

from typing import Any

import mal4py
import mal4py._basic
from _protocol import run


def _account(request: dict[str, Any]) -> Any:
    mal4py._basic._api_url = request["base_url"] + "/v2/"  # the only change: the base URL
    token = request.get("token")
    auth = mal4py.Auth(request["client_id"])
    return auth.load_token(mal4py.MalToken("Bearer", token, "", None) if token else None)


def _checked(result: Any) -> Any:
    if isinstance(result, mal4py.ErrorSearch):  # the library returns errors, never raises
        raise SystemExit(f"mal4py got an error answer: {result.__dict__}")
    return result


def anime(request: dict[str, Any]) -> dict[str, Any]:
    """Read one anime by MAL id with a few detail fields (client id only)."""
    found = _checked(_account(request).anime.get_details(request["id"], "id,title,media_type"))
    return {"id": found.id, "title": found.title, "media_type": found.media_type}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title (client id only)."""
    found = _checked(_account(request).anime.get_list(request["search"], limit=10))
    return {"ids": [item.id for item in found]}


def animelist(request: dict[str, Any]) -> dict[str, Any]:
    """The token holder's anime list (``@me``), list_status merged into each item."""
    found = _checked(_account(request).user.get_animelist())
    keep = ("id", "status", "score", "num_episodes_watched")
    return {"entries": [{key: getattr(item, key) for key in keep} for item in found]}


def update(request: dict[str, Any]) -> dict[str, Any]:
    """PATCH my_list_status with a form body; the answer is the resulting list status."""
    body = {
        "status": request["status"],
        "score": request["score"],
        "num_watched_episodes": request["episodes"],
    }
    found = _checked(_account(request).user.update_animelist_status(request["id"], body))
    return {key: getattr(found, key) for key in ("status", "score", "num_episodes_watched")}


run({"anime": anime, "search": search, "list": animelist, "update": update})
