"""AniList's loosely typed variables: numeric strings for Int and Float, nothing looser."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagami.db import Database
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from kagami.dialects.anilist_graphql.variables import loosen_variables
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.factories import make_media

MEDIA = "query ($mediaId: Int) { Media(id: $mediaId) { id } }"
MEDIA_IN = "query ($ids: [Int]) { Page { media(id_in: $ids, sort: ID) { id } } }"


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert len(body["errors"]) == 1, body
    return body["errors"][0]  # type: ignore[no-any-return]


async def test_int_variable_sent_as_a_digit_string_is_accepted(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    status, body = await gql(MEDIA, {"mediaId": str(catalogue.bebop)})
    assert status == 200 and body == {"data": {"Media": {"id": catalogue.bebop}}}


async def test_list_of_int_given_as_digit_strings_is_accepted(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    ids = sorted([catalogue.bebop, catalogue.teekyuu])
    status, body = await gql(MEDIA_IN, {"ids": [str(ids[0]), ids[1]]})
    assert status == 200, body
    assert [m["id"] for m in body["data"]["Page"]["media"]] == ids
    status, body = await gql(MEDIA_IN, {"ids": str(ids[0])})  # a lone value is a 1-item list
    assert status == 200 and body["data"]["Page"]["media"] == [{"id": ids[0]}]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", 'Int cannot represent non-integer value: "abc"'),
        ("", 'Int cannot represent non-integer value: ""'),
        ("1.5", 'Int cannot represent non-integer value: "1.5"'),
        ("0x1A", 'Int cannot represent non-integer value: "0x1A"'),
        ("1_000", 'Int cannot represent non-integer value: "1_000"'),
        ("١", 'Int cannot represent non-integer value: "١"'),  # ARABIC-INDIC DIGIT ONE
        ("１", 'Int cannot represent non-integer value: "１"'),  # FULLWIDTH DIGIT ONE
        ("99999999999", "Int cannot represent non 32-bit signed integer value: 99999999999"),
        ("-2147483649", "Int cannot represent non 32-bit signed integer value: -2147483649"),
    ],
    ids=["letters", "empty", "decimal", "hex", "underscore", "arabic", "fullwidth", "big", "low"],
)
async def test_strings_anilist_refuses_stay_a_400(
    gql: GraphQLClient, value: str, message: str
) -> None:
    status, body = await gql(MEDIA, {"mediaId": value})
    assert status == 400 and body["data"] is None
    assert _only_error(body) == {
        "message": f'Variable "$mediaId" has invalid value: {message}',
        "status": 400,
        "locations": [{"line": 1, "column": 8}],
    }


async def test_bad_string_inside_an_int_list_names_its_index(gql: GraphQLClient) -> None:
    status, body = await gql(MEDIA_IN, {"ids": ["1", "x"]})
    assert status == 400
    assert _only_error(body)["message"] == (
        'Variable "$ids" has invalid value at [1]: Int cannot represent non-integer value: "x"'
    )


def _operation(query: str) -> OperationDefinitionNode:
    operation = parse(query).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation


SAVE = """mutation ($id: Int!, $score: Float, $scores: [Float], $started: FuzzyDateInput,
  $ids: [Int]) {
  SaveMediaListEntry(mediaId: $id, score: $score, advancedScores: $scores, startedAt: $started) {
    id } UpdateMediaListEntries(ids: $ids) { id } }"""


def test_numeric_strings_become_numbers_along_the_declared_types() -> None:
    """Non-null, lists, input object fields and Float: each converted; everything else kept."""
    variables = {
        "id": "7",
        "score": "8.5",
        "scores": ["1", "2.5e1", ".5", 3, "x"],
        "started": {"year": "2020", "month": 4, "day": "abc"},
        "ids": ["-3", "+4", "007"],
        "undeclared": "1",
    }
    loosened = loosen_variables(build_schema(), _operation(SAVE), variables)
    assert loosened == {
        "id": 7,
        "score": 8.5,
        "scores": [1.0, 25.0, 0.5, 3, "x"],
        "started": {"year": 2020, "month": 4, "day": "abc"},
        "ids": [-3, 4, 7],
        "undeclared": "1",
    }
    assert variables["id"] == "7"  # the caller's dict is left as it was


def test_variables_without_numeric_strings_are_returned_as_they_are() -> None:
    variables = {"id": 7, "score": None, "scores": [1.5], "started": {"year": 2020}}
    assert loosen_variables(build_schema(), _operation(SAVE), variables) is variables


@pytest.mark.parametrize("value", ["nan", "inf", "Infinity", "1e", "0x10", "--1", "١.٥"])
def test_float_strings_outside_ascii_decimal_notation_stay_strings(value: str) -> None:
    loosened = loosen_variables(build_schema(), _operation(SAVE), {"id": 1, "score": value})
    assert loosened["score"] == value


def test_a_huge_digit_string_is_not_parsed() -> None:
    """int() of it would be quadratic (and refused past 4300 digits): it stays a string."""
    huge = "9" * 100_000
    assert loosen_variables(build_schema(), _operation(SAVE), {"id": huge})["id"] == huge


async def test_nested_input_object_strings_reach_the_mutation(
    gql: GraphQLClient, signed_in: dict[str, str], database: Database
) -> None:
    """Coerced and saved for a signed-in caller; a non-number is still a 400."""
    async with database.session() as s:
        media_id = (await make_media(s)).id
    query = (
        "mutation ($d: FuzzyDateInput, $m: Int) { SaveMediaListEntry(mediaId: $m, startedAt: $d)"
        " { startedAt { year month day } } }"
    )
    date = {"year": "2020", "month": "4"}
    status, body = await gql(query, {"d": date, "m": media_id}, **signed_in)
    assert status == 200, body
    started = body["data"]["SaveMediaListEntry"]["startedAt"]
    assert started == {"year": 2020, "month": 4, "day": None}
    status, body = await gql(query, {"d": {"year": "twenty"}, "m": media_id}, **signed_in)
    assert status == 400
    assert _only_error(body)["message"] == (
        'Variable "$d" has invalid value at .year: Int cannot represent non-integer value: "twenty"'
    )


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.sampled_from("0123456789+-.eE ١１_x"), max_size=14),
    st.text(max_size=8),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=JSON_VALUES)
async def test_any_json_value_for_an_int_variable_is_answered_never_a_500(
    gql: GraphQLClient, value: Any
) -> None:
    for query, name in ((MEDIA, "mediaId"), (MEDIA_IN, "ids")):
        status, body = await gql(query, {name: value})
        assert status in (200, 400, 404), body
        for error in body.get("errors", ()):
            assert isinstance(error["message"], str) and error["status"] == status
