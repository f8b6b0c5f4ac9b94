"""The client libraries under test, pinned (the library first, then pins its driver relies on)."""

from __future__ import annotations

from tests.clients.venvs import ClientLibrary

PYANILIST = ClientLibrary("pyanilist", ("pyanilist==0.9.0",), "pyanilist_driver.py")
ANISEARCH = ClientLibrary("Anisearch", ("Anisearch==3.0.0",), "anisearch_driver.py")
PYTHON_ANILIST = ClientLibrary(
    "python-anilist", ("python-anilist==1.0.9",), "python_anilist_driver.py"
)
ANILIST_WRAPPER = ClientLibrary(
    "anilist-wrapper", ("anilist-wrapper==1.1.4",), "anilist_wrapper_driver.py"
)
# gql validates every query against the schema it builds from Kagami's introspection:
# 3.5 with graphql-core 3.2, and 4.4 with graphql-core 3.3 (which check directives differently).
GQL = ClientLibrary(
    "gql",
    ("gql==3.5.3", "graphql-core==3.2.6", "requests==2.32.3", "requests-toolbelt==1.0.0"),
    "gql_driver.py",
)

# Pins flask/gevent too: alfetcher imports them for its OAuth helper (unused here).
ALFETCHER = ClientLibrary(
    "alfetcher",
    ("alfetcher==1.8.0", "requests==2.32.3", "flask==3.1.1", "gevent==25.5.1"),
    "alfetcher_driver.py",
)

GQL_4 = ClientLibrary(
    "gql",
    ("gql==4.4.0", "graphql-core==3.3.2", "requests==2.32.3", "requests-toolbelt==1.0.0"),
    "gql_driver.py",
)

ALL = (PYANILIST, ANISEARCH, PYTHON_ANILIST, ANILIST_WRAPPER, ALFETCHER, GQL, GQL_4)

# MyAnimeList (v2) client libraries: each reads details, searches, reads a list, updates it.
MAL4PY = ClientLibrary("mal4py", ("mal4py==0.1.5", "requests==2.32.3"), "mal4py_driver.py")
# Its models are pydantic 1 (``Optional`` fields without defaults).
MALCLIENT = ClientLibrary(
    "malclient-upgraded",
    ("malclient-upgraded==1.3.3", "requests==2.32.3", "pydantic==1.10.22"),
    "malclient_driver.py",
)
# Pins flask/gevent too: malfetcher imports them for its OAuth helper (unused here).
MALFETCHER = ClientLibrary(
    "malfetcher",
    ("malfetcher==2.0.0", "requests==2.32.3", "flask==3.1.1", "gevent==25.5.1"),
    "malfetcher_driver.py",
)
MYANIMELIST_API = ClientLibrary(
    "myanimelist-api",
    ("myanimelist-api==0.1.4", "requests==2.32.3", "flask==3.1.1"),
    "myanimelist_api_driver.py",
)
# Has no read-by-id: searches, reads and updates (with PUT, as the mobile app did).
MALUPDATE = ClientLibrary(
    "malupdate", ("malupdate==0.5", "requests==2.32.3"), "malupdate_driver.py"
)

MAL_ALL = (MAL4PY, MALCLIENT, MALFETCHER, MYANIMELIST_API, MALUPDATE)
