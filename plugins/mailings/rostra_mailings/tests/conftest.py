"""Fixtures of the mailings tests: a national site, supporters with and
without consent, a mailing."""

import pytest
from django.utils import translation
from rostra.people import api
from rostra.people.models import SavedSegment

from rostra_mailings.models import Mailing, MailingSettings


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    """No sleeping between batches, retries due at once."""
    import datetime

    from rostra_mailings import sending, tasks

    monkeypatch.setattr(tasks, "sleep", lambda seconds: None)
    monkeypatch.setattr(sending, "backoff", lambda attempts: datetime.timedelta(0))


def supporter(email, *, consents=("newsletter",), site=None, **details):
    details.setdefault("first_name", email.split("@")[0].split(".")[0].title())
    person, _created = api.find_or_create(email=email, site=site, **details)
    for purpose in consents:
        api.record_consent(person, purpose=purpose, granted=True, wording="Yes", site=site)
    return person


@pytest.fixture
def people(national_site):
    return {
        "marie": supporter("marie@example.org", postcode="69001", commune="Lyon"),
        "jean": supporter("jean@example.org", postcode="59000", commune="Lille"),
        "nina": supporter("nina@example.org", consents=(), postcode="69002", commune="Lyon"),
        "omar": supporter(
            "omar@example.org", consents=("petition_updates",), postcode="69003", commune="Lyon"
        ),
    }


@pytest.fixture
def lyon_segment(db):
    return SavedSegment.objects.create(name="Lyon", query="departement=69")


@pytest.fixture
def mailing(national_site):
    settings = MailingSettings.for_site(national_site)
    settings.batch_size = 2
    settings.messages_per_minute = 100_000
    settings.save()
    return Mailing.objects.create(
        site=national_site,
        subject='Hello {{ first_name|default:"friend" }}',
        purpose="newsletter",
        body=[
            ("text", 'Dear {{ first_name|default:"Bonjour" }},\n\nWe march on Saturday.'),
            ("button", {"label": "Join us", "url": "https://example.org/march"}),
        ],
    )


@pytest.fixture
def sender(db, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("sender", "sender@example.org", "pw")
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="mailings"),
        Permission.objects.get(codename="access_admin"),
    )
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """sending.start, with its background task run once the test's transaction
    would have committed (tasks run at once in the test settings)."""
    from rostra_mailings import sending

    def started(mailing, user):
        with django_capture_on_commit_callbacks(execute=True):
            return sending.start(mailing, user)

    return started
