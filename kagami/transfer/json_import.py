"""Importing a Kagami JSON export into a user, in one transaction, through the services.

Options (``update_user``), entries (``restore_entries``), favourites
(``toggle_favourite`` + ``update_favourite_order``), follows (``toggle_follow``) and
activities (``restore_activities``); a document that is not valid changes nothing. What
the target lacks is reported, never invented: media or characters not in its catalogue,
and followed users with no account of that name there. Importing twice changes nothing
the first import did not.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.options import ListOptionsChanges, UserChanges, update_user
from kagami.accounts.service import find_user_by_name
from kagami.db import Database
from kagami.errors import DomainError, Invalid
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.restore import MAX_BATCH, Outcome, Restore, restore_entries
from kagami.social.activity_restore import RestoredActivity, restore_activities
from kagami.social.enums import FavouriteKind
from kagami.social.favourite_service import (
    MAX_ORDER_IDS,
    TARGETS,
    toggle_favourite,
    update_favourite_order,
)
from kagami.social.follow_service import toggle_follow
from kagami.social.models import Activity, Favourite, Follow
from kagami.transfer.errors import TransferError
from kagami.transfer.json_schema import (
    ActivityDoc,
    EntryDoc,
    ExportDoc,
    ListOptionsDoc,
    OptionsDoc,
)
from kagami.transfer.mal_import import user_named

MAX_JSON_BYTES = 256 << 20
MAX_PROBLEMS = 10_000


@dataclass
class JsonImportReport:
    """Counts of what was restored and a line per thing that could not be."""

    entries: dict[str, int] = field(default_factory=dict)
    favourites: int = 0
    follows: int = 0
    activities: int = 0
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0

    def problem(self, line: str) -> None:
        """Record something not imported (listed up to ``MAX_PROBLEMS``)."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(line)

    def summary(self) -> str:
        """One line for the CLI and the page."""
        entries = ", ".join(f"{n} {k}" for k, n in sorted(self.entries.items()) if n)
        return (
            f"entries: {entries or 'none'}; favourites added: {self.favourites}; "
            f"follows added: {self.follows}; activities added: {self.activities}; "
            f"not imported: {self.problem_count}"
        )


def read_document(data: bytes) -> ExportDoc:
    """Parse and validate an export (plain or gzipped); :class:`TransferError` if it is not one."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_JSON_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise TransferError(f"The gzip file is damaged or truncated: {exc}") from None
    if len(data) > MAX_JSON_BYTES:
        raise TransferError(f"The file is larger than {MAX_JSON_BYTES >> 20} MB.")
    if not data.lstrip()[:1] == b"{":
        raise TransferError("Not a Kagami JSON export: the file is not a JSON object.")
    try:
        return ExportDoc.model_validate_json(data)
    except ValidationError as exc:
        lines = [
            f"{'.'.join(str(p) for p in err['loc']) or 'document'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:5]
        ]
        raise TransferError("Not a valid Kagami JSON export: " + "; ".join(lines)) from None


def _list_changes(doc: ListOptionsDoc) -> ListOptionsChanges:
    return ListOptionsChanges(
        section_order=doc.section_order,
        split_completed_section_by_format=doc.split_completed_section_by_format,
        custom_lists=doc.custom_lists,
        advanced_scoring=doc.advanced_scoring,
        advanced_scoring_enabled=doc.advanced_scoring_enabled,
        theme=doc.theme,
    )


async def _import_options(session: AsyncSession, user_id: int, doc: OptionsDoc) -> None:
    changes = UserChanges(
        about=doc.about or "",
        title_language=doc.title_language,
        staff_name_language=doc.staff_name_language,
        score_format=doc.score_format,
        row_order=doc.row_order,
        profile_color=doc.profile_color,
        timezone=doc.timezone or "",
        activity_merge_time=doc.activity_merge_time,
        display_adult_content=doc.display_adult_content,
        airing_notifications=doc.airing_notifications,
        restrict_messages_to_following=doc.restrict_messages_to_following,
        notification_options={str(k): v for k, v in doc.notification_options.items()},
        disabled_list_activity=dict(doc.disabled_list_activity),
        anime_list_options=_list_changes(doc.anime_list),
        manga_list_options=_list_changes(doc.manga_list),
    )
    try:
        await update_user(session, user_id, changes)
    except Invalid as exc:
        details = "; ".join(f"options.{f}: {' '.join(m)}" for f, m in exc.fields.items())
        raise TransferError(f"The export's options are not valid here: {details}") from None


def _restore_of(doc: EntryDoc) -> Restore:
    changes = EntryChanges(
        status=doc.status,
        score=doc.score,
        progress=doc.progress,
        progress_volumes=doc.progress_volumes,
        repeat=doc.repeat,
        priority=doc.priority,
        private=doc.private,
        notes=doc.notes or "",
        hidden_from_status_lists=doc.hidden_from_status_lists,
        custom_lists=doc.custom_lists,
        started_at=FuzzyDate(doc.started_at.year, doc.started_at.month, doc.started_at.day),
        completed_at=FuzzyDate(doc.completed_at.year, doc.completed_at.month, doc.completed_at.day),
        rewatch_value=doc.rewatch_value,
        tags=doc.tags,
    )
    return Restore(
        doc.media_id,
        changes,
        advanced_scores=dict(doc.advanced_scores),
        created_at=doc.created_at,
        updated_at=doc.updated_at,
    )


async def _import_entries(
    session: AsyncSession, user_id: int, entries: list[EntryDoc], report: JsonImportReport
) -> None:
    for start in range(0, len(entries), MAX_BATCH):
        chunk = entries[start : start + MAX_BATCH]
        results = await restore_entries(session, user_id, [_restore_of(e) for e in chunk])
        for doc, result in zip(chunk, results, strict=True):
            if result.outcome is Outcome.UNKNOWN_MEDIA:
                report.problem(f"entry for media {doc.media_id}: not in this catalogue")
            elif result.outcome is Outcome.INVALID:
                text = "; ".join(f"{k}: {' '.join(v)}" for k, v in result.errors.items())
                report.problem(f"entry for media {doc.media_id}: {text}")
            else:
                name = result.outcome.value
                report.entries[name] = report.entries.get(name, 0) + 1


async def _import_favourites(
    session: AsyncSession,
    user_id: int,
    favourites: dict[FavouriteKind, list[int]],
    report: JsonImportReport,
) -> None:
    for kind, ids in sorted(favourites.items()):
        column = TARGETS[kind][2]
        have = set(
            await session.scalars(
                sa.select(column).where(Favourite.user_id == user_id, Favourite.kind == kind)
            )
        )
        placed: list[int] = []
        for target in dict.fromkeys(ids):
            if target not in have:
                try:
                    await toggle_favourite(session, user_id, targets={kind: target})
                except DomainError:
                    report.problem(f"favourite {kind.value.lower()} {target}: not here")
                    continue
                report.favourites += 1
            placed.append(target)
        for start in range(0, len(placed), MAX_ORDER_IDS):
            chunk = placed[start : start + MAX_ORDER_IDS]
            order = list(range(start, start + len(chunk)))
            await update_favourite_order(session, user_id, orders={kind: (chunk, order)})


async def _import_follows(
    session: AsyncSession, user_id: int, names: list[str], report: JsonImportReport
) -> None:
    following = set(
        await session.scalars(sa.select(Follow.followed_id).where(Follow.follower_id == user_id))
    )
    for name in dict.fromkeys(names):
        target = await find_user_by_name(session, name) if 0 < len(name) <= 64 else None
        if target is None or not target.is_active:
            report.problem(f"follow {name[:64]!r}: no user of that name here (not created)")
            continue
        if target.id == user_id or target.id in following:
            continue
        await toggle_follow(session, user_id, user_id=target.id)
        following.add(target.id)
        report.follows += 1


async def _import_activities(
    session: AsyncSession, user_id: int, docs: list[ActivityDoc], report: JsonImportReport
) -> None:
    before = await session.scalar(
        sa.select(sa.func.count()).select_from(Activity).where(Activity.user_id == user_id)
    )
    items = [RestoredActivity(**d.model_dump()) for d in docs]  # the same fields
    for doc, problem in zip(docs, await restore_activities(session, user_id, items), strict=True):
        if problem is not None:
            report.problem(f"activity of {doc.created_at}: {problem}")
    after = await session.scalar(
        sa.select(sa.func.count()).select_from(Activity).where(Activity.user_id == user_id)
    )
    report.activities = (after or 0) - (before or 0)


async def import_document(session: AsyncSession, user_id: int, doc: ExportDoc) -> JsonImportReport:
    """Restore a validated document into the user (the caller's transaction commits)."""
    report = JsonImportReport()
    await _import_options(session, user_id, doc.options)
    await _import_entries(session, user_id, doc.entries, report)
    await _import_favourites(session, user_id, doc.favourites, report)
    await _import_follows(session, user_id, doc.follows, report)
    await _import_activities(session, user_id, doc.activities, report)
    return report


async def import_json(database: Database, path: Path, user_name: str) -> JsonImportReport:
    """Import a Kagami JSON export file into ``user_name`` in one transaction."""
    async with database.session() as session:
        user_id = (await user_named(session, user_name)).id
    with path.open("rb") as raw:
        data = raw.read(MAX_JSON_BYTES + 1)
    doc = read_document(data)
    async with database.session() as session:
        return await import_document(session, user_id, doc)
