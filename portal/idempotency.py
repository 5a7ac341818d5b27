"""A double click never makes two of anything.

Every form that creates something or changes a state carries a one-time submission token
(`{% submission_token %}` beside `{% csrf_token %}`). SubmissionTokenMiddleware runs the
view inside one transaction together with the insert of that token into a table with a
unique constraint on (owner, token), and keeps where the request sent the person. A
second request with the same token gets that result (a redirect to the same place, with
"Dit hebben we al verwerkt.") and never runs the view again.

Concurrency: on PostgreSQL the second insert of the same token waits for the first
transaction and then fails on the unique constraint, after which the first result is
visible. On SQLite the transaction starts IMMEDIATE (see portal.settings.base), so the
second request waits for the first to finish. A request whose form was refused (the page
re-rendered with errors, or a redirect carrying an error message) frees its token, so the
corrected form can be sent.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field name, not a secret)
KEEP_FOR = timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    return uuid.uuid4().hex


def _owner(request) -> str | None:
    """Whose token this is: the account, or for a visitor without one, their CSRF secret
    (every accepted POST has it), hashed."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        return "anon:" + hashlib.sha256(secret.encode()).hexdigest()[:64]
    return None


def _refused(request, response) -> bool:
    """The form was refused: re-rendered (not a redirect), or sent back with an error."""
    if response.status_code not in (301, 302, 303):
        return True
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)


def _already_done(request, owner: str, token: str):
    from .models import SubmissionToken

    record = SubmissionToken.objects.filter(owner=owner, token=token).first()
    messages.info(request, _("Dit hebben we al verwerkt."))
    if record is not None and record.location:
        return redirect(record.location)
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(referer)
    return redirect("/")


class SubmissionTokenMiddleware:
    """Place last in MIDDLEWARE: CSRF, sign-in and the two-factor rule come first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        token = request.POST.get(TOKEN_FIELD, "")
        owner = _owner(request)
        if not _TOKEN.match(token) or owner is None:
            return None
        from .models import SubmissionToken

        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = SubmissionToken.objects.create(owner=owner, token=token)
            except IntegrityError:
                return _already_done(request, owner, token)
            response = view_func(request, *view_args, **view_kwargs)
            if _refused(request, response):
                record.delete()
            else:
                record.location = response["Location"][:2000]
                record.save(update_fields=["location"])
        return response


def forget_old_tokens() -> int:
    """Tokens older than a day are of no use: a form is not sent twice a day apart."""
    from .models import SubmissionToken

    deleted, _per_model = SubmissionToken.objects.filter(
        created_at__lt=timezone.now() - KEEP_FOR
    ).delete()
    return deleted
