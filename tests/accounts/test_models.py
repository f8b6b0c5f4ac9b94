"""Account models: case-insensitive unique names, lower-cased emails, per-type list options."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kagami.accounts.enums import UserStaffNameLanguage, UserTitleLanguage
from kagami.accounts.models import MediaListOptions, User, normalize_name
from kagami.catalogue.enums import MediaType
from kagami.lists.enums import ScoreFormat

Sessions = async_sessionmaker[AsyncSession]


async def _add(session_factory: Sessions, *rows: object) -> None:
    async with session_factory() as session, session.begin():
        session.add_all(rows)


async def test_user_name_is_unique_case_insensitively(session_factory: Sessions) -> None:
    await _add(session_factory, User(name="Josh"))
    with pytest.raises(IntegrityError):
        await _add(session_factory, User(name="jOSH"))


async def test_name_lower_follows_renames(session_factory: Sessions) -> None:
    user = User(name="Josh")
    user.name = "Joshua"
    assert user.name_lower == "joshua" == normalize_name(" JOSHUA ")


async def test_email_is_stored_lower_cased_and_unique(session_factory: Sessions) -> None:
    user = User(name="a", email="Someone@Example.COM")
    assert user.email == "someone@example.com"
    await _add(session_factory, user, User(name="no-email-1"), User(name="no-email-2"))
    with pytest.raises(IntegrityError):
        await _add(session_factory, User(name="b", email="SOMEONE@example.com"))


async def test_new_user_gets_anilist_default_options(session_factory: Sessions) -> None:
    await _add(session_factory, User(name="fresh"))
    async with session_factory() as session:
        user = await session.scalar(sa.select(User).where(User.name_lower == "fresh"))
    assert user is not None
    assert user.title_language is UserTitleLanguage.ROMAJI
    assert user.staff_name_language is UserStaffNameLanguage.ROMAJI_WESTERN
    assert user.score_format is ScoreFormat.POINT_10_DECIMAL
    assert user.notification_options == {} and user.disabled_list_activity == {}
    assert user.unread_notification_count == 0
    assert user.created_at > 0 and user.password_hash is None


async def test_enum_columns_store_the_anilist_spelling(session_factory: Sessions) -> None:
    await _add(session_factory, User(name="x", title_language=UserTitleLanguage.NATIVE_STYLISED))
    async with session_factory() as session:
        stored = await session.scalar(sa.text("SELECT title_language FROM users"))
    assert stored == "NATIVE_STYLISED"


async def test_list_options_are_unique_per_user_and_media_type(session_factory: Sessions) -> None:
    user = User(name="lists")
    await _add(session_factory, user)
    await _add(
        session_factory,
        MediaListOptions(user_id=user.id, media_type=MediaType.ANIME, custom_lists=["Fall Anime"]),
        MediaListOptions(user_id=user.id, media_type=MediaType.MANGA),
    )
    with pytest.raises(IntegrityError):
        await _add(session_factory, MediaListOptions(user_id=user.id, media_type=MediaType.ANIME))


async def test_list_options_reject_unknown_media_type(session_factory: Sessions) -> None:
    user = User(name="typed")
    await _add(session_factory, user)
    insert = sa.text(
        "INSERT INTO media_list_options (user_id, media_type, custom_lists, advanced_scoring,"
        " advanced_scoring_enabled, split_completed_section_by_format, section_order,"
        " created_at, updated_at) VALUES (:u, 'NOVEL', '[]', '[]', false, false, '[]', 0, 0)"
    )
    with pytest.raises(IntegrityError):
        async with session_factory() as session, session.begin():
            await session.execute(insert, {"u": user.id})


async def test_deleting_a_user_deletes_their_list_options(session_factory: Sessions) -> None:
    user = User(name="gone")
    await _add(session_factory, user)
    await _add(session_factory, MediaListOptions(user_id=user.id, media_type=MediaType.ANIME))
    async with session_factory() as session, session.begin():
        await session.execute(sa.delete(User).where(User.id == user.id))
    async with session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(MediaListOptions)) == 0


async def test_relationships_refuse_lazy_loading(session_factory: Sessions) -> None:
    await _add(session_factory, User(name="lazy"))
    async with session_factory() as session:
        user = await session.scalar(sa.select(User))
        assert user is not None
        with pytest.raises(InvalidRequestError):
            _ = user.list_options
