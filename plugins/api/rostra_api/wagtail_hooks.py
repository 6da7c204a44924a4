from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("api.call", _("API call"), _("API call"))
    actions.register_action("api.key_made", _("API key made"), _("API key made"))
    actions.register_action("api.key_revoked", _("API key revoked"), _("API key revoked"))


@hooks.register("register_admin_viewset")
def register_key_viewset():
    from rostra_api.admin import keys_viewset

    return keys_viewset


@hooks.register("register_permissions")
def register_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="api",
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("apikey", "webhooksubscription")
        ],
    )


@hooks.register("register_osdi_resources")
def osdi_resources():
    """The core's tags and taggings, served like the plugins' resources."""
    from rostra_api import tags

    return tags.resources()


@hooks.register("register_admin_viewset")
def register_webhook_viewset():
    from rostra_api.webhook_admin import webhooks_viewset

    return webhooks_viewset


@hooks.register("register_admin_urls")
def register_webhook_log():
    from rostra_api.webhook_admin import admin_urls

    return admin_urls
