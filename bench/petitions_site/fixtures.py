"""Run inside the bench stack's Django (``manage.py shell -c``): prepare the demo
for load, and write the request bodies the wrk clients post.

Bodies are what the antibot script posts from a browser: the form fields, the CSRF token,
and a solved proof-of-work challenge issued with the stack's own secret. The
challenges are issued with a small counter so that solving them here is quick;
the server's checks (two HMACs, expiry, one use per challenge) cost the same
whatever the counter (the issue allows precomputed solutions).
"""

import json
import secrets
import sys
from pathlib import Path
from urllib.parse import urlencode

POSTCODES = ["69003", "75011", "13001", "31000", "33000", "59000", "44000", "67000", "35000"]
FIRST = ["Camille", "Léa", "Hugo", "Nora", "Karim", "Inès", "Louis", "Manon", "Yanis"]
LAST = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Benali", "Petit", "Roux"]


def prepare(slug="petites-lignes"):
    """The bare view's table, limits raised (all clients share 127.0.0.1; the
    limits are still counted in Redis on every signing), and the petition's path."""
    from django.db import connection
    from django.urls import reverse
    from rostra_petitions.models import PetitionLimits, PetitionPage

    from bench.petitions_site.urls import CREATE_TABLE

    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    limits = PetitionLimits.load()
    for name in ("ip_per_minute", "ip_per_hour", "domain_per_hour", "foreign_country_per_hour"):
        setattr(limits, name, 10**9)
    limits.save()
    petition = PetitionPage.objects.live().get(slug=slug)
    # The path on its own site (``url`` is a full URL where several sites exist).
    _site_id, _root_url, path = petition.get_url_parts()
    # Where the page's form posts (its action), as a browser would.
    sign_path = reverse("petitions:sign", args=[petition.pk]) + "?lang=fr"
    print(json.dumps({"path": path, "sign_path": sign_path, "id": petition.pk}))


def signing_bodies(directory, prefix, count, files, csrf):
    """``count`` bodies with unique addresses, spread over ``files`` files (one
    per wrk thread): ``<directory>/<prefix>-<n>.txt``, one body per line."""
    from rostra_petitions import pow

    outputs = [open(Path(directory) / f"{prefix}-{n}.txt", "w") for n in range(files)]  # noqa: SIM115
    run = secrets.token_hex(3)
    for index in range(count):
        challenge = pow.new_challenge(counter=secrets.randbelow(20))
        body = {
            "first_name": FIRST[index % len(FIRST)],
            "last_name": LAST[index % len(LAST)],
            "email": f"{prefix}.{run}.{index}@example.org",
            "postcode": POSTCODES[index % len(POSTCODES)],
            "country": "FR",
            "phone": "",
            "updates": "on",
            "website": "",
            "altcha": pow.solve(challenge),
            "csrfmiddlewaretoken": csrf,
        }
        outputs[index % files].write("POST - " + urlencode(body) + "\n")
    for output in outputs:
        output.close()


def _link_path(petition, signature):
    """The path (and query) of the link the signer's email holds."""
    from urllib.parse import urlsplit

    from rostra_petitions import signing

    link = urlsplit(signing.confirm_url(petition, signature))
    return f"{link.path}?{link.query}" if link.query else link.path


def _write_links(directory, prefix, files, lines):
    outputs = [open(Path(directory) / f"{prefix}-{n}.txt", "w") for n in range(files)]  # noqa: SIM115
    count = 0
    for count, line in enumerate(lines, start=1):
        outputs[count % files].write(line + "\n")
    for output in outputs:
        output.close()
    return count


def confirmation_requests(directory, prefix, files, csrf, petition_path, limit):
    """One confirmation (the button's POST on the emailed link) per pending
    signature of the signing load."""
    from rostra_petitions.models import Signature

    pending = Signature.objects.filter(
        state=Signature.State.PENDING, email__startswith="sign"
    ).select_related("petition")[:limit]
    body = urlencode({"csrfmiddlewaretoken": csrf})
    count = _write_links(
        directory,
        prefix,
        files,
        (f"POST {_link_path(row.petition, row)} {body}" for row in pending),
    )
    print(json.dumps({"count": count}))


def pending_signatures(directory, prefix, count, files, csrf):
    """``count`` pending signatures stored as the signing form stores them (the
    consent choices and their wording copied from one the form stored), their
    confirmation emails sent as the task worker sends them (which finds or
    creates their person records); then, one per line, their links opened
    (``<prefix>-get-<n>.txt``: GET) and their buttons pressed
    (``<prefix>-<n>.txt``: the POST with the CSRF token)."""
    from rostra.people.canonical import canonical_email
    from rostra_petitions import confirmations
    from rostra_petitions.models import Signature

    model = Signature.objects.filter(email__startswith="sign").select_related("petition").first()
    run = secrets.token_hex(3)
    rows = []
    for index in range(count):
        email = f"{prefix}.{run}.{index}@example.org"
        rows.append(
            Signature(
                petition=model.petition,
                first_name=FIRST[index % len(FIRST)],
                last_name=LAST[index % len(LAST)],
                email=email,
                email_canonical=canonical_email(email),
                email_domain="example.org",
                postcode=model.postcode,
                country=model.country,
                departement_code=model.departement_code,
                constituency=model.constituency,
                language=model.language,
                consents=model.consents,
                ip_hash=model.ip_hash,
            )
        )
    Signature.objects.bulk_create(rows, batch_size=1000)
    while confirmations.send_waiting(batch=500, budget=3600):
        pass
    paths = [_link_path(model.petition, row) for row in rows]
    _write_links(directory, f"{prefix}-get", files, (f"GET {path}" for path in paths))
    body = urlencode({"csrfmiddlewaretoken": csrf})
    _write_links(directory, prefix, files, (f"POST {path} {body}" for path in paths))
    print(json.dumps({"count": count}))


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run through manage.py shell -c")
