from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "rostra.people"
    label = "people"
    verbose_name = _("Supporters")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from rostra.people.models import Person
        from rostra.people.permissions import PersonPermissionPolicy

        register_permission_policy(Person, PersonPermissionPolicy(Person))
