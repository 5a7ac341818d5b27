"""The resident side of meldingen: "Melding doen" (signed in or anonymous), the
confirmation with the reference and the two dates, and "Mijn meldingen". Views parse,
call a service or selector, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.abuse import count_accepted, over_limit, with_honeypot
from portal.fields import int_param, text_param

from . import services
from .forms import MAX_PHOTOS, MeldingForm
from .models import Melding, MeldingPhoto, MeldingUpdate
from .permissions import can_handle_melding, can_view_own_melding

FORM = with_honeypot(MeldingForm)
SESSION_KEY = "signalen_sent"  # references an anonymous visitor sent in this session


def _put_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def melding_new(request):
    anonymous = not request.user.is_authenticated
    status = 200
    if request.method == "POST":
        form = FORM(request.POST, request.FILES, anonymous=anonymous)
        if form.caught_by_honeypot:
            return redirect("signalen:new")
        if over_limit(request, "melding_submit"):
            form.add_error(
                None,
                _(
                    "Er zijn vanaf hier vandaag al veel meldingen gedaan. Probeer het morgen "
                    "opnieuw of bel ons."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                melding = services.melding_submit(
                    reporter=None if anonymous else request.user,
                    signal_type=data["signal_type"],
                    description=data["description"],
                    wijk=data.get("wijk"),
                    complex=data.get("complex"),
                    address=data.get("address", ""),
                    place_description=data.get("place_description", ""),
                    may_contact=data.get("may_contact", False),
                    contact_phone=data.get("contact_phone", ""),
                    photos=data.get("photos") or [],
                )
            except ValidationError as exc:
                _put_errors(form, exc)
            else:
                count_accepted(request, "melding_submit")
                if anonymous:
                    sent = request.session.get(SESSION_KEY, [])[-9:]
                    request.session[SESSION_KEY] = [*sent, melding.reference]
                return redirect("signalen:sent", reference=melding.reference)
        if status == 200 and form.errors:
            status = 400
    else:
        initial = {}
        wijk_id = int_param(request.GET.get("wijk"))
        if wijk_id:
            initial["wijk"] = wijk_id
        elif not anonymous and request.user.wijk_id:
            initial["wijk"] = request.user.wijk_id
        form = FORM(initial=initial, anonymous=anonymous)
    return render(
        request,
        "signalen/resident/form.html",
        {"form": form, "anonymous": anonymous, "max_photos": MAX_PHOTOS},
        status=status,
    )


def _reference(value: str) -> str:
    reference, changed = text_param(value, max_length=20)
    if changed or not reference:
        raise Http404
    return reference


def melding_sent(request, reference: str):
    """The confirmation: for the reporter with an account, or for the visitor who sent
    this anonymous melding in this session; anyone else gets 404."""
    reference = _reference(reference)
    melding = get_object_or_404(
        Melding.objects.select_related("wijk", "complex"), reference=reference
    )
    mine = can_view_own_melding(request.user, melding)
    sent_here = melding.reporter_id is None and reference in request.session.get(SESSION_KEY, [])
    if not (mine or sent_here):
        raise Http404
    return render(request, "signalen/resident/sent.html", {"melding": melding, "mine": mine})


@login_required
def mine(request):
    meldingen = Melding.objects.filter(reporter=request.user).select_related("wijk", "complex")
    return render(request, "signalen/resident/mine.html", {"meldingen": meldingen[:200]})


def _own(request, reference: str) -> Melding:
    """The signed-in resident's own melding; anyone else's answers 404."""
    return get_object_or_404(
        Melding.objects.select_related("wijk", "complex"),
        reference=_reference(reference),
        reporter=request.user,
    )


@login_required
def mine_detail(request, reference: str):
    melding = _own(request, reference)
    updates = list(
        melding.updates.filter(visible_to_reporter=True)
        .exclude(kind=MeldingUpdate.Kind.NOTE)
        .select_related("author")
        .prefetch_related("author__groups")
    )
    return render(
        request,
        "signalen/resident/detail.html",
        {
            "melding": melding,
            "updates": updates,
            "feedback": [u for u in updates if u.kind == MeldingUpdate.Kind.FEEDBACK],
            "photos": list(melding.photos.all()),
        },
    )


def photo(request, pk: int, size: str = "thumb"):
    """A photo of a melding, for its reporter and for staff who handle it (the photos are
    never public)."""
    picture = get_object_or_404(MeldingPhoto.objects.select_related("melding"), pk=pk)
    melding = picture.melding
    if not (
        can_view_own_melding(request.user, melding) or can_handle_melding(request.user, melding)
    ):
        raise Http404
    field = picture.image if size == "full" else picture.thumbnail
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    return response
