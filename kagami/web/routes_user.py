"""Profiles and the home page: ``/user/{name}`` (overview, favourites, statistics) and ``/``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kagami.accounts.models import User
from kagami.accounts.queries import find_user
from kagami.catalogue.enums import MediaType
from kagami.dialects.anilist_graphql.router import graphql_get
from kagami.lists import statistics
from kagami.lists.enums import MediaListStatus
from kagami.lists.queries import EntryQuery, collection
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourites_of
from kagami.social.follows import relationships
from kagami.social.queries import ActivityQuery
from kagami.web.feeds import load_feed
from kagami.web.pages import error_page, render
from kagami.web.sessions import current_user
from kagami.web.views import STATUS_WORDS, score_text, viewer_format

router = APIRouter(include_in_schema=False)

CHARTS = ("status", "format", "score", "genre")  # breakdowns drawn on the profile
FAVOURITES_SHOWN = 12
GENRES_SHOWN = 10
HOME_ENTRIES = 50


@router.get("/user/{name}", response_class=HTMLResponse)
async def profile(request: Request, name: str) -> Response:
    """Overview, favourites and statistics (one media type's charts, ``?stats=manga``)."""
    viewer = await current_user(request)
    media_type = (
        MediaType.MANGA if request.query_params.get("stats") == "manga" else MediaType.ANIME
    )
    viewer_id = viewer.id if viewer else None
    async with request.app.state.db.session() as session:
        owner = await find_user(session, None, name[:64])
        if owner is None or not owner.is_active:
            return error_page(request, "Not found", "No user has that name.", 404)
        ids = [owner.id]
        totals = {
            t: (await statistics.totals(session, ids, t, viewer_id)).get(owner.id)
            or statistics.Totals()
            for t in ("ANIME", "MANGA")
        }
        charts: dict[str, list[Any]] = {}
        for dimension in CHARTS:
            found = await statistics.breakdown(session, ids, media_type.value, dimension, viewer_id)
            buckets = found.get(owner.id, [])
            if dimension == "genre":
                buckets = statistics.rank(buckets, [("count", True)], GENRES_SHOWN)
            else:
                buckets = sorted(buckets, key=lambda b: b.sort_id)
            charts[dimension] = buckets
        favourites = {
            kind: await favourites_of(session, kind, ids, 1, FAVOURITES_SHOWN)
            for kind in FavouriteKind
        }
        following = False
        if viewer is not None and viewer.id != owner.id:
            following = (await relationships(session, viewer.id, ids))[owner.id][0]
        feed = await load_feed(session, ActivityQuery(user_ids=ids), viewer, per_page=15)
    ctx = {
        "owner": owner,
        "totals": totals,
        "charts": charts,
        "stats_type": media_type.value,
        "favourites": {
            k: (v[owner.id].rows if owner.id in v else []) for k, v in favourites.items()
        },
        "following": following,
        "feed": feed,
        "fmt": viewer_format(viewer, owner),
        "status_label": STATUS_WORDS[media_type.value].get,
        "score_label": lambda key: score_text(int(key), viewer_format(viewer, owner)),
        "plain": str,
    }
    return render(request, "profile.html", ctx)


async def _home_context(request: Request, viewer: User) -> dict[str, Any]:
    """The viewer's in-progress entries (airing first) and their following's activity."""
    watching = [MediaListStatus.CURRENT.value, MediaListStatus.REPEATING.value]
    async with request.app.state.db.session() as session:
        lists: dict[str, Any] = {}
        for media_type in ("ANIME", "MANGA"):
            q = EntryQuery(
                user_ids=[viewer.id],
                media_type=media_type,
                statuses=watching,
                sort=[("updated_time", True)],
                viewer_id=viewer.id,
            )
            found = await collection(
                session,
                viewer,
                q,
                force_single_completed=True,
                chunk=1,
                per_chunk=HOME_ENTRIES,
                with_media=True,
                media_skip=("description", "pictures"),
            )
            entries = [e for g in found.groups if not g.is_custom_list for e in g.entries]
            lists[media_type] = (entries, found.media)
        feed = await load_feed(session, ActivityQuery(following_of=viewer.id), viewer)
    anime, anime_media = lists["ANIME"]
    airing = [e for e in anime if str(anime_media[e.media_id].status) == "RELEASING"]
    others = [e for e in anime if e not in airing]
    return {
        "airing": airing,
        "anime": others,
        "anime_media": anime_media,
        "manga": lists["MANGA"][0],
        "manga_media": lists["MANGA"][1],
        "feed": feed,
    }


async def home(request: Request) -> Response:
    """Home: your airing and in-progress lists and your following's activity.

    GraphQL keeps ``/``: a request with ``?query=`` or one that does not ask for HTML
    (an app, curl) goes to the GraphQL endpoint exactly as before.
    """
    if "query" in request.query_params or "text/html" not in request.headers.get("accept", ""):
        return await graphql_get(request)
    viewer = await current_user(request)
    if viewer is None:
        return render(request, "index.html")
    return render(request, "home.html", await _home_context(request, viewer))
