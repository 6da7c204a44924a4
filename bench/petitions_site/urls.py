"""Rostra's URLs plus ``/_bench/insert/``: a bare Django view that INSERTs one row
and answers, served by the same gunicorn workers behind the same nginx, through
the same middleware: the stack's own limit for one write per request."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rostra.urls import urlpatterns as rostra_urlpatterns

TABLE = "bench_bare_insert"
CREATE_TABLE = f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, body text)"


@csrf_exempt
def bare_insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (body) VALUES (%s)",  # noqa: S608 (a constant table name)
            [request.body.decode("utf-8", "replace")],
        )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/insert/", bare_insert), *rostra_urlpatterns]
