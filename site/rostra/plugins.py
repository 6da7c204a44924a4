"""The plugin contract.

A plugin is an ordinary Django app whose AppConfig subclasses PluginConfig. It
is found through the ``rostra.plugins`` entry-point group (the in-tree plugins
are declared in pyproject.toml exactly like a third-party one), added to
INSTALLED_APPS by the settings, and switched on or off per Wagtail Site.
"""

import importlib
import importlib.metadata
import logging

from django.apps import AppConfig, apps
from django.core.cache import cache

from rostra.config import ConfigurationError

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "rostra.plugins"
CORE_VERSION = (0, 1)
_CACHE_KEY = "rostra:plugins:site:{}"


class PluginConfig(AppConfig):
    """Base AppConfig of every plugin; the attributes below are its metadata."""

    #: One sentence shown to webmasters next to the on/off switch.
    description = ""
    version = "0.0"
    author = ""
    #: Lowest Rostra core version (major, minor) the plugin works with.
    min_core_version = (0, 1)
    #: Whether a site that never chose gets this plugin switched on.
    enabled_by_default = True
    #: Dotted path of a URLconf for machine endpoints (webhooks, embeds),
    #: mounted at /_<label>/. Public pages are Wagtail page types instead.
    urls_module = None
    #: Where ``urls_module`` is mounted when a standard says where (the API
    #: plugin's OSDI URLs at /api/); None for /_<label>/.
    urls_prefix = None
    #: Dotted paths of the ``rostra.personal_data.PersonRecords`` declaring every
    #: model of the plugin that points at a person (checked at start-up).
    personal_data = ()
    #: Dotted path of a ``rostra.blueprint.BlueprintPart``: the pages, blueprint
    #: fields and team permissions the plugin brings to new candidate sites.
    blueprint = None
    #: The consent purposes the plugin asks people for: a tuple of
    #: rostra.people.purposes.Purpose(code, label, retention_months).
    consent_purposes = ()

    def check_compatibility(self):
        if tuple(self.min_core_version) > CORE_VERSION:
            raise ConfigurationError(
                f"the plugin {self.label!r} needs Rostra "
                f"{'.'.join(map(str, self.min_core_version))} or newer "
                f"(this is {'.'.join(map(str, CORE_VERSION))})."
            )


class PluginPage:
    """Mixin of every page type of a plugin; put it first among the bases.

    Where the plugin is switched off for a site, the page type cannot be
    created there (nor a page of it copied or moved there), its pages answer
    404 with every sub-route, and they leave the site's sitemap. The plugin is
    the app the model belongs to. A system check (rostra.E001, E002) refuses a
    plugin's page type without it, or with a base that answers before it.
    """

    @classmethod
    def can_exist_under(cls, parent):
        # Wagtail asks this before creating, copying or moving a page under parent.
        if not super().can_exist_under(parent):
            return False
        return is_enabled(cls._meta.app_label, parent.get_site())

    def route(self, request, path_components):
        result = super().route(request, path_components)
        # This page or one of its sub-routes answers (a page below it is gated
        # by its own type: the core's pages under a candidate's home stay up).
        if result[0] is self and not self.switched_on_for(request):
            from django.http import Http404

            raise Http404
        return result

    def get_sitemap_urls(self, request=None):
        if not self.switched_on_for(request):
            return []
        return super().get_sitemap_urls(request)

    def switched_on_for(self, request):
        """Whether the plugin is on for the site the page is visited on."""
        from wagtail.models import Site

        site = Site.find_for_request(request) if request is not None else None
        return is_enabled(self._meta.app_label, site or self.get_site())


def discover(exclude=()):
    """Return the import names of installed plugins, importing each to fail early.

    Called from the settings module, before Django is set up: a plugin that does
    not import stops start-up with its name and the error, and a hint to exclude it.
    """
    found = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name in exclude or entry_point.name in found:
            continue
        module_name = entry_point.value.split(":", 1)[0].strip()
        try:
            importlib.import_module(module_name)
        except Exception as error:
            raise ConfigurationError(
                f"the plugin {entry_point.name!r} (module {module_name!r}) failed to import: "
                f"{type(error).__name__}: {error}. Fix or uninstall it, or start without it "
                f"with ROSTRA_PLUGINS_EXCLUDE={entry_point.name}."
            ) from error
        found[entry_point.name] = module_name
    return [found[name] for name in sorted(found)]


def installed():
    """The AppConfigs of the installed plugins."""
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def get(label):
    config = apps.get_app_config(label)
    if not isinstance(config, PluginConfig):
        raise LookupError(f"{label!r} is an app, not a Rostra plugin")
    return config


def default_labels():
    return {config.label for config in installed() if config.enabled_by_default}


def enabled_labels(site):
    """Labels of the plugins switched on for a Wagtail Site (cached; cleared on save)."""
    if site is None:
        return default_labels()
    key = _CACHE_KEY.format(site.pk)
    labels = cache.get(key)
    if labels is None:
        chosen = _switches["read"](site)
        installed_labels = {config.label for config in installed()}
        labels = installed_labels & set(chosen) if chosen is not None else default_labels()
        cache.set(key, labels, 300)
    return labels


# Where the sites' choices are kept is the settings' business, not the
# contract's: rostra.sitesettings hands its reader over when it is ready.
_switches = {"read": lambda site: None}


def read_switches_with(read):
    """``read(site)``: the labels a site switched on, or None where it never
    chose (its plugins are then the default ones)."""
    _switches["read"] = read


def forget_site(site_id):
    cache.delete(_CACHE_KEY.format(site_id))


def is_enabled(label, site):
    return label in enabled_labels(site)


def plugin_of(obj):
    """The plugin an object (function, class, module name) belongs to, or None."""
    module = obj if isinstance(obj, str) else getattr(obj, "__module__", "")
    config = apps.get_containing_app_config(module or "")
    return config if isinstance(config, PluginConfig) else None
