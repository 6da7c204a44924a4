"""Two workers sending the same SMS broadcast at once (PostgreSQL's
SKIP LOCKED): each copy is handed to the provider once."""

import threading
import time

import pytest
from django.db import connection

from rostra_mailings.sms import providers, sending
from rostra_mailings.tests.sms.conftest import texter


class Recording(providers.Provider):
    def __init__(self):
        self.references = []
        self.lock = threading.Lock()

    def send(self, message):
        time.sleep(0.005)  # long enough for the other worker to come by
        with self.lock:
            self.references.append(message.reference)
        return "ok"

    def incoming(self, request):
        return []


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_copy_once(broadcast, admin_user, monkeypatch):
    for index in range(30):
        texter(f"p{index}@example.org", mobile=f"+336123456{index:02d}")
    monkeypatch.setattr(sending, "enqueue_sending", lambda *args, **kwargs: None)
    assert sending.start(broadcast, admin_user) == 30
    provider = Recording()
    errors = []

    def worker():
        try:
            while not sending.send_batch(broadcast.pk, size=3, provider=provider).stopped:
                pass
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(provider.references) == 30
    assert len(set(provider.references)) == 30
    assert set(broadcast.recipients.values_list("status", flat=True)) == {"sent"}
