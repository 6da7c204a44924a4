"""The supporter database in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    # Viewing or exporting someone's data is itself recorded (Reports › Site history).
    actions.register_action("people.view", _("View a person"), _("Viewed"))
    actions.register_action("people.export", _("Export a person's data"), _("Data exported"))
    actions.register_action("people.erase", _("Erase a person"), _("Personal data erased"))
    actions.register_action("people.merge", _("Merge people"), _("Merged with a duplicate"))
    actions.register_action("people.import", _("Import people"), _("Imported"))
