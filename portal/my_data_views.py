"""The resident's own data in Mijn overzicht: their profile, everything we hold about them
as one file (AVG article 15) and erasing their account (article 17)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import EraseAccountForm, ProfileForm
from .notifications import url_in_language
from .personal_data import export_json
from .services import account_erase, erasure_refusal, profile_update


@never_cache
@login_required
def profile(request):
    # A copy of the account: a refused form must not change the signed-in person's name
    # on the rest of the page.
    person = get_user_model().objects.select_related("wijk").get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changed = profile_update(
                user=request.user,
                changes={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
            if changed:
                messages.success(request, _("Uw gegevens zijn opgeslagen."))
            else:
                messages.info(request, _("Er was niets veranderd."))
            language = form.cleaned_data.get("language") or translation.get_language()
            return redirect(url_in_language(reverse("my_profile"), language))
        status = 400
    return render(request, "portal/my_profile.html", {"form": form}, status=status)


@never_cache
@login_required
def data_download(request):
    """Everything the site holds about the person signed in, made now, as a download.
    There is no id in the address: nobody can ask for someone else's file."""
    content = export_json(request.user)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _reauthenticate(request):
    methods = get_account_adapter().get_reauthentication_methods(request.user)
    target = methods[0]["url"] if methods else reverse("account_reauthenticate")
    return redirect(f"{target}?{urlencode({'next': request.path})}")


@never_cache
@login_required
def erase(request):
    """Explain what erasure removes and what is kept anonymised, ask for the password
    again (allauth's reauthentication) and a tick, then erase in one go."""
    refusal = erasure_refusal(request.user)
    if not refusal and not did_recently_reauthenticate(request):
        if request.method == "POST":
            messages.error(request, _("Vul eerst opnieuw uw wachtwoord in."))
        return _reauthenticate(request)
    form = EraseAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if refusal:
            raise PermissionDenied(refusal)
        if form.is_valid():
            language = translation.get_language()
            account_erase(user=request.user)
            logout(request)
            messages.success(
                request,
                _(
                    "Uw account is verwijderd en u bent afgemeld. U krijgt een bevestiging "
                    "per e-mail."
                ),
            )
            return redirect(url_in_language("/", language))
        status = 400
    return render(
        request,
        "portal/my_erase.html",
        {"form": form, "refusal": refusal},
        status=status,
    )
