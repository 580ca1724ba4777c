"""The catalog file format (the bundled seed and `import-catalog`): every rule a file must
meet, checked completely before anything is written."""

from __future__ import annotations

import json
import re
from typing import Any

from core.providers import KINDS

FORMAT_VERSION = 1
SHOW_KINDS: tuple[str, ...] = KINDS
ROLES = ("lead", "supporting", "cameo", "host", "cast")
ALIAS_KINDS = ("english", "hangul", "romanized", "other")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_TEXT = 2000


class CatalogFormatError(ValueError):
    """The file is not a valid catalog; the message names the place and the reason."""


class _Checker:
    """Walks the parsed JSON, reporting the first problem with its JSON path."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.sources: set[str] = set()
        self.people: set[str] = set()

    def fail(self, where: str, why: str) -> CatalogFormatError:
        return CatalogFormatError(f"{where}: {why}")

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        return value

    def arr(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def text(self, parent: dict[str, Any], key: str, where: str, required: bool = False) -> None:
        value = parent.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}.{key}", "is required")
            return
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "must be non-empty text")
        if len(value) > MAX_TEXT:
            raise self.fail(f"{where}.{key}", f"is longer than {MAX_TEXT} characters")

    def choice(
        self, parent: dict[str, Any], key: str, options: tuple[str, ...], where: str
    ) -> None:
        if parent.get(key) not in options:
            raise self.fail(f"{where}.{key}", f"must be one of {', '.join(options)}")

    def source(self, parent: dict[str, Any], where: str, key: str = "source") -> None:
        value = parent.get(key)
        if value is None:
            return
        if value not in self.sources:
            raise self.fail(f"{where}.{key}", f"names unknown source {value!r}")

    def date(self, parent: dict[str, Any], key: str, where: str) -> None:
        value = parent.get(key)
        if value is not None and (not isinstance(value, str) or not _DATE.match(value)):
            raise self.fail(f"{where}.{key}", "must be YYYY, YYYY-MM or YYYY-MM-DD")

    def season_ref(self, parent: dict[str, Any], numbers: set[int], where: str) -> None:
        value = parent.get("season")
        if value is not None and value not in numbers:
            raise self.fail(f"{where}.season", f"names season {value!r}, which the show lacks")

    def check(self) -> None:
        root = self.obj(self.data, "catalog")
        if root.get("format") != FORMAT_VERSION:
            raise self.fail("catalog.format", f"must be {FORMAT_VERSION}")
        for key, src in self.obj(root.get("sources", {}), "catalog.sources").items():
            where = f"sources.{key}"
            self.obj(src, where)
            self.text(src, "title", where, required=True)
            for field in ("publisher", "url", "note"):
                self.text(src, field, where)
            self.date(src, "published", where)
            self.sources.add(key)
        for i, person in enumerate(self.arr(root.get("people"), "catalog.people")):
            where = f"people[{i}]"
            self.obj(person, where)
            self.text(person, "name", where, required=True)
            self.text(person, "name_ko", where)
            self.text(person, "bio", where)
            self.source(person, where)
            if person["name"] in self.people:
                raise self.fail(f"{where}.name", f"{person['name']!r} is listed twice")
            self.people.add(person["name"])
        slugs: set[str] = set()
        for i, show in enumerate(self.arr(root.get("shows"), "catalog.shows")):
            self.check_show(self.obj(show, f"shows[{i}]"), f"shows[{i}]", slugs)

    def check_show(self, show: dict[str, Any], where: str, slugs: set[str]) -> None:
        self.text(show, "slug", where, required=True)
        if not _SLUG.match(show["slug"]) or show["slug"] in slugs:
            raise self.fail(f"{where}.slug", "must be unique lower-case words joined by '-'")
        slugs.add(show["slug"])
        self.text(show, "title", where, required=True)
        self.text(show, "title_ko", where)
        self.text(show, "country", where)
        if "kind" in show:
            self.choice(show, "kind", SHOW_KINDS, where)
        for field in ("based_on", "summary"):
            if show.get(field) is not None:
                part = self.obj(show[field], f"{where}.{field}")
                self.text(part, "text", f"{where}.{field}", required=True)
                self.source(part, f"{where}.{field}")
        for j, alias in enumerate(self.arr(show.get("aliases"), f"{where}.aliases")):
            at = f"{where}.aliases[{j}]"
            self.obj(alias, at)
            self.text(alias, "alias", at, required=True)
            self.choice(alias, "kind", ALIAS_KINDS, at)
            self.source(alias, at)
        numbers: set[int] = set()
        for j, season in enumerate(self.arr(show.get("seasons"), f"{where}.seasons")):
            at = f"{where}.seasons[{j}]"
            self.obj(season, at)
            number = season.get("number")
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                raise self.fail(f"{at}.number", "must be a whole number from 1")
            if number in numbers:
                raise self.fail(f"{at}.number", f"season {number} is listed twice")
            numbers.add(number)
            self.text(season, "title", at)
            self.text(season, "title_ko", at)
            episodes = season.get("episodes")
            if episodes is not None and (not isinstance(episodes, int) or episodes < 1):
                raise self.fail(f"{at}.episodes", "must be a whole number from 1")
            self.source(season, at, "episodes_source")
            platforms: set[str] = set()
            for k, release in enumerate(self.arr(season.get("releases"), f"{at}.releases")):
                rat = f"{at}.releases[{k}]"
                self.obj(release, rat)
                self.text(release, "platform", rat, required=True)
                if release["platform"] in platforms:
                    raise self.fail(f"{rat}.platform", "is listed twice for this season")
                platforms.add(release["platform"])
                self.date(release, "date", rat)
                self.source(release, rat)
        for j, credit in enumerate(self.arr(show.get("credits"), f"{where}.credits")):
            at = f"{where}.credits[{j}]"
            self.obj(credit, at)
            self.text(credit, "person", at, required=True)
            if credit["person"] not in self.people:
                raise self.fail(f"{at}.person", f"{credit['person']!r} is not in people")
            self.text(credit, "character", at)
            self.text(credit, "description", at)
            self.choice(credit, "role", ROLES, at)
            self.season_ref(credit, numbers, at)
            self.source(credit, at)
        for j, rating in enumerate(self.arr(show.get("ratings"), f"{where}.ratings")):
            at = f"{where}.ratings[{j}]"
            self.obj(rating, at)
            self.text(rating, "name", at, required=True)
            value, scale = rating.get("value"), rating.get("scale")
            if not isinstance(scale, int | float) or isinstance(scale, bool) or scale <= 0:
                raise self.fail(f"{at}.scale", "must be a positive number")
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise self.fail(f"{at}.value", "must be a number")
            if not 0 <= value <= scale:
                raise self.fail(f"{at}.value", "must lie between 0 and the scale")
            self.date(rating, "as_of", at)
            self.season_ref(rating, numbers, at)
            self.source(rating, at)
        for j, fact in enumerate(self.arr(show.get("facts"), f"{where}.facts")):
            at = f"{where}.facts[{j}]"
            self.obj(fact, at)
            self.text(fact, "text", at, required=True)
            self.season_ref(fact, numbers, at)
            self.source(fact, at)


def parse_catalog(raw: bytes | str, name: str = "catalog") -> dict[str, Any]:
    """Decode and validate; raises CatalogFormatError naming the file and the place."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogFormatError(f"{name}: not valid JSON ({exc})") from None
    try:
        _Checker(data).check()
    except CatalogFormatError as exc:
        raise CatalogFormatError(f"{name}: {exc}") from None
    result: dict[str, Any] = data
    return result
