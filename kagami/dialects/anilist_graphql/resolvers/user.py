"""User, its avatar and options, and the ``User`` root."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.accounts.queries import find_user
from kagami.catalogue.search_terms import normalise_query
from kagami.dialects.anilist_graphql.markdown import text_field
from kagami.dialects.anilist_graphql.resolvers.common import ctx, image, load, site_url
from kagami.errors import NotFound
from kagami.lists import queries as list_queries

user = ObjectType("User")
avatar = ObjectType("UserAvatar")
user_options = ObjectType("UserOptions")
list_options = ObjectType("MediaListOptions")
type_options = ObjectType("MediaListTypeOptions")
query = ObjectType("Query")


@user.field("about")
def _about(obj: User, _info: GraphQLResolveInfo, as_html: bool | None = None) -> str | None:
    return text_field(obj.about, as_html)


@user.field("avatar")
@user.field("mediaListOptions")
def _self(obj: User, _info: GraphQLResolveInfo) -> User:
    return obj


# What AniList shows of another user's options: the title language, adult-content flag and
# profile colour (a profile page uses them). Settings and notification choices are the
# user's own (the schema marks timezone "Auth user only"), so for anyone else they are null.
_PUBLIC_OPTIONS = frozenset({"title_language", "display_adult_content", "profile_color"})


class _OthersOptions:
    """Another user's ``UserOptions``: the public fields, every other field null."""

    __slots__ = ("_user",)

    def __init__(self, user: User) -> None:
        self._user = user

    def __getattr__(self, name: str) -> Any:
        return getattr(self._user, name) if name in _PUBLIC_OPTIONS else None


@user.field("options")
def _options(obj: User, info: GraphQLResolveInfo) -> User | _OthersOptions:
    viewer = ctx(info).viewer
    return obj if viewer is not None and viewer.user_id == obj.id else _OthersOptions(obj)


@user.field("bannerImage")
def _banner(obj: User, info: GraphQLResolveInfo) -> str:
    return image(info, obj.banner_image, "user", obj.id, "banner")


@user.field("siteUrl")
def _site_url(obj: User, info: GraphQLResolveInfo) -> str:
    return site_url(info, "user", obj.name)  # type: ignore[arg-type]


@avatar.field("large")
def _avatar_large(obj: User, info: GraphQLResolveInfo) -> str:
    return image(info, obj.avatar_large, "user", obj.id, "large")


@avatar.field("medium")
def _avatar_medium(obj: User, info: GraphQLResolveInfo) -> str:
    return image(info, obj.avatar_medium or obj.avatar_large, "user", obj.id, "medium")


@user_options.field("notificationOptions")
def _notification_options(
    obj: User | _OthersOptions, _info: GraphQLResolveInfo
) -> list[dict[str, Any]] | None:
    if isinstance(obj, _OthersOptions):
        return None
    return [{"type": t, "enabled": bool(v)} for t, v in (obj.notification_options or {}).items()]


@user_options.field("disabledListActivity")
def _disabled_list_activity(
    obj: User | _OthersOptions, _info: GraphQLResolveInfo
) -> list[dict[str, Any]] | None:
    if isinstance(obj, _OthersOptions):
        return None
    return [{"type": t, "disabled": bool(v)} for t, v in (obj.disabled_list_activity or {}).items()]


@list_options.field("animeList")
@list_options.field("mangaList")
async def _type_options(obj: User, info: GraphQLResolveInfo) -> dict[str, Any]:
    media_type = "ANIME" if info.field_name == "animeList" else "MANGA"
    rows = await load(info, "user.listOptions", obj.id, _options_batch)
    found = (rows or {}).get(media_type)
    if found is None:
        return {
            "section_order": [],
            "split_completed_section_by_format": False,
            "custom_lists": [],
            "advanced_scoring": [],
            "advanced_scoring_enabled": False,
        }
    return found


async def _options_batch(session: Any, ids: Any) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for (user_id, media_type), o in (await list_queries.list_options(session, ids)).items():
        out.setdefault(user_id, {})[media_type] = o
    return out


@list_options.field("useLegacyLists")
@list_options.field("sharedThemeEnabled")
def _legacy(_obj: User, _info: GraphQLResolveInfo) -> bool:
    return False


@query.field("User")
async def resolve_user(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    name: str | None = None,
    search: str | None = None,
    **_: Any,
) -> User:
    """User by id or name (``search``, normalised as every search is, matches a name exactly)."""
    found = await ctx(info).call(find_user, id, name or normalise_query(search))
    if found is None:
        raise NotFound()
    return found


BINDABLES = [user, avatar, user_options, list_options, type_options, query]
