"""Discord's documented size limits for messages, embeds, components, modals
and autocomplete results, checked on every body the bot sends.

Each check returns ``Problem`` items whose ``path`` mirrors the JSON path so the
fake can answer with Discord's nested "Invalid Form Body" error shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]
Path = tuple[str | int, ...]

IS_COMPONENTS_V2 = 1 << 15
SELECT_TYPES = {3, 5, 6, 7, 8}
INPUT_TYPES = SELECT_TYPES | {4}


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    code: str = "BASE_TYPE_MAX_LENGTH"

    def dotted(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "<body>"

    def __str__(self) -> str:
        return f"{self.dotted()}: {self.message}"


def _len(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, dict)) else 0


def max_len(value: Any, limit: int, path: Path, what: str = "") -> Iterator[Problem]:
    if isinstance(value, (str, list)) and len(value) > limit:
        noun = "items" if isinstance(value, list) else "characters"
        label = f"{what} " if what else ""
        yield Problem(path, f"{label}has {len(value)} {noun}; must be {limit} or fewer in length.")


def bad_len(value: Any, low: int, high: int, path: Path) -> Iterator[Problem]:
    if not isinstance(value, str) or not low <= len(value) <= high:
        yield Problem(
            path,
            f"{_len(value)} characters; must be between {low} and {high} in length.",
            "BASE_TYPE_BAD_LENGTH",
        )


def _obj(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


def check_embeds(embeds: Any, path: Path) -> Iterator[Problem]:
    if not isinstance(embeds, list):
        return
    yield from max_len(embeds, 10, path, "embeds")
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        here = (*path, i)
        yield from max_len(embed.get("title"), 256, (*here, "title"))
        yield from max_len(embed.get("description"), 4096, (*here, "description"))
        total += _len(embed.get("title")) + _len(embed.get("description"))
        footer = _obj(embed.get("footer"))
        author = _obj(embed.get("author"))
        yield from max_len(footer.get("text"), 2048, (*here, "footer", "text"))
        yield from max_len(author.get("name"), 256, (*here, "author", "name"))
        total += _len(footer.get("text")) + _len(author.get("name"))
        fields = embed.get("fields") or []
        yield from max_len(fields, 25, (*here, "fields"), "fields")
        for j, fld in enumerate(fields):
            if not isinstance(fld, dict):
                continue
            fpath = (*here, "fields", j)
            yield from bad_len(fld.get("name"), 1, 256, (*fpath, "name"))
            yield from bad_len(fld.get("value"), 1, 1024, (*fpath, "value"))
            total += _len(fld.get("name")) + _len(fld.get("value"))
    if total > 6000:
        yield Problem(
            path,
            f"Embed size exceeds maximum size of 6000 (total {total} characters).",
            "MAX_EMBED_SIZE_EXCEEDED",
        )


def _walk_components(components: Any, path: Path) -> Iterator[tuple[JSON, Path]]:
    if not isinstance(components, list):
        return
    for i, comp in enumerate(components):
        if not isinstance(comp, dict):
            continue
        here = (*path, i)
        yield comp, here
        yield from _walk_components(comp.get("components"), (*here, "components"))
        for key in ("component", "accessory"):
            child = comp.get(key)
            if isinstance(child, dict):
                yield child, (*here, key)
                yield from _walk_components(child.get("components"), (*here, key, "components"))


def check_component(comp: JSON, path: Path) -> Iterator[Problem]:
    ctype = comp.get("type")
    custom_id = comp.get("custom_id")
    if custom_id is not None:
        yield from bad_len(custom_id, 1, 100, (*path, "custom_id"))
    if ctype == 2:
        yield from max_len(comp.get("label"), 80, (*path, "label"))
        style = comp.get("style")
        if style == 5 and not comp.get("url"):
            yield Problem(
                (*path, "url"), "Link buttons need a url.", "BUTTON_COMPONENT_URL_REQUIRED"
            )
        if style not in (5, 6) and custom_id is None:
            yield Problem(
                (*path, "custom_id"),
                "Non-link buttons need a custom_id.",
                "COMPONENT_CUSTOM_ID_REQUIRED",
            )
    elif ctype in SELECT_TYPES:
        yield from max_len(comp.get("placeholder"), 150, (*path, "placeholder"))
        for key, low in (("min_values", 0), ("max_values", 1)):
            value = comp.get(key)
            if value is not None and not low <= value <= 25:
                yield Problem(
                    (*path, key),
                    f"{value} must be between {low} and 25.",
                    "NUMBER_TYPE_OUT_OF_RANGE",
                )
        if ctype == 3:
            options = comp.get("options") or []
            if not 1 <= len(options) <= 25:
                yield Problem(
                    (*path, "options"),
                    f"{len(options)} options; must be between 1 and 25.",
                    "BASE_TYPE_BAD_LENGTH",
                )
            for j, opt in enumerate(options):
                opath = (*path, "options", j)
                yield from bad_len(opt.get("label"), 1, 100, (*opath, "label"))
                yield from bad_len(opt.get("value"), 1, 100, (*opath, "value"))
                yield from max_len(opt.get("description"), 100, (*opath, "description"))
    elif ctype == 4:
        if comp.get("label") is not None:
            yield from bad_len(comp.get("label"), 1, 45, (*path, "label"))
        yield from max_len(comp.get("placeholder"), 100, (*path, "placeholder"))
        yield from max_len(comp.get("value"), 4000, (*path, "value"))
        for key in ("min_length", "max_length"):
            value = comp.get(key)
            if value is not None and not 0 <= value <= 4000:
                yield Problem(
                    (*path, key), f"{value} must be between 0 and 4000.", "NUMBER_TYPE_OUT_OF_RANGE"
                )
    elif ctype == 18:
        yield from bad_len(comp.get("label"), 1, 45, (*path, "label"))
        yield from max_len(comp.get("description"), 100, (*path, "description"))
    elif ctype == 10:
        yield from max_len(comp.get("content"), 4000, (*path, "content"))


def check_message_components(components: Any, path: Path, flags: int) -> Iterator[Problem]:
    if not isinstance(components, list):
        return
    walked = list(_walk_components(components, path))
    if flags & IS_COMPONENTS_V2:
        if len(walked) > 40:
            yield Problem(path, f"{len(walked)} components; must be 40 or fewer in total.")
    else:
        yield from max_len(components, 5, path, "action rows")
        for i, row in enumerate(components):
            here = (*path, i)
            if not isinstance(row, dict) or row.get("type") != 1:
                yield Problem(
                    here,
                    "Top-level components must be action rows without the components V2 flag.",
                    "UNION_TYPE_CHOICES",
                )
                continue
            yield from _check_row(row.get("components") or [], (*here, "components"))
    seen: dict[str, Path] = {}
    for comp, here in walked:
        yield from check_component(comp, here)
        cid = comp.get("custom_id")
        if isinstance(cid, str):
            if cid in seen:
                yield Problem(
                    (*here, "custom_id"),
                    f"Component custom id {cid!r} cannot be duplicated.",
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                )
            seen[cid] = here


def _check_row(children: list[Any], path: Path) -> Iterator[Problem]:
    if not 1 <= len(children) <= 5:
        yield Problem(
            path,
            f"{len(children)} components in a row; must be between 1 and 5.",
            "BASE_TYPE_BAD_LENGTH",
        )
    selects = [c for c in children if isinstance(c, dict) and c.get("type") in SELECT_TYPES]
    if selects and len(children) > 1:
        yield Problem(
            path,
            "A select menu must be alone in its action row.",
            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
        )


def check_message(
    body: Any, path: Path = (), *, creating: bool, file_count: int = 0
) -> list[Problem]:
    """Limits for a message create/edit body (channel, webhook or callback data)."""
    if not isinstance(body, dict):
        return []
    flags = body.get("flags") or 0
    problems = list(max_len(body.get("content"), 2000, (*path, "content")))
    problems += check_embeds(body.get("embeds"), (*path, "embeds"))
    problems += check_message_components(body.get("components"), (*path, "components"), flags)
    has_body = any(
        body.get(k)
        for k in ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    )
    if creating and not has_body and not file_count:
        problems.append(Problem(path, "Cannot send an empty message", "EMPTY_MESSAGE"))
    return problems


def check_modal(data: Any, path: Path = ("data",)) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(path, "Modal data is required.", "BASE_TYPE_REQUIRED")]
    problems = list(bad_len(data.get("title"), 1, 45, (*path, "title")))
    problems += bad_len(data.get("custom_id"), 1, 100, (*path, "custom_id"))
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        problems.append(
            Problem(
                (*path, "components"),
                f"{len(components)} components; must be between 1 and 5.",
                "BASE_TYPE_BAD_LENGTH",
            )
        )
    seen: set[str] = set()
    for comp, here in _walk_components(components, (*path, "components")):
        problems += check_component(comp, here)
        cid = comp.get("custom_id")
        if isinstance(cid, str):
            if cid in seen:
                problems.append(
                    Problem(
                        (*here, "custom_id"),
                        f"Component custom id {cid!r} cannot be duplicated.",
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                    )
                )
            seen.add(cid)
    return problems


def check_autocomplete(data: Any, path: Path = ("data",)) -> list[Problem]:
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        return [
            Problem(
                (*path, "choices"),
                "Autocomplete results need a choices list.",
                "BASE_TYPE_REQUIRED",
            )
        ]
    return list(check_choices(choices, (*path, "choices")))


def check_choices(choices: Sequence[Any], path: Path) -> Iterator[Problem]:
    yield from max_len(list(choices), 25, path, "choices")
    for i, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        yield from bad_len(choice.get("name"), 1, 100, (*path, i, "name"))
        value = choice.get("value")
        if isinstance(value, str):
            yield from max_len(value, 100, (*path, i, "value"))


def as_discord_errors(problems: Sequence[Problem]) -> JSON:
    """Nest problems the way Discord reports them under ``errors``."""
    root: JSON = {}
    for problem in problems:
        node = root
        for part in problem.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return root
