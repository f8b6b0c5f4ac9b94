"""HTTP helpers shared by every dialect: fast JSON responses."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONResponse(Response):
    """JSON via orjson: several times faster than the stdlib for large list payloads."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        """Serialise ``content``; int dict keys are allowed (AniList's Json scalar uses them)."""
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
