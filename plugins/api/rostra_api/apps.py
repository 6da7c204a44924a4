from django.utils.translation import gettext_lazy as _
from rostra.plugins import PluginConfig


class ApiConfig(PluginConfig):
    name = "rostra_api"
    label = "api"
    verbose_name = _("API")
    description = _("An OSDI REST API for the party's other tools, with keys scoped per site.")
    version = "0.1.0"
    author = "Rostra"
    default = True
    # The API is not a page: a key of a site works whether or not the plugin
    # is switched on elsewhere; its URLs are OSDI's, under /api/.
    urls_module = "rostra_api.urls"
    urls_prefix = "api/"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from rostra_api.admin import KeyPermissions
        from rostra_api.models import ApiKey

        register_permission_policy(ApiKey, KeyPermissions(ApiKey))

        from rostra_api import signal_handlers

        signal_handlers.connect()
