"""No public address of the demo answers 500.

The demo is loaded once for the run (``loaded_demo``, as `make run` loads it,
rolled back at the end). Then every public pattern of the URLconf (read from
the resolver, tests/public_urls.py) is asked for on every site of the demo and
under an alias of the national site, in French and in English, with GET and
with POST (CSRF checks on; a POST carries the token of the form the GET
served), each parameter filled with plausible values (objects of the demo) and
bogus ones. So is every page of every site and language, with each of its
routes (a petition's thanks/ or count.json, a donation page's merci/<token>/).
"""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from tests.public_urls import Slot, Unfillable, bogus_values, public_urls

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LANGUAGES = ("fr", "en")
ALIAS = "127.0.0.1"  # another name of the national site (the README printed it once)
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The demo as `make run` serves it: the donations test mode on, aliases
    redirected to the sites' own host names."""
    with (
        override_settings(ROSTRA_REDIRECT_TO_CANONICAL_HOST=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        extras = _password_protected_things()
        yield extras
        transaction.set_rollback(True)


def _password_protected_things():
    """A document, a password-protected collection and page: the demo has none,
    and their views are public."""
    documents = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Walk: private")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="walk"
    )
    document = documents.objects.create(
        title="Programme", file=ContentFile(b"Programme", name="programme.txt"), collection=root
    )
    documents.objects.create(
        title="Private", file=ContentFile(b"Private", name="private.txt"), collection=private
    )
    national = Site.objects.get(is_default_site=True)
    page = Page.objects.child_of(national.root_page).live().exclude(slug="faire-un-don").first()
    page_restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="walk"
    )
    return {
        "document": document,
        "collection_restriction": restriction,
        "page": page,
        "page_restriction": page_restriction,
    }


# -- plausible values ---------------------------------------------------------


def _person():
    from rostra.people.models import Person

    return Person.objects.filter(erased_at__isnull=True).exclude(email="").order_by("pk").first()


def _unsubscribe_tokens(extras):
    from rostra.people import unsubscribe

    person = _person()
    return [{"token": unsubscribe.make_token(person.pk, p)} for p in ("", "newsletter")]


def _data_tokens(extras):
    from rostra.people import selfservice

    return [{"token": selfservice.make_token(_person())}]


def _checkout_sessions(extras):
    from rostra_donations.models import PaymentAttempt

    refs = PaymentAttempt.objects.exclude(session_ref="").values_list("session_ref", flat=True)
    return [{"session_id": ref} for ref in refs[:2]]


def _petitions(extras):
    from rostra_petitions.models import PetitionPage

    return [{"petition_id": pk} for pk in PetitionPage.objects.values_list("pk", flat=True)]


def _petition_json(extras):
    from rostra_petitions.models import PetitionPage

    petition = PetitionPage.objects.live().filter(locale__language_code="fr").first()
    path = petition.get_url_parts()[2].strip("/")
    return [{"0": f"{path}/count.json"}, {"0": f"{path}/geography.json"}]


def _rsvp_links(purpose):
    from rostra_organising.events import links
    from rostra_organising.events.models import Rsvp

    return [
        {"rsvp_id": pk, "token": links.token(pk, getattr(links, purpose))}
        for pk in Rsvp.objects.order_by("pk").values_list("pk", flat=True)[:2]
    ]


def _volunteer_links(extras):
    from rostra_organising.events import links
    from rostra_organising.volunteering.messages import OFFER
    from rostra_organising.volunteering.models import Volunteer

    return [
        {"volunteer_id": pk, "token": links.token(pk, OFFER)}
        for pk in Volunteer.objects.order_by("pk").values_list("pk", flat=True)[:2]
    ]


def _member_links(extras):
    from rostra_organising import links
    from rostra_organising.groups.models import Membership

    return [
        {"membership_id": pk, "token": links.token(pk, links.MEMBER)}
        for pk in Membership.objects.order_by("pk").values_list("pk", flat=True)[:2]
    ]


def _host_links(extras):
    from rostra_organising import links
    from rostra_organising.events.proposals import EventProposal

    return [
        {"proposal_id": pk, "token": links.token(pk, links.HOST)}
        for pk in EventProposal.objects.order_by("pk").values_list("pk", flat=True)[:2]
    ]


def _events(extras):
    from rostra_organising.events.models import EventPage

    return [{"event_id": pk} for pk in EventPage.objects.values_list("pk", flat=True)[:2]]


PLAUSIBLE = {
    "wagtaildocs_serve": lambda x: [{"0": x["document"].pk, "1": x["document"].filename}],
    "wagtaildocs_authenticate_with_password": lambda x: [
        {"restriction_id": x["collection_restriction"].pk}
    ],
    "people:unsubscribe": _unsubscribe_tokens,
    # A mailing's counted link: a forged token leads to the home page.
    "mailings_links:click": lambda x: [{"token": "x"}],
    # The SMS provider's webhook: unsigned calls are refused (403).
    "mailings_links:sms_inbound": lambda x: [{"provider": "local"}, {"provider": "messagebird"}],
    "people:my_data": _data_tokens,
    "donations:stripe_webhook": lambda x: [{"site_id": s.pk} for s in Site.objects.all()],
    "donations:test_checkout": _checkout_sessions,
    "petitions:sign": _petitions,
    "petitions:confirm": lambda x: _confirm_links(),
    "rostra.urls.page_json": _petition_json,
    "wagtailcore_authenticate_with_password": lambda x: [
        {"page_view_restriction_id": x["page_restriction"].pk, "page_id": x["page"].pk}
    ],
    "wagtail_serve": lambda x: [{"0": ""}, {"0": "actualites/"}],
    "organising:rsvp": lambda x: _rsvp_links("MANAGE"),
    "organising:scan": lambda x: _rsvp_links("CHECKIN"),
    "organising:door": _events,
    "organising:volunteer": _volunteer_links,
    "organising:member": _member_links,
    "organising:host": _host_links,
    # The API (plugin api): walked without a key (401), never a 500.
    "api_person": lambda x: [{"pk": _person().pk}],
    "api_resource_list": lambda x: [{"name": "petitions"}, {"name": "donations"}],
    "api_resource_item": lambda x: [{"name": "petitions", "pk": _petitions(x)[0]["petition_id"]}],
    # The demo's walk lists (a canvasser's page: an anonymous visitor is sent to log in).
    "targeting:walk": lambda x: [{"pk": pk} for pk in _walk_list_ids()],
}


def _walk_list_ids():
    from rostra_targeting.models import WalkList

    return list(WalkList.objects.values_list("pk", flat=True)[:2]) or [1]


def _donations(page):
    from rostra_donations.models import Donation

    return Donation.objects.filter(page=page).order_by("pk")


def _donor_tokens(page):
    from rostra_donations.views.public import donor_token

    site = page.get_site()
    return [{"token": donor_token(d.person, site)} for d in _donations(page) if d.person][:1]


def _acknowledgements(page):
    from rostra_donations.models import Acknowledgement
    from rostra_donations.views.public import donor_token

    site = page.get_site()
    acks = Acknowledgement.objects.filter(donation__page=page).select_related("donation__person")
    return [
        {"token": donor_token(a.donation.person, site), "reference": a.reference} for a in acks[:1]
    ]


def _signatures(page):
    return [
        {"signature_id": s.pk, "token": s.token}
        for s in page.signatures.exclude(token="").order_by("pk")[:2]
    ]


def _join_requests(page):
    """A pending sign-up of the page (the demo holds none: its link is what is walked)."""
    from rostra.pages.models import JoinRequest

    join, _created = JoinRequest.objects.get_or_create(
        page=page,
        token="walked-link-token",
        defaults={
            "email": "walk@example.org",
            "first_name": "Walk",
            "last_name": "Er",
            "postcode": "75011",
            "language": "fr",
            "consent_wording": page.wording(),
        },
    )
    return [{"request_id": join.pk, "token": join.token}]


# (page model, route name): values for the route's parameters on that page.
def _confirm_links():
    from rostra_petitions.models import Signature

    signatures = Signature.objects.exclude(token="").order_by("pk")[:2]
    return [
        {"petition_id": s.petition_id, "signature_id": s.pk, "token": s.token} for s in signatures
    ]


PLAUSIBLE_ROUTES = {
    ("DonationPage", "thanks"): lambda page: [{"token": d.token} for d in _donations(page)[:2]],
    ("DonationPage", "cancel"): lambda page: [{"token": d.token} for d in _donations(page)[:1]],
    ("DonationPage", "donor_page"): _donor_tokens,
    ("DonationPage", "donor_pdf"): _acknowledgements,
    ("PetitionPage", "confirm"): _signatures,
    ("JoinPage", "confirm"): _join_requests,
}


def fillings(slots, plausible):
    """Parameter values to try: each plausible set, then each bogus value of
    each parameter (the others kept plausible when there is a plausible set)."""
    if not slots:
        return [{}]
    tried = list(plausible)
    base = plausible[0] if plausible else None
    for slot in slots:
        for value in bogus_values(slot):
            if base is not None:
                tried.append({**base, slot.name: value})
            else:
                tried.append(
                    {s.name: (bogus_values(s) or ["0"])[0] for s in slots} | {slot.name: value}
                )
    return tried


# -- asking -------------------------------------------------------------------


class Walk:
    def __init__(self):
        self.client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        self.failures = []
        self.count = 0

    def ask(self, host, path, language):
        """GET, then POST with the token of the form the GET served, if any."""
        hostname, _, port = host.partition(":")
        extra = {
            "HTTP_HOST": host,
            "SERVER_PORT": port or "80",
            "HTTP_ACCEPT_LANGUAGE": language,
        }
        quoted = quote(path, safe="/%")
        got = self._request("GET", host, quoted, extra)
        token = _CSRF.search(got.content) if not got.streaming else None
        data = {"csrfmiddlewaretoken": token.group(1).decode()} if token else {}
        self._request("POST", host, quoted, extra, data)
        return got

    def _request(self, method, host, path, extra, data=None):
        self.count += 1
        if method == "GET":
            response = self.client.get(path, **extra)
        else:
            response = self.client.post(path, data or {}, **extra)
        if response.status_code >= 500:
            error = response.exc_info[1] if getattr(response, "exc_info", None) else ""
            self.failures.append(f"{method} http://{host}{path} → {response.status_code} {error!r}")
        return response

    def check(self):
        assert not self.failures, (
            f"{len(self.failures)} of {self.count} requests answered 500:\n"
            + "\n".join(self.failures)
        )


def hosts():
    names = [f"{site.hostname}:{site.port}" for site in Site.objects.order_by("pk")]
    national = Site.objects.get(is_default_site=True)
    return [*names, f"{ALIAS}:{national.port}"]


URLS = public_urls()


def test_the_demos_sites_are_where_the_readme_sends_the_reader(demo):
    """http://localhost:8000/ (README.md, scripts/run-demo) is the national
    site's own address; the candidates' are beside it, on the same port."""
    national = Site.objects.get(is_default_site=True)
    assert national.root_url == "http://localhost:8000"
    others = set(Site.objects.filter(is_default_site=False).values_list("hostname", "port"))
    assert others == {(f"{slug}.localhost", 8000) for slug in ("lyon", "marseille", "lille")}


def test_the_walk_sees_the_views_of_the_core_and_of_every_plugin():
    keys = {url.key for url in URLS}
    assert {
        "people:unsubscribe",
        "people:my_data",
        "donations:test_checkout",
        "petitions:sign",
    } <= keys
    assert "wagtail_serve" in keys
    assert not [url for url in URLS if url.route().startswith("^admin")]


@pytest.mark.parametrize("url", URLS, ids=[url.key for url in URLS])
def test_no_public_url_answers_500(demo, url):
    if url.slots and url.key not in PLAUSIBLE:
        raise Unfillable(f"{url.key} ({url.route()}): add its plausible values to PLAUSIBLE")
    plausible = PLAUSIBLE[url.key](demo) if url.slots else []
    walk = Walk()
    for values in fillings(url.slots, plausible):
        for language in LANGUAGES:
            with translation.override(language):
                prefix = "en/" if url.i18n and language == "en" else ""
                path = url.path(values, prefix)
                if values in plausible:
                    assert view_key(resolve(path)) == url.key, path  # the filler's paths are real
            paths = [path]
            if language == "en" and not url.i18n:
                paths.append("/en" + path)  # a visitor who put the English prefix before it
            for host in hosts():
                for each in paths:
                    walk.ask(host, each, language)
    walk.check()


def view_key(match):
    return match.view_name or f"{match.func.__module__}.{match.func.__qualname__}"


def test_no_page_or_page_route_answers_500(demo):
    from rostra.pages.models import JoinPage

    walk = Walk()
    pages = 0
    sign_up_pages = set()  # the sites whose sign-up page (and its confirm link) was walked
    for site in Site.objects.order_by("pk"):
        for home in site.root_page.get_translations(inclusive=True):
            language = home.locale.language_code
            for page in Page.objects.descendant_of(home, inclusive=True).specific():
                parts = page.get_url_parts()
                if parts is None:
                    continue
                root = urlsplit(parts[1])
                host, base = root.netloc, parts[2]
                pages += 1
                walk.ask(host, base, language)
                if isinstance(page, RoutablePageMixin):
                    for path in route_paths(page, base):
                        walk.ask(host, path, language)
                if isinstance(page, JoinPage):
                    sign_up_pages.add(site.pk)
    assert pages > 30  # every site's pages, in both languages
    # The national site and each candidate site carry one.
    assert sign_up_pages == set(Site.objects.values_list("pk", flat=True))
    walk.check()


def route_paths(page, base):
    """The page's routes with plausible and bogus values; a JSON route also in
    its public form (count.json, without the slash Wagtail's routes end with)."""
    from django.urls.resolvers import RoutePattern

    paths = []
    for pattern in page.get_subpage_urls():
        route = pattern.pattern
        source = route.regex.pattern if isinstance(route, RoutePattern) else route._regex
        slots = [
            Slot(name, inner)
            for name, inner in re.findall(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", source)
        ]
        key = (type(page).__name__, pattern.name)
        if slots and key not in PLAUSIBLE_ROUTES:
            raise Unfillable(f"{key}: add the route's plausible values to PLAUSIBLE_ROUTES")
        plausible = PLAUSIBLE_ROUTES[key](page) if slots else []
        for values in fillings(slots, plausible):
            tail = page.reverse_subpage(pattern.name, kwargs=values or None).lstrip("/")
            paths.append(base + tail)
            if tail.endswith(".json/"):
                paths.append(base + tail[:-1])
    return list(dict.fromkeys(paths))
