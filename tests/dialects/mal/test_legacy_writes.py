"""MAL v0.21 list writes: the app's PUT form and DELETE, through the shared list services."""

from __future__ import annotations

import sqlalchemy as sa

from kagami.catalogue.enums import MediaFormat
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_user

APP = {"X-MAL-Client-ID": BUILTIN_MAL_CLIENT_ID}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def _setup(mal: MalClient, database: Database) -> tuple[int, int, dict[str, str]]:
    """Cowboy Bebop (MAL id 1, 26 episodes), a user, and the app's headers with her token."""
    async with database.session() as s:
        bebop = await make_media(s, id_mal=1, format=MediaFormat.TV, episodes=26)
        user = await make_user(s)
        await s.commit()
    headers = {**APP, **FORM, **await mal.token_for(database, user.id)}
    return bebop.id, user.id, headers


async def _entry(database: Database, user_id: int) -> ListEntry | None:
    async with database.session() as s:
        return await s.scalar(sa.select(ListEntry).where(ListEntry.user_id == user_id))


async def test_put_adds_the_anime_and_answers_its_list_status(
    mal: MalClient, database: Database
) -> None:
    _, user_id, headers = await _setup(mal, database)
    body = "status=watching&score=8&num_watched_episodes=3&start_date=2024-03-09"
    r = await mal.http.put("/v0.21/anime/1/my_list_status", content=body, headers=headers)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert {k: answer[k] for k in ("status", "score", "num_episodes_watched")} == {
        "status": "watching",
        "score": 8,
        "num_episodes_watched": 3,
    }
    assert answer["is_rewatching"] is False and answer["start_date"] == "2024-03-09"
    entry = await _entry(database, user_id)
    assert entry is not None
    assert (entry.status, entry.score, entry.progress) == (MediaListStatus.CURRENT, 80, 3)
    assert (entry.started_year, entry.started_month, entry.started_day) == (2024, 3, 9)


async def test_put_changes_only_the_fields_it_names(mal: MalClient, database: Database) -> None:
    _, user_id, headers = await _setup(mal, database)
    url = "/v0.21/anime/1/my_list_status"
    await mal.http.put(url, content="status=completed&score=9", headers=headers)
    r = await mal.http.put(
        url, content="is_rewatching=True&num_watched_episodes=4", headers=headers
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["is_rewatching"], r.json()["score"]) == (
        "watching",
        True,
        9,
    )
    entry = await _entry(database, user_id)
    assert entry is not None and entry.status is MediaListStatus.REPEATING


async def test_put_rejects_bad_values_without_writing(mal: MalClient, database: Database) -> None:
    _, user_id, headers = await _setup(mal, database)
    for body in (
        "status=reading",
        "score=11",
        "score=-1",
        "num_watched_episodes=x",
        "num_watched_episodes=27",  # more than the show's 26 episodes
        "is_rewatching=maybe",
        "start_date=03/09/2024",
        "priority=3",
    ):
        r = await mal.http.put("/v0.21/anime/1/my_list_status", content=body, headers=headers)
        assert r.status_code == 400, body
        assert r.json()["error"] == "bad_request", body
    assert await _entry(database, user_id) is None


async def test_put_on_an_unknown_anime_is_404_and_a_malformed_id_400(
    mal: MalClient, database: Database
) -> None:
    _, _, headers = await _setup(mal, database)
    for anime_id, status, error in (
        ("999999", 404, "not_found"),
        ("0", 404, "not_found"),
        ("99999999999999999999", 404, "not_found"),
        ("abc", 400, "bad_request"),
    ):
        r = await mal.http.put(
            f"/v0.21/anime/{anime_id}/my_list_status", content="status=watching", headers=headers
        )
        assert (r.status_code, r.json()["error"]) == (status, error), anime_id


async def test_writes_need_a_user_token(mal: MalClient, database: Database) -> None:
    await _setup(mal, database)
    url = "/v0.21/anime/1/my_list_status"
    r = await mal.http.put(url, content="status=watching", headers={**APP, **FORM})
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    assert (await mal.http.delete(url, headers=APP)).status_code == 401


async def test_delete_removes_the_entry_then_answers_404(
    mal: MalClient, database: Database
) -> None:
    _, user_id, headers = await _setup(mal, database)
    url = "/v0.21/anime/1/my_list_status"
    await mal.http.put(url, content="status=plan_to_watch", headers=headers)
    first = await mal.http.delete(url, headers=headers)
    assert (first.status_code, first.json()) == (200, [])
    assert await _entry(database, user_id) is None
    again = await mal.http.delete(url, headers=headers)
    assert (again.status_code, again.json()) == (404, {"message": "", "error": "not_found"})


async def test_device_token_registration_is_accepted(mal: MalClient, database: Database) -> None:
    _, _, headers = await _setup(mal, database)
    r = await mal.http.post("/v0.21/users/@me/device_tokens", content="token=x", headers=headers)
    assert (r.status_code, r.json()) == (200, [])
