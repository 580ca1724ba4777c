"""TVmaze's schedules → `core.airing.ScheduledEpisode` (the episode plus its show).

Shapes from TVmaze's API documentation (https://www.tvmaze.com/api, "Schedule" and
"Web/Streaming Schedule"): both answer a list of episodes (`id, url, name, season, number,
type, airdate, airtime, airstamp, runtime`). `/schedule?country=&date=` carries the show
under `show`; `/schedule/web?date=&country=` carries it under `_embedded.show`. An
episode's `type` is `regular`, `significant_special` or `insignificant_special`.
"""

from __future__ import annotations

from typing import Any

import providers.fields as f
import providers.tvmaze_parse as parse
from core.airing import AiringShow, ScheduledEpisode
from core.providers import Episode, ProviderBadResponse, ProviderName, ProviderRef

PROVIDER: ProviderName = "tvmaze"
SPECIAL_TYPES = frozenset({"significant_special", "insignificant_special"})


def airing_show(data: object) -> AiringShow:
    """A TVmaze show object (any endpoint) as the schedule's show."""
    base = parse.candidate(data)
    show = f.obj(data, "show", PROVIDER)
    nets = parse.networks(show)
    first = nets[0] if nets else None
    return AiringShow(
        ref=base.ref,
        name=base.name,
        network=None if first is None else first.name,
        streaming=False if first is None else first.streaming,
        language=base.language,
        country=base.origin_countries[0] if base.origin_countries else None,
        kind=base.kind,
        status=f.text(show, "status"),
        ended=f.date(show, "ended"),
        url=f.text(show, "url"),
    )


def episode(data: dict[str, Any]) -> Episode | None:
    season = f.whole(data, "season")
    if season is None:
        return None
    return Episode(
        season=season,
        number=f.whole(data, "number"),
        name=f.text(data, "name"),
        airdate=f.date(data, "airdate"),
        airstamp=f.timestamp(data, "airstamp"),
        runtime=f.whole(data, "runtime"),
    )


def is_special(data: dict[str, Any]) -> bool:
    kind = data.get("type")
    return (isinstance(kind, str) and kind in SPECIAL_TYPES) or f.whole(data, "number") is None


def scheduled(data: object, show: AiringShow | None = None) -> ScheduledEpisode | None:
    """One schedule entry; None for an entry without an id or season (nothing to key on).
    `show` is given when the episode comes from the show's own episode list."""
    item = f.obj(data, "schedule entry", PROVIDER)
    episode_id = f.whole(item, "id")
    found = episode(item)
    if episode_id is None or episode_id <= 0 or found is None:
        return None
    if show is None:
        embedded = item.get("show")
        if embedded is None:
            embedded = f.dict_at(item, "_embedded").get("show")
        if not isinstance(embedded, dict):
            raise ProviderBadResponse(f"{PROVIDER}: schedule entry {episode_id} has no show")
        show = airing_show(embedded)
    return ScheduledEpisode(
        id=episode_id, show=show, episode=found, special=is_special(item), url=f.text(item, "url")
    )


def schedule(data: object) -> list[ScheduledEpisode]:
    """`/schedule` or `/schedule/web`: a list of episodes, each with its show."""
    found = []
    for item in f.items(data, "schedule", PROVIDER):
        entry = scheduled(item)
        if entry is not None:
            found.append(entry)
    return found


def show_episodes(data: object) -> tuple[AiringShow, list[ScheduledEpisode]]:
    """`/shows/{id}?embed=episodes`: the show and every episode it lists."""
    show = airing_show(data)
    items = f.list_at(f.dict_at(data, "_embedded"), "episodes")
    episodes = [e for e in (scheduled(item, show) for item in items if isinstance(item, dict)) if e]
    return show, episodes


def show_ref(show_id: int) -> ProviderRef:
    return ProviderRef(PROVIDER, show_id)
