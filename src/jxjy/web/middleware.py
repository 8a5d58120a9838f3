"""Chinese first: pages are in zh-hans unless the user chose another language with the
switch (the language cookie), whatever the browser's own language. The API keeps
honouring Accept-Language for its messages, as programs set it on purpose."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

CHOSEN = {code for code, _ in settings.LANGUAGES}


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in CHOSEN else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
