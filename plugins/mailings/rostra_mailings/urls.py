"""Machine endpoints, mounted at /_mailings/: the click-counting redirect."""

from django.urls import path

from rostra_mailings import clicks

app_name = "mailings_links"
urlpatterns = [path("c/<str:token>/", clicks.click, name="click")]
