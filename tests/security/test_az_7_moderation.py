"""AZ-7: moderator functions are moderators' only, leave an audit row; no input grants roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLObjectType,
    get_named_type,
)

from kagami.accounts.enums import ModRole
from kagami.accounts.models import User
from kagami.community import comments_service, reviews_service, threads_service
from kagami.community.models import Review, Thread, ThreadComment
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from kagami.moderation.models import ModerationAction
from kagami.social import activity_service, reply_service
from kagami.social.models import Activity, ActivityReply
from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

REVIEW_BODY = "A long and considered review. " * 100


@dataclass
class Board:
    """Things one author owns, and the bearer headers of a bystander and a moderator."""

    author: int
    other: dict[str, str]
    moderator: dict[str, str]
    moderator_id: int
    thread: int
    comment: int
    review: int
    activity: int
    reply: int


@pytest.fixture
async def board(dialects: Dialects) -> Board:
    """An author's thread, comment, review, text activity and reply to it."""
    async with dialects.database.session() as s:
        media = await make_media(s)
        author = await make_user(s)
        other = await make_user(s)
        moderator = await make_user(s, moderator_roles=[ModRole.COMMUNITY.value])
        thread = await threads_service.save_thread(
            s, author.id, title="A thread of mine", body="Body text."
        )
        comment = await comments_service.save_thread_comment(
            s, author.id, thread_id=thread.id, comment="My own comment."
        )
        review = await reviews_service.save_review(
            s,
            author.id,
            media_id=media.id,
            body=REVIEW_BODY,
            summary="A summary of twenty+ characters",
            score=80,
        )
        activity = await activity_service.save_text_activity(
            s, author.id, activity_id=None, text="Hello, world.", locked=None
        )
        reply = await reply_service.save_activity_reply(
            s, author.id, reply_id=None, activity_id=activity.id, text="Me again."
        )
        ids = (author.id, other.id, moderator.id)
        objects = (thread.id, comment.id, review.id, activity.id, reply.id)
        await s.commit()
    return Board(
        ids[0],
        await dialects.anilist(ids[1]),
        await dialects.anilist(ids[2]),
        ids[2],
        *objects,
    )


def _actions(board: Board) -> list[tuple[str, dict[str, Any], set[str]]]:
    """(mutation, variables, audit actions it leaves when a moderator runs it)."""
    return [
        (
            "mutation ($id: Int) { SaveThread(id: $id, locked: true, sticky: true) { id } }",
            {"id": board.thread},
            {"thread.edit", "thread.flags"},
        ),
        (
            "mutation ($id: Int) { SaveThreadComment(id: $id, locked: true) { id } }",
            {"id": board.comment},
            {"comment.edit", "comment.lock"},
        ),
        (
            'mutation ($id: Int) { SaveTextActivity(id: $id, text: "Moderated.", locked: true) '
            "{ id } }",
            {"id": board.activity},
            {"activity.edit", "activity.lock"},
        ),
        (
            'mutation ($id: Int) { SaveActivityReply(id: $id, text: "Moderated.") { id } }',
            {"id": board.reply},
            {"reply.edit"},
        ),
        (
            "mutation ($id: Int) { DeleteActivityReply(id: $id) { deleted } }",
            {"id": board.reply},
            {"reply.delete"},
        ),
        (
            "mutation ($id: Int) { DeleteActivity(id: $id) { deleted } }",
            {"id": board.activity},
            {"activity.delete"},
        ),
        (
            "mutation ($id: Int) { DeleteThreadComment(id: $id) { deleted } }",
            {"id": board.comment},
            {"comment.delete"},
        ),
        (
            "mutation ($id: Int) { DeleteThread(id: $id) { deleted } }",
            {"id": board.thread},
            {"thread.delete"},
        ),
        (
            "mutation ($id: Int) { DeleteReview(id: $id) { deleted } }",
            {"id": board.review},
            {"review.delete"},
        ),
    ]


async def _snapshot(dialects: Dialects) -> list[Any]:
    """Every row the actions could touch, and the audit trail."""
    async with dialects.database.session() as s:
        rows: list[Any] = []
        for model in (Thread, ThreadComment, Review, Activity, ActivityReply):
            found = (await s.execute(sa.select(model).order_by(model.id))).scalars().all()
            rows.append(
                [{c.key: getattr(r, c.key) for c in model.__mapper__.column_attrs} for r in found]
            )
        audit = (await s.execute(sa.select(ModerationAction))).scalars().all()
        rows.append([(a.actor_id, a.action, a.target_type, a.target_id) for a in audit])
    return rows


async def test_AZ_7_moderator_functions_are_forbidden_to_others_and_change_nothing(
    dialects: Dialects, board: Board
) -> None:
    before = await _snapshot(dialects)
    for query, variables, _ in _actions(board):
        status, body = await dialects.gql(query, variables, **board.other)
        assert status == 403 and body["errors"][0]["message"] == "Forbidden.", (query, body)
    assert await _snapshot(dialects) == before


async def test_AZ_7_each_moderator_action_writes_an_audit_row(
    dialects: Dialects, board: Board
) -> None:
    for query, variables, actions in _actions(board):
        async with dialects.database.session() as s:
            before = await s.scalar(sa.select(sa.func.max(ModerationAction.id))) or 0
        status, body = await dialects.gql(query, variables, **board.moderator)
        assert status == 200 and "errors" not in body, (query, body)
        async with dialects.database.session() as s:
            rows = (
                (await s.execute(sa.select(ModerationAction).where(ModerationAction.id > before)))
                .scalars()
                .all()
            )
        assert {r.action for r in rows} == actions, query
        assert {(r.actor_id, r.target_id) for r in rows} == {
            (board.moderator_id, next(iter(variables.values())))
        }


async def test_AZ_7_an_author_on_their_own_things_leaves_no_audit_row(
    dialects: Dialects, board: Board
) -> None:
    author = await dialects.anilist(board.author)
    for query, variables, _ in _actions(board)[3:]:  # edits of flags are a moderator's
        status, body = await dialects.gql(query, variables, **author)
        assert status == 200 and "errors" not in body, (query, body)
    async with dialects.database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(ModerationAction)) == 0


# Inputs that would grant rights: moderator roles, donator status, admin flags.
_PRIVILEGED = {"moderatorroles", "isadmin", "admin", "donatortier", "moderator", "ismoderator"}


def _input_names(kind: GraphQLInputType, seen: set[str]) -> set[str]:
    """Every field name reachable inside an input type (each input object once)."""
    named = get_named_type(kind)
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return set()
    seen.add(named.name)
    names = set(named.fields)
    for field in named.fields.values():
        names |= _input_names(field.type, seen)
    return names


def test_AZ_7_no_mutation_or_form_input_sets_moderator_roles_or_donator_status(
    dialects: Dialects,
) -> None:
    schema = build_schema()
    mutation = schema.mutation_type
    assert isinstance(mutation, GraphQLObjectType)
    names: set[str] = set()
    for field in mutation.fields.values():
        for arg_name, arg in field.args.items():
            names |= {arg_name} | _input_names(arg.type, set())
    # v1 and MAL: every documented request parameter of every write operation.
    for prefix in ("", "/v2"):
        spec = (dialects.app if not prefix else _mounted(dialects, prefix)).openapi()
        for item in spec["paths"].values():
            for method, operation in item.items():
                if method in {"post", "put", "patch", "delete"}:
                    names |= {p["name"] for p in operation.get("parameters", [])}
                    body = operation.get("requestBody", {}).get("content", {})
                    for media in body.values():
                        names |= set(_schema_properties(spec, media.get("schema", {})))
    # Web forms: every input a template renders.
    names |= _template_inputs()
    normalised = {n.replace("_", "").lower() for n in names}
    assert not normalised & _PRIVILEGED
    assert "donatorbadge" in normalised  # AniList's one donator input: the badge text


async def test_AZ_7_donator_badge_input_changes_only_a_donators_badge_text(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        user = await make_user(s)
    mutation = 'mutation { UpdateUser(donatorBadge: "Patron") { donatorTier donatorBadge } }'
    status, body = await dialects.gql(mutation, None, **await dialects.anilist(user.id))
    assert status == 400 and "errors" in body
    async with dialects.database.session() as s:
        row = await s.get(User, user.id)
        assert row is not None and (row.donator_tier, row.donator_badge, row.moderator_roles) == (
            0,
            None,
            None,
        )


def _mounted(dialects: Dialects, prefix: str) -> Any:
    for route in dialects.app.routes:
        if getattr(route, "path", None) == prefix:
            return route.app
    raise AssertionError(prefix)


def _schema_properties(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    ref = schema.get("$ref")
    if ref:
        schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def _template_inputs() -> set[str]:
    import re
    from pathlib import Path

    import kagami.web

    folder = Path(kagami.web.__file__).parent / "templates"
    found: set[str] = set()
    for page in folder.glob("*.html"):
        found |= set(re.findall(r'name="([A-Za-z_]+)"', page.read_text()))
    assert "password" in found  # the scan sees the forms
    return found
