from django.urls import path

from rostra_api import openapi, resources, views

urlpatterns = [
    # The description and its page: public, like any API's documentation.
    path("osdi/v1/openapi.json", openapi.schema_view, name="api_openapi"),
    path("docs/", openapi.docs_view, name="api_docs"),
    path("osdi/v1/", views.entry_point, name="api_entry_point"),
    path("osdi/v1/people", views.people_list, name="api_people"),
    path("osdi/v1/people/person_signup", views.person_signup, name="api_person_signup"),
    path("osdi/v1/people/<int:pk>", views.person, name="api_person"),
    # The other plugins' resources (rostra.osdi), after people's fixed URLs.
    path("osdi/v1/<slug:name>", resources.resource_list, name="api_resource_list"),
    path("osdi/v1/<slug:name>/<int:pk>", resources.resource_item, name="api_resource_item"),
]
