from django.urls import path

from rostra.people import views

app_name = "people"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
