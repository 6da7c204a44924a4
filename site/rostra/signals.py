"""The events plugins talk through.

``SiteSignal`` is sent for one Wagtail Site and reaches the core's receivers
plus the receivers of plugins switched on for that site. Plain signals (erasure,
data export) reach every installed plugin: a person's data must be found and
erased wherever it is, whatever a site has switched on today.
"""

from contextvars import ContextVar

from django.dispatch import Signal

from rostra import plugins

_allowed_plugins = ContextVar("rostra_allowed_plugins", default=None)


class SiteSignal(Signal):
    """``enabled``: the site's plugin labels, when the sender already holds them
    (the petition signing endpoint keeps them in the process); otherwise they
    are looked up, and only when the signal has receivers at all."""

    def send(self, sender, *, site, enabled=None, **named):
        return self._to_site(super().send, sender, site, enabled, named)

    def send_robust(self, sender, *, site, enabled=None, **named):
        return self._to_site(super().send_robust, sender, site, enabled, named)

    def _to_site(self, send, sender, site, enabled, named):
        # Every receiver, whichever site an enclosing send is for.
        if not any(Signal._live_receivers(self, sender)):
            return []
        token = _allowed_plugins.set(plugins.enabled_labels(site) if enabled is None else enabled)
        try:
            return send(sender, site=site, **named)
        finally:
            _allowed_plugins.reset(token)

    def _live_receivers(self, sender):
        sync_receivers, async_receivers = super()._live_receivers(sender)
        allowed = _allowed_plugins.get()
        if allowed is None:
            return sync_receivers, async_receivers
        return (
            [r for r in sync_receivers if _reaches(r, allowed)],
            [r for r in async_receivers if _reaches(r, allowed)],
        )


def _reaches(receiver, allowed):
    plugin = plugins.plugin_of(getattr(receiver, "__func__", receiver))
    return plugin is None or plugin.label in allowed


# People (sent by rostra.people.api). Receivers get ``person`` and ``site``.
person_created = SiteSignal()
person_updated = SiteSignal()  # also ``fields``: names of what changed
consent_changed = SiteSignal()  # also ``consent``: the new ledger row

# Reach every plugin. ``person_erased``: each receiver anonymises what it holds
# and returns a short description of what it did. ``person_data_requested``:
# each receiver returns {"section title": [records as dicts]} for the export.
person_erased = Signal()
person_data_requested = Signal()
# ``kept`` and ``merged``: the receiver moves its rows from merged to kept.
people_merged = Signal()

# Petitions. ``signature``: the plugin's signature row; ``petition_signed`` also
# gets ``request`` (its ``via`` field names the candidate site the signer came from).
petition_signed = SiteSignal()
petition_confirmed = SiteSignal()
# ``signature_ids``: signatures that no longer stand (invalidated, or deleted
# before they were confirmed). Reaches every plugin, like erasure: what they
# derived from those signatures must go, whatever a site has switched on.
petition_signatures_voided = Signal()

# Donations. ``donation`` (and ``refund`` for refunds).
donation_confirmed = SiteSignal()
donation_refunded = SiteSignal()

# Network. ``site`` is the new candidate site; ``candidate``: its record.
candidate_site_created = SiteSignal()
