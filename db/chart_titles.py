"""Linking Netflix chart titles to catalog shows (and seasons), creating a show when none fits.

Runs on the importer's own connection inside its transaction, so a failed import also
undoes every show it created. Each distinct (title, season, film?) is resolved once.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field

from core.text import normalize

# "Stranger Things 4" is not reliably season 4; only explicit season words count.
_SEASON_NUMBER = re.compile(r"\b(?:season|series)\s+(\d{1,3})\s*$", re.IGNORECASE)
_SLUG_WORDS = re.compile(r"[a-z0-9]+")
TitleKey = tuple[str, str, bool]  # (show_title, season_title or "", is_film)
Resolved = tuple[int, int | None]  # (show_id, season_id)

NETFLIX_SOURCE = (
    "netflix-top10",
    "Netflix Top 10 (global weekly lists and Most Popular lists)",
    "Netflix",
    "https://www.netflix.com/tudum/top10",
)

# How a name reached a show, best first: its own title, a curated alias, a chart alias.
_BY_TITLE, _BY_ALIAS, _BY_CHART_ALIAS = 0, 1, 2


@dataclass
class _Show:
    id: int
    kind: str
    curated: bool
    names: set[str] = field(default_factory=set)
    seasons_by_name: dict[str, int] = field(default_factory=dict)
    seasons_by_number: dict[int, int] = field(default_factory=dict)

    def fits(self, film: bool) -> bool:
        return (self.kind == "film") == film


def season_number(season_title: str) -> int | None:
    match = _SEASON_NUMBER.search(season_title)
    return int(match.group(1)) if match else None


def _slug_base(title: str, film: bool) -> str:
    words = _SLUG_WORDS.findall(title.lower())[:8]
    # Titles in other scripts have no ASCII words; a digest keeps their slug stable.
    base = "-".join(words) or hashlib.blake2b(title.encode(), digest_size=5).hexdigest()
    return f"chart-{base}" + ("-film" if film else "")


class TitleResolver:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.created_shows = 0
        self.relinked = 0
        self._stored: dict[TitleKey, tuple[int, int, int | None]] = {}
        self._shows: dict[int, _Show] = {}
        # normalised name → [(how, show)], best first once sorted.
        self._names: dict[str, list[tuple[int, _Show]]] = {}
        self._seasons: dict[str, list[tuple[_Show, int]]] = {}
        self._slugs: set[str] = set()
        self._netflix_source_id: int | None = None
        self._load()

    def _load(self) -> None:
        for row in self.conn.execute("SELECT id, slug, title, title_ko, kind, origin FROM shows"):
            show = _Show(id=row[0], kind=row[4], curated=row[5] == "catalog")
            self._shows[show.id] = show
            self._slugs.add(row[1])
            for name in (row[2], row[3]):
                if name:
                    self._add_name(show, normalize(name), _BY_TITLE)
        for show_id, normalized, kind in self.conn.execute(
            # A provider's alternative titles (translations in many languages) find the show
            # in /show, but never decide which show a Netflix title is: precision first.
            "SELECT show_id, normalized, kind FROM aliases WHERE source_id IS NULL "
            "OR source_id NOT IN (SELECT id FROM sources WHERE provider IS NOT NULL)"
        ):
            show = self._shows[show_id]
            self._add_name(show, normalized, _BY_CHART_ALIAS if kind == "chart" else _BY_ALIAS)
        for season_id, show_id, number, title, title_ko in self.conn.execute(
            "SELECT id, show_id, number, title, title_ko FROM seasons"
        ):
            self._add_season(self._shows[show_id], season_id, number, (title, title_ko))
        for title_id, show_title, season_title, is_film, show_id, season_id in self.conn.execute(
            "SELECT id, show_title, season_title, is_film, show_id, season_id FROM chart_titles"
        ):
            self._stored[(show_title, season_title, bool(is_film))] = (title_id, show_id, season_id)
        # Curated shows first, then the closest kind of name, then the oldest show.
        for names in self._names.values():
            names.sort(key=lambda item: (not item[1].curated, item[0], item[1].id))
        for seasons in self._seasons.values():
            seasons.sort(key=lambda item: (not item[0].curated, item[0].id))

    def _add_name(self, show: _Show, key: str, how: int) -> None:
        if key and key not in show.names:
            show.names.add(key)
            self._names.setdefault(key, []).append((how, show))

    def _add_season(
        self, show: _Show, season_id: int, number: int, titles: tuple[str | None, ...]
    ) -> None:
        show.seasons_by_number.setdefault(number, season_id)
        for title in titles:
            key = normalize(title) if title else ""
            if key and key not in show.seasons_by_name:
                show.seasons_by_name[key] = season_id
                self._seasons.setdefault(key, []).append((show, season_id))

    def title_id(self, key: TitleKey) -> int:
        """The chart_titles row for a title seen in this import, linked (again) to the
        best show today; call it once per distinct title."""
        show_id, season_id = self.resolve(*key)
        stored = self._stored.get(key)
        if stored is None:
            (title_id,) = self.conn.execute(
                "INSERT INTO chart_titles (show_title, season_title, is_film, show_id, season_id)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                (*key, show_id, season_id),
            ).fetchone()
            self._stored[key] = (int(title_id), show_id, season_id)
            return int(title_id)
        if stored[1:] != (show_id, season_id):
            # The catalog gained a better match since the title was first seen.
            self.conn.execute(
                "UPDATE chart_titles SET show_id = ?, season_id = ? WHERE id = ?",
                (show_id, season_id, stored[0]),
            )
            self._stored[key] = (stored[0], show_id, season_id)
            self.relinked += 1
        return stored[0]

    def resolve(self, show_title: str, season_title: str, film: bool) -> Resolved:
        """(show, season) for a chart title, creating a chart-made show if none fits."""
        title_key = normalize(show_title)
        by_season: tuple[_Show, int] | None = None
        if season_title:
            by_season = next(
                (
                    (show, season_id)
                    for show, season_id in self._seasons.get(normalize(season_title), ())
                    if show.fits(film)
                ),
                None,
            )
        by_title = next((s for _, s in self._names.get(title_key, ()) if s.fits(film)), None)
        # A curated show beats a chart-made one, whichever way it was found.
        if by_season is not None and (by_season[0].curated or not (by_title and by_title.curated)):
            show, season_id = by_season
            if title_key and title_key not in show.names:
                # Found through its season: remember the chart's name for the show too.
                self._add_alias(show, show_title, title_key)
            return show.id, season_id
        if by_title is None:
            by_title = self._create_show(show_title, title_key, film)
        return by_title.id, self._season_of(by_title, season_title)

    def _season_of(self, show: _Show, season_title: str) -> int | None:
        if not season_title:
            return None
        season_key = normalize(season_title)
        if season_key in show.seasons_by_name:
            return show.seasons_by_name[season_key]
        number = season_number(season_title)
        if number is None:
            return None
        if number in show.seasons_by_number:
            return show.seasons_by_number[number]
        if show.curated:
            return None  # a curated show's seasons come from sources, never from a guess
        (season_id,) = self.conn.execute(
            "INSERT INTO seasons (show_id, number, title) VALUES (?, ?, ?) RETURNING id",
            (show.id, number, season_title),
        ).fetchone()
        self._add_season(show, season_id, number, (season_title,))
        return int(season_id)

    def _netflix_source(self) -> int:
        if self._netflix_source_id is None:
            # The bundled catalog defines the same source; whichever loads first creates it.
            self.conn.execute(
                "INSERT INTO sources (key, title, publisher, url) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO NOTHING",
                NETFLIX_SOURCE,
            )
            (source_id,) = self.conn.execute(
                "SELECT id FROM sources WHERE key = ?", (NETFLIX_SOURCE[0],)
            ).fetchone()
            self._netflix_source_id = int(source_id)
        return self._netflix_source_id

    def _add_alias(self, show: _Show, alias: str, key: str) -> None:
        self.conn.execute(
            "INSERT INTO aliases (show_id, alias, kind, normalized) VALUES (?, ?, 'chart', ?) "
            "ON CONFLICT(show_id, normalized) DO NOTHING",
            (show.id, alias, key),
        )
        self._add_name(show, key, _BY_CHART_ALIAS)

    def _create_show(self, title: str, title_key: str, film: bool) -> _Show:
        base = slug = _slug_base(title, film)
        suffix = 2
        while slug in self._slugs:
            slug = f"{base}-{suffix}"
            suffix += 1
        # A Films list says the title is a film; a TV list says nothing about what kind of
        # show it is, so it stays unknown until a source says.
        kind = "film" if film else "unknown"
        (show_id,) = self.conn.execute(
            "INSERT INTO shows (slug, title, kind, kind_source_id, origin) "
            "VALUES (?, ?, ?, ?, 'chart') RETURNING id",
            (slug, title, kind, self._netflix_source() if film else None),
        ).fetchone()
        self._slugs.add(slug)
        show = _Show(id=int(show_id), kind=kind, curated=False)
        self._shows[show.id] = show
        self._add_name(show, title_key, _BY_TITLE)
        self.created_shows += 1
        return show
