"""Machine endpoints, mounted at /_petitions/."""

from django.urls import path

from rostra_petitions import views

app_name = "petitions"

urlpatterns = [
    path("form-token/", views.form_token, name="form_token"),
    path("<int:petition_id>/sign/", views.sign, name="sign"),
    path(
        "<int:petition_id>/confirm/<int:signature_id>/<str:token>/",
        views.confirm_link,
        name="confirm",
    ),
    path("embed.js", views.embed_script, name="embed_script"),
]
