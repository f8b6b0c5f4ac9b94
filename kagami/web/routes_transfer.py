"""The account page's import upload and export downloads (issue #15)."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile

from kagami.catalogue.enums import MediaType
from kagami.transfer.errors import TransferError
from kagami.transfer.files import sniff
from kagami.transfer.json_import import import_json
from kagami.transfer.kagami_json import export_json_text
from kagami.transfer.mal_import import import_mal_xml
from kagami.transfer.mal_xml_write import mal_xml_chunks
from kagami.web.forms import posted_form, require_user
from kagami.web.pages import NO_STORE, error_page, render

router = APIRouter(include_in_schema=False)
LISTED = 500  # lines of "not imported" shown on the page
XML_GROWTH = 8  # decompressed XML allowed per uploaded byte


def _save(source: IO[bytes], folder: str) -> Path:
    path = Path(folder) / "upload"
    with path.open("wb") as out:
        shutil.copyfileobj(source, out)
    return path


def _download(body: AsyncIterator[bytes], filename: str, media_type: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE}
    return StreamingResponse(body, media_type=media_type, headers=headers)


@router.get("/account/export/{kind}.xml")
async def export_mal_xml(request: Request, kind: str) -> Response:
    """The user's anime or manga list as MyAnimeList's export, streamed."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    media_type = {"animelist": MediaType.ANIME, "mangalist": MediaType.MANGA}.get(kind)
    if media_type is None:
        return error_page(request, "Not found", "There is no such export.", 404)
    db = request.app.state.db
    user_id, name = user.id, user.name

    async def body() -> AsyncIterator[bytes]:
        async with db.session() as session:
            async for chunk in mal_xml_chunks(session, user_id, name, media_type):
                yield chunk.encode("utf-8")

    filename = f"{kind}_{int(time.time())}_{user_id}.xml"  # MAL's own naming
    return _download(body(), filename, "application/xml")


@router.get("/account/export/kagami.json")
async def export_kagami_json(request: Request) -> Response:
    """Everything of the user's as Kagami JSON."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    async with request.app.state.db.session() as session:
        text = await export_json_text(session, user.id)

    async def body() -> AsyncIterator[bytes]:
        yield text.encode("utf-8")

    return _download(body(), f"kagami_{user.name}.json", "application/json")


@router.post("/account/import", response_class=HTMLResponse)
async def import_upload(request: Request) -> Response:
    """Import an uploaded MAL export or Kagami JSON export into the user's list."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    form, refused = await posted_form(request)
    if refused:
        return refused
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return error_page(request, "Import failed", "Choose a file to import.", 400)
    settings = request.app.state.settings
    database = request.app.state.db
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = await asyncio.to_thread(_save, upload.file, folder)
            kind = await asyncio.to_thread(sniff, path)
            if kind == "json":
                report: Any = await import_json(database, path, user.name)
                summary, lines, count = report.summary(), report.problems, report.problem_count
            else:
                report = await import_mal_xml(
                    database,
                    path,
                    user.name,
                    overwrite=form.get("overwrite") == "1",
                    max_bytes=settings.max_import_upload_bytes * XML_GROWTH,
                )
                summary = (
                    f"{report.total} entries read: {report.created} added, {report.updated} "
                    f"updated, {report.unchanged} unchanged, {report.kept} kept as they were."
                )
                lines = [
                    f"{u.media_type.value.lower()} {u.mal_id} ({u.title}): not in this catalogue"
                    for u in report.unknown
                ] + [f"entry {p.position} (id {p.mal_id}): {p.message}" for p in report.invalid]
                count = report.unknown_count + report.invalid_count
    except TransferError as exc:
        return error_page(request, "Import failed", exc.message, 400)
    ctx = {"summary": summary, "not_imported": lines[:LISTED], "not_imported_count": count}
    return render(request, "transfer_result.html", ctx)
