"""The canvassers' phone pages, mounted at /_targeting/."""

from django.urls import path

from rostra_targeting import canvass_views

app_name = "targeting"

urlpatterns = [
    path("canvass/", canvass_views.walk_lists, name="canvass"),
    path("canvass/<int:pk>/", canvass_views.walk, name="walk"),
    path("canvass/sync/", canvass_views.sync, name="sync"),
    path("canvass/sw.js", canvass_views.service_worker, name="service_worker"),
]
