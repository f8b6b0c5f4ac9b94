"""Resolver bindables of the AniList v2 schema, split per domain."""

from kagami.dialects.anilist_graphql.resolvers import (
    airing,
    community,
    legacy_stats,
    lists,
    media,
    mutation,
    mutations_community,  # noqa: F401  (binds fields)
    mutations_lists,  # noqa: F401  (binds fields)
    mutations_social,  # noqa: F401  (binds fields)
    mutations_user,  # noqa: F401  (binds fields)
    notifications,
    people,
    profile,
    query,
    social,
    statistics,
    user,
    voice_roles,
)

BINDABLES = [
    *query.BINDABLES,
    *media.BINDABLES,
    *people.BINDABLES,
    *user.BINDABLES,
    *lists.BINDABLES,
    *airing.BINDABLES,
    *community.BINDABLES,
    *social.BINDABLES,
    *profile.BINDABLES,
    *notifications.BINDABLES,
    *statistics.BINDABLES,
    *legacy_stats.BINDABLES,
    *voice_roles.BINDABLES,
    *mutation.BINDABLES,
]
