"""Request-body validation against Discord's published OpenAPI 3.1 spec.

The spec lives outside the repository (``../shared/discord-api-spec`` next to
the checkout) and is never copied in. When it is absent validation is skipped.

Schemas are JSON Schema 2020-12 (OpenAPI 3.1). A few adjustments make them
describe what Discord actually accepts rather than what it returns:

* ``oneOf`` becomes ``anyOf``: Discord's unions are not exclusive (an integer
  autocomplete choice also satisfies the number variant), and the spec itself
  marks several ``anyOf`` with ``x-discord-union: oneOf``.
* Snowflakes also accept JSON integers: discord.py sends ids as ints in
  ``message_reference``, ``allowed_mentions`` and attachment indices, and
  Discord takes them.
* Integers that are permission bitfields (maximum above 2**31) also accept
  decimal strings: Discord documents ``default_member_permissions`` as a
  string and discord.py sends it that way.
* OpenAPI 3.0's ``nullable: true`` is folded into the type, should an older
  spec turn up.
"""

from __future__ import annotations

import json
import reprlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .routing import TemplateTable

SPEC_PATH = (
    Path(__file__).resolve().parents[2].parent / "shared" / "discord-api-spec" / "openapi.json"
)
_BASE_URI = "urn:discord-openapi"
_SNOWFLAKE_REF = "#/components/schemas/SnowflakeType"
_BITFIELD_THRESHOLD = 2**31
_METHODS = ("get", "put", "post", "patch", "delete")


def _adjust(node: Any) -> Any:
    """Return a copy of a spec node with the request-side quirks applied."""
    if isinstance(node, list):
        return [_adjust(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _adjust(value) for key, value in node.items()}
    if "oneOf" in out:
        out["anyOf"] = out.pop("oneOf")
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        out["$ref"] = _BASE_URI + ref
    if out.pop("nullable", False) is True and "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
    if _is_bitfield(out):
        bounds = {k: out.pop(k) for k in ("minimum", "maximum", "format") if k in out}
        out["anyOf"] = [
            {"type": out.pop("type"), **bounds},
            {"type": "string", "pattern": "^[0-9]+$"},
        ]
    return out


def _is_bitfield(node: dict[str, Any]) -> bool:
    types = node.get("type")
    integer = types == "integer" or (isinstance(types, list) and "integer" in types)
    maximum = node.get("maximum")
    return integer and isinstance(maximum, (int, float)) and maximum > _BITFIELD_THRESHOLD


class OpenApiSpec:
    """A loaded spec: path templates plus lazily compiled body validators."""

    def __init__(self, document: dict[str, Any]) -> None:
        version = str(document.get("openapi", ""))
        if not version.startswith(("3.0", "3.1")):
            raise ValueError(f"unsupported OpenAPI version {version!r}")
        self.version = version
        adjusted = _adjust(document)
        snowflake = adjusted["components"]["schemas"].get("SnowflakeType")
        if isinstance(snowflake, dict):
            adjusted["components"]["schemas"]["SnowflakeType"] = {
                "anyOf": [snowflake, {"type": "integer", "minimum": 0}]
            }
        self._document = adjusted
        resource = Resource.from_contents(adjusted, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_BASE_URI, resource)
        self._routes: TemplateTable[dict[str, Any]] = TemplateTable()
        for template, item in adjusted.get("paths", {}).items():
            for method in _METHODS:
                if isinstance(item.get(method), dict):
                    self._routes.add(method, template, item[method])
        self._validators: dict[tuple[str, str], Draft202012Validator | None] = {}
        self._lock = threading.Lock()

    def route_for(self, method: str, path: str) -> str | None:
        found = self._routes.match(method, path)
        return found.template if found else None

    def _validator(
        self, method: str, template: str, operation: dict[str, Any]
    ) -> Draft202012Validator | None:
        key = (method.upper(), template)
        with self._lock:
            if key not in self._validators:
                content = (operation.get("requestBody") or {}).get("content") or {}
                media = content.get("application/json") or content.get("multipart/form-data")
                schema = media.get("schema") if isinstance(media, dict) else None
                self._validators[key] = (
                    Draft202012Validator(schema, registry=self._registry)
                    if schema is not None
                    else None
                )
            return self._validators[key]

    def validate(self, method: str, path: str, body: Any) -> list[str]:
        """Human-readable problems with ``body`` for this request (may be empty)."""
        found = self._routes.match(method, path)
        if found is None:
            return []
        validator = self._validator(method, found.template, found.value)
        if validator is None:
            return []
        errors = list(validator.iter_errors(body))
        if not errors:
            return []
        return [_describe(err) for err in _most_relevant(errors)]


def _most_relevant(errors: list[ValidationError]) -> Iterator[ValidationError]:
    # anyOf failures carry one sub-error per branch; show the branch that got
    # furthest rather than "is not valid under any of the given schemas".
    for err in errors[:5]:
        yield best_match([err]) if err.context else err


def _describe(err: ValidationError) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(
        "."
    )
    if err.validator in ("maxLength", "minLength", "maxItems", "minItems") and hasattr(
        err.instance, "__len__"
    ):
        detail = f"length {len(err.instance)} violates {err.validator} {err.validator_value}"
    else:
        # jsonschema messages embed the whole instance; keep them readable.
        rule = reprlib.repr(err.validator_value)
        detail = f"{reprlib.repr(err.instance)} fails {err.validator}: {rule}"
    return f"{where or '<body>'}: {detail}"


_cache: dict[tuple[str, float], OpenApiSpec] = {}
_cache_lock = threading.Lock()


def load_spec(path: Path | None = None) -> OpenApiSpec | None:
    """The spec at ``path`` (default: the shared checkout), cached; None if absent."""
    spec_path = path or SPEC_PATH
    try:
        mtime = spec_path.stat().st_mtime
    except OSError:
        return None
    key = (str(spec_path), mtime)
    with _cache_lock:
        if key not in _cache:
            with spec_path.open(encoding="utf-8") as fh:
                _cache[key] = OpenApiSpec(json.load(fh))
        return _cache[key]
