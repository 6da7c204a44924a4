"""Rostra's URLs plus the baselines of bench/bench_api.py:

- ``/_bench/drf/people/``: Django REST framework's default ModelViewSet +
  ModelSerializer + PageNumberPagination (100 a page) of the fields the OSDI
  people list serves;
- ``/_bench/ninja/people``: django-ninja doing the API's own work (the same
  key lookup, rate limit and audit-log row, the same keyset page of OSDI
  people from rostra_api.people) through a pydantic response schema: the
  framework's own cost against plain Django views;
- ``/_bench/insert/``: the petitions bench's bare view that INSERTs one row
  (bench/petitions_site/urls.py), the baseline of the signup helper
  (bench/bench_api_writes.py).
"""

from django.urls import include, path
from ninja import Field, NinjaAPI, Schema
from rest_framework import routers, serializers, viewsets
from rostra.people.models import Person
from rostra.urls import urlpatterns as rostra_urlpatterns
from rostra_api import calls, keys
from rostra_api import people as api_people

from bench.petitions_site.urls import bare_insert


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = list(api_people.FIELDS)


class PersonViewSet(viewsets.ModelViewSet):
    queryset = Person.objects.order_by("pk")
    serializer_class = PersonSerializer


router = routers.DefaultRouter()
router.register("people", PersonViewSet)


class Link(Schema):
    href: str


class EmailOut(Schema):
    address: str
    primary: bool


class PhoneOut(Schema):
    number: str
    number_type: str
    primary: bool


class AddressOut(Schema):
    postal_code: str
    locality: str
    country: str
    primary: bool
    address_lines: list[str] = []


class PersonOut(Schema):
    identifiers: list[str]
    given_name: str
    family_name: str
    created_date: str
    modified_date: str
    languages_spoken: list[str]
    email_addresses: list[EmailOut]
    phone_numbers: list[PhoneOut]
    postal_addresses: list[AddressOut]
    links: dict[str, Link] = Field(alias="_links")


class PageOut(Schema):
    next: int | None
    people: list[PersonOut]


ninja = NinjaAPI(urls_namespace="bench_ninja")


@ninja.get("/people", response=PageOut)
def ninja_people(request, after: int = 0, per_page: int = 100):
    key = keys.find(calls.token_of(request))
    if key is None:
        return 401, {"error": "no key"}
    people, last = api_people.page(key, {}, after, per_page, "http://testserver/api/osdi/v1/")
    calls._note_use(request, key, 200)
    return {"next": last, "people": people}


urlpatterns = [
    path("_bench/insert/", bare_insert),
    path("_bench/drf/", include(router.urls)),
    path("_bench/ninja/", ninja.urls),
    *rostra_urlpatterns,
]
