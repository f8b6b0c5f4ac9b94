"""The account page's import upload and export downloads, over real HTTP."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import httpx
import sqlalchemy as sa

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.lists.models import ListEntry
from tests.auth_support import csrf_of, register
from tests.transfer.conftest import make_catalogue
from tests.transfer.mal_files import anime, document
from tests.transfer.test_bad_input import BILLION_LAUGHS


async def _upload(
    http: httpx.AsyncClient, name: str, data: bytes, *, token: str | None = None, **extra: str
) -> httpx.Response:
    if token is None:
        token = csrf_of((await http.get("/account")).text)
    return await http.post(
        "/account/import",
        data={"csrf_token": token, **extra},
        files={"file": (name, data, "application/octet-stream")},
    )


async def _entry_count(database: Database) -> int:
    async with database.session() as session:
        return await session.scalar(sa.select(sa.func.count()).select_from(ListEntry)) or 0


async def test_the_account_page_offers_downloads_and_an_upload(
    app_client: httpx.AsyncClient,
) -> None:
    await register(app_client)
    page = (await app_client.get("/account")).text
    assert 'action="/account/import"' in page and 'enctype="multipart/form-data"' in page
    assert "/account/export/animelist.xml" in page and "/account/export/kagami.json" in page


async def test_uploading_a_mal_export_imports_it_and_lists_unknown_ids(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await make_catalogue(database)
    await register(app_client)
    xml = document(anime(1, my_status="Completed", my_score="8"), anime(31337)).encode()

    page = await _upload(app_client, "animelist.xml", xml)

    assert page.status_code == 200, page.text
    assert "2 entries read: 1 added" in page.text
    assert "anime 31337 (Anime 31337): not in this catalogue" in page.text
    assert await _entry_count(database) == 1


async def test_an_upload_without_its_csrf_token_is_refused(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await make_catalogue(database)
    await register(app_client)
    page = await _upload(app_client, "a.xml", document(anime(1)).encode(), token="forged")
    assert page.status_code == 403
    assert await _entry_count(database) == 0


async def test_hostile_or_foreign_files_get_an_error_page_and_write_nothing(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await make_catalogue(database)
    await register(app_client)
    for name, data, reason in [
        ("bomb.xml", BILLION_LAUGHS.encode(), "DTD or entities"),
        ("cut.xml", document(anime(1))[:-25].encode(), "truncated or not XML"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "Not a MyAnimeList export"),
        ("x.json", b'{"entries": []}', "Not a valid Kagami JSON export"),
    ]:
        page = await _upload(app_client, name, data)
        assert page.status_code == 400, name
        assert "Import failed" in page.text and reason in page.text, name
    assert await _entry_count(database) == 0


async def test_downloads_re_import_into_another_account(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await make_catalogue(database)
    await register(app_client, "alice")
    await _upload(app_client, "a.xml", document(anime(1, my_score="9"), anime(6)).encode())

    xml = await app_client.get("/account/export/animelist.xml")
    backup = await app_client.get("/account/export/kagami.json")

    assert xml.status_code == 200 and "attachment" in xml.headers["content-disposition"]
    root = ElementTree.fromstring(xml.content)
    assert [e.findtext("series_animedb_id") for e in root.iter("anime")] == ["1", "6"]
    assert backup.status_code == 200 and len(json.loads(backup.content)["entries"]) == 2
    assert (await app_client.get("/account/export/otherlist.xml")).status_code == 404

    app_client.cookies.clear()
    await register(app_client, "bob")
    page = await _upload(app_client, "kagami_alice.json", backup.content)
    assert page.status_code == 200 and "entries: 2 created" in page.text
    mine = await app_client.get("/account/export/kagami.json")
    assert mine.content == backup.content


async def test_downloads_need_a_session(app_client: httpx.AsyncClient) -> None:
    answer = await app_client.get("/account/export/kagami.json")
    assert answer.status_code == 302 and answer.headers["location"].startswith("/login")


async def test_an_upload_over_its_own_limit_is_refused_with_413(
    auth_settings: Settings, database: Database
) -> None:
    app = create_app(auth_settings.model_copy(update={"max_import_upload_bytes": 2048}), database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answer = await http.post("/account/import", content=b"x" * 4096)
    assert answer.status_code == 413
