"""A local stand-in for Stripe: an HTTP transport for StripeClient that
answers from Stripe's published object shapes, and the payment service's side
of a checkout (completing it, settling a SEPA debit, billing month 2…) as
signed webhook events.

Tests and the demo's
test mode (no Stripe key configured) give it to StripeClient with the shapes
vendored beside this file (stripe_shapes.json, MIT licence in LICENSE.stripe),
so the whole flow runs offline. Nothing here reaches the network.
"""

import copy
import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import stripe

SHAPES_FILE = Path(__file__).with_name("stripe_shapes.json")
API_KEY = "sk_test_rostra_local"  # noqa: S105 - not a secret: the local stand-in's key
WEBHOOK_SECRET = "whsec_rostra_local_test_mode"  # noqa: S105 - same


def load_shapes(path=SHAPES_FILE):
    return json.loads(Path(path).read_text(encoding="utf-8"))["resources"]


def sign(payload, secret, timestamp=None):
    """The Stripe-Signature header for a raw body, as Stripe computes it."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def decode_form(text):
    """Stripe's form encoding (a[b][0][c]=v) back to nested dicts and lists."""
    root = {}
    for key, value in parse_qsl(text or "", keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        node = {k: _lists(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[k] for k in sorted(node, key=int)]
    return node


class MemoryStore:
    def __init__(self):
        self.objects = {}

    def get(self, key):
        found = self.objects.get(key)
        return copy.deepcopy(found) if found is not None else None

    def put(self, key, kind, data):
        self.objects[key] = copy.deepcopy(data)

    def of_kind(self, kind):
        return [copy.deepcopy(o) for o in self.objects.values() if o.get("object") == kind]


class DatabaseStore:
    """The demo's test mode keeps its objects between requests in the database."""

    def get(self, key):
        from rostra_donations.models import LocalStripeObject

        row = LocalStripeObject.objects.filter(pk=key).first()
        return row.data if row else None

    def put(self, key, kind, data):
        from rostra_donations.models import LocalStripeObject

        LocalStripeObject.objects.update_or_create(pk=key, defaults={"kind": kind, "data": data})

    def of_kind(self, kind):
        from rostra_donations.models import LocalStripeObject

        return [row.data for row in LocalStripeObject.objects.filter(kind=kind)]


class LocalStripe(stripe.HTTPClient):
    name = "rostra-local"

    def __init__(self, shapes=None, store=None, hosted_url="/_donations/test-checkout/{id}/"):
        super().__init__()
        self.shapes = shapes or load_shapes()
        self.store = store if store is not None else MemoryStore()
        self.hosted_url = hosted_url
        self.requests = []

    # The transport ------------------------------------------------------

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        params = decode_form(post_data if method == "post" else parts.query)
        self.requests.append((method, parts.path, params))
        path = parts.path.removeprefix("/v1/").strip("/").split("/")
        handler = getattr(self, f"_{method}_{path[0]}", None)
        if handler is None:
            return self._error(404, f"the local stand-in does not serve {method} {parts.path}")
        result = handler(path[1:], params)
        if result is None:
            return self._error(404, "No such object")
        if isinstance(result, tuple):
            return result  # an error answer
        return json.dumps(result), 200, {"request-id": "req_local"}

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise stripe.APIConnectionError("streaming is not served by the local stand-in")

    def close(self):
        pass

    def _error(self, status, message):
        body = {"error": {"type": "invalid_request_error", "message": message}}
        return json.dumps(body), status, {"request-id": "req_local"}

    def new(self, kind, prefix, **fields):
        obj = copy.deepcopy(self.shapes[kind])
        obj.update({"id": f"{prefix}_test_{secrets.token_hex(8)}", "created": int(time.time())})
        obj.update(fields)
        obj["livemode"] = False
        return obj

    def save(self, obj):
        self.store.put(obj["id"], obj["object"], obj)
        return obj

    def get(self, key):
        return self.store.get(key)

    # Checkout sessions ---------------------------------------------------

    def _post_checkout(self, path, params):
        if path[:1] != ["sessions"]:
            return None
        if len(path) == 3 and path[2] == "expire":
            session = self.get(path[1])
            if session and session["status"] != "open":
                # As Stripe: a completed (paid) or expired session cannot be expired.
                return self._error(
                    400, "Only Checkout Sessions with a status of open can be expired."
                )
            if session:
                session["status"] = "expired"
                self.save(session)
            return session
        items = params.get("line_items", [])
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
        session = self.new(
            "checkout.session",
            "cs",
            mode=params.get("mode", "payment"),
            amount_total=amount,
            amount_subtotal=amount,
            currency=items[0]["price_data"]["currency"] if items else "eur",
            metadata=params.get("metadata", {}),
            client_reference_id=params.get("client_reference_id"),
            customer_email=params.get("customer_email"),
            cancel_url=params.get("cancel_url"),
            payment_method_types=params.get("payment_method_types", ["card"]),
            status="open",
            payment_status="unpaid",
            payment_intent=None,
            subscription=None,
            invoice=None,
            customer=None,
            expires_at=int(params.get("expires_at") or time.time() + 86400),
        )
        session["success_url"] = params.get("success_url", "").replace(
            "{CHECKOUT_SESSION_ID}", session["id"]
        )
        session["url"] = self.hosted_url.format(id=session["id"])
        session["customer_details"]["email"] = params.get("customer_email")
        self.save(session)
        self.store.put(
            f"{session['id']}:params",
            "params",
            {
                "object": "params",
                "subscription_metadata": (params.get("subscription_data") or {}).get(
                    "metadata", {}
                ),
                "payment_metadata": (params.get("payment_intent_data") or {}).get("metadata", {}),
                "items": items,
            },
        )
        return session

    def _get_checkout(self, path, params):
        return self.get(path[1]) if path[:1] == ["sessions"] and len(path) == 2 else None

    # Refunds, subscriptions, invoices, balance --------------------------

    def _post_refunds(self, path, params):
        intent = self.get(params.get("payment_intent", ""))
        if intent is None:
            return None
        refund = self.new(
            "refund",
            "re",
            amount=int(params.get("amount") or intent["amount"]),
            currency=intent["currency"],
            payment_intent=intent["id"],
            charge=intent.get("latest_charge"),
            status="succeeded",
            metadata=params.get("metadata", {}),
        )
        self._balance("refund", -refund["amount"], refund["id"], intent["id"])
        return self.save(refund)

    def _get_subscriptions(self, path, params):
        return self.get(path[0]) if path else None

    def _post_subscriptions(self, path, params):
        subscription = self.get(path[0]) if path else None
        if subscription is None:
            return None
        for item in params.get("items", []):
            price = subscription["items"]["data"][0]["price"]
            price["unit_amount"] = int(item["price_data"]["unit_amount"])
        if params.get("cancel_at_period_end") == "true":
            subscription["cancel_at_period_end"] = True
        return self.save(subscription)

    def _delete_subscriptions(self, path, params):
        subscription = self.get(path[0]) if path else None
        if subscription is None:
            return None
        subscription.update(status="canceled", canceled_at=int(time.time()))
        return self.save(subscription)

    def _get_invoice_payments(self, path, params):
        invoice = self.get(params.get("invoice", ""))
        data = (invoice or {}).get("payments", {}).get("data", [])
        return {"object": "list", "data": data, "has_more": False, "url": "/v1/invoice_payments"}

    def _get_balance_transactions(self, path, params):
        lines = [
            line
            for line in self.store.of_kind("balance_transaction")
            if _within(line["created"], params.get("created"))
        ]
        for line in lines:
            line["source"] = self.get(line["source"]) or line["source"]
        return {
            "object": "list",
            "data": lines,
            "has_more": False,
            "url": "/v1/balance_transactions",
        }

    def _get_payouts(self, path, params):
        """One payout a day, of everything that was paid the day before."""
        by_day = {}
        for line in self.store.of_kind("balance_transaction"):
            day = line["created"] - line["created"] % 86400
            by_day[day] = by_day.get(day, 0) + line["net"]
        payouts = []
        for day, net in sorted(by_day.items()):
            arrival = day + 86400
            if net > 0 and _within(arrival, params.get("arrival_date")):
                payout = copy.deepcopy(self.shapes["payout"])
                payout.update(
                    id=f"po_test_{day}",
                    amount=net,
                    arrival_date=arrival,
                    created=arrival,
                    status="paid" if arrival < time.time() else "in_transit",
                )
                payouts.append(payout)
        return {"object": "list", "data": payouts, "has_more": False, "url": "/v1/payouts"}

    def _balance(self, kind, amount, source, intent_id):
        line = self.new(
            "balance_transaction",
            "txn",
            amount=amount,
            fee=0,
            net=amount,
            currency="eur",
            type=kind,
            reporting_category=kind,
            source=source,
            status="available",
            description=intent_id,
        )
        self.save(line)

    # The payment service's side: what happens on Stripe's hosted page -----

    def event(self, kind, obj):
        event = copy.deepcopy(self.shapes["event"])
        event.update(
            id=f"evt_test_{secrets.token_hex(10)}",
            type=kind,
            created=int(time.time()),
            livemode=False,
            api_version="2026-08-27",
            data={"object": copy.deepcopy(obj)},
        )
        return event

    def _pay(self, amount, currency, metadata, status):
        intent = self.new(
            "payment_intent",
            "pi",
            amount=amount,
            amount_received=amount if status == "succeeded" else 0,
            currency=currency,
            metadata=metadata,
            status=status,
            last_payment_error=None,
            next_action=None,
            canceled_at=None,
        )
        charge = self.new(
            "charge",
            "ch",
            amount=amount,
            amount_captured=amount,
            currency=currency,
            payment_intent=intent["id"],
            status="succeeded" if status == "succeeded" else "pending",
            paid=status == "succeeded",
            captured=True,
            refunds={"object": "list", "data": [], "has_more": False, "url": ""},
        )
        intent["latest_charge"] = charge["id"]
        self.save(charge)
        self.save(intent)
        if status == "succeeded":
            self._balance("charge", amount, charge["id"], intent["id"])
        return intent

    def complete(self, session_id, method="card"):
        """The donor paid on the hosted page: the events Stripe would send."""
        session = self.get(session_id)
        params = self.get(f"{session_id}:params")
        sepa = method == "sepa_debit"
        session.update(status="complete", payment_status="unpaid" if sepa else "paid")
        session["payment_method_types"] = [method]
        if session["mode"] == "payment":
            intent = self._pay(
                session["amount_total"],
                session["currency"],
                params["payment_metadata"],
                "processing" if sepa else "succeeded",
            )
            session["payment_intent"] = intent["id"]
            self.save(session)
            return [self.event("checkout.session.completed", session)]
        customer = self.save(self.new("customer", "cus", email=session["customer_email"]))
        subscription = self.new(
            "subscription",
            "sub",
            customer=customer["id"],
            metadata=params["subscription_metadata"],
            status="active" if not sepa else "incomplete",
            latest_invoice=None,
            canceled_at=None,
            cancel_at=None,
            ended_at=None,
        )
        subscription["items"]["data"][0]["price"]["unit_amount"] = session["amount_total"]
        subscription["items"]["data"][0]["price"]["currency"] = session["currency"]
        subscription["currency"] = session["currency"]
        subscription["items"]["data"][0]["subscription"] = subscription["id"]
        self.save(subscription)
        session.update(subscription=subscription["id"], customer=customer["id"])
        self.save(session)
        events = [self.event("checkout.session.completed", session)]
        if not sepa:
            events.append(self.invoice_paid(subscription["id"], first=True))
        return events

    def settle(self, session_id, succeeded=True):
        """A SEPA debit cleared (or bounced), days after the checkout."""
        session = self.get(session_id)
        if session["mode"] == "subscription":
            if succeeded:
                return [self.invoice_paid(session["subscription"], first=True)]
            return []
        intent = self.get(session["payment_intent"])
        intent["status"] = "succeeded" if succeeded else "requires_payment_method"
        self.save(intent)
        if succeeded:
            self._balance("charge", intent["amount"], intent["latest_charge"], intent["id"])
        session["payment_status"] = "paid" if succeeded else "unpaid"
        self.save(session)
        kind = "async_payment_succeeded" if succeeded else "async_payment_failed"
        return [self.event(f"checkout.session.{kind}", session)]

    def invoice_paid(self, subscription_id, first=False):
        subscription = self.get(subscription_id)
        price = subscription["items"]["data"][0]["price"]
        intent = self._pay(price["unit_amount"], price["currency"], {}, "succeeded")
        invoice = self.new(
            "invoice",
            "in",
            customer=subscription["customer"],
            currency=price["currency"],
            amount_due=price["unit_amount"],
            amount_paid=price["unit_amount"],
            amount_remaining=0,
            billing_reason="subscription_create" if first else "subscription_cycle",
            status="paid",
            subscription=subscription_id,
            parent={
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {
                    "subscription": subscription_id,
                    "metadata": subscription.get("metadata") or {},
                },
            },
            status_transitions={"paid_at": int(time.time()), "finalized_at": int(time.time())},
        )
        payment = copy.deepcopy(self.shapes["invoice_payment"])
        payment.update(
            id=f"inpay_test_{secrets.token_hex(6)}",
            invoice=invoice["id"],
            amount_paid=price["unit_amount"],
            status="paid",
            payment={"type": "payment_intent", "payment_intent": intent["id"]},
        )
        invoice["payments"] = {"object": "list", "data": [payment], "has_more": False, "url": ""}
        self.save(invoice)
        return self.event("invoice.paid", invoice)

    def expire(self, session_id):
        session = self.get(session_id)
        session["status"] = "expired"
        self.save(session)
        return [self.event("checkout.session.expired", session)]

    def dispute(self, payment_intent_id, status="needs_response"):
        intent = self.get(payment_intent_id)
        key = f"dp_test_{payment_intent_id}"
        dispute = self.get(key) or self.new("dispute", "dp", id=key)
        dispute.update(
            id=key,
            amount=intent["amount"],
            currency=intent["currency"],
            charge=intent["latest_charge"],
            payment_intent=intent["id"],
            status=status,
            reason="fraudulent",
        )
        self.save(dispute)
        kind = "charge.dispute.closed" if status in ("won", "lost") else "charge.dispute.created"
        return [self.event(kind, dispute)]

    def refund_outside(self, payment_intent_id, amount=None):
        """A refund made in Stripe's dashboard rather than in Rostra."""
        refund = self._post_refunds([], {"payment_intent": payment_intent_id, "amount": amount})
        return [self.event("refund.created", refund)]


def _within(timestamp, window):
    if not window:
        return True
    if "gte" in window and timestamp < int(window["gte"]):
        return False
    return not ("lt" in window and timestamp >= int(window["lt"]))
