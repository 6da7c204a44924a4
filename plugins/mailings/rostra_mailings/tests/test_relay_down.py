"""The SMTP relay down for two minutes in the middle of a mailing: nothing is
lost, nobody gets two copies, and the sending resumes by itself.

The relay is a real local SMTP sink (tests/smtp_sink.py), reached through
Django's SMTP backend; "down" is its port closed (connections refused). Time
is simulated so the test runs in seconds: each batch is sent at a clock the
test moves forward (``send_batch(now=...)``: 15 s per batch), and the retry
delay is the real one (``sending.backoff``: 1, 2, 4 … minutes; the plugin's
test fixture makes it zero, this test puts it back). The sink refuses
connections from the clock's minute 1 to minute 3: two simulated minutes.
"""

import datetime

from django.utils import timezone

from rostra_mailings import sending
from rostra_mailings.models import Mailing, Recipient
from rostra_mailings.sending import backoff as real_backoff
from rostra_mailings.tests.conftest import supporter
from rostra_mailings.tests.smtp_sink import Sink

AUDIENCE = 40
STEP = datetime.timedelta(seconds=15)
DOWN_FROM, DOWN_UNTIL = datetime.timedelta(minutes=1), datetime.timedelta(minutes=3)


def test_two_minutes_of_relay_refusals_lose_nothing(
    mailing, admin_user, settings, monkeypatch, national_site
):
    for n in range(AUDIENCE):
        supporter(f"r{n}@example.org")
    monkeypatch.setattr(sending, "backoff", real_backoff)
    sink = Sink().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    assert sending.start(mailing, admin_user, enqueue=False) == AUDIENCE  # batches of 2
    start = timezone.now()
    clock, up, refused_batches = start, True, 0
    try:
        while True:
            elapsed = clock - start
            if up and DOWN_FROM <= elapsed < DOWN_UNTIL:
                sink.stop()
                up = False
            elif not up and elapsed >= DOWN_UNTIL:
                sink.start()  # the same port again
                up = True
            before = len(sink.message_ids)
            batch = sending.send_batch(mailing.pk, now=clock)
            if not up and batch.sent == 0 and batch.due:
                refused_batches += 1
                assert len(sink.message_ids) == before
            if batch.stopped:
                break
            clock += STEP
            assert clock - start < datetime.timedelta(hours=1), "the sending never resumed"
    finally:
        if up:
            sink.stop()

    assert refused_batches > 0  # the relay was down while copies were due
    assert len(sink.message_ids) == AUDIENCE
    assert len(set(sink.message_ids)) == AUDIENCE
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SENT
    assert not Recipient.objects.exclude(status=Recipient.Status.SENT).exists()
    # Copies due while it was down went out once it was back.
    assert Recipient.objects.filter(sent_at__gte=start + DOWN_UNTIL).exists()
