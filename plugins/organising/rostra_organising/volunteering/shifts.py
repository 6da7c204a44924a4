"""Places on a shift, by construction: a sign-up takes a lock on the shift's
row (SELECT … FOR UPDATE) and counts the confirmed sign-ups under it, so two
volunteers for the last place queue on the lock and the second finds it
taken. A shift has no waitlist: a full one refuses.

On SQLite, writes are serialised by the database itself.
"""

from django.db import transaction
from django.utils import timezone

from rostra_organising.volunteering.models import Shift, ShiftSignup


class ShiftFull(Exception):
    """No place left, or the shift is over or cancelled."""


def sign_up(shift_id, *, volunteer):
    """The volunteer's place on the shift (their live one when they have it).
    Raises ShiftFull."""
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=shift_id)
        existing = ShiftSignup.objects.filter(
            shift=shift, person_id=volunteer.person_id, status=ShiftSignup.Status.CONFIRMED
        ).first()
        if existing is not None:
            return existing
        if shift.cancelled or shift.starts_at <= timezone.now() or shift.places_left() <= 0:
            raise ShiftFull
        return ShiftSignup.objects.create(
            shift=shift, volunteer=volunteer, person_id=volunteer.person_id
        )


def cancel(signup_id):
    """Free the place; False when it was already free."""
    with transaction.atomic():
        return bool(
            ShiftSignup.objects.filter(pk=signup_id, status=ShiftSignup.Status.CONFIRMED).update(
                status=ShiftSignup.Status.CANCELLED, cancelled_at=timezone.now()
            )
        )
