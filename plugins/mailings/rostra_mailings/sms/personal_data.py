"""The SMS rows about a person (rostra.personal_data): which broadcasts they
were sent, and to which number."""

from django.utils.translation import gettext_lazy as _

from rostra_mailings.personal_data import _OncePerMailing


class SmsRecipientRecords(_OncePerMailing):
    model = "mailings.SmsRecipient"
    title = _("Text messages received")
    export_fields = ("broadcast", "phone", "status", "sent_at")
    erase_fields = ("phone",)
    unique_with = "broadcast"
