"""Writing the moderation audit trail inside the transaction of the action it records."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.moderation.models import ModerationAction


async def record(
    session: AsyncSession, actor_id: int, action: str, target_type: str, target_id: int | None
) -> None:
    """Add an audit row; it commits or rolls back together with the action itself."""
    session.add(
        ModerationAction(
            actor_id=actor_id, action=action, target_type=target_type, target_id=target_id
        )
    )
