"""What the plugin does when the rest of Rostra tells it something. A receiver
takes ``sender`` and the signal's payload (docs/plugins.md, "Signals") and
``**kwargs`` for what later versions add."""

from rostra import signals

from rostra_volunteers.apps import VOLUNTEER_CONTACT


def tell_the_coordinator(sender, person, site, consent, **kwargs):
    """Someone agreed to be contacted to volunteer: the coordinators of the
    site's volunteer pages hear of it. ``consent_changed`` is a site signal:
    this never runs for a site where the plugin is switched off."""
    from rostra.mail.sending import send

    from rostra_volunteers.models import VolunteerPage

    if consent.purpose != VOLUNTEER_CONTACT or not consent.granted or site is None:
        return
    pages = VolunteerPage.objects.live().descendant_of(site.root_page, inclusive=True)
    for address in {page.coordinator_email for page in pages if page.coordinator_email}:
        send(
            "volunteers/new_volunteer",
            to=address,
            site=site,
            context={"first_name": person.first_name, "email": person.email},
        )


def connect():
    signals.consent_changed.connect(tell_the_coordinator, dispatch_uid="volunteers-coordinator")
