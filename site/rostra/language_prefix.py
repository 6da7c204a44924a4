"""The page's language from its address: French at the root, others under /<code>/.

Django's LocaleMiddleware reads the first segment of the path loosely: in
``/en-ligne/`` it finds "en-ligne", falls back to the generic "en", activates
English, and the French page (its URLs then expected under /en/) answers 404.
Here only a first segment that is exactly one of LANGUAGES names a language;
any other address is in the default language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_of_path(path):
    first = path.lstrip("/").split("/", 1)[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return first if first in codes else None


class LanguagePrefixMiddleware(LocaleMiddleware):
    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info) and not language_of_path(
            request.path_info
        ):
            # A slug that merely starts like a language code ("en-ligne").
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
