"""The bench's email backend: each message is built and serialised as Django's
SMTP backend does before it writes to the mail server (``message(policy=SMTP)``
then ``as_bytes``), then dropped. Django's locmem backend, which the other
benches use, keeps a deep copy of every message in a list: over a bench's
thousands of confirmation emails that list made every garbage collection of
the long-running task worker longer and longer, a cost no real server pays."""

import email.policy

from django.core.mail.backends.base import BaseEmailBackend


class SerialisingBackend(BaseEmailBackend):
    sent_bytes = 0

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            data = message.message(policy=email.policy.SMTP).as_bytes()
            SerialisingBackend.sent_bytes += len(data)
            count += 1
        return count
