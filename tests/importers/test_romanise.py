"""Romanisation of native titles into AniList-style romaji."""

from __future__ import annotations

import pytest

from kagami.importers.romanise import is_latin, romanise

JAPANESE = [
    ("進撃の巨人", "Shingeki no Kyojin"),
    ("涼宮ハルヒの憂鬱", "Suzumiya Haruhi no Yuuutsu"),
    ("千と千尋の神隠し", "Sen to Chihiro no Kamikakushi"),
    ("君の名は。", "Kimi no Na wa."),
    ("ご注文はうさぎですか？", "Gochuumon wa Usagi Desu ka?"),
    ("Re:ゼロから始める異世界生活", "Re:Zero kara Hajimeru Isekai Seikatsu"),
    ("カウボーイビバップ", "Cowboy Bebop"),
    ("この素晴らしい世界に祝福を！", "Kono Subarashii Sekai ni Shukufuku wo!"),
    ("銀河英雄伝説", "Ginga Eiyuu Densetsu"),
    ("ラブライブ！サンシャイン!!", "Love Live! Sunshine!!"),
    ("【推しの子】", "[Oshi no Ko]"),
    ("進撃の巨人 Season 2", "Shingeki no Kyojin Season 2"),
    ("進撃の巨人2", "Shingeki no Kyojin 2"),
    ("ウマ娘 プリティーダービー Season 3", "Uma Musume Pretty Derby Season 3"),
    ("進撃の巨人\u3000\u3000Season 2", "Shingeki no Kyojin Season 2"),
]

CHINESE = [
    ("一人之下", "zh-Hans", "Yi Ren Zhi Xia"),
    ("狐妖小红娘", "zh-Hans", "Hu Yao Xiao Hong Niang"),
    ("喂，看见耳朵啦 第二季", "zh-Hans", "Wei, Kan Jian Er Duo La Di Er Ji"),
    ("一人之下 the outcast", "zh-Hans", "Yi Ren Zhi Xia the outcast"),
    ("進擊的巨人", "zh-Hant", "Jin Ji De Ju Ren"),
    # Tagged "ja" upstream, but no kana and not readable by UniDic: read as Chinese.
    ("雄狮少年", "ja", "Xiong Shi Shao Nian"),
]


@pytest.mark.parametrize(("native", "romaji"), JAPANESE)
def test_japanese_titles_romanise_like_anilist(native: str, romaji: str) -> None:
    assert romanise(native, "ja") == romaji


@pytest.mark.parametrize(("native", "lang", "romaji"), CHINESE)
def test_chinese_titles_become_toneless_capitalised_pinyin(
    native: str, lang: str, romaji: str
) -> None:
    assert romanise(native, lang) == romaji


@pytest.mark.parametrize("title", ["ONE PIECE", "STEINS;GATE", "RWBY Volume 2", "T・P BON"])
def test_latin_titles_are_returned_unchanged(title: str) -> None:
    assert is_latin(title)
    assert romanise(title, "ja") == title
    assert romanise(title, "zh-Hans") == title


def test_latin_parts_and_symbols_inside_a_japanese_title_are_kept() -> None:
    assert romanise("鋼の錬金術師 FULLMETAL ALCHEMIST").endswith(" FULLMETAL ALCHEMIST")
    assert "Madoka☆" in romanise("魔法少女まどか☆マギカ")


def test_native_script_is_not_latin() -> None:
    assert not is_latin("進撃の巨人")
    assert not is_latin("ソードアート")


@pytest.mark.parametrize(
    ("native", "romaji"),
    [
        ("姫様“拷問”の時間です", 'Himesama "Goumon" no Jikan Desu'),
        ("「進撃の巨人」〜クロニクル〜", '"Shingeki no Kyojin" Chronicle'),
        ("逆転裁判 ～その「真実」、異議あり！～", 'Gyakuten Saiban ~Sono "Shinjitsu", Igi Ari!~'),
    ],
)
def test_corner_brackets_become_spaced_ascii_quotes(native: str, romaji: str) -> None:
    assert romanise(native) == romaji
