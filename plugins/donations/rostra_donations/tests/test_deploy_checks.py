"""`manage.py check --deploy` warns when the test mode is on: its webhook
secret is published with the code."""

from django.core.checks import Tags, run_checks


def deploy_warnings():
    return {
        message.id for message in run_checks(include_deployment_checks=True, tags=[Tags.security])
    }


def test_the_test_mode_is_reported(settings):
    settings.DONATIONS_TEST_MODE = True
    assert "donations.W001" in deploy_warnings()


def test_no_warning_when_it_is_off(settings, monkeypatch):
    monkeypatch.delenv("ROSTRA_DONATIONS_TEST_MODE", raising=False)
    settings.DONATIONS_TEST_MODE = False
    assert "donations.W001" not in deploy_warnings()
