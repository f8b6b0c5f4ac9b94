"""Deterministic name generators (people, users, titles, studios) from syllables, no data files."""

from __future__ import annotations

from random import Random
from typing import NamedTuple

# (romaji, kanji) parts; joined they read like real names ("Tana"+"be" -> Tanabe, 田辺).
_FAMILY_HEADS = (
    ("Yama", "山"), ("Naka", "中"), ("Kawa", "川"), ("Ishi", "石"), ("Mori", "森"),
    ("Taka", "高"), ("Fuji", "藤"), ("Matsu", "松"), ("Hoshi", "星"), ("Kuro", "黒"),
    ("Shira", "白"), ("Mizu", "水"), ("Tsuki", "月"), ("Sakura", "桜"), ("Hashi", "橋"),
    ("Ao", "青"), ("Tana", "田"), ("Hara", "原"), ("Oka", "岡"), ("Ike", "池"),
    ("Kita", "北"), ("Minami", "南"), ("Nishi", "西"), ("Higashi", "東"), ("Ono", "小野"),
    ("Sasa", "笹"), ("Kiri", "桐"), ("Kaga", "加賀"), ("Shima", "島"), ("Hira", "平"),
)  # fmt: skip
_FAMILY_TAILS = (
    ("be", "辺"), ("moto", "本"), ("mura", "村"), ("da", "田"), ("no", "野"),
    ("kawa", "川"), ("shita", "下"), ("zaki", "崎"), ("hara", "原"), ("yama", "山"),
    ("uchi", "内"), ("shima", "島"), ("oka", "岡"), ("gawa", "川"), ("i", "井"),
    ("sawa", "沢"), ("tani", "谷"), ("kura", "倉"), ("mine", "峰"), ("ki", "木"),
)  # fmt: skip
_GIVEN_HEADS = (
    ("Haru", "春"), ("Yu", "優"), ("Sa", "紗"), ("Ai", "愛"), ("Kai", "海"),
    ("Mi", "美"), ("Na", "奈"), ("Ryo", "涼"), ("Hiro", "浩"), ("Ken", "健"),
    ("Aki", "明"), ("Sora", "空"), ("Kazu", "和"), ("Masa", "正"), ("Nao", "直"),
    ("Tomo", "智"), ("Shin", "真"), ("Kei", "恵"), ("Hana", "花"), ("Saku", "咲"),
    ("Chi", "千"), ("Yo", "陽"), ("Rei", "玲"), ("Ma", "麻"), ("Ta", "太"),
    ("Hika", "光"), ("Ya", "弥"), ("Ri", "莉"), ("Shou", "翔"), ("Mo", "萌"),
)  # fmt: skip
_FEMALE_TAILS = (
    ("ka", "香"), ("ko", "子"), ("mi", "美"), ("na", "菜"), ("e", "恵"),
    ("ri", "里"), ("ho", "穂"), ("ne", "音"), ("yo", "代"), ("no", "乃"),
)  # fmt: skip
_MALE_TAILS = (
    ("to", "斗"), ("ta", "太"), ("ki", "樹"), ("ya", "也"), ("suke", "介"),
    ("rou", "郎"), ("hei", "平"), ("ji", "治"), ("ma", "真"), ("hiko", "彦"),
)  # fmt: skip
_WESTERN_FIRST = (
    "Emily", "Jessica", "Sarah", "Laura", "Megan", "Cherami", "Erica", "Kate", "Stephanie",
    "Anna", "Chris", "Matthew", "Johnny", "Robbie", "Kyle", "Bryce", "Max", "Ray", "Zach",
    "Aaron", "Ian", "Todd", "Lucien", "Dani", "Morgan", "Alex", "Jamie", "Sam", "Tia",
)  # fmt: skip
_WESTERN_LAST = (
    "Hayes", "Carter", "Mitchell", "Lowe", "Sinclair", "Ramos", "Dorsey", "Gray", "Park",
    "Bennett", "Foley", "Marsh", "Quinn", "Holt", "Vance", "Doyle", "Reyes", "Lind", "Ward",
    "Sato", "Moreno", "Fletcher", "Price", "Conrad", "Ellis", "Blair", "Rowe", "Hart",
)  # fmt: skip


class PersonName(NamedTuple):
    """A person's name in AniList's parts: first, last, full (western order) and native."""

    first: str
    last: str
    full: str
    native: str | None
    gender: str


def _part(rng: Random, parts: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    return parts[rng.randrange(len(parts))]


def japanese_name(rng: Random, gender: str | None = None) -> PersonName:
    """A Japanese name such as "Haruka Tanabe" (田辺春香), of the given or a random gender."""
    gender = gender or ("Female" if rng.random() < 0.5 else "Male")
    head, head_k = _part(rng, _GIVEN_HEADS)
    tail, tail_k = _part(rng, _FEMALE_TAILS if gender == "Female" else _MALE_TAILS)
    fam_a, fam_a_k = _part(rng, _FAMILY_HEADS)
    fam_b, fam_b_k = _part(rng, _FAMILY_TAILS)
    first, last = head + tail, fam_a + fam_b
    return PersonName(first, last, f"{first} {last}", fam_a_k + fam_b_k + head_k + tail_k, gender)


def western_name(rng: Random) -> PersonName:
    """An English-language voice actor's name (no native form)."""
    first = _WESTERN_FIRST[rng.randrange(len(_WESTERN_FIRST))]
    last = _WESTERN_LAST[rng.randrange(len(_WESTERN_LAST))]
    gender = "Female" if first in _FEMININE else "Male"
    return PersonName(first, last, f"{first} {last}", None, gender)


_FEMININE = frozenset(
    {"Emily", "Jessica", "Sarah", "Laura", "Megan", "Cherami", "Erica", "Kate", "Stephanie"}
    | {"Anna", "Dani", "Tia"}
)

_HANDLE_WORDS = (
    "Moon", "Star", "Neko", "Kitsune", "Sakura", "Otaku", "Shadow", "Pixel", "Mochi", "Ramen",
    "Sky", "Ghost", "Dream", "Blade", "Echo", "Nova", "Lumi", "Yuki", "Tanuki", "Kumo",
    "Silent", "Lazy", "Midnight", "Crimson", "Azure", "Little", "Sleepy", "Lucky", "Wild",
)  # fmt: skip
_HONORIFICS = ("chan", "kun", "sama", "senpai", "san")


def user_name(rng: Random) -> str:
    """An AniList-style handle ("MidnightNeko", "harukaT", "Kumo42"); callers ensure uniqueness."""
    style = rng.random()
    words = _HANDLE_WORDS
    if style < 0.3:
        name = words[rng.randrange(len(words))] + words[rng.randrange(len(words))]
    elif style < 0.55:
        person = japanese_name(rng)
        name = person.first + person.last[0]
    elif style < 0.7:
        name = japanese_name(rng).first.lower() + _HONORIFICS[rng.randrange(len(_HONORIFICS))]
    else:
        name = words[rng.randrange(len(words))] + str(rng.randrange(1, 1000))
    return name[:20]


class Title(NamedTuple):
    """A media title in the three forms AniList keeps."""

    romaji: str
    english: str
    native: str


# (romaji, native, english)
_NOUNS = (
    ("Hoshi", "星", "Star"), ("Tsuki", "月", "Moon"), ("Sora", "空", "Sky"),
    ("Umi", "海", "Sea"), ("Yume", "夢", "Dream"), ("Hana", "花", "Flower"),
    ("Kaze", "風", "Wind"), ("Yoru", "夜", "Night"), ("Natsu", "夏", "Summer"),
    ("Fuyu", "冬", "Winter"), ("Shoujo", "少女", "Girl"), ("Shounen", "少年", "Boy"),
    ("Ken", "剣", "Sword"), ("Mahou", "魔法", "Magic"), ("Sekai", "世界", "World"),
    ("Kokoro", "心", "Heart"), ("Tenshi", "天使", "Angel"), ("Akuma", "悪魔", "Demon"),
    ("Oukoku", "王国", "Kingdom"), ("Gakuen", "学園", "Academy"), ("Kishi", "騎士", "Knight"),
    ("Ryuu", "竜", "Dragon"), ("Kami", "神", "God"), ("Hikari", "光", "Light"),
    ("Kage", "影", "Shadow"), ("Tabi", "旅", "Journey"), ("Kioku", "記憶", "Memory"),
    ("Mahoutsukai", "魔法使い", "Wizard"), ("Hime", "姫", "Princess"), ("Yuusha", "勇者", "Hero"),
    ("Maou", "魔王", "Demon Lord"), ("Neko", "猫", "Cat"), ("Sakura", "桜", "Cherry Blossom"),
    ("Ame", "雨", "Rain"), ("Machi", "街", "Town"), ("Mirai", "未来", "Future"),
)  # fmt: skip
_ADJECTIVES = (
    ("Aoi", "青い", "Blue"), ("Shiroi", "白い", "White"), ("Kuroi", "黒い", "Black"),
    ("Chiisana", "小さな", "Little"), ("Tooi", "遠い", "Distant"), ("Saigo no", "最後の", "Last"),
    ("Himitsu no", "秘密の", "Secret"), ("Yasashii", "優しい", "Gentle"),
    ("Owaranai", "終わらない", "Endless"), ("Kagayaku", "輝く", "Shining"),
)  # fmt: skip


def _noun(rng: Random) -> tuple[str, str, str]:
    return _NOUNS[rng.randrange(len(_NOUNS))]


def media_title(rng: Random) -> Title:
    """A title in romaji, native and English: "Tsuki no Kishi", 月の騎士, Knight of the Moon."""
    a, b = _noun(rng), _noun(rng)
    style = rng.random()
    if style < 0.35:
        return Title(f"{a[0]} no {b[0]}", f"{b[2]} of the {a[2]}", f"{a[1]}の{b[1]}")
    if style < 0.55:
        return Title(f"{a[0]} to {b[0]}", f"{a[2]} and {b[2]}", f"{a[1]}と{b[1]}")
    if style < 0.75:
        adj = _ADJECTIVES[rng.randrange(len(_ADJECTIVES))]
        return Title(f"{adj[0]} {a[0]}", f"The {adj[2]} {a[2]}", f"{adj[1]}{a[1]}")
    if style < 0.88:
        return Title(f"{a[0]} wo Mezashite", f"Towards the {a[2]}", f"{a[1]}を目指して")
    # The light-novel long title.
    return Title(
        f"Ore no {a[0]} ga {b[0]} na Ken",
        f"The Case of My {a[2]} Being a {b[2]}",
        f"俺の{a[1]}が{b[1]}な件",
    )


def sequel_title(title: Title, number: int) -> Title:
    """The title of part ``number`` of a series."""
    return Title(f"{title.romaji} {number}", f"{title.english} {number}", f"{title.native}{number}")


_STUDIO_HEADS = (
    "Hikari", "Kumo", "Sakura", "Tsubasa", "Hoshi", "Aozora", "Kaze", "Yume", "Shiro",
    "Mizu", "Tora", "Kitsune", "Nami", "Hana", "Ginga", "Raijin", "Akane", "Kaede",
)  # fmt: skip
_STUDIO_TAILS = (
    "Studio", "Pictures", "Animation", "Works", "Films", "Production", "Entertainment",
    "Media", "Records", "Digital",
)  # fmt: skip


def studio_name(index: int) -> str:
    """A studio or company name ("Kumo Pictures"); ``index`` keeps names distinct."""
    head = _STUDIO_HEADS[index % len(_STUDIO_HEADS)]
    tail = _STUDIO_TAILS[(index // len(_STUDIO_HEADS)) % len(_STUDIO_TAILS)]
    name = f"Studio {head}" if tail == "Studio" else f"{head} {tail}"
    lap = index // (len(_STUDIO_HEADS) * len(_STUDIO_TAILS))
    return f"{name} {lap + 1}" if lap else name
