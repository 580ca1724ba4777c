"""What the providers (TVmaze, TMDB) add to a show's details, read inside the card's one read.

Every value carries the provider it came from and the date it was fetched, so the card can
credit TVmaze (CC BY-SA 4.0), TMDB and JustWatch (where-to-watch) wherever it shows them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from db.effective_facts import FIELD_PREFERENCE
from db.provider_facts import PROVIDER_LABEL

# Which provider is read first where both give a value: TMDB's posters, episode counts and
# ratings come with vote counts; TVmaze's genres are the finer for reality and variety.
_FIRST = {"tmdb": 0, "tvmaze": 1}
WATCH_CREDIT = "JustWatch"


@dataclass(frozen=True)
class ProviderSource:
    """One provider's show linked to ours: for credits and the Sources list."""

    provider: str  # tvmaze | tmdb
    label: str  # "TVmaze", "TMDB"
    key: str  # "tvmaze:61390", the source key its facts cite
    name: str  # the show's name there
    url: str | None
    fetched_at: dt.datetime
    matched_by: str  # auto | manual
    status: str | None  # the provider's word: "Ended", "Running", "Returning Series"…


@dataclass(frozen=True)
class FactSource:
    """Where one effective show fact comes from."""

    field: str  # kind, country, title_ko, language, premiered, summary
    source: str | None  # source key; None: the curated catalog
    provider: str | None  # tvmaze | tmdb when a provider gave it
    fetched_at: dt.datetime | None


@dataclass(frozen=True)
class ProviderRating:
    provider: str
    label: str
    value: float
    scale: float
    votes: int | None
    as_of: dt.date  # the day it was fetched
    url: str | None


@dataclass(frozen=True)
class NetworkInfo:
    name: str
    country: str | None
    streaming: bool
    provider: str


@dataclass(frozen=True)
class WatchOption:
    region: str  # ISO 3166-1 alpha-2
    service: str
    offer: str  # flatrate | free | ads | rent | buy
    link: str | None
    provider: str  # tmdb
    credit: str = WATCH_CREDIT  # whose data it is: credit it wherever it is shown


@dataclass(frozen=True)
class ProviderSeason:
    number: int  # 0: specials, as the provider numbers them
    name: str | None
    episode_count: int | None
    premiere: str | None  # YYYY-MM-DD
    end: str | None
    provider: str


@dataclass(frozen=True)
class ProviderFacts:
    sources: tuple[ProviderSource, ...] = ()
    fact_sources: tuple[FactSource, ...] = ()
    genres: tuple[str, ...] = ()
    networks: tuple[NetworkInfo, ...] = ()
    episode_count: int | None = None
    episode_count_provider: str | None = None
    seasons: tuple[ProviderSeason, ...] = ()  # from the first provider that lists any
    ratings: tuple[ProviderRating, ...] = ()
    poster_url: str | None = None
    poster_provider: str | None = None
    watch: tuple[WatchOption, ...] = ()

    def source_of(self, field: str) -> FactSource | None:
        return next((f for f in self.fact_sources if f.field == field), None)

    def watch_in(self, region: str) -> tuple[WatchOption, ...]:
        return tuple(w for w in self.watch if w.region == region.upper())

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({w.region for w in self.watch}))


NO_PROVIDER_FACTS = ProviderFacts()


def _stamp(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def load_provider_facts(conn: sqlite3.Connection, show: sqlite3.Row) -> ProviderFacts:
    """The provider part of a show's details; `show` is its `shows` row."""
    rows = sorted(
        conn.execute(
            "SELECT ps.*, s.key AS source_key FROM provider_shows ps "
            "JOIN sources s ON s.id = ps.source_id WHERE ps.show_id = ?",
            (show["id"],),
        ).fetchall(),
        key=lambda r: _FIRST.get(r["provider"], 9),
    )
    fact_sources = _fact_sources(conn, show)
    if not rows:
        return ProviderFacts(fact_sources=fact_sources) if fact_sources else NO_PROVIDER_FACTS
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    by_id = {r["id"]: r["provider"] for r in rows}
    genres: dict[str, str] = {}
    for r in sorted(
        conn.execute(
            f"SELECT * FROM provider_genres WHERE provider_show_id IN ({marks})",  # noqa: S608
            ids,
        ).fetchall(),
        key=lambda g: (by_id[g["provider_show_id"]] != "tvmaze", g["position"]),
    ):
        genres.setdefault(r["name"].casefold(), r["name"])
    networks: dict[str, NetworkInfo] = {}
    for r in conn.execute(
        f"SELECT * FROM provider_networks WHERE provider_show_id IN ({marks}) "  # noqa: S608
        "ORDER BY provider_show_id, position",
        ids,
    ).fetchall():
        info = NetworkInfo(
            r["name"], r["country"], bool(r["streaming"]), by_id[r["provider_show_id"]]
        )
        networks.setdefault(r["name"].casefold(), info)
    watch = tuple(
        WatchOption(r["region"], r["service"], r["offer"], r["link"], by_id[r["provider_show_id"]])
        for r in conn.execute(
            f"SELECT * FROM watch_offers WHERE provider_show_id IN ({marks}) "  # noqa: S608
            "ORDER BY region, position",
            ids,
        ).fetchall()
    )
    episodes, episodes_by = _episode_count(conn, rows)
    seasons: tuple[ProviderSeason, ...] = ()
    for r in rows:
        seasons = tuple(
            ProviderSeason(
                s["number"],
                s["name"],
                s["episode_count"],
                s["premiere"],
                s["end_date"],
                r["provider"],
            )
            for s in conn.execute(
                "SELECT * FROM provider_seasons WHERE provider_show_id = ? ORDER BY position",
                (r["id"],),
            ).fetchall()
        )
        if seasons:
            break
    poster = next((r for r in rows if r["poster_url"]), None)
    return ProviderFacts(
        sources=tuple(
            ProviderSource(
                provider=r["provider"],
                label=PROVIDER_LABEL.get(r["provider"], r["provider"]),
                key=r["source_key"],
                name=r["name"],
                url=r["url"],
                fetched_at=dt.datetime.fromisoformat(r["fetched_at"]),
                matched_by=r["matched_by"],
                status=r["status"],
            )
            for r in rows
        ),
        fact_sources=fact_sources,
        genres=tuple(genres.values()),
        networks=tuple(networks.values()),
        episode_count=episodes,
        episode_count_provider=episodes_by,
        seasons=seasons,
        ratings=tuple(
            ProviderRating(
                provider=r["provider"],
                label=PROVIDER_LABEL.get(r["provider"], r["provider"]),
                value=r["rating"],
                scale=10.0,
                votes=r["rating_votes"],
                as_of=dt.date.fromisoformat(r["fetched_at"][:10]),
                url=r["url"],
            )
            for r in rows
            if r["rating"] is not None
        ),
        poster_url=None if poster is None else poster["poster_url"],
        poster_provider=None if poster is None else poster["provider"],
        watch=watch,
    )


def _fact_sources(conn: sqlite3.Connection, show: sqlite3.Row) -> tuple[FactSource, ...]:
    facts = []
    for field in FIELD_PREFERENCE:
        source_id = show[f"{field}_source_id"]
        if show[field] is None or (field == "kind" and show[field] == "unknown"):
            continue
        if source_id is None:
            facts.append(FactSource(field, None, None, None))
            continue
        row = conn.execute(
            "SELECT key, provider, fetched_at FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if row is not None:
            facts.append(FactSource(field, row[0], row[1], _stamp(row[2])))
    return tuple(facts)


def _episode_count(
    conn: sqlite3.Connection, rows: list[sqlite3.Row]
) -> tuple[int | None, str | None]:
    """Regular episodes (specials and season 0 left out), from the first provider that
    gives a count for every season it lists, else from its episode list."""
    for r in rows:
        counts = conn.execute(
            "SELECT episode_count FROM provider_seasons WHERE provider_show_id = ? AND number > 0",
            (r["id"],),
        ).fetchall()
        if counts and all(c[0] is not None for c in counts):
            return sum(c[0] for c in counts), r["provider"]
        listed = conn.execute(
            "SELECT COUNT(*) FROM provider_episodes WHERE provider_show_id = ? AND season > 0 "
            "AND number IS NOT NULL",
            (r["id"],),
        ).fetchone()[0]
        if listed:
            return int(listed), r["provider"]
    return None, None
