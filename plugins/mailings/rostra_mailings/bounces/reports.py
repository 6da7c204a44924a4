"""Reading what comes back to the return path, with the standard library:

- a delivery status notification (RFC 3464): ``multipart/report;
  report-type=delivery-status`` with a ``message/delivery-status`` part, one
  block per recipient (``Final-Recipient``, ``Action``, ``Status``,
  ``Diagnostic-Code``). ``Action: failed`` with a status 5.x.x is a hard
  bounce, 4.x.x a soft one (the receiving server gave up for now); a
  ``delayed`` notice says nothing yet and is ignored;
- an abuse report (ARF, RFC 5965): ``multipart/report;
  report-type=feedback-report`` with a ``message/feedback-report`` part whose
  ``Feedback-Type`` is ``abuse``: a complaint.

Anything else (an autoreply, a bounce in prose) is no report: left alone.
The copy it is about is found by its token (rostra_mailings.bounces.verp):
in the address the message came to, or in the headers of the original
message the report quotes (its Return-Path, its ``X-Mailin-custom``)."""

import email
import email.policy
import re
from dataclasses import dataclass
from email.parser import HeaderParser

HARD, SOFT, COMPLAINT = "hard", "soft", "complaint"
STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")
#: Where the address a bounce came to is written, by the receiving server.
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To")
#: Where the original message names its copy.
ORIGINAL_HEADERS = ("Return-Path", "X-Mailin-custom", "Sender")


@dataclass(frozen=True)
class Report:
    kind: str  # HARD, SOFT or COMPLAINT
    address: str  # whose address it is about ("" when the report does not say)
    status: str = ""
    detail: str = ""


def parse(raw):
    """A message (bytes) as the standard library's EmailMessage."""
    return email.message_from_bytes(raw, policy=email.policy.default)


def _address(field):
    """``rfc822; jean@example.org`` → ``jean@example.org``."""
    value = str(field or "").partition(";")[2] or str(field or "")
    return value.strip().strip("<>").strip()


def _status(block):
    found = STATUS.search(str(block.get("Status", "")))
    if found is None:
        found = STATUS.search(str(block.get("Diagnostic-Code", "")))
    if found is None:
        code = re.search(r"\b([45])\d\d\b", str(block.get("Diagnostic-Code", "")))
        return f"{code.group(1)}.0.0" if code else ""
    return found.group(0)


def _report_type(message):
    if message.get_content_type() != "multipart/report":
        return ""
    return str(message.get_param("report-type", "")).lower()


def read(message):
    """The reports a message holds ([Report]); [] for anything else."""
    kind = _report_type(message)
    if kind == "delivery-status":
        return _delivery_status(message)
    if kind == "feedback-report":
        return _feedback(message)
    return []


def _delivery_status(message):
    reports = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload() or []:
            if not hasattr(block, "get"):
                continue
            action = str(block.get("Action", "")).strip().lower()
            if action != "failed":
                continue
            status = _status(block)
            detail = " ".join(str(block.get("Diagnostic-Code", "")).split())
            recipient = _address(block.get("Final-Recipient") or block.get("Original-Recipient"))
            kind = HARD if status.startswith("5") else SOFT
            reports.append(Report(kind, recipient, status, detail[:200]))
    return reports


def _feedback(message):
    for part in message.walk():
        if part.get_content_type() != "message/feedback-report":
            continue
        payload = part.get_payload()
        fields = payload[0] if isinstance(payload, list) and payload else None
        if fields is None:
            fields = HeaderParser().parsestr(str(payload))
        if str(fields.get("Feedback-Type", "")).strip().lower() != "abuse":
            return []
        recipient = _address(fields.get("Original-Rcpt-To", ""))
        if not recipient:
            original = original_headers(message)
            recipient = _address(original.get("To", "")) if original is not None else ""
        agent = str(fields.get("User-Agent", "")).strip()
        return [Report(COMPLAINT, recipient, "", f"abuse report {agent}".strip()[:200])]
    return []


def original_headers(message):
    """The headers of the original message a report quotes, or None."""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload()
            return inner[0] if isinstance(inner, list) and inner else inner
        if content_type == "text/rfc822-headers":
            return HeaderParser().parsestr(part.get_content())
    return None


def token_places(message, envelope=""):
    """The text in which to look for the copy's token: the address the message
    came to first, then the quoted original's headers."""
    places = [envelope]
    places += [str(value) for name in ENVELOPE_HEADERS for value in message.get_all(name, [])]
    original = original_headers(message)
    if original is not None:
        places += [str(v) for name in ORIGINAL_HEADERS for v in original.get_all(name, []) or []]
    return "\n".join(place for place in places if place)
