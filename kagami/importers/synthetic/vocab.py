"""Fixed vocabularies: AniList's genres, a selection of its tags, v1's forum categories."""

from __future__ import annotations

GENRES = (
    "Action", "Adventure", "Comedy", "Drama", "Ecchi", "Fantasy", "Horror", "Mahou Shoujo",
    "Mecha", "Music", "Mystery", "Psychological", "Romance", "Sci-Fi", "Slice of Life",
    "Sports", "Supernatural", "Thriller",
)  # fmt: skip

# (name, category) as AniList categorises them.
TAGS = (
    ("Isekai", "Theme-Fantasy"), ("Magic", "Theme-Fantasy"), ("Demons", "Cast-Traits"),
    ("Time Skip", "Setting-Time"), ("Historical", "Setting-Time"),
    ("Female Protagonist", "Cast-Main Cast"), ("Male Protagonist", "Cast-Main Cast"),
    ("Ensemble Cast", "Cast-Main Cast"), ("Anti-Hero", "Cast-Main Cast"),
    ("Primarily Teen Cast", "Cast-Main Cast"), ("Primarily Adult Cast", "Cast-Main Cast"),
    ("School", "Setting-Scene"), ("Urban", "Setting-Scene"), ("Rural", "Setting-Scene"),
    ("Work", "Setting-Scene"), ("Space", "Setting-Universe"),
    ("Post-Apocalyptic", "Setting-Universe"), ("Dystopian", "Setting-Universe"),
    ("Shounen", "Demographic"), ("Seinen", "Demographic"), ("Shoujo", "Demographic"),
    ("Josei", "Demographic"), ("Iyashikei", "Theme-Slice of Life"),
    ("Cute Girls Doing Cute Things", "Theme-Slice of Life"), ("Food", "Theme-Slice of Life"),
    ("Coming of Age", "Theme-Drama"), ("Tragedy", "Theme-Drama"), ("Revenge", "Theme-Drama"),
    ("Swordplay", "Theme-Action"), ("Super Power", "Theme-Action"),
    ("Martial Arts", "Theme-Action"), ("Love Triangle", "Theme-Romance"),
    ("Robots", "Cast-Traits"), ("Military", "Theme-Other"), ("Politics", "Theme-Other"),
    ("Detective", "Theme-Other"), ("Found Family", "Theme-Other"), ("Idol", "Theme-Other"),
    ("Episodic", "Technical"), ("4-koma", "Technical"), ("Full Color", "Technical"),
)  # fmt: skip

# AniList v1's forum categories, with their ids.
FORUM_CATEGORIES = (
    (1, "Anime"), (2, "Manga"), (3, "Light Novels"), (4, "Visual Novels"),
    (5, "Release Discussion"), (7, "General"), (8, "News"), (9, "Music"), (10, "Gaming"),
    (11, "Site Feedback"), (12, "Bug Reports"), (13, "Site Announcements"),
    (14, "List Customisation"), (15, "Recommendations"), (16, "Forum Games"), (17, "Misc"),
    (18, "AniList Apps"),
)  # fmt: skip

PROFILE_COLOURS = ("blue", "purple", "pink", "orange", "red", "green", "gray")
TIMEZONES = (
    "Asia/Tokyo", "Europe/London", "America/New_York", "America/Los_Angeles", "Europe/Berlin",
    "Australia/Sydney", "America/Sao_Paulo", "Asia/Manila", None,
)  # fmt: skip
CUSTOM_LIST_NAMES = (
    "Favourites", "Rewatch", "Comfy", "Seasonal", "Classics", "Guilty Pleasures", "Owned",
    "Read on Sundays", "Recommended by Friends", "Top Tier",
)  # fmt: skip
ADVANCED_SECTIONS = ("Story", "Characters", "Visuals", "Audio", "Enjoyment")
LIST_NOTES = (
    "Rewatch with friends.", "Dub is great too.", "Best arc so far.", "Need to catch up.",
    "Paused until the next season.", "Recommended by a friend.", "Read the light novels first.",
)  # fmt: skip

# External sites (ExternalLinkSourceCollection): (site, url, type, media type, language, colour).
EXTERNAL_SITES = (
    ("Official Site", None, "INFO", None, None, None),
    ("Crunchyroll", "https://www.crunchyroll.com", "STREAMING", "ANIME", None, "#F88215"),
    ("Netflix", "https://www.netflix.com", "STREAMING", "ANIME", None, "#E50914"),
    ("HIDIVE", "https://www.hidive.com", "STREAMING", "ANIME", "English", "#00AEEF"),
    ("Manga Plus", "https://mangaplus.shueisha.co.jp", "STREAMING", "MANGA", None, "#E40012"),
    ("BookWalker", "https://bookwalker.jp", "STREAMING", "MANGA", "Japanese", "#2B5EAD"),
    ("Twitter", "https://twitter.com", "SOCIAL", None, None, "#1DA1F2"),
    ("YouTube", "https://www.youtube.com", "SOCIAL", "STAFF", None, "#FF0000"),
)  # fmt: skip
