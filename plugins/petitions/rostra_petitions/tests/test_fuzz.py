"""Property-based fuzzing of the public form and endpoints: whatever is posted,
no server error, every rejection says why in words, and no confirmation link but
the real one (reused, tampered with, fetched by a scanner) changes a count."""

import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostra_petitions.models import CountDelta, Signature
from rostra_petitions.tests.conftest import confirm_link, form_data, last_mail_to, sign, sign_url

pytestmark = pytest.mark.django_db

text = st.text(max_size=300)
FIELDS = [
    "first_name",
    "last_name",
    "email",
    "postcode",
    "country",
    "phone",
    "updates",
    "newsletter",
    "altcha",
]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def error_messages(html):
    """The texts of the error summary's items (what a signer reads)."""
    summary = re.search(r'class="petition-form__errors".*?</div>', html, re.S)
    assert summary, "a rejected form shows an error summary"
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


@FUZZ
@given(data=st.dictionaries(st.sampled_from(FIELDS), text, max_size=9), keep_pow=st.booleans())
def test_any_form_post(client, petition, data, keep_pow):
    payload = form_data() if keep_pow else {}
    payload.update(data)
    before = Signature.objects.count()
    response = client.post(sign_url(petition), payload, REMOTE_ADDR="192.0.2.77")
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        messages = error_messages(response.content.decode())
        # Each rejection names what is wrong in words (French, the default language),
        # not an empty list or a bare code.
        assert messages and all(re.search(r"[^\W\d_]{3}", m) for m in messages), messages
        assert Signature.objects.count() == before  # nothing stored from a rejected form
    else:
        assert Signature.objects.count() <= before + 1
    assert not CountDelta.objects.exists()  # signing alone never counts


def _tampered(token, how, extra):
    if how == "flip":
        position = len(extra) % len(token)
        swapped = "A" if token[position] != "A" else "B"
        return token[:position] + swapped + token[position + 1 :]
    if how == "truncate":
        return token[: len(extra) % len(token)] or "x"
    if how == "append":
        return token + (extra or "x")
    return extra or "x"  # "replace"


@FUZZ
@given(
    how=st.sampled_from(["flip", "truncate", "append", "replace"]),
    extra=st.text(
        alphabet=st.characters(
            min_codepoint=33, max_codepoint=0x2FFF, blacklist_characters="/?#%\\"
        ),
        max_size=40,
    ),
    other_id=st.integers(min_value=0, max_value=2**63 - 1),
    use_other_id=st.booleans(),
    emailed_before=st.booleans(),
)
def test_any_confirmation_link(
    client, petition, how, extra, other_id, use_other_id, emailed_before
):
    """A real pending signature; links built from its own with the token tampered
    with (or another id), to the confirmation endpoint or to the page's own
    route (links emailed before): GET or POST, the page answers, nothing is
    confirmed or counted."""
    email = "lien@example.org"
    if not Signature.objects.filter(email_canonical=email).exists():
        sign(client, petition, email=email)
    url, signature_id, token = confirm_link(last_mail_to(email))
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    if emailed_before:
        path = f"{petition.url}confirm/{signature_id}/{token}/"
    bad_token = _tampered(token, how, extra)
    bad_id = other_id if use_other_id and other_id != signature_id else signature_id
    bad = path.replace(f"/{signature_id}/{token}/", f"/{bad_id}/{bad_token}/")
    # Tokens are URL-safe base64; on the page's route any other character makes a
    # path Wagtail does not route (its themed "page not found"), before any code
    # of ours runs. The endpoint takes any token without a slash.
    routable = not emailed_before or re.fullmatch(r"[\w\-]+", bad_token)
    for method in (client.get, client.post, client.head):
        response = method(bad)
        assert response.status_code == (200 if routable else 404), (bad, response.status_code)
    assert Signature.objects.get(email_canonical=email).state == Signature.State.PENDING
    assert not CountDelta.objects.exists()


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(clicks=st.lists(st.sampled_from(["GET", "POST", "HEAD"]), min_size=1, max_size=8))
def test_the_real_link_counts_once_whatever_the_clicks(client, petition, clicks):
    """Scanners (GET, HEAD), double clicks and replays (POST): one count at most,
    and only if a POST came."""
    from django.core.cache import cache

    from rostra_petitions import counting

    cache.clear()  # each example is a new visitor: no rate limit carried over
    Signature.objects.all().delete()
    CountDelta.objects.all().delete()
    sign(client, petition, email="clics@example.org")
    url, _id, _token = confirm_link(last_mail_to("clics@example.org"))
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    confirmed = False
    for method in clicks:
        response = getattr(client, method.lower())(path)
        confirmed = confirmed or method == "POST"
        # The button until a POST came; the thank-you page from then on.
        assert response.status_code == (303 if confirmed else 200)
    posted = "POST" in clicks
    assert CountDelta.objects.count() == (1 if posted else 0)
    signature = Signature.objects.get()
    assert (signature.state == Signature.State.VALIDATED) is posted
    assert counting.public_count(petition) is not None


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=4))
def test_public_endpoints_with_any_query(client, petition, query):
    for suffix in ("count.json", "geography.json", "geography/", "embed/", "thanks/"):
        assert client.get(f"{petition.url}{suffix}", query).status_code == 200
    assert client.get("/_petitions/form-token/", query).status_code == 200
    assert client.get("/_petitions/embed.js", query).status_code == 200
