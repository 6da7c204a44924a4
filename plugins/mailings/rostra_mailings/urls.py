"""Machine endpoints, mounted at /_mailings/: the click-counting redirect and
the SMS provider's and the mail provider's webhooks."""

from django.urls import path

from rostra_mailings import clicks
from rostra_mailings.bounces import brevo_webhook
from rostra_mailings.sms import inbound

app_name = "mailings_links"
urlpatterns = [
    path("c/<str:token>/", clicks.click, name="click"),
    path("sms/inbound/<slug:provider>/", inbound.inbound, name="sms_inbound"),
    path("bounces/brevo/", brevo_webhook.webhook, name="brevo_webhook"),
]
