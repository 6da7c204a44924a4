"""An id in an address that no database row can have is answered 404.

Django's ``<int:…>`` accepts any number of digits, and a number past a 64-bit
integer makes the query itself fail (SQLite: OverflowError; PostgreSQL: "out of
range") in whichever view receives it: a 500 for a mistyped or forged link.
Checked here once, before any view of the URLconf runs.
"""

from django.http import Http404

LARGEST_ID = 2**63 - 1  # a BigAutoField's largest value, on every supported database


def check(values):
    for value in values:
        if isinstance(value, int) and not -LARGEST_ID <= value <= LARGEST_ID:
            raise Http404


class UrlIdRangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        check(view_args)
        check(view_kwargs.values())
