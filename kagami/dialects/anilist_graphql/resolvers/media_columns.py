"""Which ``media`` columns each GraphQL ``Media`` field reads.

A 5,000-entry MediaListCollection joins every entry's media row; reading all ~70
columns when the query shows a title and a cover is most of the statement's cost. The
collection therefore selects only the columns of the Media fields its query names.
Fields the schema resolves by default read the column of their own (snake_case) name;
the others are listed here. A field this module cannot place makes the caller read
every column, so a new resolver is never handed a row without what it needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo

from kagami.catalogue.queries import MEDIA_COLUMN_KEYS
from kagami.dialects.anilist_graphql.fastpath import default_attribute
from kagami.dialects.anilist_graphql.resolvers.common import field_names_below

_TITLES = ("title_romaji", "title_english", "title_native")
_COVERS = ("cover_extra_large", "cover_large", "cover_medium", "cover_color")

# Fields with their own resolvers that read columns.
READS: dict[str, tuple[str, ...]] = {
    "title": _TITLES,
    "coverImage": _COVERS,
    "bannerImage": ("banner_image",),
    "startDate": ("start_year", "start_month", "start_day"),
    "endDate": ("end_year", "end_month", "end_day"),
    "description": ("description",),
    "trailer": ("trailer_id", "trailer_site", "trailer_thumbnail"),
    "siteUrl": ("type",),
}
# Fields resolved through loaders or the viewer's data, keyed by the media id alone.
BY_ID = frozenset(
    {
        "isFavourite",
        "mediaListEntry",
        "genres",
        "tags",
        "externalLinks",
        "relations",
        "nextAiringEpisode",
        "airingSchedule",
        "streamingEpisodes",
        "rankings",
        "trends",
        "characters",
        "staff",
        "studios",
        "reviews",
        "recommendations",
        "stats",
    }
)
ALWAYS = ("id", "type")
COLUMNS = MEDIA_COLUMN_KEYS


def columns_for(media_type: GraphQLObjectType, names: Iterable[str]) -> set[str] | None:
    """The media columns the Media fields among ``names`` read; None when one is unknown.

    ``names`` may hold names of other types' fields too (a conservative superset of
    what the query selects): they only widen the result.
    """
    needed = set(ALWAYS)
    for name in names:
        field = media_type.fields.get(name)
        if field is None or name in BY_ID:
            continue
        if name in READS:
            needed.update(READS[name])
            continue
        attribute = default_attribute(field, name)
        if attribute is None:
            return None  # a resolver this module does not know: read everything
        if attribute in COLUMNS:
            needed.add(attribute)
    return needed


# Field nodes (of cached documents) -> the columns their selection reads; identity-checked.
_BY_NODES: dict[tuple[int, ...], tuple[tuple[Any, ...], frozenset[str] | None]] = {}
_MAX_NODES = 2048


def columns_below(info: GraphQLResolveInfo) -> frozenset[str] | None:
    """The media columns the current field's selection can read (None: all of them).

    Remembered per field node: documents come from the document cache, so a recurring
    query walks its selection once.
    """
    nodes = tuple(info.field_nodes)
    key = tuple(map(id, nodes))
    hit = _BY_NODES.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], nodes, strict=True)):
        return hit[1]
    media_type = info.schema.type_map["Media"]
    assert isinstance(media_type, GraphQLObjectType)
    found = columns_for(media_type, field_names_below(info))
    columns = frozenset(found) if found is not None else None
    if len(_BY_NODES) >= _MAX_NODES:
        _BY_NODES.clear()
    _BY_NODES[key] = (nodes, columns)
    return columns
