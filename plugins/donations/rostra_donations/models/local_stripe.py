"""What the local test mode's stand-in for Stripe remembers between requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalStripeObject(models.Model):
    """A Stripe-shaped object (session, subscription, refund…) of the local test
    mode. Only ever written when no Stripe key is configured."""

    id = models.CharField(primary_key=True, max_length=255)
    kind = models.CharField(max_length=60)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test mode object")

    def __str__(self):
        return self.id
