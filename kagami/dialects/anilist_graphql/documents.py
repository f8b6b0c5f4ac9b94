"""Cache of parsed + validated documents by query text (parsing dominates small queries).

Anonymous clients choose the query texts, so the cache is bounded by bytes and age,
not by entries: a parsed document (AST nodes with their locations and the token
stream they point into) takes ~:data:`BYTES_PER_CHAR` times its text in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
    validate,
)

from kagami.caching import BoundedCache
from kagami.dialects.anilist_graphql.limits import (
    check_limits,
    directive_problem,
    literal_problems,
)

# Longest query text accepted (UTF-8 bytes): 20 times the largest real client queries. Beyond
# it a document is refused unread: a megabyte of comment, which no token limit sees, took
# 0.3 s to lex.
MAX_QUERY_BYTES = 64 * 1024
QUERY_TOO_LARGE = f"Query documents may be at most {MAX_QUERY_BYTES} bytes long."
MAX_QUERY_LENGTH = 100_000


def too_large(query: str) -> bool:
    """Whether ``query`` is over :data:`MAX_QUERY_BYTES` in UTF-8 (encoded only when it may be)."""
    if len(query) <= MAX_QUERY_BYTES // 4:
        return False
    return (
        len(query) > MAX_QUERY_BYTES
        or len(query.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES
    )


# Parsing costs ~5 us a token: 10,000 (a ~50 KB document, several times the largest
# real client queries) caps it near 50 ms. Longer lists go in variables.
MAX_TOKENS = 10_000
# Bytes a prepared valid document holds per character of its text, measured with
# tracemalloc: 70-160 for real queries, 185 for the densest (a list literal ``[1,1,...]``).
# Invalid documents hold far less (their errors keep no AST), so this is an upper bound.
BYTES_PER_CHAR = 200
# What even a one-field document holds (nodes, tokens, the entry itself): 24-32 KB measured.
ENTRY_BYTES = 32 * 1024
# What a detached error holds (message, locations) plus its share of the entry.
ERROR_BYTES = 1_024
# Budget of the cache: room for a hundred-odd distinct typical 1-5 KB queries (clients
# send a few dozen), and never more than this whatever anonymous clients send.
MAX_BYTES = 64 * 1024 * 1024
# Entries unused this long are dropped: a client's queries recur far more often.
MAX_AGE = 3600.0


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A query's parsed document, or the errors that make it unexecutable."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    # Whether any operation in it is a mutation: only those requests commit.
    writes: bool = False


def _detached(errors: Sequence[GraphQLError]) -> tuple[GraphQLError, ...]:
    """The errors without their AST nodes and source (their locations are already computed).

    A cached invalid query then keeps only messages and line/column pairs alive.
    """
    for error in errors:
        error.nodes = None
        error.source = None
        error.__traceback__ = None  # its frames would keep the parser and its tokens alive
    return tuple(errors)


def entry_size(query: str, prepared: PreparedDocument | None = None) -> int:
    """Estimated bytes the cache entry for ``query`` holds.

    A refused query keeps only its text and its detached errors (~1 KB each, measured).
    """
    if prepared is not None and prepared.document is None:
        return len(query) + ERROR_BYTES * (1 + len(prepared.errors))
    return ENTRY_BYTES + len(query) * BYTES_PER_CHAR


class DocumentCache:
    """Prepared documents by query text; invalid queries are cached too, as they recur."""

    def __init__(
        self,
        schema: GraphQLSchema,
        max_bytes: int = MAX_BYTES,
        max_age: float = MAX_AGE,
        *,
        introspection: bool = True,
    ) -> None:
        self._schema = schema
        # Introspection off: ``__schema``/``__type`` are refused, and no error suggests names.
        self._rules = None if introspection else (*specified_rules, NoSchemaIntrospectionCustomRule)
        self._hide_suggestions = not introspection
        self._items: BoundedCache[str, PreparedDocument] = BoundedCache(max_bytes, max_age)

    def get(self, query: str) -> PreparedDocument:
        """The prepared document for ``query``, parsing and validating it on a miss."""
        hit = self._items.get(query)
        if hit is not None:
            return hit
        prepared = self._prepare(query)
        if len(query) <= MAX_QUERY_LENGTH:
            self._items.put(query, prepared, entry_size(query, prepared))
        return prepared

    def _prepare(self, query: str) -> PreparedDocument:
        """Parse, check AniList's limits (linear, before the quadratic rules), then validate."""
        try:
            document = parse(query, max_tokens=MAX_TOKENS)
        except GraphQLError as exc:
            return PreparedDocument(None, _detached([exc]))
        directives = directive_problem(document)
        if directives is not None:
            return PreparedDocument(None, _detached([directives]))
        errors: Sequence[GraphQLError] = check_limits(self._schema, document)
        if not errors:
            errors = validate(
                self._schema, document, self._rules, hide_suggestions=self._hide_suggestions
            ) or literal_problems(document)
        if errors:
            return PreparedDocument(None, _detached(errors))
        writes = any(
            isinstance(d, OperationDefinitionNode) and d.operation == OperationType.MUTATION
            for d in document.definitions
        )
        return PreparedDocument(document, (), writes)

    @property
    def bytes(self) -> int:
        """Estimated bytes the cache holds."""
        return self._items.bytes

    def __len__(self) -> int:
        return len(self._items)
