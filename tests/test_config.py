"""Settings for production: the app refuses to start with a development key or the debugger."""

import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_admin.config import ConfigurationError, load_config

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = "k" * 48


def settings(tmp_path, **environ):
    return load_config(str(tmp_path), environ=environ)


def test_development_generates_and_keeps_a_key_in_the_instance_folder(tmp_path):
    first = settings(tmp_path)["SECRET_KEY"]
    assert len(first) >= 32
    assert (tmp_path / "secret_key").read_text() == first
    assert settings(tmp_path)["SECRET_KEY"] == first


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "needs SECRET_KEY from the environment"),
        ({"SECRET_KEY": "short"}, "at least 32 characters"),
        ({"SECRET_KEY": GOOD_KEY, "FLASK_DEBUG": "1"}, "refuses to run with debug on"),
    ],
    ids=["generated key", "short key", "debug"],
)
def test_production_refuses_unsafe_settings_with_a_clear_message(tmp_path, environ, message):
    with pytest.raises(ConfigurationError, match=message):
        settings(tmp_path, APP_ENV="production", **environ)


def test_production_refuses_the_generated_key_even_when_it_exists(tmp_path):
    settings(tmp_path)  # a development run wrote instance/secret_key
    with pytest.raises(ConfigurationError, match="SECRET_KEY from the environment"):
        settings(tmp_path, APP_ENV="production")


def test_a_mistyped_environment_name_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="APP_ENV is 'prod'"):
        settings(tmp_path, APP_ENV="prod")


def test_production_with_its_own_key_marks_cookies_secure_unless_told_otherwise(tmp_path):
    config = settings(tmp_path, APP_ENV="production", SECRET_KEY=GOOD_KEY)
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    config = settings(
        tmp_path, APP_ENV="production", SECRET_KEY=GOOD_KEY, SESSION_COOKIE_SECURE="false"
    )
    assert not config["SESSION_COOKIE_SECURE"] and not config["REMEMBER_COOKIE_SECURE"]
    assert not settings(tmp_path)["SESSION_COOKIE_SECURE"]


def test_the_server_will_not_start_in_production_without_a_key(tmp_path):
    environ = {"APP_ENV": "production", "INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=environ, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "ConfigurationError: APP_ENV=production needs SECRET_KEY" in result.stderr


def test_thumbnail_sizes_default_to_the_thumbnail_services_and_may_be_set(tmp_path):
    assert settings(tmp_path)["THUMBNAIL_SIZES"] == (64, 128, 512, 1080)
    assert settings(tmp_path, THUMBNAIL_SIZES="")["THUMBNAIL_SIZES"] == (64, 128, 512, 1080)
    assert settings(tmp_path, THUMBNAIL_SIZES="32,300")["THUMBNAIL_SIZES"] == (32, 300)


def test_image_crops_are_read_as_json_names_with_sizes(tmp_path):
    config = settings(tmp_path, IMAGE_CROPS='{"card": "800x600", "square": "600x600"}')
    assert config["IMAGE_CROPS"] == {"card": (800, 600), "square": (600, 600)}
    assert settings(tmp_path)["IMAGE_CROPS"] == {}
    for bad in ('{"card": "800"}', '{"Card!": "8x6"}', '{"card": "0x6"}'):
        with pytest.raises(ValueError, match="IMAGE_CROPS"):
            settings(tmp_path, IMAGE_CROPS=bad)
