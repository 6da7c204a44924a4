"""Signed is not well formed: whoever holds a site's webhook secret can sign any
JSON. Whatever they sign, the answer is a clear 400 (nothing stored) or a 200
with the event stored once; never a server error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostra_donations.models import WebhookEvent
from rostra_donations.providers import stripe_events
from rostra_donations.tests.conftest import post_event, session_of, start_gift

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=300)  # with NUL bytes and lone surrogates' neighbours
    | st.sampled_from(["", "pi_test_x", "cs_test_x", "sub_test_x", "eur", "paid", "complete"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = [
    "id",
    "object",
    "status",
    "mode",
    "payment_status",
    "payment_intent",
    "subscription",
    "customer",
    "charge",
    "amount",
    "amount_total",
    "amount_paid",
    "currency",
    "billing_reason",
    "parent",
    "payments",
    "status_transitions",
    "refunds",
    "metadata",
    "reason",
]
objects = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=10)
TYPES = st.sampled_from([*stripe_events.HANDLED, "customer.updated"]) | json_values


def outcome_of(response):
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        body = response.content.decode()
        assert body.startswith("malformed event: "), body
    return response.status_code


@FUZZ
@given(
    event_id=st.one_of(st.from_regex(r"evt_[a-z0-9]{1,30}", fullmatch=True), json_values),
    kind=TYPES,
    data=st.one_of(json_values, st.fixed_dictionaries({"object": objects | json_values})),
)
def test_any_signed_event(client, national_site, payment_settings, event_id, kind, data):
    before = WebhookEvent.objects.count()
    event = {"id": event_id, "type": kind, "data": data}
    if outcome_of(post_event(client, national_site, event)) == 400:
        assert WebhookEvent.objects.count() == before  # a malformed event is stored nowhere


@FUZZ
@given(body=st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.hex())))
def test_any_signed_body(client, national_site, payment_settings, body):
    outcome_of(post_event(client, national_site, None, body=body))


def test_deeply_nested_body_is_malformed_not_an_error(client, national_site, payment_settings):
    body = "[" * 100_000 + "]" * 100_000
    response = post_event(client, national_site, None, body=body)
    assert response.status_code == 400


def test_a_type_that_is_a_list_is_malformed(client, national_site, payment_settings):
    response = post_event(client, national_site, {"id": "evt_1", "type": ["x"], "data": {}})
    assert response.status_code == 400
    assert response.content == b"malformed event: the event has no valid type"
    assert not WebhookEvent.objects.exists()


def _paths(node, prefix=()):
    """Every place in a JSON document a value sits."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _replace(node, path, value):
    if not path:
        return value
    node = json.loads(json.dumps(node))
    target = node
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return node


@pytest.fixture
def real_events(national_site, payment_settings, fake_stripe, donation_page):
    """Real events of real gifts: one-off, monthly, refund and dispute."""
    one_off = start_gift(donation_page)
    paid = fake_stripe.complete(session_of(one_off))
    intent = fake_stripe.get(session_of(one_off))["payment_intent"]
    monthly = start_gift(donation_page, euros=20, monthly=True, first="Paul")
    return [
        *paid,
        *fake_stripe.complete(session_of(monthly)),
        *fake_stripe.refund_outside(intent, amount=100),
        *fake_stripe.dispute(intent),
        *fake_stripe.settle(session_of(one_off)),
    ]


@FUZZ
@given(data=st.data())
def test_real_events_with_one_value_changed(client, national_site, real_events, data):
    """Deep in the handlers too: a real event of a real gift with any one value
    swapped for anything."""
    event = data.draw(st.sampled_from(real_events), label="event")
    path = data.draw(st.sampled_from(list(_paths(event["data"]))), label="where")
    value = data.draw(json_values, label="value")
    changed = {**event, "data": _replace(event["data"], path, value)}
    changed["id"] = f"evt_fuzz_{data.draw(st.integers(0, 10**12), label='id')}"
    outcome_of(post_event(client, national_site, changed))
