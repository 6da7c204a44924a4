"""A user who sees contact fields masked cannot read them by searching.

The oracle an attacker uses is "does the person come up?": for every place
that searches or filters people, and every masked field, asking with the true
value and with a wrong one of the same shape must give the same answer. The
places are found in the URLconf (every people list, export and chooser) and
every parameter the list understands is tried, as a search word and as a
filter, directly and through a saved segment."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from wagtail import hooks
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.views.generic.chooser import BaseChooseView

from rostra.people import api, masking
from rostra.people.filters import PersonFilterSet
from rostra.people.models import Person, SavedSegment

SECRET = {
    "email": "cachee.secrete@gmail.com",
    "phone": "+33123456789",
    "mobile_phone": "+33612345678",
    "address_line1": "12 rue Cachée",
}
SHOWN = {
    "email": "visible.publique@gmail.com",
    "phone": "+33198765432",
    "mobile_phone": "+33698765432",
    "address_line1": "7 rue Visible",
}


def forms_of(value):
    """(true form, wrong form of the same shape) pairs a searcher would try:
    the whole value, its beginning, and other ways of writing it."""
    if value.startswith("+33"):
        national = "0" + value[3:]
        spaced = " ".join([national[:2], *(national[i : i + 2] for i in range(2, 10, 2))])
        pairs = [(value, value[:-1] + "0"), (national, national[:-1] + "0")]
        pairs.append((spaced, spaced[:-1] + "0"))
        # Beginnings, as when guessing digit by digit.
        pairs += [(value[:n], value[: n - 1] + "0") for n in (5, 9)]
        pairs.append((national[:6], national[:5] + "0"))
        return pairs
    if "@" in value:
        local, domain = value.split("@")
        wrong = local[:-1] + "x"
        plain, plain_wrong = local.replace(".", ""), wrong.replace(".", "")  # Gmail ignores dots
        return [
            (value, f"{wrong}@{domain}"),
            (value.upper(), f"{wrong}@{domain}".upper()),
            (f"{local}+tag@{domain}", f"{wrong}+tag@{domain}"),  # and +tags
            (f"{plain}@{domain}", f"{plain_wrong}@{domain}"),
            (f"{plain}@", f"{plain_wrong}@"),
            (plain, plain_wrong),
            (plain[:4], plain[:3] + "x"),
        ]
    return [(value, value[:-1] + "x"), (value[:6], value[:5] + "x")]


@pytest.fixture
def people(db):
    hidden, _ = api.find_or_create(email=SECRET["email"], last_name="Zorglub", postcode="69003")
    visible, _ = api.find_or_create(email=SHOWN["email"], last_name="Ouvert", postcode="69003")
    for person, values in ((hidden, SECRET), (visible, SHOWN)):
        for name, value in values.items():
            setattr(person, name, value)
        person.save()
    for channel in ("email", "phone", "sms", "post"):
        api.record_consent(visible, purpose="newsletter", channel=channel, granted=True)
    return hidden, visible


@pytest.fixture
def team_member(db, django_user_model):
    """Staff who see contact fields masked (a candidate's team, in the network)."""
    user = django_user_model.objects.create_user("equipe", "equipe@example.org", "pw")
    group = Group.objects.create(name="Équipe")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_person", "export_person"])
    )
    user.groups.add(group)
    return user


@pytest.fixture
def masks(team_member):
    with hooks.register_temporarily(
        "people_masking_for_user", lambda user: user.pk == team_member.pk
    ):
        yield


def _lists_people(callback):
    """A Wagtail listing or chooser view of people."""
    view = getattr(callback, "view_class", None)
    if view is None or not issubclass(view, BaseListingView | BaseChooseView):
        return False
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model") or getattr(
        view, "model", None
    )
    return model is Person


def people_pages():
    """Paths of every admin page that lists people (the list, the chooser),
    from the URLconf, and the list's export. A view serving two URLs (a page
    and its results) is called at one of them."""
    found = {"export": reverse("people_export_list")}

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and _lists_people(pattern.callback):
                route = prefix + str(pattern.pattern)
                if "<" not in route:  # lists of everyone, not of one person's references
                    found.setdefault(pattern.callback.view_class, "/" + route)

    walk(get_resolver().url_patterns, "")
    return list(found.values())


def parameters():
    """Every query parameter the people list reads: the search word and its filters."""
    return ["q", *PersonFilterSet.base_filters]


def comes_up(client, path, params, last_name):
    response = client.get(path, {**params, "format": "csv"})
    assert response.status_code == 200, (path, params, response.status_code)
    return last_name in response.content.decode("utf-8-sig")


def test_the_walk_finds_every_people_search(masks):
    pages = people_pages()
    assert "/admin/people/person/" in pages and "/admin/people/export/" in pages
    assert any(page.startswith("/admin/snippets/choose/people/person/") for page in pages)


def test_no_masked_field_is_found_by_any_search_or_filter(client, people, team_member, masks):
    client.force_login(team_member)
    leaks = []
    for path in people_pages():
        # Choosers take a search word only; the list and its export every filter.
        names = ["q"] if "/choose/" in path else parameters()
        for name in names:
            for field, value in SECRET.items():
                # Every way of writing it as a search word; filters take it whole.
                pairs = forms_of(value) if name == "q" else forms_of(value)[:1]
                for true, wrong in pairs:
                    if comes_up(client, path, {name: true}, "Zorglub") != comes_up(
                        client, path, {name: wrong}, "Zorglub"
                    ):
                        leaks.append(f"{path}?{name}={true!r} tells the masked {field}")
    assert leaks == []


def test_a_saved_segment_searches_no_masked_field(client, people, team_member, masks):
    client.force_login(team_member)
    for field, value in SECRET.items():
        for true, wrong in forms_of(value)[:3]:
            answers = []
            for word in (true, wrong):
                segment = SavedSegment.objects.create(
                    name="x", query=f"q={word.replace('+', '%2B')}", created_by=team_member
                )
                answers.append(
                    comes_up(client, "/admin/people/export/", {"segment": segment.pk}, "Zorglub")
                )
            assert answers[0] == answers[1], f"a segment searching {true!r} tells the {field}"


def test_what_the_user_sees_is_still_found(client, people, team_member, masks):
    """The same searches find the consented person's details: the test above
    would see a leak (and the searches work for what is shown)."""
    client.force_login(team_member)
    for field in ("email", "phone", "mobile_phone"):
        for true, wrong in forms_of(SHOWN[field]):
            assert comes_up(client, "/admin/people/export/", {"q": true}, "Ouvert"), true
            assert not comes_up(client, "/admin/people/export/", {"q": wrong}, "Ouvert"), wrong
            assert comes_up(client, "/admin/people/person/", {"q": true}, "Ouvert"), true


def test_national_staff_search_every_field(client, people, admin_user, masks):
    client.force_login(admin_user)
    for field in ("email", "phone", "mobile_phone"):
        true, wrong = forms_of(SECRET[field])[0]
        assert comes_up(client, "/admin/people/person/", {"q": true}, "Zorglub")
        assert not comes_up(client, "/admin/people/person/", {"q": wrong}, "Zorglub")


def test_a_nameless_person_is_not_named_by_their_masked_address(client, people, team_member, masks):
    hidden, _visible = people
    hidden.last_name = ""
    hidden.save()
    client.force_login(team_member)
    for path in [*people_pages(), f"/admin/people/person/inspect/{hidden.pk}/"]:
        page = client.get(path).content.decode("utf-8-sig")
        assert SECRET["email"] not in page, path
    with translation.override("en"):
        assert str(hidden) == f"Person #{hidden.pk}"


def test_masked_emails_cannot_be_sorted_on(client, people, team_member, masks):
    client.force_login(team_member)
    listing = client.get("/admin/people/person/", {"ordering": "email"})
    assert [p.last_name for p in listing.context["object_list"]] == ["Ouvert", "Zorglub"]
    assert masking.applies(team_member)
