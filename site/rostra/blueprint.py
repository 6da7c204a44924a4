"""The blueprint hook: what a plugin brings to every new candidate site.

The network plugin builds candidate sites; it knows no other plugin. Each
plugin that has something to put on a candidate site names a ``BlueprintPart``
in its PluginConfig (``blueprint = "rostra_petitions.blueprint.PetitionPart"``):

- the pages a new candidate site starts with (``pages``), shaped by the
  plugin's own blueprint fields: a generic setting of the plugin
  (``settings_model``), edited by the party's webmaster under Settings;
- the permissions every candidate's team gets on the plugin's objects
  (narrowed to their territory by rostra.scoping);
- the national page types staff may push to candidate sites (syndication).
"""

from django.apps import apps
from django.utils.module_loading import import_string


class BlueprintPart:
    #: "app_label.Model" of a BaseGenericSetting holding the plugin's blueprint fields.
    settings_model = ""
    #: (app_label, codename) of the permissions granted to every candidate's team.
    team_permissions = ()
    #: "app_label.Model" of the national page types that may be pushed to candidate sites.
    pushed_pages = ()

    def settings(self):
        return apps.get_model(self.settings_model).load() if self.settings_model else None

    def pages(self, home, site, settings):
        """Create the plugin's pages under a new candidate ``home``; return them in menu order."""
        return []

    def demo(self, settings):
        """Set the demo's blueprint values before the demo builds its candidate sites."""


def add_page(home, model, **fields):
    """A child page of ``home``, given only the fields its model has."""
    names = {model_field.name for model_field in model._meta.get_fields()}
    return home.add_child(instance=model(**{k: v for k, v in fields.items() if k in names}))


def parts(site=None):
    """The installed plugins' parts; with ``site``, those switched on for it."""
    from rostra import plugins

    found = []
    for config in plugins.installed():
        if not getattr(config, "blueprint", None):
            continue
        if site is not None and not plugins.is_enabled(config.label, site):
            continue
        part = import_string(config.blueprint)()
        part.plugin = config
        found.append(part)
    return found
