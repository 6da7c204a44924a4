"""Quiet hours: texts go out between the site's hours (by default 8:00 to
20:00, Paris time), on weekdays only unless the site says otherwise
(rostra_mailings.sms.models.SmsSettings). A broadcast started outside them
waits for the next opening; one running when they close stops at the next
batch and goes on at the next opening."""

import datetime
import zoneinfo

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _open_day(settings, day):
    return not settings.weekdays_only or day.weekday() < 5


def is_open(settings, now):
    local = now.astimezone(PARIS)
    return (
        _open_day(settings, local.date())
        and settings.sending_from <= local.time() < settings.sending_until
    )


def next_opening(settings, now):
    """The first moment texts may go, from ``now`` on (``now`` itself when open)."""
    if is_open(settings, now):
        return now
    local = now.astimezone(PARIS)
    day = local.date()
    if local.time() >= settings.sending_from:
        day += datetime.timedelta(days=1)
    while not _open_day(settings, day):
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, settings.sending_from, tzinfo=PARIS)
