"""Importers: turn external catalogues into source-neutral ``MediaRecord``s.

``bundled`` parses the catalogue shipped in ``kagami.data`` (bangumi-data + arm);
``records`` defines the record types every importer produces; ``romanise`` derives
AniList-style romaji from native titles.
"""

from kagami.importers.bundled import (
    BundledCatalogue,
    bundled_fingerprint,
    load_bundled,
    load_bundled_catalogue,
)
from kagami.importers.records import ExternalLink, FuzzyDate, MediaRecord
from kagami.importers.romanise import romanise

__all__ = [
    "BundledCatalogue",
    "ExternalLink",
    "FuzzyDate",
    "MediaRecord",
    "bundled_fingerprint",
    "load_bundled",
    "load_bundled_catalogue",
    "romanise",
]
