"""Kagami: one anime & manga database served through the AniList and MyAnimeList APIs."""

__version__ = "0.1.0"
