"""Resolver bindables of the AniList v2 schema, split per domain."""

from kagami.dialects.anilist_graphql.resolvers import airing, lists, media, people, query, user

BINDABLES = [
    *query.BINDABLES,
    *media.BINDABLES,
    *people.BINDABLES,
    *user.BINDABLES,
    *lists.BINDABLES,
    *airing.BINDABLES,
]
