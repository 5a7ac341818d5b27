"""allauth adapter: Dutch-first account behaviour for Fijne Wijk."""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.reauthentication import get_authentication_records
from allauth.core import context

FRESH_SIGN_IN_SECONDS = 300


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """After signing in at /en/accounts/login/, on to the English site."""
        from django.utils import translation

        from .notifications import url_in_language

        return url_in_language(super().get_login_redirect_url(request), translation.get_language())

    def get_logout_redirect_url(self, request):
        from django.utils import translation

        from .notifications import url_in_language

        return url_in_language(super().get_logout_redirect_url(request), translation.get_language())

    def save_user(self, request, user, form, commit=True):
        """A new account reads our messages in the language it signed up in (/en/…)."""
        from django.utils import translation

        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up a first authenticator right after signing in needs no second password.

        Staff are sent to the two-factor set-up straight after signing in; asking for the
        password they have just typed would only add friction. Changing or removing an
        existing authenticator still requires reauthentication.
        """
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            from allauth.mfa.models import Authenticator

            records = get_authentication_records(request, request.user)
            fresh = records and time.time() - records[-1]["at"] < FRESH_SIGN_IN_SECONDS
            if fresh and not Authenticator.objects.filter(user=request.user).exists():
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
