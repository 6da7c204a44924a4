"""Machine endpoints, mounted at /_donations/: provider webhooks and the local
test mode's stand-in for Stripe's hosted page."""

from django.urls import path

from rostra_donations import webhooks
from rostra_donations.views import testmode

app_name = "donations"
urlpatterns = [
    path("stripe/<int:site_id>/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
    path("test-checkout/<str:session_id>/", testmode.checkout_page, name="test_checkout"),
]
