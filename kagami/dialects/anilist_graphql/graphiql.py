"""The GraphiQL page served to browsers that GET the endpoint, with its assets vendored.

The scripts ship inside the package (``vendor/``) rather than loading from a CDN, so the
explorer works on self-hosted machines without internet access.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

VENDOR_DIR = Path(__file__).parent / "vendor"
ASSET_PREFIX = "/graphiql-assets"
_ASSETS = {
    "graphiql.min.css": "text/css",
    "graphiql.min.js": "text/javascript",
    "react.production.min.js": "text/javascript",
    "react-dom.production.min.js": "text/javascript",
    "graphiql-start.js": "text/javascript",
}
# GraphiQL styles elements inline and embeds its fonts as data: URLs; scripts stay 'self' only.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

GRAPHIQL_HTML = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Kagami GraphiQL</title>
  <link rel="stylesheet" href="{ASSET_PREFIX}/graphiql.min.css">
  <style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="{ASSET_PREFIX}/react.production.min.js"></script>
  <script src="{ASSET_PREFIX}/react-dom.production.min.js"></script>
  <script src="{ASSET_PREFIX}/graphiql.min.js"></script>
  <script src="{ASSET_PREFIX}/graphiql-start.js"></script>
</body>
</html>
"""

assets_router = APIRouter(include_in_schema=False)


@assets_router.get(ASSET_PREFIX + "/{name}")
async def graphiql_asset(name: str) -> Response:
    """Serve one vendored GraphiQL file; anything not on the list is 404."""
    media_type = _ASSETS.get(name)
    if media_type is None:
        return Response(status_code=404)
    return FileResponse(
        VENDOR_DIR / name,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=86400"},
    )
