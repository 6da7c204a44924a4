"""Countries offered in the signing form: France first, then Europe and the
countries French signers most often live in; "other" for the rest."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("FR", _("France")),
    ("BE", _("Belgium")),
    ("LU", _("Luxembourg")),
    ("CH", _("Switzerland")),
    ("MC", _("Monaco")),
    ("DE", _("Germany")),
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("PT", _("Portugal")),
    ("NL", _("Netherlands")),
    ("IE", _("Ireland")),
    ("GB", _("United Kingdom")),
    ("AT", _("Austria")),
    ("DK", _("Denmark")),
    ("SE", _("Sweden")),
    ("FI", _("Finland")),
    ("PL", _("Poland")),
    ("CZ", _("Czechia")),
    ("GR", _("Greece")),
    ("RO", _("Romania")),
    ("HU", _("Hungary")),
    ("MA", _("Morocco")),
    ("DZ", _("Algeria")),
    ("TN", _("Tunisia")),
    ("SN", _("Senegal")),
    ("CA", _("Canada")),
    ("US", _("United States")),
    ("ZZ", _("Another country")),
]
