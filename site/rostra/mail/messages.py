"""The email message class every platform email is built with.

Python's ``email`` package makes a new header class with ``type()`` for every
header of every message (``HeaderRegistry.__getitem__``); in a batch of petition
confirmations that was the largest single cost of building the MIME message.
The classes depend only on the header's name, so ours are made once per name,
for the stock policies Django's backends pass (``default``, and ``SMTP`` for
the SMTP backend): the same headers, parsed and folded the same way.
"""

import email.policy
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


_HEADER_CLASSES = _HeaderClassesOncePerName()
# By identity: a policy of someone else's making is used as given.
_SAME_WITH_KEPT_CLASSES = {
    id(policy): policy.clone(header_factory=_HEADER_CLASSES)
    for policy in (email.policy.default, email.policy.SMTP)
}


class PlatformEmail(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=_SAME_WITH_KEPT_CLASSES.get(id(policy), policy))
