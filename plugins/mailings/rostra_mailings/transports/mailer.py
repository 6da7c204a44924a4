"""Django's mailer as a transport: SMTP to any relay (one connection per
batch: Django's SMTP backend keeps an opened connection for every
``send_messages`` until ``close``), the outbox in the demo, memory in tests."""

import smtplib

from django.core.mail import mailers

from rostra_mailings.transports.base import Down, Permanent, Temporary, Transport


def _text(raw):
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)


def _refusal(code, text):
    return (Temporary if 400 <= code < 500 else Permanent)(code, _text(text))


class MailerTransport(Transport):
    code = "mailer"

    def __init__(self):
        self.connection = mailers.create_connection("default")

    def open(self):
        try:
            self.connection.open()
        except (smtplib.SMTPException, OSError) as error:
            # The relay refuses connections: the batch waits (raising would
            # fail the task and leave the mailing stuck in "sending").
            raise Down(str(error) or error.__class__.__name__) from error

    def close(self):
        self.connection.close()

    def send(self, message, token=""):
        try:
            self.connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()), (550, b""))
            raise _refusal(code, text) from error
        except smtplib.SMTPSenderRefused as error:
            # The relay refuses our envelope sender: no recipient's fault, and
            # every copy would meet the same answer.
            raise Down(f"{error.smtp_code} {_text(error.smtp_error)}") from error
        except smtplib.SMTPResponseException as error:
            raise _refusal(error.smtp_code, error.smtp_error) from error
        except (smtplib.SMTPServerDisconnected, ConnectionError, OSError) as error:
            raise Down(str(error)) from error
