"""LRU cache of parsed + validated documents by query text (parsing dominates small queries)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    parse,
    validate,
)

from kagami.dialects.anilist_graphql.limits import check_limits, nul_strings

MAX_QUERY_LENGTH = 100_000
MAX_TOKENS = 20_000


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A query's parsed document, or the errors that make it unexecutable."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    # Whether any operation in it is a mutation: only those requests commit.
    writes: bool = False


class DocumentCache:
    """Bounded LRU of prepared documents; invalid queries are cached too, as they recur."""

    def __init__(self, schema: GraphQLSchema, max_size: int = 1024) -> None:
        self._schema = schema
        self._max_size = max_size
        self._items: OrderedDict[str, PreparedDocument] = OrderedDict()
        self._lock = Lock()

    def get(self, query: str) -> PreparedDocument:
        """The prepared document for ``query``, parsing and validating it on a miss."""
        with self._lock:
            hit = self._items.get(query)
            if hit is not None:
                self._items.move_to_end(query)
                return hit
        prepared = self._prepare(query)
        if len(query) <= MAX_QUERY_LENGTH:
            with self._lock:
                self._items[query] = prepared
                if len(self._items) > self._max_size:
                    self._items.popitem(last=False)
        return prepared

    def _prepare(self, query: str) -> PreparedDocument:
        """Parse, run the spec's validation rules, then AniList's limits."""
        try:
            document = parse(query, max_tokens=MAX_TOKENS)
        except GraphQLError as exc:
            return PreparedDocument(None, (exc,))
        errors: Sequence[GraphQLError] = validate(self._schema, document)
        if not errors:
            errors = check_limits(self._schema, document) or nul_strings(document)
        writes = any(
            isinstance(d, OperationDefinitionNode) and d.operation == OperationType.MUTATION
            for d in document.definitions
        )
        return PreparedDocument(None if errors else document, tuple(errors), writes)

    def __len__(self) -> int:
        return len(self._items)
