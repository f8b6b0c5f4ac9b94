"""Server-rendered pages: sign-up, login, account, developer clients, consent and PIN."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kagami.web.headers import install_security_headers


def install_web(app: FastAPI) -> None:
    """Mount the pages, the stylesheet and the security-header middleware."""
    from kagami.web import routes_account, routes_authorize, routes_developer, routes_transfer

    app.include_router(routes_authorize.router)
    app.include_router(routes_developer.router)
    app.include_router(routes_account.router)
    app.include_router(routes_transfer.router)  # issue #15
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    install_security_headers(app)
