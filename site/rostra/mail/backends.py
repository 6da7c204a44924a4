import base64

from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email


def refused(address):
    """What a mail server would refuse as a recipient: a malformed address, or one
    in the ``.invalid`` domain (RFC 2606: never deliverable)."""
    try:
        validate_email(address)
    except ValidationError:
        return True
    return address.rsplit("@", 1)[-1].lower().rstrip(".").endswith(".invalid")


class OutboxBackend(BaseEmailBackend):
    """Development: keep every message in the database, readable in the admin,
    with the site it was sent for and whether it was sent or refused (a refused
    recipient fails the message, as SMTPRecipientsRefused would)."""

    def send_messages(self, email_messages):
        from rostra.mail.models import OutboxMessage

        sent = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            attachments = []
            for attachment in message.attachments:
                if isinstance(attachment, tuple):
                    filename, content, mimetype = attachment
                else:
                    filename, content, mimetype = (
                        attachment.filename,
                        attachment.content,
                        attachment.mimetype,
                    )
                if isinstance(content, str):
                    content = content.encode()
                attachments.append(
                    {
                        "filename": filename,
                        "mimetype": mimetype,
                        "base64": base64.b64encode(content).decode(),
                    }
                )
            refusals = [address for address in message.recipients() if refused(address)]
            OutboxMessage.objects.create(
                site_id=getattr(message, "site_id", None),
                status=OutboxMessage.Status.FAILED if refusals else OutboxMessage.Status.SENT,
                refused=", ".join(refusals),
                to=", ".join(message.to),
                from_email=message.from_email,
                subject=message.subject,
                body=message.body,
                html=html,
                headers=dict(message.extra_headers),
                attachments=attachments,
            )
            sent += not refusals
        return sent
