"""The Mutation root's boundary: every field needs a token, and none answers null silently.

AniList requires a token for every mutation. :func:`guard_mutations` wraps each Mutation
field once the resolvers are bound: an anonymous caller gets ``Unauthorized.`` (401)
before the resolver runs, so nothing is written; the request is marked as writing, and
the router commits it only when the whole operation succeeded (no errors), otherwise it
rolls back. A field without a resolver answers ``Not implemented yet.`` (501).

A mutation resolver is an ordinary resolver bound with :func:`mutation_field`; it takes its
caller from ``ctx(info).require_viewer()`` (never None there) and raises domain errors for
bad input. Fields bound any other way count as not implemented.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Collection
from typing import Any, TypeVar

from ariadne import MutationType
from graphql import GraphQLFieldResolver, GraphQLResolveInfo, GraphQLSchema
from graphql.pyutils import is_awaitable

from kagami.dialects.anilist_graphql.errors import AniListError
from kagami.errors import Invalid

NOT_IMPLEMENTED = "Not implemented yet."
Resolver = TypeVar("Resolver", bound=Callable[..., Any])
T = TypeVar("T")

mutation = MutationType()
_implemented: set[str] = set()


def mutation_field(name: str) -> Callable[[Resolver], Resolver]:
    """Decorator binding a resolver as ``Mutation.<name>`` (the guard adds the token check)."""

    def bind(resolver: Resolver) -> Resolver:
        _implemented.add(name)
        mutation.set_field(name, resolver)
        return resolver

    return bind


def camel_case(name: str) -> str:
    """A snake_case domain field name (or dotted path) as AniList's camelCase argument name."""
    if "." in name:
        return ".".join(camel_case(part) for part in name.split("."))
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def as_arguments(call: Awaitable[T]) -> T:
    """Await a service call; an ``Invalid`` names the fields as the mutation's arguments."""
    try:
        return await call
    except Invalid as exc:
        raise Invalid({camel_case(k): v for k, v in exc.fields.items()}, exc.message) from None


def implemented_mutations() -> frozenset[str]:
    """The Mutation fields bound with :func:`mutation_field` so far."""
    return frozenset(_implemented)


def _not_implemented(_obj: Any, _info: GraphQLResolveInfo, **_args: Any) -> None:
    """The resolver of a Mutation field Kagami does not perform yet: says so (501)."""
    raise AniListError(NOT_IMPLEMENTED, status=501)


def _guarded(resolve: GraphQLFieldResolver) -> Callable[..., Any]:
    """``resolve`` behind AniList's rule: the caller must hold a token; the request then writes."""

    @functools.wraps(resolve)
    async def guarded(obj: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        context = info.context
        context.require_viewer()  # Unauthorized (401) before anything runs
        context.writes = True
        result = resolve(obj, info, **args)
        return await result if is_awaitable(result) else result

    return guarded


def guard_mutations(schema: GraphQLSchema, implemented: Collection[str] | None = None) -> None:
    """Wrap every Mutation field in the token check; those not ``implemented`` answer 501.

    ``implemented`` defaults to the fields bound with :func:`mutation_field`.
    """
    if schema.mutation_type is None:
        return
    done = _implemented if implemented is None else implemented
    for name, field in schema.mutation_type.fields.items():
        # Unbound fields hold ariadne's default (name-converting) resolver: that is no mutation.
        resolve = field.resolve if name in done and field.resolve else _not_implemented
        field.resolve = _guarded(resolve)


BINDABLES = [mutation]
