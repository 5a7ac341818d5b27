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
