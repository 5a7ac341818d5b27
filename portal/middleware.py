"""Two-factor authentication is required before anyone uses powers beyond a resident's."""

from urllib.parse import urlencode

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from .permissions import needs_two_factor, remember_role_facts

# The only pages a person who needs a second factor may open before setting it up: to set
# it up (TOTP, its recovery codes, the password check allauth asks when the sign-in is not
# fresh), to confirm their e-mail address, or to leave. The language is part of the URL
# (/en/…), so these pages are open in both languages.
TWO_FACTOR_ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "account_confirm_email",
        "account_email_verification_sent",
        "healthz",
    }
)


def two_factor_allowed_path(path: str) -> bool:
    """True for the few paths a person without their second factor may still open."""
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in TWO_FACTOR_ALLOWED_URL_NAMES


class TwoFactorRequiredMiddleware:
    """Anyone with powers beyond a resident's (staff roles, any other group, `is_staff`,
    superusers, own permissions) is sent to the TOTP set-up page for every URL, GET or
    POST, until they have set up TOTP: what they may do is never reachable on a password
    alone, wherever the URL is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            # The person's groups, werkgebied, permissions and two-factor state, read in
            # one query and kept on this request's user object (portal.permissions).
            remember_role_facts(request.user)
        if (
            request.user.is_authenticated
            and needs_two_factor(request.user)
            and not two_factor_allowed_path(request.path_info)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


class LanguageFromPathMiddleware(LocaleMiddleware):
    """The language is the URL's: Dutch at /…, English at /en/… (i18n_patterns).

    Django's LocaleMiddleware would also follow a cookie or the browser's Accept-Language
    for paths outside the prefixed patterns; a Dutch public site starts in Dutch for
    everyone, and a page's language depends on its address alone, so that one address is
    one page (the page cache and a CDN may keep it without looking at cookies or headers).
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
