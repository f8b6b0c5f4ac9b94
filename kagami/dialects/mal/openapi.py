"""The MAL sub-apps' OpenAPI documents (``/v2/openapi.json``, ``/v0.21/openapi.json``).

FastAPI builds the paths; this adds what MAL's own document declares: the two security
schemes (``main_auth`` user token, ``client_auth`` client id header) and, per operation,
which of them it accepts. Routes shadowed by an earlier one on the same path and method
(v0.21 serves its own ``GET /anime`` before v2's) are left out, so each operation is the
one that answers.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.routing import BaseRoute

SECURITY_SCHEMES: Final = {
    "main_auth": {
        "type": "oauth2",
        "description": "A user's access token: `Authorization: Bearer <token>`.",
        "flows": {
            "authorizationCode": {
                "authorizationUrl": "/v1/oauth2/authorize",
                "tokenUrl": "/v1/oauth2/token",
                "scopes": {"write:users": "See and modify the user's profile and lists."},
            }
        },
    },
    "client_auth": {
        "type": "apiKey",
        "in": "header",
        "name": "X-MAL-CLIENT-ID",
        "description": "A registered client id: public data without a user.",
    },
}
USER_ONLY: Final = [{"main_auth": ["write:users"]}]
USER_OR_CLIENT: Final = [{"main_auth": ["write:users"]}, {"client_auth": []}]


def needs_user(path: str) -> bool:
    """MAL's main_auth-only operations: ``@me``, suggestions, list writes, device tokens."""
    return "@me" in path or path.endswith("/my_list_status") or path == "/anime/suggestions"


def _answering(routes: list[BaseRoute]) -> list[RouteContext]:
    """Each (path, method) once: the first route registered, the one the router picks."""
    seen: set[tuple[str | None, str]] = set()
    kept: list[RouteContext] = []
    for context in iter_route_contexts(routes):
        keys = {(context.path_format, method) for method in context.methods or ()}
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            if keys <= seen:
                continue
            seen |= keys
        kept.append(context)
    return kept


def document(app: FastAPI) -> dict[str, Any]:
    """The sub-app's OpenAPI document with MAL's security declared per operation."""
    spec = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=_answering(app.routes),
        servers=app.servers,
    )
    spec.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for path, item in spec.get("paths", {}).items():
        for operation in item.values():
            operation["security"] = USER_ONLY if needs_user(path) else USER_OR_CLIENT
    return spec


def install(app: FastAPI) -> None:
    """Serve :func:`document` (built once) as the sub-app's ``/openapi.json``."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
