"""Substring title/name search in every script, ranked by match quality, on both backends.

Migration 0003 keeps a lower-cased search document per row in ``search_<table>``: each
title or name on its own line, framed by newlines. SQLite indexes it with FTS5's
``trigram`` tokenizer, PostgreSQL with a pg_trgm GIN index. ``search_clause`` returns a
subquery of ``(id, score)`` that callers join, filter and sort like any other table.
A document matches when it contains every word of the query (``search_terms``: one
normaliser for every search argument). Words of three or more characters are answered
from those indexes (FTS5 MATCH; GIN ``LIKE``), shorter ones checked on the rows found;
PostgreSQL adds typo matches only when no title contains the query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.catalogue.search_terms import SearchTerms, search_terms
from kagami.db.like import ESCAPE, contains_text, escape_like

SearchKind = Literal["media", "character", "staff", "studio", "user"]

# Score tiers: higher is better. PostgreSQL's fuzzy (typo) matches, offered only when
# nothing contains the query, score their word similarity, which is below 1.
EXACT, PREFIX, WORD_PREFIX, SUBSTRING = 4.0, 3.0, 2.0, 1.0

_TABLES: dict[SearchKind, str] = {
    "media": "media",
    "character": "characters",
    "staff": "staff",
    "studio": "studios",
    "user": "users",
}
# Tie-break for equal scores: the most popular/favourited first, then the lowest id.
_POPULARITY: dict[SearchKind, tuple[sa.SQLColumnExpression[int], sa.SQLColumnExpression[int]]] = {
    "media": (Media.popularity, Media.id),
    "character": (Character.favourites, Character.id),
    "staff": (Staff.favourites, Staff.id),
    "studio": (Studio.favourites, Studio.id),
    "user": (sa.literal(0), User.id),
}
_MODELS: dict[SearchKind, type[Media | Character | Staff | Studio | User]] = {
    "media": Media,
    "character": Character,
    "staff": Staff,
    "studio": Studio,
    "user": User,
}
_NEWLINE = "\n"
_MAX_TYPOS = 50  # typo (word similarity) matches kept, the most similar first
_TRIGRAM = 3  # FTS5 trigram (and pg_trgm indexes) need at least three characters


def _fts_phrase(text: str) -> str:
    """An FTS5 string literal: inside double quotes every operator character is literal."""
    return '"' + text.replace('"', '""') + '"'


def _tier(
    find: Callable[..., sa.ColumnElement[int]],
    doc: sa.ColumnElement[str],
    terms: SearchTerms,
    *more: tuple[sa.ColumnElement[bool], sa.ColumnElement[float]],
    otherwise: sa.ColumnElement[float],
) -> sa.Case[float]:
    """Exact title > title prefix > word prefix > ``more`` > ``otherwise``.

    Judged on the text as typed (``k-on!``), without its edge punctuation (``cowboy bebop!``)
    and as its words spaced (``cowboy-bebop`` is the exact title "Cowboy Bebop"), whichever
    ranks higher.
    """
    # Plain substring tests (instr/strpos), run only on the rows the index already matched.
    forms = dict.fromkeys((terms.typed, terms.text, terms.spaced))
    needles = [sa.func.lower(sa.literal(form)) for form in forms]

    def found(before: str, after: str = "") -> sa.ColumnElement[bool]:
        return sa.or_(*(find(doc, sa.literal(before) + n + sa.literal(after)) > 0 for n in needles))

    return sa.case(
        (found(_NEWLINE, _NEWLINE), sa.literal(EXACT)),
        (found(_NEWLINE), sa.literal(PREFIX)),
        (found(" "), sa.literal(WORD_PREFIX)),
        *more,
        else_=otherwise,
    )


def _like_pattern(text: str) -> sa.ColumnElement[str]:
    """``%<text>%`` lower-cased, with LIKE's wildcards and escape character made literal."""
    return sa.literal("%") + sa.func.lower(sa.literal(escape_like(text))) + sa.literal("%")


def _parts(terms: SearchTerms) -> tuple[list[str], list[str]]:
    """(parts an index can look up, shorter parts checked on the rows it found).

    Each part must occur in a document: the query's words, or for a query without any
    (punctuation only) its literal text.
    """
    parts = list(terms.words) or [terms.text]
    return [p for p in parts if len(p) >= _TRIGRAM], [p for p in parts if len(p) < _TRIGRAM]


def _sqlite_contains(doc: sa.ColumnElement[str], part: str) -> sa.ColumnElement[bool]:
    """``doc`` contains ``part`` in any case, on SQLite.

    The documents were lower-cased by SQLite's ASCII-only ``lower`` and its LIKE folds ASCII
    only, so a part with case beyond ASCII (Cyrillic, Greek, accented letters) is compared
    with the document folded in Python; caseless parts (CJK, digits) keep the plain LIKE.
    """
    if part.isascii() or part == part.upper():
        return doc.like(_like_pattern(part), escape=ESCAPE)
    return contains_text(doc, part)


def _sqlite_clause(table: str, terms: SearchTerms) -> sa.Subquery:
    search = sa.table(f"search_{table}", sa.column("rowid", sa.Integer), sa.column("doc"))
    doc = search.c.doc
    indexed, short = _parts(terms)
    conditions: list[sa.ColumnElement[bool]] = []
    if indexed:  # FTS5 phrases side by side must all occur: an AND the index answers
        conditions.append(doc.op("MATCH")(sa.literal(" ".join(map(_fts_phrase, indexed)))))
    # Too short for trigrams: plain tests, over the index's matches or the small documents.
    conditions += [_sqlite_contains(doc, part) for part in short]
    score = _tier(sa.func.instr, doc, terms, otherwise=sa.literal(SUBSTRING))
    return sa.select(search.c.rowid.label("id"), score.label("score")).where(*conditions).subquery()


def _hidden(value: sa.ColumnElement[str]) -> sa.ScalarSelect[str]:
    """``(SELECT value)``: a one-time InitPlan whose result the planner cannot see."""
    return sa.select(value).scalar_subquery()


def _postgres_clause(table: str, terms: SearchTerms) -> sa.Subquery:
    search = sa.table(f"search_{table}", sa.column("id", sa.Integer), sa.column("doc"))
    doc = search.c.doc
    score = _tier(sa.func.strpos, doc, terms, otherwise=sa.literal(SUBSTRING))
    indexed, short = _parts(terms)
    # No trigram to look up for short parts, so no index helps them: plain tests, on the
    # index's matches or (all parts short) a scan of the small documents. (With LIKE, a
    # cached generic plan chose a full GIN index scan, three times slower.)
    checks = [sa.func.strpos(doc, sa.func.lower(sa.literal(part))) > 0 for part in short]
    if not indexed:
        return sa.select(search.c.id.label("id"), score.label("score")).where(*checks).subquery()

    # The GIN trigram index answers LIKE '%q%' and %> only when each stands alone (OR-ed
    # together they got a sequential scan), and only when the planner trusts it: with the
    # pattern as a constant it guessed ~1% of rows from the histogram and, for patterns with
    # many trigrams, preferred a sequential scan. Hidden in an InitPlan, the pattern costs as
    # one index entry, so the index is always chosen; planning stays cheap and plan-stable.
    # One LIKE per word, AND-ed: the index answers them together in one bitmap scan.
    def contains(column: sa.ColumnElement[str]) -> list[sa.ColumnElement[bool]]:
        return [column.like(_hidden(_like_pattern(part)), escape=ESCAPE) for part in indexed]

    found = sa.select(search.c.id.label("id"), score.label("score")).where(*contains(doc), *checks)
    # Typo matches (word similarity) only when no document contains the query: the test is
    # a one-time filter, so that costly branch does not run when the substring one has rows.
    # A count rather than NOT EXISTS: for EXISTS the planner preferred a sequential scan.
    probe = search.alias("search_probe")
    hits = sa.select(sa.func.count()).where(
        *contains(probe.c.doc),
        *(sa.func.strpos(probe.c.doc, sa.func.lower(sa.literal(part))) > 0 for part in short),
    )
    fuzzy = _hidden(sa.func.lower(sa.literal(terms.spaced)))
    similarity = sa.func.word_similarity(fuzzy, doc)
    typos = (
        sa.select(search.c.id.label("id"), similarity.label("score"))
        .where(hits.scalar_subquery() == 0, doc.op("%>")(fuzzy))
        # Capped so the estimate of this (usually skipped) branch stays small: otherwise it
        # tipped joins onto big tables (63,000 characters) from index look-ups to a hash join.
        .order_by(similarity.desc(), search.c.id)
        .limit(_MAX_TYPOS)
    )
    return sa.union_all(found, typos).subquery()


def search_clause(dialect_name: str, kind: SearchKind, query: str | None) -> sa.Subquery | None:
    """A subquery of matching ``(id, score)`` rows to join and sort by; None for a blank query.

    ``dialect_name`` is ``session.bind.dialect.name`` ("sqlite" or "postgresql").
    """
    terms = search_terms(query)
    if terms is None:
        return None
    table = _TABLES[kind]
    if dialect_name == "sqlite":
        return _sqlite_clause(table, terms)
    return _postgres_clause(table, terms)


def media_search_clause(dialect_name: str, query: str | None) -> sa.Subquery | None:
    """``search_clause`` for media: titles in every script and synonyms."""
    return search_clause(dialect_name, "media", query)


def ranked_select(dialect_name: str, kind: SearchKind, query: str | None) -> sa.Select[int]:
    """Ids matching ``query`` in rank order (score, then popularity, then id) as a SELECT."""
    model = _MODELS[kind]
    popularity, ident = _POPULARITY[kind]
    clause = search_clause(dialect_name, kind, query)
    if clause is None:
        return sa.select(ident).where(sa.false())
    return (
        sa.select(ident)
        .join(clause, clause.c.id == model.id)
        .order_by(clause.c.score.desc(), popularity.desc(), ident.asc())
    )


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def search_ids(
    session: AsyncSession, kind: SearchKind, query: str | None, *, limit: int | None = None
) -> list[int]:
    """Ids of ``kind`` rows matching ``query``, best match first."""
    statement = ranked_select(_dialect(session), kind, query).limit(limit)
    return list((await session.scalars(statement)).all())


async def search_media_ids(
    session: AsyncSession,
    query: str | None,
    *,
    media_type: MediaType | None = None,
    limit: int | None = None,
) -> list[int]:
    """Media ids matching ``query`` (optionally of one type), best match first."""
    statement = ranked_select(_dialect(session), "media", query)
    if media_type is not None:
        statement = statement.where(Media.type == media_type)
    return list((await session.scalars(statement.limit(limit))).all())
