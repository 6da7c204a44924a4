"""Machine endpoints, mounted at /_organising/."""

from django.urls import path

from rostra_organising.events import checkin, proposing, views
from rostra_organising.groups import views as groups
from rostra_organising.volunteering import views as volunteering

app_name = "organising"

urlpatterns = [
    path("form-token/", views.form_token, name="form_token"),
    path("rsvp/<int:rsvp_id>/<str:token>/", views.manage, name="rsvp"),
    path("checkin/<int:event_id>/", checkin.door, name="door"),
    path("scan/<int:rsvp_id>/<str:token>/", checkin.scan, name="scan"),
    path("volunteer/<int:volunteer_id>/<str:token>/", volunteering.manage, name="volunteer"),
    path("member/<int:membership_id>/<str:token>/", groups.member, name="member"),
    path("host/<int:proposal_id>/<str:token>/", proposing.host, name="host"),
]
