"""Unit tests for the fake's limit checks and OpenAPI adjustments (no sockets)."""

from __future__ import annotations

from typing import Any

import pytest

from .command_limits import check_command, check_command_list
from .limits import as_discord_errors, check_autocomplete, check_message, check_modal
from .openapi import OpenApiSpec, load_spec


def paths(problems: list[Any]) -> list[str]:
    return [p.dotted() for p in problems]


def button(custom_id: str, label: str = "ok") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


def test_valid_message_has_no_problems() -> None:
    body = {
        "content": "x" * 2000,
        "embeds": [{"title": "t" * 256, "fields": [{"name": "n", "value": "v"}] * 25}],
        "components": [row(*(button(f"b{r}{i}") for i in range(5))) for r in range(5)],
    }
    assert check_message(body, creating=True) == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"content": "x" * 2001}, "content"),
        ({"embeds": [{"title": "t"}] * 11}, "embeds"),
        ({"embeds": [{"title": "t" * 257}]}, "embeds[0].title"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds[0].description"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "embeds[0].fields"),
        (
            {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
            "embeds[0].fields[0].value",
        ),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, "embeds[0].footer.text"),
        ({"embeds": [{"author": {"name": "a" * 257}}]}, "embeds[0].author.name"),
        ({"embeds": [{"description": "d" * 3500}, {"description": "d" * 3500}]}, "embeds"),
        ({"components": [row(button(f"b{i}")) for i in range(6)]}, "components"),
        ({"components": [row(*(button(f"b{i}") for i in range(6)))]}, "components[0].components"),
        ({"components": [row(button("b", label="l" * 81))]}, "components[0].components[0].label"),
        ({"components": [row(button("c" * 101))]}, "components[0].components[0].custom_id"),
        (
            {"components": [row(button("same"), button("same"))]},
            "components[0].components[1].custom_id",
        ),
        ({}, "<body>"),
    ],
)
def test_message_limit_violations(body: dict[str, Any], where: str) -> None:
    assert where in paths(check_message(body, creating=True))


def test_select_limits() -> None:
    options = [{"label": f"o{i}", "value": f"v{i}"} for i in range(26)]
    options[0] = {"label": "l" * 101, "value": "v" * 101, "description": "d" * 101}
    select = {"type": 3, "custom_id": "s", "options": options}
    found = paths(check_message({"components": [row(select)]}, creating=True))
    base = "components[0].components[0].options"
    assert {base, f"{base}[0].label", f"{base}[0].value", f"{base}[0].description"} <= set(found)
    mixed = paths(
        check_message(
            {"components": [row(select | {"options": options[1:3]}, button("b"))]}, creating=True
        )
    )
    assert mixed == ["components[0].components"]


def test_components_v2_lifts_the_row_rule() -> None:
    body = {"flags": 1 << 15, "components": [{"type": 10, "content": "hi"}] * 6}
    assert check_message(body, creating=True) == []


def test_modal_and_autocomplete_limits() -> None:
    text_input = {"type": 4, "custom_id": "t", "style": 1, "label": "l" * 46}
    modal = {"title": "t" * 46, "custom_id": "m", "components": [row(text_input)]}
    assert paths(check_modal(modal)) == ["data.title", "data.components[0].components[0].label"]
    choices = [{"name": "n", "value": "v"}] * 26
    choices[1] = {"name": "", "value": "v" * 101}
    found = paths(check_autocomplete({"choices": choices}))
    assert found == ["data.choices", "data.choices[1].name", "data.choices[1].value"]


def test_discord_error_shape() -> None:
    errors = as_discord_errors(check_message({"embeds": [{"title": "t" * 300}]}, creating=True))
    assert errors["embeds"]["0"]["title"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"


@pytest.mark.parametrize("name", ["show", "검색", "ค้นหา", "खोज", "top-10_list"])
def test_valid_command_names(name: str) -> None:
    assert check_command({"name": name, "description": "d", "type": 1}) == []


@pytest.mark.parametrize("name", ["Show", "two words", "emoji🙂", "", "x" * 33])
def test_invalid_command_names(name: str) -> None:
    assert paths(check_command({"name": name, "description": "d", "type": 1})) == ["name"]


def test_context_menu_names_allow_spaces_and_case() -> None:
    assert check_command({"name": "Add To Watchlist", "type": 3, "description": ""}) == []


def test_command_option_rules() -> None:
    options = [{"type": 3, "name": f"o{i}", "description": "d"} for i in range(26)]
    options[1] = {"type": 3, "name": "late", "description": "d", "required": True}
    options[2] = {
        "type": 3,
        "name": "c",
        "description": "d" * 101,
        "choices": [{"name": "n", "value": "v"}] * 26,
    }
    found = paths(check_command({"name": "cmd", "description": "d", "options": options}))
    assert {
        "options",
        "options[1].required",
        "options[2].description",
        "options[2].choices",
    } <= set(found)
    dupes = check_command_list([{"name": "a", "description": "d"}] * 2)
    assert [p.code for p in dupes] == ["APPLICATION_COMMANDS_DUPLICATE_NAME"]


def tiny_spec() -> OpenApiSpec:
    schemas = {
        "SnowflakeType": {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
        "Body": {
            "type": "object",
            "properties": {
                "id": {"$ref": "#/components/schemas/SnowflakeType"},
                "perms": {"type": "integer", "minimum": 0, "maximum": 2**53},
                "note": {"type": "string", "nullable": True},
                "kind": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
            },
        },
    }
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}}
    return OpenApiSpec(
        {
            "openapi": "3.1.0",
            "paths": {"/things/{thing_id}": {"post": {"requestBody": body}}},
            "components": {"schemas": schemas},
        }
    )


def test_openapi_quirks_on_a_tiny_spec() -> None:
    spec = tiny_spec()
    assert spec.route_for("POST", "/things/12") == "/things/{thing_id}"
    ok = {"id": 12, "perms": "8", "note": None, "kind": 3}
    assert spec.validate("POST", "/things/12", ok) == []
    assert spec.validate("POST", "/things/12", {"id": "x"}) != []
    assert spec.validate("POST", "/things/12", {"perms": "lots"}) != []


def test_openapi_spec_accepts_discord_py_shapes() -> None:
    spec = load_spec()
    if spec is None:
        pytest.skip("shared discord-api-spec/openapi.json is not checked out")
    body = {
        "content": "hi",
        "allowed_mentions": {"parse": [], "users": [123]},
        "message_reference": {"message_id": 1, "channel_id": 2},
        "attachments": [{"id": 0}],
    }
    assert spec.validate("POST", "/channels/1/messages", body) == []
    command = {"name": "x", "description": "d", "default_member_permissions": "8"}
    assert spec.validate("PUT", "/applications/1/commands", [command]) == []
    mixed = {
        "type": 8,
        "data": {"choices": [{"name": "a", "value": "b"}, {"name": "c", "value": 1}]},
    }
    assert spec.validate("POST", "/interactions/1/t/callback", mixed) != []
