"""Server-rendered pages: the site for people (lists, media, profiles, activity) and accounts."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import Route

from kagami.web.headers import install_security_headers


def install_web(app: FastAPI) -> None:
    """Mount the pages, the stylesheet and the security-header middleware."""
    from kagami.web import (
        routes_account,
        routes_authorize,
        routes_developer,
        routes_lists,
        routes_media,
        routes_people,
        routes_settings,
        routes_social,
        routes_transfer,
        routes_user,
    )

    # ``GET /`` is the home page for browsers and stays GraphQL for everyone else, so the
    # page goes in front of the GraphQL route it hands those requests to.
    app.router.routes.insert(0, Route("/", routes_user.home, methods=["GET"]))
    for module in (
        routes_authorize,
        routes_developer,
        routes_account,
        routes_media,
        routes_people,
        routes_lists,
        routes_user,
        routes_social,
        routes_settings,
        routes_transfer,  # issue #15
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    install_security_headers(app)
