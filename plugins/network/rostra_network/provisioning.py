"""Provisioning a candidate site in one step, all or nothing.

    candidate = provisioning.provision(provisioning.Order(
        name="Lyon", slug="lyon", hostname="lyon.example.org",
        email="lyon@example.org", constituency="69-01"))

Site, page tree, collection, team group, permissions, login and record are
made in one transaction: any failure leaves nothing behind. The invitation
(a link to set a password) is sent only once it is all committed.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from rostra import signals
from rostra.mail import sending
from rostra.people import territories
from rostra.sitesettings.models import NavigationSettings
from rostra.worker.queueing import with_commit
from wagtail.models import Collection, Page, Site

from rostra_network import access, branding, pagetree
from rostra_network.models import Blueprint, CandidateProfile, CandidateSite
from rostra_network.territory import party_port, validate_hostname, validate_territory


class ProvisioningError(Exception):
    """Why a candidate site could not be created, in the user's language."""


@dataclass
class Order:
    name: str
    slug: str
    hostname: str
    email: str
    # None: the national site's port (the same server answers for every site).
    port: int | None = None
    constituency: str = ""
    communes: list = field(default_factory=list)
    departements: list = field(default_factory=list)


def check(order):
    """Every reason the order cannot be provisioned (empty list: it can)."""
    problems = []
    if not order.name.strip():
        problems.append(_("Give the candidate's name."))
    if not order.slug:
        problems.append(_("Give a slug (letters, digits and hyphens)."))
    elif _slug_taken(order.slug):
        problems.append(_("The slug “%(slug)s” is already taken.") % {"slug": order.slug})
    try:
        validate_hostname(order.hostname)
    except ValidationError as error:
        problems.extend(error.messages)
    else:
        if Site.objects.filter(hostname=order.hostname, port=port_of(order)).exists():
            problems.append(_("A site already answers at %(host)s.") % {"host": order.hostname})
    try:
        validate_email(order.email)
    except ValidationError:
        problems.append(_("“%(email)s” is not an email address.") % {"email": order.email})
    try:
        validate_territory(order.constituency, order.communes, order.departements)
    except ValidationError as error:
        problems.extend(error.messages)
    return problems


def port_of(order):
    return order.port if order.port is not None else party_port()


def _slug_taken(slug):
    # Candidate homes sit beside the national home, so their slugs must differ too.
    return (
        CandidateSite.objects.filter(slug=slug).exists()
        or Page.objects.filter(depth=2, slug=slug).exists()
    )


def provision(order, *, blueprint=None, invite=True):
    problems = check(order)
    if problems:
        raise ProvisioningError(" ".join(problems))
    blueprint = blueprint or Blueprint.load()
    with transaction.atomic():
        candidate = _build(order, blueprint)
        signals.candidate_site_created.send(
            sender=CandidateSite, site=candidate.site, candidate=candidate
        )
        if invite:
            # Queued with the new site: a batch run again skips the site, so an
            # invitation lost after the commit would never be sent.
            with_commit(lambda: send_invitation(candidate))
    return candidate


def _build(order, blueprint):
    home = pagetree.build_home(order.name, order.slug, blueprint)
    site = Site.objects.create(
        hostname=order.hostname, port=port_of(order), root_page=home, site_name=order.name
    )
    pages, _legal = pagetree.build_children(home, site, blueprint, order)
    branding.apply_to_site(site, blueprint)
    navigation = NavigationSettings.objects.get(site=site)
    navigation.main_menu = [
        {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}} for page in pages
    ]
    # The footer links the site's legal notice page by itself (footer_links.html):
    # the blueprint's footer menu is all the menu holds (a link added here was
    # shown twice, and dropped by the next blueprint change anyway).
    navigation.save()
    collection = Collection.get_first_root_node().add_child(name=f"{order.name} ({order.slug})")
    group = access.create_team(order.name, order.slug, home, collection, site)
    user = _candidate_login(order)
    user.groups.add(group)
    CandidateProfile.objects.create(site=site, display_name=order.name, contact_email=order.email)
    place = territories_of(order)
    return CandidateSite.objects.create(
        site=site,
        name=order.name,
        slug=order.slug,
        email=order.email,
        user=user,
        group=group,
        collection=collection,
        constituency=order.constituency,
        communes=list(order.communes),
        departements=list(order.departements),
        region_code=place[0],
        departement_code=place[1],
    )


def territories_of(order):
    """(région, département) of the territory, from its first commune, the
    communes the party placed in the constituency, or its first département."""
    from rostra.people.models import ConstituencyArea

    codes = list(order.communes)
    if not codes and order.constituency:
        codes = list(
            ConstituencyArea.objects.filter(constituency__code=order.constituency).values_list(
                "commune_code", flat=True
            )[:1]
        )
    for code in codes:
        place = territories.place_of(code)
        if place is not None:
            return place.region_code, place.departement_code
    for code in order.departements:
        region = territories.region_of_departement(code)
        if region:
            return region, code
    return "", ""


def _candidate_login(order):
    """The candidate's login: an existing account of that address, or a new one
    without a usable password (the invitation sets it)."""
    users = get_user_model()
    user = users.objects.filter(email__iexact=order.email).first()
    if user is not None:
        if user.is_superuser:
            raise ProvisioningError(
                _("%(email)s belongs to a national administrator.") % {"email": order.email}
            )
        return user
    username = order.email.lower()[:150]
    if users.objects.filter(username=username).exists():
        raise ProvisioningError(_("The login %(name)s already exists.") % {"name": username})
    user = users(username=username, email=order.email, first_name=order.name[:150])
    user.set_unusable_password()
    user.save()
    return user


def invitation_path(user):
    return reverse(
        "wagtailadmin_password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )


def send_invitation(candidate):
    if candidate.user is None:
        return
    # From the party, named by its own site (not the platform's "Rostra").
    sending.send(
        "network_invitation",
        to=candidate.email,
        site=Site.objects.filter(is_default_site=True).first(),
        context={
            "path": invitation_path(candidate.user),
            "candidate": candidate.name,
            "site_url": candidate.site.root_url,
            "username": candidate.user.get_username(),
        },
    )
