"""Candidate A, logged in, walks every admin URL (filled with candidate B's
ids) and every export: nothing of B shows, and nothing of B changes."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from rostra.demo import picture
from rostra.people import api
from rostra.people.models import Constituency, ImportJob, SavedSegment
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Locale,
    Page,
    Task,
    UploadedFile,
    Workflow,
)

from rostra_network.models import CandidateProfile, ProvisioningBatch, Syndication
from rostra_network.tests import walk
from rostra_network.tests.conftest import reads_english

# Markers in B's objects; the walk's queries use lower-case words, so a search
# box repeating the query is not mistaken for a leak.
MARKERS = ("Bruno Petit", "SECRETB", "Secretb")


@pytest.fixture
def world(candidate_a, candidate_b, admin_user, settings):
    """B's objects, one of each kind, each carrying a marker."""
    from django.contrib.contenttypes.models import ContentType
    from rostra_donations.models import Donation, DonationStatus
    from rostra_petitions.models import AbuseRule, Signature
    from wagtail.contrib.redirects.models import Redirect

    b = candidate_b
    home_b = b.site.root_page.specific
    page = home_b.get_children().first().specific
    page.title = "Bruno Petit SECRETB page"
    revision = page.save_revision(user=b.user)
    revision.publish(user=b.user)
    image = get_image_model().objects.create(
        title="SECRETB image",
        file=ContentFile(picture(40, 30, ["#000000"]), name="secretb.png"),
        collection=b.collection,
        uploaded_by_user=b.user,
    )
    document = get_document_model().objects.create(
        title="SECRETB document",
        file=ContentFile(b"SECRETB", name="secretb.txt"),
        collection=b.collection,
        uploaded_by_user=b.user,
    )
    log(image, "wagtail.edit", user=b.user)
    uploaded_file = UploadedFile.objects.create(
        file=ContentFile(b"x", name="secretb-upload.png"),
        uploaded_by_user=b.user,
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
    )
    profile = CandidateProfile.objects.get(site=b.site)
    profile.short_bio = "SECRETB bio"
    profile.save()
    person, _ = api.find_or_create(
        email="secretb.supporter@example.org",
        site=b.site,
        first_name="Secretb",
        last_name="Supporter",
        postcode="59000",
        commune="Lille",
    )
    log(person, "people.view", user=b.user)
    petition = next(
        p.specific for p in home_b.get_children() if p.specific_class.__name__ == "PetitionPage"
    )
    signature = Signature.objects.create(
        petition=petition,
        person=person,
        first_name="Secretb",
        last_name="Signer",
        email="secretb.signer@example.org",
        postcode="59000",
        state=Signature.State.VALIDATED,
    )
    petition.title = "Bruno Petit SECRETB petition"
    petition.save_revision(user=b.user).publish(user=b.user)
    donation_page = next(
        p.specific for p in home_b.get_children() if p.specific_class.__name__ == "DonationPage"
    )
    donation = Donation.objects.create(
        site=b.site,
        page=donation_page,
        person=person,
        amount=5000,
        first_name="Secretb",
        last_name="Donor",
        address_line1="1 rue SECRETB",
        postcode="59000",
        town="Lille",
        email="secretb.donor@example.org",
        donor_key="secretb",
        status=DonationStatus.PAID,
        paid_at=timezone.now(),
    )
    segment = SavedSegment.objects.create(name="SECRETB segment", query="q=x", created_by=b.user)
    redirect = Redirect.objects.create(
        old_path="/secretb", site=b.site, redirect_link="https://example.org/secretb"
    )
    batch = ProvisioningBatch.objects.create(
        filename="secretb.csv", content="SECRETB", created_by=admin_user
    )
    import_job = ImportJob.objects.create(filename="secretb.csv", created_by=admin_user)
    push = Syndication.objects.create(page=petition, region_code="32")
    from rostra_petitions.models import PaperBatch

    paper_batch = PaperBatch.objects.create(
        petition=petition, file_name="SECRETB-paper.csv", imported_by=b.user
    )
    # An email sent for B's site, kept in the outbox (in use, as in the demo): a
    # candidate's team reads its own site's outbox, never B's.
    settings.MAILERS = {"default": {"BACKEND": "rostra.mail.backends.OutboxBackend"}}
    from rostra.mail.models import OutboxMessage
    from rostra.mail.sending import render_message

    email = render_message(
        "people_data_link",
        to="secretb.supporter@example.org",
        context={"path": "/mes-donnees/secretb/", "days": 7},
        language="en",
        site=b.site,
    )
    email.subject = "SECRETB email"
    email.attach("SECRETB.txt", b"SECRETB", "text/plain")
    email.send()
    outbox = OutboxMessage.objects.get(subject="SECRETB email", site=b.site)
    # Other plugins' models by label: the network package names no other plugin.
    mailing = apps.get_model("mailings", "Mailing").objects.create(
        site=b.site,
        subject="SECRETB mailing",
        body=[("text", "Bruno Petit SECRETB newsletter")],
        created_by=b.user,
    )
    automation = apps.get_model("mailings", "Automation").objects.create(
        site=b.site, name="SECRETB welcome", trigger="joined", created_by=b.user
    )
    apps.get_model("mailings", "AutomationStep").objects.create(
        automation=automation, subject="SECRETB welcome", body=[("text", "Bruno Petit")]
    )
    # B's SMS broadcast, sent: its text kept in the test provider's outbox.
    sms = apps.get_model("mailings", "SmsBroadcast").objects.create(
        site=b.site, name="SECRETB texts", text="Bruno Petit SECRETB STOP", created_by=b.user
    )
    sms_message = apps.get_model("mailings", "SmsMessage").objects.create(
        site=b.site,
        to="+33612345678",
        sender="SECRETB",
        text="SECRETB text",
        parts=1,
        encoding="gsm",
        reference="secretb",
    )
    # B's API key and webhook subscription (plugin api): their screens and
    # delivery log are B's alone.
    api_key = apps.get_model("api", "ApiKey").objects.create(
        site=b.site, name="SECRETB tool", user=b.user, prefix="secretb", secret_hash="0" * 64
    )
    webhook = apps.get_model("api", "WebhookSubscription").objects.create(
        site=b.site,
        url="https://secretb.example.org/hook",
        events=["person.created"],
        secret="whsec_U0VDUkVUQlNFQ1JFVEJTRUNSRVRCU0VDUkVUQg==",
    )
    # B's volunteer (plugin organising): the volunteers list is narrowed to A's territory.
    volunteer = apps.get_model("organising", "Volunteer").objects.create(
        person=person,
        site=b.site,
        first_name="Secretb",
        last_name="Volunteer",
        email="secretb.volunteer@example.org",
        postcode="59000",
        commune_code="59350",
        departement_code="59",
        tasks=",assessor,",
    )
    shift = apps.get_model("organising", "Shift").objects.create(
        site=b.site,
        title="Bruno Petit SECRETB shift",
        task="doors",
        starts_at=timezone.now() + timezone.timedelta(days=2),
        ends_at=timezone.now() + timezone.timedelta(days=2, hours=2),
        capacity=4,
    )
    apps.get_model("organising", "UploadedPollingStation").objects.create(
        code="59350_0001", commune_code="59350", number="0001", name="SECRETB bureau"
    )
    recruit = apps.get_model("organising", "Recruit").objects.create(
        site=b.site,
        station_code="59350_0001",
        commune_code="59350",
        role="assessor",
        position="titulaire",
        person=person,
        last_name="Secretb",
        first_name="Assessor",
    )
    # B's local group and a member of it (plugin organising, by label).
    local_group = home_b.add_child(
        instance=apps.get_model("organising", "GroupPage")(
            title="Bruno Petit SECRETB group", slug="groupe-secretb", organiser_names="SECRETB"
        )
    )
    local_group.organisers.add(b.user)
    local_group.save_revision(user=b.user).publish(user=b.user)
    apps.get_model("organising", "Membership").objects.create(
        group=local_group,
        person=person,
        first_name="Secretb",
        last_name="Member",
        email="secretb.member@example.org",
        consent_granted=True,
        consent_recorded_at=timezone.now(),
    )
    listing_b = home_b.add_child(
        instance=apps.get_model("organising", "EventIndexPage")(title="Agenda", slug="agenda-b")
    )
    listing_b.save_revision(user=b.user).publish(user=b.user)
    proposal = apps.get_model("organising", "EventProposal").objects.create(
        listing=listing_b,
        person=person,
        first_name="Secretb",
        last_name="Host",
        email="secretb.host@example.org",
        postcode="59000",
        title="Bruno Petit SECRETB proposed event",
        intro="SECRETB",
        starts_at=timezone.now() + timezone.timedelta(days=3),
        ends_at=timezone.now() + timezone.timedelta(days=3, hours=2),
        online=True,
        online_url="https://secretb.example.org/visio",
    )
    workflow = Workflow.objects.first()
    settings_rows = []
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry

    for model in registry:
        if issubclass(model, BaseSiteSetting):
            settings_rows.append((model._meta.app_label, model._meta.model_name, b.site.pk))
        else:
            settings_rows.append((model._meta.app_label, model._meta.model_name, model.load().pk))
    # Candidate A's team with every right a team may get: the walk is then the
    # strongest test (treasurer, exports).
    a_group = candidate_a.group
    a_group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["donations", "people"],
            codename__in=["treasurer", "export_person"],
        )
    )
    reads_english(candidate_a.user)
    return SimpleNamespace(
        a=candidate_a,
        b=b,
        home_a=candidate_a.site.root_page,
        home_b=home_b,
        page=page,
        revision=revision,
        image=image,
        document=document,
        uploaded_file=uploaded_file,
        collection=b.collection,
        person=person,
        signature=signature,
        volunteer=volunteer,
        shift=shift,
        recruit=recruit,
        outbox=outbox,
        petition=petition,
        donation=donation,
        mailing=mailing,
        automation=automation,
        sms=sms,
        sms_message=sms_message,
        api_key=api_key,
        webhook=webhook,
        segment=segment,
        redirect=redirect,
        batch=batch,
        import_job=import_job,
        push=push,
        paper_batch=paper_batch,
        constituency=Constituency.objects.create(code="59-01", name="Nord 1re"),
        local_group=local_group,
        proposal=proposal,
        rule=AbuseRule.objects.create(kind=AbuseRule.Kind.choices[0][0], value="secretb.example"),
        site=b.site,
        user=b.user,
        group=b.group,
        locale=Locale.get_default(),
        workflow_id=workflow.pk if workflow else 1,
        task_id=(Task.objects.first().pk if Task.objects.exists() else 1),
        task_state_id=1,
        workflow_state_id=1,
        editing_session_id=1,
        settings=settings_rows,
    )


def fingerprint(w):
    """What B owns, as a value: equal before and after the walk, or B was changed."""
    from rostra_donations.models import Donation
    from rostra_petitions.models import Signature

    Mailing = apps.get_model("mailings", "Mailing")  # noqa: N806

    w.b.user.refresh_from_db()
    return (
        sorted(
            Page.objects.descendant_of(w.home_b, inclusive=True).values_list(
                "pk", "title", "slug", "live", "path", "url_path", "locked", "latest_revision_id"
            )
        ),
        list(get_image_model().objects.filter(pk=w.image.pk).values_list("title", "collection")),
        list(get_document_model().objects.filter(pk=w.document.pk).values_list("title")),
        list(CandidateProfile.objects.filter(site=w.b.site).values_list("short_bio")),
        list(Signature.objects.filter(pk=w.signature.pk).values_list("state", "first_name")),
        list(Donation.objects.filter(pk=w.donation.pk).values_list("status", "amount")),
        list(Mailing.objects.filter(pk=w.mailing.pk).values_list("status", "subject", "site")),
        list(
            apps.get_model("organising", "Shift")
            .objects.filter(pk=w.shift.pk)
            .values_list("title", "capacity", "site")
        ),
        list(
            apps.get_model("organising", "Recruit")
            .objects.filter(pk=w.recruit.pk)
            .values_list("last_name", "station_code", "site")
        ),
        list(apps.get_model("organising", "OrganiserMessage").objects.values_list("pk")),
        list(apps.get_model("organising", "EventProposal").objects.values_list("status", "event")),
        list(apps.get_model("organising", "Membership").objects.values_list("pk", "left_at")),
        list(
            apps.get_model("mailings", "Automation")
            .objects.filter(pk=w.automation.pk)
            .values_list("name", "active", "site")
        ),
        list(
            apps.get_model("mailings", "SmsBroadcast")
            .objects.filter(pk=w.sms.pk)
            .values_list("status", "text", "site")
        ),
        list(type(w.person).objects.filter(pk=w.person.pk).values_list("email", "erased_at")),
        sorted(w.b.group.permissions.values_list("pk", flat=True)),
        (w.b.user.password, w.b.user.is_active, w.b.user.is_superuser),
        sorted(w.a.user.groups.values_list("pk", flat=True)),
        w.a.user.is_superuser,
        list(type(w.site).objects.filter(pk=w.site.pk).values_list("hostname", "root_page")),
    )


def text_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # XLSX: read the cells' text
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def leaks(response):
    text = text_of(response)
    return [marker for marker in MARKERS if marker in text]


# ?export= asks Wagtail's listings (ledger, candidate sites, imports…) for their files.
QUERIES = (
    "",
    "?q=secretb",
    "?q=bruno",
    "?format=csv",
    "?format=xlsx",
    "?export=csv",
    "?export=xlsx",
    "?export=cnccfp",
)


def test_candidate_a_finds_nothing_of_b_anywhere_in_the_admin(world, client):
    patterns = walk.admin_patterns()
    unfillable = []
    calls = []
    for route, name in patterns:
        if name in walk.ALLOWED_UNFILLED:
            continue
        try:
            for values in walk.fill(route, name, world):
                names_b = any(isinstance(value, int) for value in values.values())
                calls.append((name, walk.build(route, values), names_b))
        except walk.Unfillable as error:
            unfillable.append(str(error))
    assert unfillable == [], "admin URLs the walk cannot fill: add them to walk.py"
    assert len(calls) > 250
    # A's own screens too: their filters and menus must not name B either.
    home_a = world.home_a.pk
    for own in (
        f"/admin/pages/{home_a}/",
        f"/admin/pages/{home_a}/results/",
        f"/admin/pages/{home_a}/edit/",
        f"/admin/pages/{home_a}/history/",
        "/admin/pages/search/",
        "/admin/",
    ):
        calls.append(("own", own, False))

    before = fingerprint(world)
    client.force_login(world.a.user)
    client.raise_request_exception = False
    problems = []
    for name, path, names_b in calls:
        for query in QUERIES if not names_b else ("",):
            response = client.get(path + query)
            found = leaks(response)
            if found:
                text = text_of(response)
                where = text.find(found[0])
                problems.append(
                    f"GET {path}{query} ({name}) shows {found}: "
                    + " ".join(text[where - 300 : where + 60].split())
                )
            if response.status_code >= 500:
                problems.append(f"GET {path}{query} ({name}) fails: {response.status_code}")
            if (
                names_b
                and response.status_code == 200
                and not response.get("Content-Type", "").startswith(
                    ("text/html", "application/json")
                )
            ):
                problems.append(f"GET {path} ({name}) serves a file of B")
        for data in ({}, {"title": "hacked", "slug": "hacked", "action-publish": "1"}):
            response = client.post(path, data)
            found = leaks(response)
            if found:
                problems.append(f"POST {path} ({name}) shows {found}")
    assert problems == [], "\n".join(problems)
    assert fingerprint(world) == before
