"""What becomes of each field of a person: ``Person.field_roles`` declares it
once, and the api, the admin form, the import, merging, the export and erasure
read it (``Person.fields_that``) instead of listing fields of their own."""

import enum


class FieldRole(enum.Flag):
    # Told by the person, through a form, a file or rostra.people.api
    # (clean_details); on a merge, a blank on the record kept takes the duplicate's.
    GIVEN = enum.auto()
    # In the admin's form for a person.
    EDITED = enum.auto()
    # A "do not contact" flag: on a merge, either record's yes wins.
    STRICTER = enum.auto()
    # In the person's data export (the right of access).
    EXPORTED = enum.auto()
    # Blanked when the person is erased, and on a record merged into another.
    ERASED = enum.auto()

    # What a person tells about themselves: all of the above but STRICTER.
    PERSONAL_DETAIL = GIVEN | EDITED | EXPORTED | ERASED
    # The record's own bookkeeping: none of the above.
    BOOKKEEPING = 0
