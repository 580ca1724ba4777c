"""Reading provider records back, and the candidates the job stores for review."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from core.providers import (
    AltTitle,
    Candidate,
    CastCredit,
    Episode,
    Network,
    ProviderName,
    ProviderRef,
    SeasonInfo,
    ShowRecord,
    WatchOffer,
)


def candidates_to_json(candidates: Sequence[Candidate]) -> str:
    return json.dumps(
        [
            {
                "ref": str(c.ref),
                "name": c.name,
                "original_name": c.original_name,
                "akas": list(c.akas),
                "language": c.language,
                "origin_countries": list(c.origin_countries),
                "premiered": c.premiered,
                "networks": list(c.networks),
                "kind": c.kind,
                "provider_score": c.provider_score,
            }
            for c in candidates
        ],
        ensure_ascii=False,
    )


def candidates_from_json(text: str) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(
            ref=ProviderRef.parse(item["ref"]),
            name=item["name"],
            original_name=item.get("original_name"),
            akas=tuple(item.get("akas") or ()),
            language=item.get("language"),
            origin_countries=tuple(item.get("origin_countries") or ()),
            premiered=item.get("premiered"),
            networks=tuple(item.get("networks") or ()),
            kind=item.get("kind") or "unknown",
            provider_score=item.get("provider_score"),
        )
        for item in json.loads(text)
    )


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    return conn.execute(sql, params).fetchall()


def load_record(
    conn: sqlite3.Connection, show_id: int, provider: ProviderName
) -> ShowRecord | None:
    """The stored record, field for field (cast cut to the top 20 kept)."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM provider_shows WHERE show_id = ? AND provider = ?", (show_id, provider)
    ).fetchone()
    if row is None:
        return None
    psid = (row["id"],)
    ref = ProviderRef(provider, row["provider_id"])
    return ShowRecord(
        ref=ref,
        name=row["name"],
        fetched_at=dt.datetime.fromisoformat(row["fetched_at"]),
        url=row["url"],
        original_name=row["original_name"],
        kind=row["kind"],
        genres=tuple(
            r[0]
            for r in _rows(
                conn,
                "SELECT name FROM provider_genres WHERE provider_show_id = ? ORDER BY position",
                psid,
            )
        ),
        language=row["language"],
        origin_countries=tuple(json.loads(row["origin_countries"])),
        status=row["status"],
        premiered=row["premiered"],
        ended=row["ended"],
        networks=tuple(
            Network(r["name"], r["country"], bool(r["streaming"]))
            for r in _rows(
                conn,
                "SELECT * FROM provider_networks WHERE provider_show_id = ? ORDER BY position",
                psid,
            )
        ),
        seasons=tuple(
            SeasonInfo(r["number"], r["name"], r["episode_count"], r["premiere"], r["end_date"])
            for r in _rows(
                conn,
                "SELECT * FROM provider_seasons WHERE provider_show_id = ? ORDER BY position",
                psid,
            )
        ),
        episodes=tuple(
            Episode(r["season"], r["number"], r["name"], r["airdate"], r["airstamp"], r["runtime"])
            for r in _rows(
                conn, "SELECT * FROM provider_episodes WHERE provider_show_id = ? ORDER BY id", psid
            )
        ),
        overview=row["overview"],
        rating=row["rating"],
        rating_votes=row["rating_votes"],
        poster_url=row["poster_url"],
        cast=tuple(
            CastCredit(
                person=ProviderRef(provider, r["person_provider_id"]),
                name=r["name"],
                original_name=r["original_name"],
                character=r["character"],
                order=r["billing"],
                episode_count=r["episode_count"],
            )
            for r in _rows(
                conn,
                "SELECT * FROM provider_cast WHERE provider_show_id = ? ORDER BY position",
                psid,
            )
        ),
        alt_titles=tuple(
            AltTitle(r["title"], r["country"], r["language"])
            for r in _rows(
                conn,
                "SELECT * FROM provider_alt_titles WHERE provider_show_id = ? ORDER BY position",
                psid,
            )
        ),
        watch=tuple(
            WatchOffer(r["region"], r["service"], r["offer"], r["link"])
            for r in _rows(
                conn,
                "SELECT * FROM watch_offers WHERE provider_show_id = ? ORDER BY position",
                psid,
            )
        ),
        external_ids=tuple((k, v) for k, v in json.loads(row["external_ids"])),
        schedule_time=row["schedule_time"],
        schedule_days=tuple(json.loads(row["schedule_days"])),
        timezone=row["timezone"],
    )
