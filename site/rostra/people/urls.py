from django.urls import path

from rostra.people import views

app_name = "people"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("my-data/", views.my_data_request, name="my_data_request"),
    path("my-data/<str:token>/", views.my_data, name="my_data"),
]
