"""anilist_v1 package."""
