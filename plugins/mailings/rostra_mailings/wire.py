"""A broadcast's copies as the bytes handed to SMTP, made without Python's
``email`` package for each copy.

Profiling a batch showed building and flattening each copy's MIME message
(``email`` parsing every header value, then folding it again) cost more CPU
than rendering the mailing and the database put together. A broadcast's
copies differ only in a few headers (subject, recipient, date, Message-ID,
unsubscribe link) and in their filled-in bodies, so the headers that never
change are folded once per mailing by the ``email`` package itself (taken
from its first copy, built the usual way), and each copy writes its own few
headers and encodes its two bodies (quoted-printable, in C) into the same
layout. The SMTP backend asks a copy for ``message(policy=SMTP).as_bytes()``;
every other use of a copy (the outbox, tests, a provider's API) sees an
ordinary ``EmailMultiAlternatives``.

A copy whose headers need more than ASCII on one line (an internationalised
address, a header over 998 characters) or whose text holds the boundary is
built the usual way."""

import binascii
import email.header
import email.policy
import email.utils
import secrets

from django.conf import settings

# The headers every copy of a mailing shares, in the order Django writes them.
SHARED = ("From", "Reply-To", "List-Unsubscribe-Post", "List-Id")
MAX_LINE = 998  # RFC 5322 §2.1.1


def _qp(text):
    """Quoted-printable of ``text`` in UTF-8, CRLF line ends (RFC 2045 §6.7)."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode()
    return binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n")


def _subject(subject):
    if subject.isascii() and len(subject) <= 70:
        return subject.encode()
    return email.header.Header(subject, "utf-8", header_name="Subject").encode("\r\n").encode()


class Layout:
    """The fixed part of a mailing's copies, folded once from a first copy."""

    def __init__(self, message):
        built = message.message(policy=email.policy.SMTP)
        # What the shared headers were made from: a copy that differs is built
        # the usual way.
        self.made_of = self._shared_values(message)
        self.shared = b"".join(
            email.policy.SMTP.fold_binary(name, built[name]) for name in SHARED if name in built
        )
        self.boundary = f"===============rostra{secrets.token_hex(12)}=="
        self.localtime = getattr(settings, "EMAIL_USE_LOCALTIME", False)

    @staticmethod
    def _shared_values(message):
        headers = message.extra_headers
        return (
            message.from_email,
            tuple(message.reply_to),
            tuple(message.cc),
            tuple(message.bcc),
            len(message.to),
            tuple(message.attachments),
            tuple(mimetype for _content, mimetype in message.alternatives),
            tuple(sorted(headers)),
            headers.get("List-Unsubscribe-Post"),
            headers.get("List-Id"),
        )

    def copy_bytes(self, message):
        """The copy's bytes, or None when it must be built the usual way."""
        if self._shared_values(message) != self.made_of:
            return None
        (to,) = message.to
        headers = message.extra_headers
        lines = [
            b"Subject: " + _subject(message.subject),
            b"To: " + to.encode(),
            b"Date: " + email.utils.formatdate(localtime=self.localtime).encode(),
            b"Message-ID: " + headers["Message-ID"].encode(),
            b"List-Unsubscribe: " + headers["List-Unsubscribe"].encode(),
        ]
        if not (to.isascii() and headers["Message-ID"].isascii()):
            return None
        if not headers["List-Unsubscribe"].isascii():
            return None
        if any(len(line) > MAX_LINE or b"\n" in line or b"\r" in line for line in lines):
            return None
        (html, _mimetype) = message.alternatives[0]
        if self.boundary in message.body or self.boundary in html:
            return None
        boundary = self.boundary.encode()
        return b"".join(
            [
                b"MIME-Version: 1.0\r\n",
                b'Content-Type: multipart/alternative;\r\n boundary="' + boundary + b'"\r\n',
                b"\r\n".join(lines),
                b"\r\n",
                self.shared,
                b"\r\n--" + boundary + b"\r\n",
                b'Content-Type: text/plain; charset="utf-8"\r\n',
                b"Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                _qp(message.body),
                b"\r\n--" + boundary + b"\r\n",
                b'Content-Type: text/html; charset="utf-8"\r\n',
                b"Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                _qp(html),
                b"\r\n--" + boundary + b"--\r\n",
            ]
        )


class Flattened:
    """What the SMTP backend reads of a message: its bytes."""

    def __init__(self, data):
        self.data = data

    def as_bytes(self, *args, **kwargs):
        return self.data
