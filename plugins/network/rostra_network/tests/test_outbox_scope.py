"""The outbox records the site each email was sent for and whether it was sent or
refused; its listing filters on both, and a candidate's team reads its own
site's emails only, on every outbox URL."""

import pytest
from django.urls import reverse
from rostra.mail.models import OutboxMessage
from rostra.mail.sending import render_message

pytestmark = pytest.mark.django_db
OUTBOX = {"default": {"BACKEND": "rostra.mail.backends.OutboxBackend"}}


def _send(site, to, subject_marker):
    message = render_message(
        "people_data_link",
        to=to,
        context={"path": f"/mes-donnees/{subject_marker}/", "days": 7},
        language="en",
        site=site,
    )
    message.subject = f"{message.subject} {subject_marker}"
    message.attach(f"{subject_marker}.txt", subject_marker.encode(), "text/plain")
    sent = message.send()
    return OutboxMessage.objects.get(subject=message.subject), sent


@pytest.fixture
def emails(settings, national_site, candidate_a, candidate_b):
    settings.MAILERS = OUTBOX
    return {
        "a": _send(candidate_a.site, "amina@example.org", "MAILA")[0],
        "a_failed": _send(candidate_a.site, "nobody@nowhere.invalid", "MAILAFAILED")[0],
        "b": _send(candidate_b.site, "bruno@example.org", "MAILB")[0],
        "national": _send(national_site, "claire@example.org", "MAILNATIONAL")[0],
    }


def test_each_email_records_its_site_and_whether_it_was_sent(
    settings, emails, candidate_a, candidate_b
):
    assert emails["a"].site == candidate_a.site and emails["b"].site == candidate_b.site
    assert emails["a"].status == OutboxMessage.Status.SENT and not emails["a"].refused
    # The .invalid domain is never deliverable: refused, as a mail server would.
    failed = emails["a_failed"]
    assert failed.status == OutboxMessage.Status.FAILED
    assert failed.refused == "nobody@nowhere.invalid"
    _message, sent = _send(candidate_a.site, "x@nowhere.invalid", "MAILAGAIN")
    assert sent == 0  # the backend reports it not sent


def _listing(client, query=""):
    return client.get(reverse("outbox:index") + query).content.decode()


def test_the_listing_filters_on_site_and_status(client, admin_user, emails, candidate_b):
    client.force_login(admin_user)
    page = _listing(client)
    assert all(marker in page for marker in ("MAILA", "MAILB", "MAILNATIONAL"))
    # The filters drawer offers both, by the site's own name.
    assert 'name="site"' in page and 'name="status"' in page
    assert "[default]" not in page and "[défaut]" not in page
    only_b = _listing(client, f"?site={candidate_b.site.pk}")
    assert "MAILB" in only_b and "MAILA" not in only_b and "MAILNATIONAL" not in only_b
    failed = _listing(client, "?status=failed")
    assert "MAILAFAILED" in failed and "MAILB" not in failed
    assert "MAILA " not in failed and ">MAILA<" not in failed
    csv = client.get(reverse("outbox:index") + "?status=sent&export=csv")
    text = b"".join(csv.streaming_content).decode()
    assert "MAILB" in text and "MAILAFAILED" not in text


def test_a_candidate_reads_only_their_own_sites_emails_on_every_url(
    client, emails, candidate_a, candidate_b
):
    client.force_login(candidate_a.user)
    mine, theirs, national = emails["a"], emails["b"], emails["national"]

    index = _listing(client)
    assert "MAILA" in index and "MAILB" not in index and "MAILNATIONAL" not in index
    # The site filter offers their own site only; asking for B's shows nothing of B.
    assert f'value="{candidate_b.site.pk}"' not in index
    assert "MAILB" not in _listing(client, f"?site={candidate_b.site.pk}")
    for export in ("csv", "xlsx"):
        response = client.get(reverse("outbox:index") + f"?export={export}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        if export == "csv":
            assert b"MAILA" in content and b"MAILB" not in content
        else:
            assert b"MAILB" not in content

    inspect = client.get(reverse("outbox:inspect", args=[mine.pk]))
    assert inspect.status_code == 200 and "MAILA" in inspect.content.decode()
    attachment = client.get(reverse("outbox_attachment", args=[mine.pk, 0]))
    assert attachment.status_code == 200 and attachment.content == b"MAILA"
    for other in (theirs, national):
        for url in (
            reverse("outbox:inspect", args=[other.pk]),
            reverse("outbox_attachment", args=[other.pk, 0]),
        ):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            assert b"MAILB" not in response.content and b"MAILNATIONAL" not in response.content
