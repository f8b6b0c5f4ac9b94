"""Media pages at AniList's paths: ``/anime/{id}``, ``/manga/{id}``, ``/search/anime|manga``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kagami.accounts.models import User
from kagami.catalogue import connections
from kagami.catalogue.enums import MediaFormat, MediaSeason, MediaStatus, MediaType
from kagami.catalogue.models import Media
from kagami.catalogue.queries import MediaQuery, find_media, genre_collection
from kagami.catalogue.stats import media_stats
from kagami.lists.queries import custom_list_names, entries_for_media, list_options
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourite_ids
from kagami.web.pages import error_page, render
from kagami.web.sessions import current_user
from kagami.web.views import media_type_of, number

router = APIRouter(include_in_schema=False)

PER_PAGE = 30
PEOPLE_SHOWN = 12
MAX_SEARCH = 200
MAX_GENRES = 10
# Site sort names -> canonical (key, descending), AniList's own search sorts.
SORTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "popularity": (("popularity", True),),
    "score": (("score", True),),
    "trending": (("trending", True),),
    "favourites": (("favourites", True),),
    "newest": (("start_date", True),),
    "title": (("title_romaji", False),),
}
FORMATS = {
    MediaType.ANIME: [f.value for f in MediaFormat][:7],
    MediaType.MANGA: [f.value for f in MediaFormat][7:],
}


async def media_page_context(
    request: Request, media_type: MediaType, ident: int, viewer: User | None
) -> dict[str, Any] | None:
    """Everything the media page shows, in a fixed number of statements (None: no such media)."""
    async with request.app.state.db.session() as session:
        media = await session.get(Media, ident)
        if media is None or media.type != media_type:
            return None
        ids = [media.id]
        genres = (await connections.genres(session, ids)).get(media.id, [])
        characters = await connections.character_edges(
            session, ids, role=None, sort=(), page=1, per_page=PEOPLE_SHOWN
        )
        staff = await connections.staff_edges(session, ids, sort=(), page=1, per_page=PEOPLE_SHOWN)
        studios = await connections.studio_edges(session, ids, is_main=None, sort=())
        relations = (await connections.relations(session, ids)).get(media.id, [])
        stats = (await media_stats(session, ids)).get(media.id)
        entry = options = None
        favourite = False
        if viewer is not None:
            entry = (await entries_for_media(session, viewer.id, ids)).get(media.id)
            options = (await list_options(session, [viewer.id])).get((viewer.id, media_type.value))
            kind = FavouriteKind(media_type.value)
            favourite = media.id in await favourite_ids(session, viewer.id, kind, ids)
        on_lists: list[str] = []
        if entry is not None:
            on_lists = (await custom_list_names(session, [entry.id])).get(entry.id, [])
    return {
        "media": media,
        "genres": genres,
        "characters": characters.get(media.id),
        "staff": staff.get(media.id),
        "studios": studios.get(media.id),
        "relations": relations,
        "stats": stats,
        "entry": entry,
        "entry_lists": on_lists,
        "options": options,
        "favourite": favourite,
        "kind": media_type.value.lower(),
    }


async def _media_page(request: Request, media_type: MediaType, ident: str) -> Response:
    """A media's page: details, characters, staff, relations, statistics and your entry."""
    viewer = await current_user(request)
    found = number(ident)
    ctx = None if found is None else await media_page_context(request, media_type, found, viewer)
    if ctx is None:
        word = media_type.value.lower()
        return error_page(request, "Not found", f"No {word} has that id.", 404)
    return render(request, "media.html", ctx)


@router.get("/anime/{ident}", response_class=HTMLResponse)
@router.get("/anime/{ident}/{slug}", response_class=HTMLResponse)
async def anime_page(request: Request, ident: str, slug: str = "") -> Response:
    """``/anime/{id}`` (AniList's trailing title slug is accepted and ignored)."""
    return await _media_page(request, MediaType.ANIME, ident)


@router.get("/manga/{ident}", response_class=HTMLResponse)
@router.get("/manga/{ident}/{slug}", response_class=HTMLResponse)
async def manga_page(request: Request, ident: str, slug: str = "") -> Response:
    """``/manga/{id}`` (AniList's trailing title slug is accepted and ignored)."""
    return await _media_page(request, MediaType.MANGA, ident)


def _choice(value: str | None, allowed: list[str]) -> str | None:
    return value if value in allowed else None


def search_query(media_type: MediaType, params: Any, viewer: User | None) -> MediaQuery:
    """The search form's fields as the catalogue query ``Page.media`` runs (bad values ignored)."""
    year = number(params.get("year"), max_digits=4)
    genres = [g for g in params.getlist("genre") if 0 < len(g) <= 64][:MAX_GENRES]
    fmt = _choice(params.get("format"), FORMATS[media_type])
    status = _choice(params.get("status"), [s.value for s in MediaStatus])
    sort = SORTS.get(params.get("sort") or "", ())
    search = (params.get("search") or "").strip()[:MAX_SEARCH] or None
    if not sort:
        sort = (("search_match", True), ("popularity", True)) if search else SORTS["popularity"]
    return MediaQuery(
        type=media_type.value,
        search=search,
        genres_all=genres,
        season_year=year if year and media_type == MediaType.ANIME else None,
        date_like={"start_date": f"{year}%"} if year and media_type == MediaType.MANGA else {},
        season=_choice(params.get("season"), [s.value for s in MediaSeason]),
        formats=[fmt] if fmt else None,
        statuses=[status] if status else None,
        sort=sort,
        is_adult=None if viewer is not None and viewer.display_adult_content else False,
    )


@router.get("/search/{kind}", response_class=HTMLResponse)
async def search(request: Request, kind: str) -> Response:
    """Browse and search the catalogue with ``Page.media``'s filters."""
    media_type = media_type_of(kind)
    viewer = await current_user(request)
    if media_type is None:
        return error_page(request, "Not found", "Search anime or manga.", 404)
    params = request.query_params
    q = search_query(media_type, params, viewer)
    page = number(params.get("page"), max_digits=4) or 1
    async with request.app.state.db.session() as session:
        result = await find_media(session, q, max(1, page), PER_PAGE)
        genres = await genre_collection(session)
        entries = {}
        if viewer is not None and result.items:
            entries = await entries_for_media(session, viewer.id, [m.id for m in result.items])
    base = [(k, v) for k, v in params.multi_items() if k != "page"]
    ctx = {
        "kind": kind,
        "media_type": media_type.value,
        "result": result,
        "entries": entries,
        "genres": genres,
        "formats": FORMATS[media_type],
        "statuses": [s.value for s in MediaStatus],
        "seasons": [s.value for s in MediaSeason],
        "sorts": list(SORTS),
        "params": params,
        "chosen_genres": set(params.getlist("genre")),
        "page_link": lambda n: "?" + urlencode([*base, ("page", str(n))]),
    }
    return render(request, "search.html", ctx)
