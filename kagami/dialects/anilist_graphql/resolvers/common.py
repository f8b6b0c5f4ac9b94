"""Helpers every resolver module shares: paging, sorts, dates, images, loaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import lru_cache
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode

from kagami.db.paging import PageResult, clamp_page
from kagami.dialects.anilist_graphql.context import RequestContext
from kagami.web.images import placeholder_url

PAGE_MAX = 50
NESTED_MAX = 25
NESTED_DEFAULT = 25


def ctx(info: GraphQLResolveInfo) -> RequestContext:
    """The request context of a resolver call."""
    context: RequestContext = info.context
    return context


def nested_page(page: int | None, per_page: int | None) -> tuple[int, int]:
    """Page and perPage of a nested connection, clamped at 25 as AniList does."""
    return clamp_page(page, per_page, default=NESTED_DEFAULT, maximum=NESTED_MAX)


def page_info(total: int, page: int, per_page: int) -> dict[str, Any]:
    """A PageInfo object (snake_case keys; the schema converts names)."""
    result: PageResult[Any] = PageResult(items=[], total=total, page=page, per_page=per_page)
    return {
        "total": total,
        "per_page": per_page,
        "current_page": page,
        "last_page": result.last_page,
        "has_next_page": result.has_next_page,
    }


def connection(
    edges: list[dict[str, Any]], total: int, page: int = 1, per_page: int | None = None
) -> dict[str, Any]:
    """A ``*Connection`` of ``edges``, their nodes and pageInfo.

    ``per_page=None`` is an unpaged connection (AniList's ``Media.studios``, ``relations``):
    everything on one page, so pageInfo reports ``perPage`` as the total (at least 1).
    """
    return {
        "edges": edges,
        "nodes": [e["node"] for e in edges],
        "page_info": page_info(total, page, per_page if per_page is not None else max(total, 1)),
    }


def node_edge(row: Any) -> dict[str, Any]:
    """The edge of a connection whose edges carry nothing but the node."""
    return {"node": row}


def node_connection(rows: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """A ``*Connection`` whose nodes are ``rows`` and whose edges only wrap them."""
    return connection([node_edge(r) for r in rows], total, page, per_page)


async def paged_connection(
    info: GraphQLResolveInfo,
    name: Hashable,
    key: Hashable,
    fetch: Callable[[Any, Sequence[Any]], Awaitable[Any]],
    shape: Callable[[Any], dict[str, Any]],
    page: int = 1,
    per_page: int | None = None,
) -> dict[str, Any]:
    """A nested connection of ``key``'s page, batched over every parent of this level.

    ``fetch(session, keys)`` is the batched service call, returning a ``Slice`` (rows and
    total) per parent; ``name`` names the request loader and so must hold every argument
    ``fetch`` was built from, or differently-argued fields would share one batch.
    ``shape(row)`` builds one edge dict (with a ``node``).
    """
    found = await load(info, name, key, fetch)
    edges = [shape(row) for row in (found.rows if found else [])]
    return connection(edges, found.total if found else 0, page, per_page)


def sort_keys(values: Sequence[str] | None) -> tuple[tuple[str, bool], ...]:
    """AniList sort names as canonical (key, descending): ``SCORE_DESC`` -> ("score", True)."""
    out: list[tuple[str, bool]] = []
    for value in values or ():
        if value is None:
            continue
        desc = value.endswith("_DESC")
        out.append(((value[:-5] if desc else value).lower(), desc))
    return tuple(out)


def fuzzy_date(year: int | None, month: int | None, day: int | None) -> dict[str, int | None]:
    """A FuzzyDate object; AniList returns one with null parts rather than null."""
    return {"year": year, "month": month, "day": day}


def image(info: GraphQLResolveInfo, url: str | None, kind: Any, ident: int, size: Any) -> str:
    """The stored image URL, or Kagami's generated placeholder under its public base URL."""
    if url:
        return url
    return _placeholder(ctx(info).base_url, kind, ident, size)


# Pure and hot (every image-less row of a big list): memoised.
_placeholder = lru_cache(maxsize=65536)(placeholder_url)


def site_url(info: GraphQLResolveInfo, kind: str, object_id: int) -> str:
    """The object's page on this Kagami instance."""
    return f"{ctx(info).base_url}/{kind}/{object_id}"


def load(
    info: GraphQLResolveInfo,
    name: Hashable,
    key: Hashable,
    batch: Callable[..., Any],
    default: Any = None,
) -> Any:
    """Future for ``key`` from the request loader ``name``; ``batch(session, keys)`` fills it."""
    context = ctx(info)

    async def run(keys: Sequence[Any]) -> Any:
        return await batch(context.session, keys)

    return context.loader(name, run, default).load(key)


def listify(value: Any) -> list[Any] | None:
    """A scalar-or-list argument as a list (None stays None)."""
    if value is None:
        return None
    return list(value) if isinstance(value, list | tuple) else [value]


def field_names_below(info: GraphQLResolveInfo) -> set[str]:
    """Every field name anywhere in the current field's selection (fragments followed).

    A superset of what any one type reads below: callers use it to decide what they
    may leave out, where guessing too much only costs a wider read.
    """
    names: set[str] = set()
    seen_fragments: set[str] = set()
    pending = [n.selection_set for n in info.field_nodes if n.selection_set is not None]
    while pending:
        for sel in pending.pop().selections:
            if isinstance(sel, FieldNode):
                names.add(sel.name.value)
                if sel.selection_set is not None:
                    pending.append(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                fragment = info.fragments.get(sel.name.value)
                if fragment is not None and sel.name.value not in seen_fragments:
                    seen_fragments.add(sel.name.value)
                    pending.append(fragment.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                pending.append(sel.selection_set)
    return names


def selects(info: GraphQLResolveInfo, *path: str) -> bool:
    """Whether the current field's selection reaches ``path`` (fragments followed)."""

    def walk(selection_sets: list[Any], depth: int) -> bool:
        if depth == len(path):
            return True
        nxt: list[Any] = []
        pending = list(selection_sets)
        while pending:
            sel_set = pending.pop()
            for sel in sel_set.selections if sel_set else ():
                if isinstance(sel, FieldNode):
                    if sel.name.value == path[depth] and sel.selection_set is not None:
                        nxt.append(sel.selection_set)
                    elif sel.name.value == path[depth] and depth + 1 == len(path):
                        return True
                elif isinstance(sel, FragmentSpreadNode):
                    fragment = info.fragments.get(sel.name.value)
                    if fragment is not None:
                        pending.append(fragment.selection_set)
                else:
                    pending.append(sel.selection_set)
        return bool(nxt) and walk(nxt, depth + 1)

    return walk([n.selection_set for n in info.field_nodes], 0)
