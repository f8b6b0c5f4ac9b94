"""AniList filter arguments -> domain queries: one table-like mapping per object kind."""

from __future__ import annotations

from typing import Any

from kagami.catalogue.people import PeopleQuery
from kagami.catalogue.queries import MediaQuery
from kagami.dialects.anilist_graphql.resolvers.common import listify, sort_keys

# Range-filterable columns: AniList argument stem (snake_case) -> canonical column key.
_RANGES = {
    "start_date": "start_date",
    "end_date": "end_date",
    "episodes": "episodes",
    "duration": "duration",
    "chapters": "chapters",
    "volumes": "volumes",
    "average_score": "score",
    "popularity": "popularity",
}


def _merge(one: Any, many: Any) -> list[Any] | None:
    """``x`` and ``x_in`` together: both constrain, so an explicit list wins only if no scalar."""
    if one is not None:
        return [one]
    return listify(many)


def _all(one: Any, many: Any) -> list[Any]:
    return [v for v in [one, *(many or [])] if v is not None]


def media_query(args: dict[str, Any]) -> MediaQuery:
    """A MediaQuery from ``Page.media``/``Media`` arguments (names already snake_case)."""
    g = args.get
    ranges = {}
    for stem, key in _RANGES.items():
        bounds = (g(f"{stem}_greater"), g(f"{stem}_lesser"), g(stem), g(f"{stem}_not"))
        if any(b is not None for b in bounds):
            ranges[key] = bounds
    return MediaQuery(
        ids=_merge(g("id"), g("id_in")),
        ids_not=_all(g("id_not"), g("id_not_in")),
        id_mal=_merge(g("id_mal"), g("id_mal_in")),
        id_mal_not=_all(g("id_mal_not"), g("id_mal_not_in")),
        type=g("type"),
        formats=_merge(g("format"), g("format_in")),
        formats_not=_all(g("format_not"), g("format_not_in")),
        statuses=_merge(g("status"), g("status_in")),
        statuses_not=_all(g("status_not"), g("status_not_in")),
        sources=_merge(g("source"), g("source_in")),
        countries=_merge(g("country_of_origin"), g("country_of_origin_in")),
        countries_not=_all(None, g("country_of_origin_not_in")),
        season=g("season"),
        season_year=g("season_year"),
        is_adult=g("is_adult"),
        is_licensed=g("is_licensed"),
        genres_all=_all(g("genre"), g("genre_in")),
        genres_not=_all(None, g("genre_not_in")),
        tags_all=_all(g("tag"), g("tag_in")),
        tags_not=_all(None, g("tag_not_in")),
        tag_categories_all=_all(g("tag_category"), g("tag_category_in")),
        tag_categories_not=_all(None, g("tag_category_not_in")),
        minimum_tag_rank=g("minimum_tag_rank"),
        search=g("search") or None,
        ranges=ranges,
        date_like={
            key: str(g(f"{key}_like")) for key in ("start_date", "end_date") if g(f"{key}_like")
        },
        licensed_by=_all(g("licensed_by"), g("licensed_by_in")),
        licensed_by_ids=_all(g("licensed_by_id"), g("licensed_by_id_in")),
        sort=sort_keys(g("sort")),
    )


def people_query(args: dict[str, Any]) -> PeopleQuery:
    """A PeopleQuery from ``Character``/``Staff``/``Studio`` arguments."""
    g = args.get
    return PeopleQuery(
        ids=_merge(g("id"), g("id_in")),
        ids_not=_all(g("id_not"), g("id_not_in")),
        search=g("search") or None,
        is_birthday=g("is_birthday"),
        sort=sort_keys(g("sort")),
    )
