"""Two-factor authentication is required before staff reach the Wagtail admin."""

from django.shortcuts import redirect
from django.urls import reverse

from .permissions import needs_two_factor


class AdminRequiresTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and needs_two_factor(request.user):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


class DutchFirstLocaleMiddleware:
    """Dutch unless the visitor chose another language (cookie set by set_language).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Dutch
    public site starts in Dutch for everyone and offers English as a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
