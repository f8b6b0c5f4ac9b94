"""What a search argument means, whatever shape a client sends it in: the one normaliser.

Some clients URL-encode the term before putting it in a GraphQL variable (``cowboy+bebop``,
``cowboy%20bebop``), others send what the user typed (``Cowboy  Bebop!``). All of these
become the same words; a title matches when it contains every word, so punctuation never
matters (``re zero`` finds "Re:Zero", ``Steins;Gate`` finds "Steins;Gate") and every script
works (a word is a run of letters, digits and marks in any script).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

# Control characters (the document separator among them) and lone surrogates PostgreSQL rejects.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]+")
_SPACES = re.compile(r"\s+")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
MAX_QUERY = 200  # characters; longer input is cut, never an error
MAX_WORDS = 8  # more words only narrow further; a bound on the conditions one query makes
_WORD_CATEGORIES = frozenset("LNM")  # letters, numbers, marks (e.g. Devanagari vowel signs)


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """A normalised search: its lower-cased text (to rank by) and the words it must contain."""

    typed: str  # decoded, spaces collapsed, lower case: what the user typed (``k-on!``)
    text: str  # ``typed`` without leading or trailing punctuation (``cowboy bebop``)
    # Distinct words in query order; empty when the query is punctuation only ("%", "!!"),
    # which then matches as the literal text.
    words: tuple[str, ...]

    @property
    def spaced(self) -> str:
        """The words joined by single spaces (the text itself when it has none)."""
        return " ".join(self.words) or self.text


def _url_decoded(query: str) -> str:
    """``query`` with URL form encoding undone: ``+`` is a space, ``%xx`` escapes decoded.

    Decoded once (``%2520`` stays ``%20``); a ``%`` not followed by two hex digits (``100%``)
    is kept, and escapes that are not UTF-8 leave the text as it came.
    """
    text = query.replace("+", " ")
    if _PERCENT_ESCAPE.search(text) is None:
        return text
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return text


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in _WORD_CATEGORIES


def _words(text: str) -> tuple[str, ...]:
    """Maximal runs of letters, digits and marks, first occurrence of each, at most MAX_WORDS."""
    words: dict[str, None] = {}
    current: list[str] = []
    for char in f"{text} ":
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.setdefault("".join(current))
            current = []
    return tuple(words)[:MAX_WORDS]


def _strip_edges(text: str) -> str:
    """``text`` without leading or trailing punctuation (``Cowboy Bebop!`` ranks as exact)."""
    start, end = 0, len(text)
    while start < end and not _is_word_char(text[start]):
        start += 1
    while end > start and not _is_word_char(text[end - 1]):
        end -= 1
    return text[start:end] or text


def search_terms(query: str | None) -> SearchTerms | None:
    """What to search for in ``query`` (any search argument, any dialect), or None when blank."""
    if query is None:
        return None
    text = _SPACES.sub(" ", _CONTROL.sub(" ", _url_decoded(query[: MAX_QUERY * 3]))).strip()
    text = text[:MAX_QUERY].strip().lower()
    if not text:
        return None
    return SearchTerms(typed=text, text=_strip_edges(text), words=_words(text))


def normalise_query(query: str | None) -> str | None:
    """The text as typed, decoded, spaces collapsed, in lower case (a name to look up), or None."""
    terms = search_terms(query)
    return terms.typed if terms else None
