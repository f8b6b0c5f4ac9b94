"""Romanise native titles the way AniList writes ``title.romaji``.

Japanese goes through cutlet (Hepburn, long vowels as ``ou``/``uu``, loanwords in their
source spelling, particles lower-case); Chinese through pypinyin (no tones, one capitalised
word per syllable). Latin-script runs inside a title (``Season 2``, ``FULLMETAL ALCHEMIST``)
and symbols such as ``☆`` are kept exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    import cutlet

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
_KANA = "\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff"
# A Japanese run: kana, ideographs, and the CJK punctuation/marks cutlet knows how to map
# (、。「」『』【】〜々〆 ー ・).
_CJK_RUN = re.compile(f"[\u3001-\u303f\u3040-\u30ff\u31f0-\u31ff{_HAN}]+")
_HAN_RUN = re.compile(f"[{_HAN}]+")
_KANA_CHAR = re.compile(f"[{_KANA}]")
_LETTER = re.compile(f"[{_KANA}{_HAN}]")
_SPACES = re.compile(r"\s+")
# cutlet marks a word boundary it cannot express with "/" (e.g. for ・); titles want a space.
_SLASH_SPACE = re.compile(r"\s*/\s*")
# Particles, auxiliaries and suffixes stay lower-case, except です ("Usagi Desu ka?").
_LOWER_POS = frozenset({"助詞", "助動詞", "接尾辞"})
_CAPITALISED_AUX = frozenset({"です"})
# A converted run is spaced off from a preceding letter/digit or sentence mark ("Live! Sunshine"),
# but not from other symbols ("Re:Zero", "Madoka☆Magica").
_SPACE_AFTER = frozenset('!?,.;)]"”’»')
# Corner brackets become ASCII quotes, placed by us rather than cutlet (which pads them oddly).
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”"})
_OPEN_QUOTE_SPACE = re.compile(r"(?<=[^\s(\[“])“")
_CLOSE_QUOTE_SPACE = re.compile(r"”(?=[^\s)\]”!?.,:;~\-])")
_CHINESE_LANGS = frozenset({"zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk"})


@cache
def _cutlet() -> cutlet.Cutlet:
    """Build the cutlet instance once: loading the MeCab dictionary is slow."""
    import cutlet

    return cutlet.Cutlet("hepburn", use_foreign_spelling=True, ensure_ascii=False)


def is_latin(text: str) -> bool:
    """Return True when ``text`` has no kana or CJK ideographs (nothing to romanise)."""
    return _LETTER.search(unicodedata.normalize("NFKC", text)) is None


def romanise(title: str, lang: str = "ja") -> str:
    """Romanise a native title; ``lang`` is a BCP 47 tag (``ja``, ``zh-Hans``, ``zh-Hant``...)."""
    if is_latin(title):
        return title
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES)
    if lang.lower() in _CHINESE_LANGS:
        out = _replace_runs(_HAN_RUN, text, _pinyin)
    else:
        out = _replace_runs(_CJK_RUN, text, _japanese)
        # Chinese works tagged "ja" (no kana, characters UniDic cannot read) read better as pinyin.
        if _HAN_RUN.search(out) and not _KANA_CHAR.search(text):
            out = _replace_runs(_HAN_RUN, text, _pinyin)
    out = _CLOSE_QUOTE_SPACE.sub("” ", _OPEN_QUOTE_SPACE.sub(" “", out))
    out = _SPACES.sub(" ", out).strip().replace("“", '"').replace("”", '"')
    return out[:1].upper() + out[1:] if not is_latin(text[:1]) else out


def _replace_runs(pattern: re.Pattern[str], text: str, convert: Callable[[str], str]) -> str:
    """Convert each script run, keep the rest, and space a run off from adjacent letters."""
    parts: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        before = text[pos : match.start()]
        parts.append(before)
        converted = convert(match.group())
        spaced = before and (before[-1].isalnum() or before[-1] in _SPACE_AFTER)
        if converted[:1].isalnum() and spaced:
            converted = " " + converted
        after = text[match.end() : match.end() + 1]
        if converted and after and after.isalnum():
            converted += " "
        parts.append(converted)
        pos = match.end()
    parts.append(text[pos:])
    return "".join(parts)


def _japanese(run: str) -> str:
    """Romanise one run of Japanese text with title capitalisation."""
    katsu = _cutlet()
    words = katsu.tagger(run.replace("・", " "))
    tokens = katsu.romaji_tokens(words, capitalize=False, title=False)
    prev_prefix = False
    for word, token in zip(words, tokens, strict=True):
        pos1 = word.feature.pos1
        lower = pos1 in _LOWER_POS and word.surface not in _CAPITALISED_AUX
        if not lower and not prev_prefix and token.surface:
            token.surface = token.surface[0].upper() + token.surface[1:]
        prev_prefix = pos1 == "接頭辞"
    out = "".join(str(token) for token in tokens).strip()
    return _SLASH_SPACE.sub(" ", out)


def _pinyin(run: str) -> str:
    """Romanise one run of Han characters: toneless pinyin, one capitalised word per syllable."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(run, style=Style.NORMAL, v_to_u=True)
    return " ".join(s[:1].upper() + s[1:] for s in syllables if s)


__all__ = ["is_latin", "romanise"]
