"""anilist_graphql package."""
