"""Admin wiring: the Mailings menu (the list and the form), the review screen
and its actions, the ``send`` permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, re_path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from rostra_mailings import admin_approval, admin_automations, admin_views
from rostra_mailings.models import Automation, Mailing
from rostra_mailings.permissions import MailingPermissionPolicy
from rostra_mailings.sms import admin as sms_admin  # noqa: F401 - registers the SMS screens

register_permission_policy(Mailing, MailingPermissionPolicy(Mailing))
register_permission_policy(Automation, admin_automations.AutomationPermissionPolicy(Automation))
mailing_viewset = admin_views.MailingViewSet()
automation_viewset = admin_automations.AutomationViewSet()


@hooks.register("register_admin_viewset")
def register_viewset():
    return mailing_viewset


@hooks.register("register_admin_viewset")
def register_automation_viewset():
    return automation_viewset


admin_urls = [
    path("<int:pk>/", admin_views.review, name="review"),
    path("<int:pk>/progress/", admin_views.progress, name="progress"),
    path("<int:pk>/test/", admin_views.test_send, name="test_send"),
    path("<int:pk>/send/", admin_views.send, name="send"),
    path("<int:pk>/schedule/", admin_views.schedule, name="schedule"),
    path("<int:pk>/unschedule/", admin_views.unschedule, name="unschedule"),
    re_path(r"^(?P<pk>\d+)/(?P<action>pause|resume|cancel)/$", admin_views.switch, name="switch"),
    path("<int:pk>/ask/", admin_approval.request_approval, name="request_approval"),
    path("<int:pk>/ask/withdraw/", admin_approval.withdraw_request, name="withdraw_request"),
    path("<int:pk>/approve/", admin_approval.approve, name="approve"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "mailings/review/",
            include((admin_urls, "mailings_admin"), namespace="mailings_admin"),
        )
    ]


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="mailings", codename__in=["send", "approve"]
    )


@hooks.register("register_osdi_resources")
def osdi_resources():
    """Mailings that went out, as OSDI messages, served by the API plugin if it is installed."""
    from rostra_mailings import osdi

    return osdi.resources()
