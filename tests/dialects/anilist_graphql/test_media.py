"""Media and Page.media: look-ups, filters, sorts, search, paging and the Media fields."""

from __future__ import annotations

import pytest

from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient


async def _ids(gql: GraphQLClient, args: str) -> list[int]:
    body = await gql.data(f"{{ Page {{ media({args}) {{ id }} }} }}")
    return [m["id"] for m in body["Page"]["media"]]


async def test_media_by_id_returns_titles_dates_and_site_url(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("""{ Media(id: 1, type: ANIME) { id idMal type format status episodes
        seasonYear season
        title { romaji english native userPreferred } startDate { year month day } endDate { year }
        genres synonyms siteUrl isAdult averageScore popularity } }""")
    media = body["Media"]
    assert media["title"] == {
        "romaji": "Cowboy Bebop",
        "english": "Cowboy Bebop",
        "native": "カウボーイビバップ",
        "userPreferred": "Cowboy Bebop",
    }
    assert media["startDate"] == {"year": 1998, "month": 4, "day": 3}
    assert (media["type"], media["format"], media["status"], media["season"]) == (
        "ANIME",
        "TV",
        "FINISHED",
        "SPRING",
    )
    assert media["genres"] == ["Action", "Sci-Fi"] and media["synonyms"] == ["CB"]
    assert media["siteUrl"].endswith("/anime/1")
    assert media["idMal"] == 1 and media["episodes"] == 26 and media["isAdult"] is False


async def test_media_by_mal_id(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("{ Media(idMal: 13, type: MANGA) { id } }")
    assert body["Media"]["id"] == catalogue.one_piece_manga


async def test_unknown_fuzzy_date_parts_are_null_not_missing(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data(
        "{ Media(id: 5) { startDate { year month day } endDate { year month day } } }"
    )
    assert body["Media"]["startDate"] == {"year": 2001, "month": None, "day": None}
    assert body["Media"]["endDate"] == {"year": None, "month": None, "day": None}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("type: MANGA", [30013]),
        ("id_in: [5, 1, 999]", [1, 5]),
        ("id_not_in: [1, 5, 21]", [15125, 30013]),
        ("idMal_in: [21, 13]", [21, 30013]),
        ("format: MOVIE", [5]),
        ("format_in: [TV, TV_SHORT]", [1, 21, 15125]),
        ("format_not_in: [TV, MANGA]", [5, 15125]),
        ("status: RELEASING", [21, 30013]),
        ("status_not: FINISHED", [21, 30013]),
        ("season: FALL, seasonYear: 2012", [15125]),
        ("seasonYear: 1999", [21]),
        ('genre: "Comedy"', [21, 15125]),
        ('genre_in: ["Action", "Comedy"]', [21]),
        ('genre_not_in: ["Action"]', [15125, 30013]),
        ('tag: "Space"', [1]),
        ('tag_in: ["Tennis"]', [15125]),
        ('tag_not_in: ["Tennis", "Space"]', [5, 21, 30013]),
        ("startDate_greater: 19990000", [5, 21, 15125]),
        ("startDate_lesser: 19990000", [1, 30013]),
        ("episodes_greater: 11", [1, 15125]),
        ("episodes_lesser: 12", [5]),
        ("averageScore_greater: 85", [1, 21, 30013]),
        ("isAdult: true", []),
    ],
)
async def test_page_media_filters(
    gql: GraphQLClient, catalogue: Catalogue, args: str, expected: list[int]
) -> None:
    assert await _ids(gql, args) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("POPULARITY_DESC", [21, 30013, 1, 5, 15125]),
        ("POPULARITY", [15125, 5, 1, 30013, 21]),
        ("SCORE_DESC", [30013, 21, 1, 5, 15125]),
        ("FAVOURITES_DESC", [21, 30013, 1, 5, 15125]),
        ("START_DATE", [30013, 1, 21, 5, 15125]),
        ("START_DATE_DESC", [15125, 5, 21, 1, 30013]),
        ("TITLE_ROMAJI", [1, 5, 21, 30013, 15125]),
        ("ID_DESC", [30013, 15125, 21, 5, 1]),
        ("[TYPE_DESC, ID]", [30013, 1, 5, 21, 15125]),
    ],
)
async def test_page_media_sorts(
    gql: GraphQLClient, catalogue: Catalogue, sort: str, expected: list[int]
) -> None:
    assert await _ids(gql, f"sort: {sort}") == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [("bebop", 1), ("カウボーイ", 1), ("teekyuu", 15125), ("てーきゅう", 15125), ("The Movie", 5)],
)
async def test_search_matches_titles_in_any_script(
    gql: GraphQLClient, catalogue: Catalogue, text: str, first: int
) -> None:
    ids = await _ids(gql, f'search: "{text}"')
    assert ids and ids[0] == first


async def test_search_ranks_exact_title_first(gql: GraphQLClient, catalogue: Catalogue) -> None:
    assert await _ids(gql, 'search: "cowboy bebop", sort: SEARCH_MATCH') == [1, 5]


async def test_search_combines_with_type(gql: GraphQLClient, catalogue: Catalogue) -> None:
    assert await _ids(gql, 'search: "one piece", type: MANGA') == [30013]


async def test_page_info_reports_totals_and_next_page(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("""{ Page(page: 2, perPage: 2) {
        pageInfo { total perPage currentPage lastPage hasNextPage }
        media(sort: ID) { id } } }""")
    assert body["Page"]["pageInfo"] == {
        "total": 5,
        "perPage": 2,
        "currentPage": 2,
        "lastPage": 3,
        "hasNextPage": True,
    }
    assert [m["id"] for m in body["Page"]["media"]] == [21, 15125]


async def test_last_page_has_no_next_page(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("{ Page(page: 3, perPage: 2) { pageInfo { hasNextPage } media { id } } }")
    assert body["Page"] == {"pageInfo": {"hasNextPage": False}, "media": [{"id": 30013}]}


async def test_media_characters_connection_with_roles_and_voice_actors(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("""{ Media(id: 1) { characters(sort: [ROLE, RELEVANCE], perPage: 2) {
        pageInfo { total hasNextPage } edges { role node { id name { full first last } }
        voiceActors(language: ENGLISH) { name { full } languageV2 } } } } }""")
    connection = body["Media"]["characters"]
    assert connection["pageInfo"] == {"total": 3, "hasNextPage": True}
    assert [(e["role"], e["node"]["id"]) for e in connection["edges"]] == [("MAIN", 1), ("MAIN", 2)]
    assert connection["edges"][0]["voiceActors"] == [
        {"name": {"full": "Steven Blum"}, "languageV2": "English"}
    ]
    assert connection["edges"][0]["node"]["name"]["first"] == "Spike"


async def test_media_characters_role_filter_and_second_page(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("""{ Media(id: 1) {
        supporting: characters(role: SUPPORTING) { nodes { id } }
        second: characters(page: 2, perPage: 2) { nodes { id } } } }""")
    assert body["Media"]["supporting"]["nodes"] == [{"id": 3}]
    assert body["Media"]["second"]["nodes"] == [{"id": 3}]


async def test_media_staff_and_studios(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("""{ Media(id: 1) { staff { edges { role node { name { full } } } }
        studios { edges { isMain node { id name } } }
        main: studios(isMain: true) { nodes { name } } } }""")
    assert body["Media"]["staff"]["edges"] == [
        {"role": "Director", "node": {"name": {"full": "Shinichirou Watanabe"}}}
    ]
    assert [e["isMain"] for e in body["Media"]["studios"]["edges"]] == [True, False]
    assert body["Media"]["main"]["nodes"] == [{"name": "Sunrise"}]


async def test_relations_tags_and_next_airing(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("""{ a: Media(id: 1) { relations { edges { relationType node { id } } }
        tags { name rank category } }
        b: Media(id: 21) { nextAiringEpisode { episode mediaId timeUntilAiring media { id } }
        airingSchedule(notYetAired: false) { nodes { episode } } } }""")
    assert body["a"]["relations"]["edges"] == [{"relationType": "SIDE_STORY", "node": {"id": 5}}]
    assert body["a"]["tags"] == [{"name": "Space", "rank": 95, "category": "Setting-Universe"}]
    nxt = body["b"]["nextAiringEpisode"]
    assert (
        nxt["episode"] == 1101
        and nxt["media"] == {"id": 21}
        and 0 < nxt["timeUntilAiring"] <= 86400
    )
    assert [n["episode"] for n in body["b"]["airingSchedule"]["nodes"]] == [1100, 1101]


async def test_IV_4_description_as_html_is_sanitized(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("{ Media(id: 1) { raw: description html: description(asHtml: true) } }")
    assert body["Media"]["raw"].startswith("**Space**")
    assert (
        "<strong>Space</strong>" in body["Media"]["html"] and "<script" not in body["Media"]["html"]
    )


async def test_missing_cover_falls_back_to_a_placeholder_under_the_base_url(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data(
        "{ Media(id: 5) { coverImage { large medium extraLarge color } }"
        " a: Media(id: 1) { coverImage { large } } }"
    )
    cover = body["Media"]["coverImage"]
    assert all(
        cover[k].startswith("http://127.0.0.1:8000/img/placeholder/media/5/")
        for k in ("large", "medium", "extraLarge")
    )
    assert cover["color"].startswith("#")
    assert body["a"]["coverImage"]["large"] == "https://img.example/bebop.jpg"
    response = await gql.http.get(cover["large"].removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200


async def test_every_placeholder_graphql_hands_out_is_a_png(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    """Android and iOS image loaders do not decode SVG: every generated image must be a PNG."""
    body = await gql.data(
        f"""{{ Media(id: 5) {{ coverImage {{ extraLarge large medium }} bannerImage }}
        Character(id: {catalogue.spike}) {{ image {{ large medium }} }}
        Staff(id: 95) {{ image {{ large medium }} }} }}"""
    )
    media, character, staff = body["Media"], body["Character"], body["Staff"]
    urls = [
        *media["coverImage"].values(),
        media["bannerImage"],
        *character["image"].values(),
        *staff["image"].values(),
    ]
    assert len(urls) == 8
    for url in urls:
        assert url.startswith("http://127.0.0.1:8000/img/placeholder/") and url.endswith(".png")
        response = await gql.http.get(url.removeprefix("http://127.0.0.1:8000"))
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


async def test_genre_and_tag_collections(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("{ GenreCollection MediaTagCollection { name category isAdult } }")
    assert body["GenreCollection"] == ["Action", "Adventure", "Comedy", "Sci-Fi", "Sports"]
    assert [t["name"] for t in body["MediaTagCollection"]] == ["Space", "Tennis"]


async def test_IV_4_markdown_root_renders_sanitized_html(gql: GraphQLClient) -> None:
    body = await gql.data('{ Markdown(markdown: "__hi__ <img src=x onerror=alert(1)>") { html } }')
    assert (
        "<strong>hi</strong>" in body["Markdown"]["html"]
        and "onerror" not in body["Markdown"]["html"]
    )


async def test_external_link_source_collection(gql: GraphQLClient, database: Database) -> None:
    from kagami.catalogue.enums import ExternalLinkMediaType, ExternalLinkType
    from kagami.catalogue.models import ExternalLinkSource

    async with database.session() as s:
        s.add_all(
            [
                ExternalLinkSource(
                    id=1,
                    site="Crunchyroll",
                    type=ExternalLinkType.STREAMING,
                    media_type=ExternalLinkMediaType.ANIME,
                    url="https://crunchyroll.com",
                ),
                ExternalLinkSource(id=2, site="Twitter", type=ExternalLinkType.SOCIAL),
            ]
        )
    body = await gql.data(
        "{ all: ExternalLinkSourceCollection { id site } "
        "streaming: ExternalLinkSourceCollection(type: STREAMING) { site url type } }"
    )
    assert body["all"] == [{"id": 1, "site": "Crunchyroll"}, {"id": 2, "site": "Twitter"}]
    assert body["streaming"] == [
        {"site": "Crunchyroll", "url": "https://crunchyroll.com", "type": "STREAMING"}
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ('startDate_like: "1999%"', [21]),
        ('startDate_like: "199%"', [1, 21, 30013]),
        ('endDate_like: "1999%"', [1]),
    ],
)
async def test_fuzzy_date_like_filters(
    gql: GraphQLClient, catalogue: Catalogue, args: str, expected: list[int]
) -> None:
    assert await _ids(gql, args) == expected


async def test_licensed_by_filters(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    from kagami.catalogue.models import MediaExternalLink

    async with database.session() as s:
        s.add(MediaExternalLink(media_id=21, site="Crunchyroll", url="https://cr.example/op"))
    assert await _ids(gql, 'licensedBy: "Crunchyroll"') == [21]
    assert await _ids(gql, 'licensedBy_in: ["Netflix"]') == []


async def test_media_by_id_of_the_other_type_is_not_found(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    status, body = await gql("{ Media(id: 1, type: MANGA) { id } }")
    assert status == 404 and body["errors"][0]["message"] == "Not Found."
    assert (await gql.data("{ Media(id: 1, type: ANIME) { id } }"))["Media"]["id"] == 1


async def test_media_by_mal_id_honours_type(gql: GraphQLClient, catalogue: Catalogue) -> None:
    either = (await gql.data("{ Media(idMal: 13) { id } }"))["Media"]["id"]
    assert either == catalogue.one_piece_manga
    status, _body = await gql("{ Media(idMal: 13, type: ANIME) { id } }")
    assert status == 404


async def test_media_by_id_and_mal_id_must_both_match(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    status, _body = await gql("{ Media(id: 1, idMal: 13) { id } }")
    assert status == 404
    assert (await gql.data("{ Media(id: 1, idMal: 1) { id } }"))["Media"]["id"] == 1
