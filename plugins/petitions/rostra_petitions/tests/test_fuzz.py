"""Property-based fuzzing of the public form and endpoints: whatever is posted,
no server error, and every rejection says why in words."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostra_petitions.tests.conftest import form_data

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


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.dictionaries(st.sampled_from(FIELDS), text, max_size=9), keep_pow=st.booleans())
def test_any_form_post(client, petition, data, keep_pow):
    payload = form_data() if keep_pow else {}
    payload.update(data)
    response = client.post(petition.url, payload, REMOTE_ADDR="192.0.2.77")
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        html = response.content.decode()
        assert "petition-form__errors" in html


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sid=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    token=st.text(
        alphabet=st.characters(
            min_codepoint=33, max_codepoint=0x2FFF, blacklist_characters="/?#%\\"
        ),
        min_size=1,
        max_size=80,
    ),
)
def test_any_confirmation_link(client, petition, sid, token):
    for method in (client.get, client.post):
        response = method(f"{petition.url}confirm/{abs(sid)}/{token}/")
        assert response.status_code in (200, 404)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=4))
def test_public_endpoints_with_any_query(client, petition, query):
    for suffix in ("count.json", "geography.json", "geography/", "embed/", "thanks/"):
        assert client.get(f"{petition.url}{suffix}", query).status_code == 200
    assert client.get("/_petitions/form-token/", query).status_code == 200
    assert client.get("/_petitions/embed.js", query).status_code == 200
