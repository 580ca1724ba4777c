from pathlib import Path

import pytest

from config import DEFAULT_DATABASE_PATH, Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert not settings.discord_token
    assert settings.database_path == DEFAULT_DATABASE_PATH
    assert settings.log_level == "INFO"
    assert settings.shard_count is None and settings.shard_ids is None
    assert settings.scheduler_enabled


def test_values_are_parsed() -> None:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": " abc ",
            "DATABASE_PATH": "x/y.db",
            "LOG_LEVEL": "debug",
            "SHARD_COUNT": "4",
            "SHARD_IDS": "0, 2",
            "SCHEDULER_ENABLED": "false",
        }
    )
    assert settings.discord_token.reveal() == "abc"
    assert settings.database_path == Path("x/y.db")
    assert settings.log_level == "DEBUG"
    assert settings.shard_ids == (0, 2)
    assert not settings.scheduler_enabled
    assert "abc" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT"),
        ({"SHARD_COUNT": "0"}, "at least 1"),
        ({"SHARD_IDS": "1"}, "needs SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0,5"}, "below SHARD_COUNT"),
        ({"SCHEDULER_ENABLED": "maybe"}, "SCHEDULER_ENABLED"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_the_most_popular_file_is_fetched_unless_switched_off() -> None:
    settings = Settings.from_env({})
    assert settings.netflix_urls[-1].endswith("/most-popular.tsv")
    assert len(settings.netflix_urls) == 3
    off = Settings.from_env({"NETFLIX_MOST_POPULAR_URL": "none"})
    assert off.netflix_most_popular_url == "" and len(off.netflix_urls) == 2
