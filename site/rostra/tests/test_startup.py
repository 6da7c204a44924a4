"""Bad settings stop start-up with a message naming the problem; good
production settings pass Django's deployment checklist without a warning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SITE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "rostra.settings.production",
    "SECRET_KEY": "k3y-" + "Zq8!mW2#pL5$rT9^vB1&nX4*" * 3,
    "ALLOWED_HOSTS": "www.example.fr",
    "DATABASE_URL": "sqlite:////tmp/rostra-deploy-check.sqlite3",
    # Web processes and task workers share it (rostra_worker.E001); not dialled here.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    environment.update(env)
    return subprocess.run(
        [sys.executable, SITE_DIR / "manage.py", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


pytestmark = [pytest.mark.slow, pytest.mark.own_database]


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_a_shared_cache_is_refused_by_the_checks():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = manage("check", **env)
    assert result.returncode == 1
    assert "rostra_worker.E001" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list"),
        ("DATABASE_URL", "DATABASE_URL must be set"),
    ],
)
def test_missing_production_variable_is_named(missing, message):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode == 2
    assert f"Rostra cannot start: {message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_default_theme_is_named_with_the_available_ones():
    result = manage(
        "check", ROSTRA_DEFAULT_THEME="neon", DJANGO_SETTINGS_MODULE="rostra.settings.test"
    )
    assert result.returncode == 2
    assert "ROSTRA_DEFAULT_THEME='neon' is not a theme" in result.stderr
    assert "horizon" in result.stderr and "tricolore" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_boolean_is_named():
    result = manage("check", DEBUG="maybe", DJANGO_SETTINGS_MODULE="rostra.settings.dev")
    assert result.returncode == 2
    assert "DEBUG='maybe' is not a yes/no value" in result.stderr


def test_wsgi_entry_point_reports_a_missing_secret_too():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    environment = {**os.environ, **env, "PYTHONPATH": str(SITE_DIR)}
    environment.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import rostra.wsgi"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Rostra cannot start: SECRET_KEY must be set" in result.stderr


def test_a_purge_server_without_a_shared_cache_is_named():
    """The publication counter must be shared by every app server (Redis)."""
    env = {**PRODUCTION_ENV, "ROSTRA_PURGE_URL": "http://127.0.0.1:8081", "REDIS_URL": ""}
    result = manage("check", **env)
    assert result.returncode == 2
    assert "Rostra cannot start: ROSTRA_PURGE_URL needs REDIS_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "published",
    [
        "dev-only-secret-key-never-use-in-production-" + "x" * 20,
        "test-secret-key-for-the-test-suite-only-0123456789abcdef",
    ],
)
def test_production_refuses_a_secret_key_published_with_the_code(published):
    result = manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": published})
    assert result.returncode == 2
    assert "Rostra cannot start: SECRET_KEY is the development or test key" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_the_donations_test_mode():
    """Its webhook secret is in the code: anyone could sign a "paid" event."""
    result = manage("check", **PRODUCTION_ENV, ROSTRA_DONATIONS_TEST_MODE="1")
    assert result.returncode == 2
    assert "Rostra cannot start: ROSTRA_DONATIONS_TEST_MODE is on" in result.stderr
    assert "Traceback" not in result.stderr
