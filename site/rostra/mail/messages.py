"""The email message class every platform email is built with.

Building the MIME message was most of the CPU of a batch of petition
confirmations, and most of that went to headers: Python's ``email`` package
makes a new header class with ``type()`` for every header of every message
(``HeaderRegistry.__getitem__``), and parses every value with its full RFC 5322
parser, though most of a message's headers (MIME-Version, each part's
Content-Type and Content-Transfer-Encoding, From, List-Unsubscribe-Post) are
the same in every message. Here the classes are made once per name, and the
parsed headers of the most recent values are kept and shared (header objects
are never changed once made: setting a parameter replaces the header), for
the stock policies Django's backends pass (``default``, and ``SMTP`` for the
SMTP backend). The same headers, parsed and folded the same way.
"""

import email.policy
import functools
from email.headerregistry import HeaderRegistry

from django.core.mail import EmailMultiAlternatives


class _HeaderClassesOncePerName(HeaderRegistry):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._made = {}

    def __getitem__(self, name):
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made.setdefault(key, super().__getitem__(name))
        return made

    def map_to_type(self, *args, **kwargs):
        super().map_to_type(*args, **kwargs)
        self._made.clear()
        self._parsed.cache_clear()

    def __call__(self, name, value):
        if type(value) is not str:  # anything else is parsed as given, never kept
            return super().__call__(name, value)
        return self._parsed(name, value)

    @functools.cached_property
    def _parsed(self):
        # Per registry; a value met once (a recipient, a boundary) soon drops out.
        return functools.lru_cache(maxsize=512)(super().__call__)


_HEADER_CLASSES = _HeaderClassesOncePerName()
# By identity: a policy of someone else's making is used as given.
_SAME_WITH_KEPT_CLASSES = {
    id(policy): policy.clone(header_factory=_HEADER_CLASSES)
    for policy in (email.policy.default, email.policy.SMTP)
}


class PlatformEmail(EmailMultiAlternatives):
    # The site the email is sent for (rostra.mail.sending sets it; the outbox keeps it).
    site_id = None

    def message(self, *, policy=email.policy.default):
        return super().message(policy=_SAME_WITH_KEPT_CLASSES.get(id(policy), policy))
