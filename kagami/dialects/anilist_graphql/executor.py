"""Runs one GraphQL request: cached document, variables, execution, AniList envelope."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeGuard

from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
)
from graphql.pyutils import is_awaitable

from kagami.dialects.anilist_graphql.context import RequestContext
from kagami.dialects.anilist_graphql.documents import QUERY_TOO_LARGE, DocumentCache, too_large
from kagami.dialects.anilist_graphql.errors import envelope, error_body
from kagami.dialects.anilist_graphql.fastpath import FastExecutor
from kagami.dialects.anilist_graphql.limits import root_field_count, value_problem
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from kagami.dialects.anilist_graphql.variables import loosen_variables

MUTATION_OVER_GET = "Mutations must be sent with POST."
DEFAULT_TIMEOUT = 10.0
TIMED_OUT = "The query took too long to run."
_PLAIN = frozenset({int, str, float, bool, type(None), list, dict, tuple})


def _is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """graphql-core's check, short-circuited for the plain values most fields return."""
    if type(value) in _PLAIN:
        return False
    return isinstance(value, Coroutine | asyncio.Future)


class Executor:
    """Owns the schema and the document cache; one per app."""

    def __init__(
        self,
        schema: GraphQLSchema | None = None,
        *,
        introspection: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.schema = schema or build_schema()  # another schema: tests of the request boundary
        self.documents = DocumentCache(self.schema, introspection=introspection)
        self.timeout = timeout

    async def run(
        self,
        payload: Any,
        context: RequestContext,
        *,
        allow_mutations: bool = True,
        charge: Callable[[int], Awaitable[None]] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """HTTP status and body for a request payload ``{query, variables, operationName}``.

        ``allow_mutations=False`` (GET) answers a mutation 405, as GraphQL over HTTP says.
        ``charge(n)`` counts a mutation's writes beyond its first against the rate limit
        before any runs (20 aliased ``SaveMediaListEntry`` cost 20 requests); it raises
        to refuse them.
        """
        if not isinstance(payload, dict):
            return error_body("POST body sent invalid JSON.")
        query = payload.get("query")
        if not isinstance(query, str) or not query.strip():
            return error_body("Must provide query string.")
        if too_large(query):
            return error_body(QUERY_TOO_LARGE)
        variables = payload.get("variables")
        if variables in (None, ""):
            variables = {}
        if not isinstance(variables, dict):
            return error_body("Variables are invalid JSON.")
        for name, value in variables.items():  # before graphql-core's recursive coercion
            problem = value_problem(name) or value_problem(value)
            if problem is not None:
                return error_body(f'Variable "${name}" got invalid value. {problem}')
        operation_name = payload.get("operationName") or None
        if operation_name is not None and not isinstance(operation_name, str):
            return error_body("Operation name must be a string.")
        prepared = self.documents.get(query)
        if prepared.document is None:
            return envelope(None, list(prepared.errors))
        operation = get_operation_ast(prepared.document, operation_name)
        if operation is not None:  # else graphql-core reports the missing/ambiguous operation
            if operation.operation == OperationType.MUTATION:
                if not allow_mutations:
                    return error_body(MUTATION_OVER_GET, 405)
                if charge is not None:
                    await charge(root_field_count(prepared.document, operation) - 1)
            variables = loosen_variables(self.schema, operation, variables)
        context.writes = prepared.writes
        try:
            # Time-boxed: the awaits (database round trips) of an over-budget request are
            # cancelled, its session rolled back and its connection returned to the pool.
            async with asyncio.timeout(self.timeout):
                result = execute(
                    self.schema,
                    prepared.document,
                    context_value=context,
                    variable_values=variables,
                    operation_name=operation_name,
                    is_awaitable=_is_awaitable,
                    executor_class=FastExecutor,
                )
                if is_awaitable(result):
                    result = await result
        except GraphQLError as exc:  # e.g. an unknown operationName
            return envelope(None, [exc])
        except TimeoutError:
            return error_body(TIMED_OUT, 503)
        assert isinstance(result, ExecutionResult)
        return envelope(result.data, list(result.errors or ()) or None)
