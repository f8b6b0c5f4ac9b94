"""The ``fields=`` parser: nested selections, unknown names kept, bounded, 400 when malformed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import MAX_DEPTH, MAX_LENGTH, Fields, parse_fields


def _plain(fields: Fields) -> dict[str, object]:
    return {name: _plain(fields[name]) for name in fields}


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        (None, {}),
        ("", {}),
        ("id,title", {"id": {}, "title": {}}),
        (
            "synopsis,my_list_status{start_date,finish_date}",
            {"synopsis": {}, "my_list_status": {"start_date": {}, "finish_date": {}}},
        ),
        ("related_anime{node{id}}", {"related_anime": {"node": {"id": {}}}}),
        ("status,mean,status", {"status": {}, "mean": {}}),
        ("a{b},a{c}", {"a": {"b": {}, "c": {}}}),
        (" id , title ,", {"id": {}, "title": {}}),
        ("rating,r+", {"rating": {}, "r+": {}}),
        ("no_such_field,videos", {"no_such_field": {}, "videos": {}}),
    ],
)
def test_fields_parse_into_nested_selections(raw: str | None, parsed: dict[str, object]) -> None:
    assert _plain(parse_fields(raw)) == parsed


@pytest.mark.parametrize(
    "raw",
    ["a{b", "a}b", "{a}", "a{}{b}", "a,{b}", "a;b", "a{b}}", "x" * 65, "é", "a\x00"],
)
def test_IV_8_malformed_fields_are_a_400_in_mals_shape(raw: str) -> None:
    with pytest.raises(MalError) as caught:
        parse_fields(raw)
    assert (caught.value.status, caught.value.error) == (400, "invalid_parameters")


def test_IV_8_fields_longer_than_the_bound_are_refused() -> None:
    with pytest.raises(MalError):
        parse_fields("id," * (MAX_LENGTH // 3 + 1))


def test_IV_8_nesting_deeper_than_the_bound_is_refused() -> None:
    nested = "a{" * MAX_DEPTH + "b" + "}" * MAX_DEPTH
    assert parse_fields(nested)
    with pytest.raises(MalError):
        parse_fields("a{" * (MAX_DEPTH + 1) + "b" + "}" * (MAX_DEPTH + 1))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_{},+ é\x00", max_size=60) | st.text(max_size=40))
def test_IV_8_any_input_parses_or_is_a_clear_400(raw: str) -> None:
    try:
        parsed = parse_fields(raw)
    except MalError as exc:
        assert (exc.status, exc.error) == (400, "invalid_parameters")
    else:
        assert isinstance(parsed, Fields)
