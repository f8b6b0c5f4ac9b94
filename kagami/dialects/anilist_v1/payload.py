"""v1 request payloads: URL-encoded form (as seed 001 asks), JSON, or URL parameters."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from kagami.dialects.anilist_v1.errors import invalid
from kagami.http.edge_guard import fields_problem

MAX_FIELDS = 64  # no v1 payload has more than a dozen fields
MAX_INT = 2**31 - 1


class Payload:
    """The fields of one request: body fields override URL parameters of the same name."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields

    def __contains__(self, name: str) -> bool:
        return name in self.fields

    def text(self, name: str, *, required: bool = False, max_length: int = 100_000) -> str | None:
        """A string field; 422 if required and missing, or longer than ``max_length``."""
        value = self.fields.get(name)
        if value is None:
            if required:
                raise invalid({name: [f"The {name} field is required."]})
            return None
        if len(value) > max_length:
            raise invalid({name: [f"The {name} may not be greater than {max_length} characters."]})
        return value

    def integer(
        self, name: str, *, required: bool = False, minimum: int = 0, maximum: int = MAX_INT
    ) -> int | None:
        """An int field in ``minimum..maximum``; 422 for anything else."""
        value = self.text(name, required=required, max_length=32)
        if value is None or (value.strip() == "" and not required):
            return None
        try:
            number = int(value.strip())
        except ValueError:
            raise invalid({name: [f"The {name} must be an integer."]}) from None
        if not minimum <= number <= maximum:
            raise invalid({name: [f"The {name} must be between {minimum} and {maximum}."]})
        return number

    def flag(self, name: str) -> bool | None:
        """A 0/1 boolean field (also true/false)."""
        value = self.text(name, max_length=8)
        if value is None or value.strip() == "":
            return None
        word = value.strip().lower()
        if word in ("1", "true"):
            return True
        if word in ("0", "false"):
            return False
        raise invalid({name: [f"The {name} field must be 0 or 1."]})

    def csv(self, name: str, *, max_items: int = 64) -> list[str] | None:
        """A comma separated field as stripped items."""
        value = self.text(name, max_length=max_items * 256)
        if value is None:
            return None
        items = [item.strip() for item in value.split(",")] if value.strip() else []
        if len(items) > max_items:
            raise invalid({name: [f"The {name} may not have more than {max_items} items."]})
        return items


def _scalar(value: Any) -> str:
    """A JSON value as the string a form field would carry."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    return "" if value is None else str(value)


async def read_payload(request: Request) -> Payload:
    """Merge URL parameters with a form or JSON body (the body-limit middleware bounds size)."""
    fields: dict[str, str] = {k: v for k, v in request.query_params.items() if k != "access_token"}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            body = json.loads(await request.body() or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise invalid({"payload": ["The payload is not valid JSON."]}) from None
        if not isinstance(body, dict):
            raise invalid({"payload": ["The payload must be a JSON object."]})
        fields.update({str(k): _scalar(v) for k, v in body.items()})
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form(max_files=0, max_fields=MAX_FIELDS)
        except HTTPException as exc:  # starlette's answer to a malformed multipart body
            raise invalid({"payload": [str(exc.detail)[:200]]}) from None
        form_fields = {k: v for k, v in form.items() if isinstance(v, str)}
        # The edge guard checked URL, JSON and urlencoded values; multipart parts only
        # exist once parsed, so they go through the same check here.
        limit = request.app.state.settings.max_value_chars
        if (problem := fields_problem(form_fields.items(), limit)) is not None:
            raise invalid({"payload": [problem]})
        fields.update(form_fields)
    if len(fields) > MAX_FIELDS:
        raise invalid({"payload": [f"At most {MAX_FIELDS} fields."]})
    return Payload(fields)
