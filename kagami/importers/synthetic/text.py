"""Lorem-like English text (reviews, posts, descriptions) from small word lists, deterministic."""

from __future__ import annotations

from random import Random

_SUBJECTS = (
    "The pacing", "The animation", "The soundtrack", "The main cast", "The second half",
    "The opening arc", "The art style", "The finale", "The villain", "The world-building",
    "Every episode", "The voice acting", "The romance", "The humour", "The adaptation",
    "The supporting cast", "The direction", "The fight choreography", "The dialogue",
)  # fmt: skip
_VERBS = (
    "carries", "undermines", "elevates", "complicates", "grounds", "rushes", "rewards",
    "surprises", "drags down", "holds together", "outshines", "echoes", "frames",
)  # fmt: skip
_OBJECTS = (
    "the central mystery", "every quiet moment", "the emotional payoff", "the larger story",
    "its familiar premise", "the quieter characters", "the themes of loss and growth",
    "the slower chapters", "the climactic battle", "the relationships at its heart",
    "what could have been a generic story", "the source material", "the ending",
)  # fmt: skip
_TAILS = (
    "", "", " without ever feeling forced", " in surprising ways", " more than once",
    " by the final act", " despite a shaky start", " with real confidence",
    " for better and for worse", " in a way few series manage",
)  # fmt: skip
_OPENERS = (
    "", "", "", "Honestly, ", "At times, ", "Overall, ", "Still, ", "In the end, ",
    "To be fair, ", "Surprisingly, ",
)  # fmt: skip


def _pick(rng: Random, words: tuple[str, ...]) -> str:
    return words[rng.randrange(len(words))]


def sentence(rng: Random) -> str:
    """One review-flavoured sentence."""
    opener = _pick(rng, _OPENERS)
    subject = _pick(rng, _SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    return f"{opener}{subject} {_pick(rng, _VERBS)} {_pick(rng, _OBJECTS)}{_pick(rng, _TAILS)}."


def paragraph(rng: Random, sentences: int) -> str:
    """A paragraph of ``sentences`` sentences."""
    return " ".join(sentence(rng) for _ in range(sentences))


def text_of(rng: Random, min_chars: int, max_chars: int | None = None) -> str:
    """Paragraphs of at least ``min_chars`` characters (and roughly at most ``max_chars``)."""
    target = min_chars if max_chars is None else rng.randint(min_chars, max_chars)
    parts: list[str] = []
    size = 0
    while size < target:
        para = paragraph(rng, rng.randint(3, 6))
        parts.append(para)
        size += len(para) + 2
    return "\n\n".join(parts)


def short_text(rng: Random, low: int, high: int) -> str:
    """A single line between ``low`` and ``high`` characters (summaries, titles)."""
    line = sentence(rng)
    while len(line) < low:
        line = f"{line} {sentence(rng)}"
    if len(line) > high:
        line = line[: high - 1].rstrip(" ,.") + "."
    return line
