"""Provider settings: defaults, parsing, validation, and the TMDB token kept secret."""

from __future__ import annotations

import pytest

from config import Settings, SettingsError


def test_provider_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.tvmaze_api_url == "https://api.tvmaze.com"
    assert settings.tmdb_api_url == "https://api.themoviedb.org/3"
    assert not settings.tmdb_api_token
    assert (settings.tvmaze_rate_limit, settings.tmdb_rate_limit) == (20, 40)
    assert (settings.provider_timeout, settings.provider_retries) == (10.0, 3)


def test_provider_values_are_parsed_and_the_token_hidden() -> None:
    settings = Settings.from_env(
        {
            "TVMAZE_API_URL": "http://127.0.0.1:8080/",
            "TMDB_API_URL": "http://127.0.0.1:8081/3",
            "TMDB_API_TOKEN": " eyJ-secret ",
            "TVMAZE_RATE_LIMIT": "10",
            "TMDB_RATE_LIMIT": "20",
            "PROVIDER_TIMEOUT": "2.5",
            "PROVIDER_RETRIES": "0",
        }
    )
    assert settings.tvmaze_api_url == "http://127.0.0.1:8080"
    assert settings.tmdb_api_url == "http://127.0.0.1:8081/3"
    assert settings.tmdb_api_token.reveal() == "eyJ-secret"
    assert "eyJ-secret" not in repr(settings) and "eyJ-secret" not in str(settings)
    assert (settings.tvmaze_rate_limit, settings.tmdb_rate_limit) == (10, 20)
    assert (settings.provider_timeout, settings.provider_retries) == (2.5, 0)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TVMAZE_API_URL": "api.tvmaze.com"}, "TVMAZE_API_URL"),
        ({"TMDB_API_URL": "ftp://x"}, "TMDB_API_URL"),
        ({"TVMAZE_RATE_LIMIT": "0"}, "TVMAZE_RATE_LIMIT"),
        ({"TMDB_RATE_LIMIT": "fast"}, "TMDB_RATE_LIMIT"),
        ({"PROVIDER_TIMEOUT": "0"}, "PROVIDER_TIMEOUT"),
        ({"PROVIDER_RETRIES": "11"}, "PROVIDER_RETRIES"),
    ],
)
def test_bad_provider_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)
