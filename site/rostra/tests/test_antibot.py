"""The shared proof of work (rostra.antibot): a solved challenge passes once,
in its own scope only; a tampered, expired or foreign one never does."""

import base64
import json

from rostra import antibot


def test_a_solved_challenge_passes_once_in_its_scope_only(db):
    challenge = antibot.new_challenge("one", max_number=50)
    solved = antibot.solve(challenge)
    assert not antibot.verify(solved, "other")  # another scope's key signed it not
    assert antibot.verify(solved, "one")
    assert not antibot.verify(solved, "one")  # spent


def test_a_tampered_expired_or_malformed_payload_is_refused(db):
    challenge = antibot.new_challenge("one", max_number=50)
    data = json.loads(base64.b64decode(antibot.solve(challenge)))
    key = data["solution"]["derivedKey"]
    data["solution"]["derivedKey"] = ("0" if key[0] != "0" else "1") + key[1:]
    forged = base64.b64encode(json.dumps(data).encode()).decode()
    assert not antibot.verify(forged, "one")
    expired = antibot.solve(antibot.new_challenge("one", max_number=50, expires=-10))
    assert not antibot.verify(expired, "one")
    for junk in ("", "x" * 5000, "not base64!", base64.b64encode(b"{}").decode()):
        assert not antibot.verify(junk, "one")


def test_a_scope_may_sign_with_its_own_secret(db, settings):
    challenge = antibot.new_challenge("one", max_number=50, secret="a-secret")
    solved = antibot.solve(challenge)
    assert not antibot.verify(solved, "one")  # the scope's default key did not sign it
    assert antibot.verify(solved, "one", secret="a-secret")
