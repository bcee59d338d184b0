"""Dutch is the programme's language: every page is Dutch, whatever language the browser prefers.

A user who wants English chooses it explicitly on the profile page (Django's `set_language` view, which remembers
the choice in the language cookie); nothing else changes the language. This replaces Django's LocaleMiddleware, which
would follow the browser's Accept-Language header and turn the whole interface English for a browser set to English.
"""

from django.conf import settings
from django.utils import translation


def chosen_language(request) -> str:
    """The language the user chose (the cookie set by `set_language`), or the programme's language, Dutch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
