"""`manage.py check --deploy`: the test mode must never be on in production."""

from django.core.checks import Tags, Warning, register

from rostra_donations import conf


@register(Tags.security, deploy=True)
def check_test_mode_is_off(app_configs, **kwargs):
    if not conf.test_mode_allowed():
        return []
    return [
        Warning(
            "The donations test mode is on: the webhooks accept events signed with the "
            "test mode's secret, published in the code, and the stand-in payment page "
            "marks gifts paid without any money moving.",
            hint="Unset ROSTRA_DONATIONS_TEST_MODE (and DONATIONS_TEST_MODE) and DEBUG.",
            id="donations.W001",
        )
    ]
