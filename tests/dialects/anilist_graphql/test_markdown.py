"""The ``Markdown`` root and ``asHtml`` fields: bounded CPU per request, bounded cache memory."""

from __future__ import annotations

import gc
import time
import tracemalloc

from kagami.dialects.anilist_graphql.markdown import to_html
from tests.dialects.anilist_graphql.conftest import GraphQLClient

QUERY = "query ($m: String!) { Markdown(markdown: $m) { html } }"


async def test_markdown_root_answers_unclosed_spoilers_within_100ms_of_cpu(
    gql: GraphQLClient,
) -> None:
    await gql.data(QUERY, {"m": "warm-up"})  # document cache, schema, connection pool
    source = "~! " * 32000
    start = time.process_time()
    data = await gql.data(QUERY, {"m": source})
    assert time.process_time() - start < 0.1
    assert data["Markdown"]["html"].startswith("<p>~! ~! ")


def _growth(fill: object) -> int:
    """Bytes still allocated after ``fill()`` ran and its own garbage was collected."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fill()  # type: ignore[operator]
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_huge_markdown_inputs_are_not_kept() -> None:
    def fill() -> None:
        for i in range(5):
            to_html(f"huge {i} " + "plain words " * 200_000)  # ~2.4 MB each

    assert _growth(fill) < 1 << 20


def test_markdown_cache_memory_is_bounded_in_total() -> None:
    def fill() -> None:
        for i in range(1500):
            to_html(f"text {i} " + "some words " * 5000)  # ~55 KB each, ~80 MB in all

    assert _growth(fill) < 40 << 20
