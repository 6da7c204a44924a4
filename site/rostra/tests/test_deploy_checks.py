"""`manage.py check --deploy` warns of what would let anyone forge the site's
signatures: a secret key published with the code."""

from django.core.checks import Tags, run_checks

from rostra.config import DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY


def deploy_warnings():
    return {
        message.id for message in run_checks(include_deployment_checks=True, tags=[Tags.security])
    }


def test_a_published_secret_key_is_reported(settings):
    for key in (DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY, "change-me-" * 6):
        settings.SECRET_KEY = key
        assert "rostra.W001" in deploy_warnings()


def test_a_random_secret_key_is_not(settings):
    settings.SECRET_KEY = "Zq8!mW2#pL5$rT9^vB1&nX4*" * 3
    assert "rostra.W001" not in deploy_warnings()
