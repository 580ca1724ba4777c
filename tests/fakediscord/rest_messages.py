"""REST handlers that create or change messages: channel posts, interaction
callbacks and interaction follow-up webhooks."""

from __future__ import annotations

import time
from typing import Any

from .limits import check_autocomplete, check_message, check_modal
from .models import new_id
from .payloads import attachment_payload, message_payload
from .rest import ROUTES, Call, Reply, no_content, not_found, ok
from .state import InteractionRecord, StoredMessage

JSON = dict[str, Any]
route = ROUTES.route

EPHEMERAL = 1 << 6
LOADING = 1 << 7
#: How long Discord remembers a message nonce ("the past few minutes").
NONCE_WINDOW = 300.0
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
#: Which callback types Discord accepts for which interaction types.
ALLOWED_CALLBACKS = {
    1: {1},
    APPLICATION_COMMAND: {4, 5, 9, 12},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9, 12},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}


def _attachments(
    call: Call, body: Any, channel_id: int, existing: list[JSON] | None
) -> list[JSON] | None:
    """Attachment objects for a create/edit; None means "leave unchanged"."""
    files = {f.field: f for f in call.files}
    meta = body.get("attachments") if isinstance(body, dict) else None
    if meta is None and not files:
        return None
    result: list[JSON] = []
    used: set[str] = set()

    def upload(field: str, filename: str, description: str | None) -> JSON:
        part = files[field]
        attachment_id = new_id()
        call.world.blobs[attachment_id] = (part.content_type, part.data)
        url = f"{call.host.base_url}/cdn/attachments/{channel_id}/{attachment_id}/{filename}"
        used.add(field)
        return attachment_payload(attachment_id, filename, part.data, url, description)

    for entry in meta or []:
        if not isinstance(entry, dict):
            continue
        ident = str(entry.get("id"))
        field = f"files[{ident}]"
        if field in files:
            result.append(
                upload(
                    field, entry.get("filename") or files[field].filename, entry.get("description")
                )
            )
            continue
        kept = next((a for a in existing or [] if a.get("id") == ident), None)
        if kept is None:
            call.host.violation(
                f"{call.method} {call.path}: attachments[] id {ident} matches no upload"
            )
        else:
            result.append(kept)
    for field, part in files.items():
        if field not in used:
            result.append(upload(field, part.filename, None))
    return result


def _interaction_extra(call: Call, rec: InteractionRecord) -> JSON:
    actor = rec.payload.get("member", {}).get("user") or rec.payload.get("user")
    metadata: JSON = {
        "id": str(rec.id),
        "type": rec.type,
        "user": actor,
        "authorizing_integration_owners": rec.payload.get("authorizing_integration_owners", {}),
    }
    data = rec.payload.get("data") or {}
    if rec.type == APPLICATION_COMMAND:
        metadata.update(name=data.get("name"), command_type=data.get("type", 1))
    if rec.source_message_id is not None:
        metadata["interacted_message_id"] = str(rec.source_message_id)
    return {
        "webhook_id": str(call.world.app_id),
        "application_id": str(call.world.app_id),
        "interaction_metadata": metadata,
    }


def _create(
    call: Call,
    body: JSON,
    channel_id: int,
    guild_id: int | None,
    *,
    source: str,
    rec: InteractionRecord | None = None,
    flags: int | None = None,
) -> StoredMessage:
    attachments = _attachments(call, body, channel_id, None) or []
    if rec is None:
        message_type = 19 if body.get("message_reference") else 0
    else:
        message_type = 20 if rec.type == APPLICATION_COMMAND else 0
    if flags is not None:
        body = {**body, "flags": flags}
    payload = message_payload(
        message_id=new_id(),
        channel_id=channel_id,
        author=call.world.bot,
        body=body,
        attachments=attachments,
        message_type=message_type,
        guild_id=guild_id,
        extra=_interaction_extra(call, rec) if rec else None,
    )
    if rec is None and body.get("message_reference"):
        payload["message_reference"] = body["message_reference"]
    return call.world.messages.add(StoredMessage(payload, source, rec.id if rec else None))


def _edit(call: Call, message: StoredMessage, body: JSON) -> Reply:
    problems = check_message(body, creating=False)
    if problems:
        return call.reject(problems)
    attachments = _attachments(call, body, message.channel_id, message.payload.get("attachments"))
    if message.payload["flags"] & LOADING:
        # The first edit of a deferred "thinking" response replaces it.
        message.payload["flags"] &= ~LOADING
    call.world.messages.edit(message.id, body, attachments)
    return ok(message.payload)


# -- channel messages -----------------------------------------------------


def _channel_guild(call: Call) -> tuple[bool, int | None]:
    channel_id = call.snowflake("channel_id")
    found = call.world.channel(channel_id)
    if found is not None:
        return True, found[1].id
    return channel_id in call.world.dm_channels, None


@route("POST", "/channels/{channel_id}/messages")
async def create_message(call: Call) -> Reply:
    known, guild_id = _channel_guild(call)
    if not known:
        return not_found(10003, "Unknown Channel")
    body = call.body if isinstance(call.body, dict) else {}
    problems = check_message(body, creating=True, file_count=len(call.files))
    if problems:
        return call.reject(problems)
    channel_id = call.snowflake("channel_id")
    nonce = body.get("nonce") if body.get("enforce_nonce") else None
    key = (channel_id, str(nonce))
    world = call.world
    if nonce is not None and world.nonce_dedup and key in world.nonces:
        message_id, created = world.nonces[key]
        earlier = world.messages.get(message_id)
        if earlier is not None and time.monotonic() - created < NONCE_WINDOW:
            world.nonce_hits += 1
            return ok(earlier.payload)
    message = _create(call, body, channel_id, guild_id, source="channel")
    if nonce is not None:
        world.nonces[key] = (message.id, time.monotonic())
    return ok(message.payload)


@route("GET", "/channels/{channel_id}/messages")
async def list_messages(call: Call) -> Reply:
    known, _ = _channel_guild(call)
    if not known:
        return not_found(10003, "Unknown Channel")
    limit = int(call.query.get("limit", "50") or 50)
    newest_first = sorted(
        call.world.messages.in_channel(call.snowflake("channel_id")), key=lambda m: -m.id
    )
    return ok([m.payload for m in newest_first[:limit]])


def _channel_message(call: Call) -> StoredMessage | None:
    message = call.world.messages.get(call.snowflake("message_id"))
    if message is None or message.channel_id != call.snowflake("channel_id"):
        return None
    return message


@route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(call: Call) -> Reply:
    message = _channel_message(call)
    return ok(message.payload) if message else not_found(10008, "Unknown Message")


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit_message(call: Call) -> Reply:
    message = _channel_message(call)
    if message is None:
        return not_found(10008, "Unknown Message")
    if message.payload["flags"] & EPHEMERAL:
        return call.misuse(
            404, 10008, "Unknown Message (ephemeral messages are only editable via the webhook)"
        )
    return _edit(call, message, call.body if isinstance(call.body, dict) else {})


@route("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete_message(call: Call) -> Reply:
    message = _channel_message(call)
    if message is None:
        return not_found(10008, "Unknown Message")
    message.deleted = True
    return no_content()


@route("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
async def add_reaction(call: Call) -> Reply:
    return no_content() if _channel_message(call) else not_found(10008, "Unknown Message")


# -- interaction callback -------------------------------------------------


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def interaction_callback(call: Call) -> Reply:
    rec = call.world.interactions.get(call.snowflake("interaction_id"))
    if rec is None or rec.token != call.params["interaction_token"]:
        return call.misuse(404, 10062, "Unknown interaction")
    if rec.response_type is not None:
        return call.misuse(400, 40060, "Interaction has already been acknowledged.")
    elapsed = time.monotonic() - rec.created
    if elapsed > call.host.interaction_deadline:
        return call.misuse(404, 10062, f"Unknown interaction (first response after {elapsed:.2f}s)")
    body = call.body if isinstance(call.body, dict) else {}
    kind = body.get("type")
    if kind not in ALLOWED_CALLBACKS.get(rec.type, set()):
        return call.misuse(
            400, 50035, f"callback type {kind} is invalid for interaction type {rec.type}"
        )
    raw_data = body.get("data")
    data: JSON = raw_data if isinstance(raw_data, dict) else {}
    problems = {
        4: lambda: check_message(data, ("data",), creating=True, file_count=len(call.files)),
        7: lambda: check_message(data, ("data",), creating=False),
        8: lambda: check_autocomplete(data),
        9: lambda: check_modal(data),
    }.get(kind, list)()
    if problems:
        return call.reject(problems)
    rec.response_type = kind
    resource = _apply_callback(call, rec, kind, data)
    if not call.flag("with_response"):
        return no_content()
    message_id = rec.original_message_id
    original = call.world.messages.get(message_id) if message_id else None
    interaction: JSON = {
        "id": str(rec.id),
        "type": rec.type,
        "response_message_loading": kind == 5,
        "response_message_ephemeral": bool(original and original.payload["flags"] & EPHEMERAL),
        "channel_id": str(rec.channel_id),
    }
    if message_id is not None:
        interaction["response_message_id"] = str(message_id)
    if rec.guild_id is not None:
        interaction["guild_id"] = str(rec.guild_id)
    reply: JSON = {"interaction": interaction}
    if resource is not None:
        reply["resource"] = resource
    return ok(reply)


def _apply_callback(call: Call, rec: InteractionRecord, kind: int, data: JSON) -> JSON | None:
    if kind in (4, 5):
        flags = int(data.get("flags") or 0) & EPHEMERAL
        if kind == 5:
            message = _create(
                call,
                {},
                rec.channel_id,
                rec.guild_id,
                source="interaction",
                rec=rec,
                flags=flags | LOADING,
            )
        else:
            message = _create(
                call,
                data,
                rec.channel_id,
                rec.guild_id,
                source="interaction",
                rec=rec,
                flags=int(data.get("flags") or 0),
            )
        rec.original_message_id = message.id
        return {"type": kind, "message": message.payload}
    if kind in (6, 7):
        rec.original_message_id = rec.source_message_id
        source = call.world.messages.get(rec.source_message_id) if rec.source_message_id else None
        if kind == 7 and source is not None:
            _edit(call, source, data)
            return {"type": 7, "message": source.payload}
        return None
    if kind == 9:
        call.world.modals.append((rec.id, data))
    return None


# -- follow-up webhooks ---------------------------------------------------

WEBHOOK = "/webhooks/{application_id}/{interaction_token}"


def _webhook_interaction(call: Call) -> InteractionRecord | None:
    if call.snowflake("application_id") != call.world.app_id:
        return None
    return call.world.interaction_by_token(call.params["interaction_token"])


@route("POST", WEBHOOK)
async def create_followup(call: Call) -> Reply:
    rec = _webhook_interaction(call)
    if rec is None:
        return not_found(10015, "Unknown Webhook")
    if rec.response_type is None:
        return call.misuse(
            404, 10015, "Unknown Webhook (follow-up sent before the initial response)"
        )
    body = call.body if isinstance(call.body, dict) else {}
    problems = check_message(body, creating=True, file_count=len(call.files))
    if problems:
        return call.reject(problems)
    original = call.world.messages.get(rec.original_message_id) if rec.original_message_id else None
    if original is not None and original.payload["flags"] & LOADING:
        # Discord turns the first follow-up after a deferral into the original.
        _edit(call, original, body)
        message = original
    else:
        message = _create(call, body, rec.channel_id, rec.guild_id, source="followup", rec=rec)
        rec.followup_ids.append(message.id)
    return ok(message.payload) if call.flag("wait") else no_content()


def _webhook_message(call: Call) -> tuple[InteractionRecord | None, StoredMessage | None]:
    rec = _webhook_interaction(call)
    if rec is None:
        return None, None
    raw = call.params["message_id"]
    message_id = rec.original_message_id if raw == "@original" else call.snowflake("message_id")
    if message_id is None or (
        message_id != rec.original_message_id and message_id not in rec.followup_ids
    ):
        return rec, None
    return rec, call.world.messages.get(message_id)


@route("GET", WEBHOOK + "/messages/{message_id}")
async def get_webhook_message(call: Call) -> Reply:
    rec, message = _webhook_message(call)
    if rec is None:
        return not_found(10015, "Unknown Webhook")
    return ok(message.payload) if message else not_found(10008, "Unknown Message")


@route("PATCH", WEBHOOK + "/messages/{message_id}")
async def edit_webhook_message(call: Call) -> Reply:
    rec, message = _webhook_message(call)
    if rec is None:
        return not_found(10015, "Unknown Webhook")
    if message is None:
        return call.misuse(404, 10008, "Unknown Message")
    return _edit(call, message, call.body if isinstance(call.body, dict) else {})


@route("DELETE", WEBHOOK + "/messages/{message_id}")
async def delete_webhook_message(call: Call) -> Reply:
    rec, message = _webhook_message(call)
    if rec is None:
        return not_found(10015, "Unknown Webhook")
    if message is None:
        return call.misuse(404, 10008, "Unknown Message")
    message.deleted = True
    return no_content()
