"""A resolver returning the wrong shape is Kagami's bug: AniList's bare 500, logged, no details."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from kagami.dialects.anilist_graphql.schema_loader import build_schema
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient

INTERNAL = {"data": None, "errors": [{"message": "Internal Server Error", "status": 500}]}


def _bare(body: dict[str, Any]) -> dict[str, Any]:
    """The body without its request id (OB-6), which must be there."""
    assert isinstance(body["errors"][0].pop("request_id"), str)
    return body


def _patch(monkeypatch: pytest.MonkeyPatch, type_name: str, field: str, value: Any) -> None:
    target = build_schema().type_map[type_name].fields[field]  # type: ignore[attr-defined]
    monkeypatch.setattr(target, "resolve", lambda *_a, **_k: value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("episodes", "not a number"), ("genres", 42), ("episodes", object())],
    ids=["leaf-coercion", "not-iterable", "opaque-object"],
)
async def test_wrong_shape_from_a_resolver_is_a_bare_500(
    gql: GraphQLClient,
    catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    field: str,
    value: Any,
) -> None:
    _patch(monkeypatch, "Media", field, value)
    status, body = await gql(f"{{ Media(id: {catalogue.bebop}) {{ id {field} }} }}")
    assert (status, _bare(body)) == (500, INTERNAL)
    assert "Traceback" not in str(body) and "episodes" not in str(body)
    assert any("Media" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


async def test_GQ_10_a_raising_resolver_is_a_bare_500(
    gql: GraphQLClient, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("secret internals")

    target = build_schema().type_map["Media"].fields["episodes"]  # type: ignore[attr-defined]
    monkeypatch.setattr(target, "resolve", boom)
    status, body = await gql(f"{{ Media(id: {catalogue.bebop}) {{ id episodes }} }}")
    assert (status, _bare(body)) == (500, INTERNAL)


async def test_client_errors_keep_their_4xx(gql: GraphQLClient, catalogue: Catalogue) -> None:
    assert (await gql("{ Media(id: 999999999) { id } }"))[0] == 404
    assert (await gql("{ Media(id: 1) { nope } }"))[0] == 400
    status, _ = await gql("query ($id: Int) { Media(id: $id) { id } }", {"id": "abc"})
    assert status == 400


async def test_a_failing_statement_is_logged_bounded_and_without_its_values(
    gql: GraphQLClient,
    catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A client's 600 KB value reaches neither the log nor the body; the record stays small."""
    secret = "S3CRET" * 100_000
    statement = "SELECT no_such_column FROM media WHERE title_romaji = :title"

    async def failing(_obj: Any, info: Any) -> Any:
        await info.context.session.execute(sa.text(statement), {"title": secret})

    target = build_schema().type_map["Media"].fields["episodes"]  # type: ignore[attr-defined]
    monkeypatch.setattr(target, "resolve", failing)
    status, body = await gql(f"{{ Media(id: {catalogue.bebop}) {{ id episodes }} }}")
    assert (status, _bare(body)) == (500, INTERNAL)
    records = [r for r in caplog.records if r.levelname == "ERROR"]
    assert records and any("no_such_column" in r.getMessage() for r in records)
    for record in records:
        assert "S3CRET" not in record.getMessage()
        assert len(record.getMessage()) < 20_000
        assert record.exc_text is None or "S3CRET" not in record.exc_text
