"""AZ-10: other users' private properties come back null or absent, in each dialect."""

from __future__ import annotations

from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

NOTE = "my private little note"
SAVE = """mutation ($m: Int) {
  SaveMediaListEntry(mediaId: $m, status: CURRENT, notes: "my private little note",
    scoreRaw: 90) { id } }"""


async def test_AZ_10_private_properties_are_null_or_absent_for_other_viewers(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        media = await make_media(s, id_mal=9500)
        owner = await make_user(s, email="owner@example.org")
        other = await make_user(s)
        ids = (media.id, owner.id, owner.name, other.id)
    media_id, owner_id, owner_name, other_id = ids
    entry = (await dialects.gql.data(SAVE, {"m": media_id}, **await dialects.anilist(owner_id)))[
        "SaveMediaListEntry"
    ]["id"]
    user = f"""{{ User(id: {owner_id}) {{ unreadNotificationCount
      options {{ titleLanguage displayAdultContent airingNotifications }}
      mediaListOptions {{ scoreFormat rowOrder }} }} }}"""
    for headers in ({}, await dialects.anilist(other_id)):
        status, body = await dialects.gql(user, None, **headers)
        assert status == 200, body
        assert body["data"]["User"]["unreadNotificationCount"] is None
        # Public by design, as on AniList: title language, adult flag, list score format.
        assert body["data"]["User"]["options"]["airingNotifications"] is None, body
        status, body = await dialects.gql(
            f"{{ MediaList(id: {entry}) {{ notes }} }}", None, **headers
        )
        assert "owner@example.org" not in str(body)
    r = await dialects.http.get(f"/api/user/{owner_name}", headers=await dialects.v1_auth(other_id))
    assert r.status_code == 200 and "owner@example.org" not in r.text, r.text
    r = await dialects.http.get(
        f"/v2/users/{owner_name}/animelist",
        params={"fields": "list_status{comments}"},
        headers=await dialects.mal_auth(other_id),
    )
    assert NOTE not in r.text and "owner@example.org" not in r.text, r.text
