import base64

from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    """Development: keep every message in the database, readable in the admin."""

    def send_messages(self, email_messages):
        from rostra.mail.models import OutboxMessage

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
            OutboxMessage.objects.create(
                to=", ".join(message.to),
                from_email=message.from_email,
                subject=message.subject,
                body=message.body,
                html=html,
                headers=dict(message.extra_headers),
                attachments=attachments,
            )
        return len(email_messages)
