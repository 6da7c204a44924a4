"""Hypothesis throws arbitrary JSON at the write endpoints: the answer is a
clear 2xx or 4xx, never a 500, and a refusal stores nothing."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rostra.people.models import Consent, Person

from rostra_api.tests.conftest import ApiClient, key_for

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
emails = st.one_of(st.emails(), st.text(max_size=40))
people = st.fixed_dictionaries(
    {},
    optional={
        "given_name": values | st.text(max_size=200),
        "family_name": values,
        "email_addresses": st.lists(st.fixed_dictionaries({"address": emails}), max_size=2)
        | values,
        "postal_addresses": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "postal_code": st.sampled_from(["69001", "75011", "00000", "", "abc"]) | values,
                    "country": st.sampled_from(["FR", "BE", "fr", "XX", "FRA"]) | values,
                    "locality": values,
                },
            ),
            max_size=2,
        ),
        "phone_numbers": st.lists(
            st.fixed_dictionaries({"number": st.text(max_size=20)}), max_size=2
        ),
        "languages_spoken": st.lists(st.sampled_from(["fr", "en", "de"]), max_size=2) | values,
    },
)
consents = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "purpose": st.sampled_from(["newsletter", "petition_updates", "nope"]) | values,
            "channel": st.sampled_from(["email", "sms", "fax"]) | values,
            "wording": st.text(max_size=50) | values,
        },
    ),
    max_size=3,
)
bodies = st.one_of(
    values,
    st.fixed_dictionaries(
        {"person": people},
        optional={
            "add_tags": st.lists(st.text(max_size=110), max_size=3) | values,
            "rostra:consents": consents,
        },
    ),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies)
def test_the_signup_helper_never_fails_and_refuses_whole(national_site, admin_user, body):
    key, token = key_for(national_site, admin_user)
    before = (Person.objects.count(), Consent.objects.count())
    response = ApiClient(token).post(
        "/api/osdi/v1/people", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (200, 201, 400), response.content
    assert response.json()
    if response.status_code == 400:
        assert response.json()["error"]
        assert (Person.objects.count(), Consent.objects.count()) == before
    key.delete()
