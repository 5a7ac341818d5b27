"""The resident side: overview with map, detail, proposal, and the actions on an
initiative. Views parse input, call a service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import sections
from portal.abuse import count_accepted, over_limit
from portal.fields import free_text, int_param, text_param
from portal.models import Wijk
from portal.page_cache import cache_public
from portal.pagination import paginate
from portal.permissions import has_verified_email
from portal.sections import render_sections

from . import permissions as perms
from . import selectors, services
from .forms import (
    CommentForm,
    InitiativeFilterForm,
    InitiativeForm,
    InviteForm,
    ProgressUpdateForm,
    ReportForm,
)
from .models import Comment, Initiative, Photo, Status
from .transitions import TRANSITIONS, transitions_from

PER_PAGE = 12


def _errors_to_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _refused(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _visible_initiative(request, pk: int) -> Initiative:
    """The initiative if this person may see it; otherwise 404, never a hint it exists."""
    initiative = get_object_or_404(Initiative.objects.select_related("wijk", "pillar"), pk=pk)
    if not perms.can_view_initiative(request.user, initiative):
        raise Http404
    return initiative


# The list and an initiative's page are the same for every anonymous visitor: kept in the
# page cache (portal.page_cache); the list with the filters and page of its address.
@cache_public(query=("q", "wijk", "pillar", "status", "sort", "pagina"))
def overview(request):
    form = InitiativeFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {}) or {}
    initiatives = selectors.public_initiatives()
    if q := filters.get("q"):
        initiatives = initiatives.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if wijk := filters.get("wijk"):
        initiatives = initiatives.filter(wijk=wijk)
    if pillar := filters.get("pillar"):
        initiatives = initiatives.filter(pillar=pillar)
    if status := filters.get("status"):
        initiatives = initiatives.filter(status=status)
    if filters.get("sort") == "steun":
        initiatives = initiatives.order_by("-support_count", "-published_at", "-pk")
    else:
        initiatives = initiatives.order_by("-published_at", "-pk")
    page = paginate(request, initiatives, per_page=PER_PAGE)
    kept = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    counts = selectors.initiatives_per_wijk()
    wijken = list(Wijk.objects.all())
    links = {
        w.pk: reverse("initiatieven:overview") + "?" + urlencode({"wijk": w.pk}) for w in wijken
    }
    return render(
        request,
        "initiatieven/overview.html",
        {
            "form": form,
            "page_obj": page,
            "extra": ("&" + urlencode(kept)) if kept else "",
            "filtered": bool(kept),
            "wijken": wijken,
            "wijk_counts": counts,
            "wijk_links": links,
            "can_propose": perms.can_propose(request.user)[0],
        },
    )


@cache_public
def detail(request, pk: int):
    initiative = _visible_initiative(request, pk)
    user = request.user
    is_team = perms.is_team_member(user, initiative)
    is_moderator = perms.can_moderate_initiative(user, initiative)
    supported = user.is_authenticated and initiative.supports.filter(user=user).exists()
    team_actions = [
        t
        for t in transitions_from(initiative.status)
        if t.name not in ("publish", "send_back", "reject", "take_offline")
        and perms.can_transition(user, initiative, t)[0]
    ]
    photos = [p for p in initiative.photos.all() if p.update_id is None]
    return render(
        request,
        "initiatieven/detail.html",
        {
            "initiative": initiative,
            "photos": photos,
            "team": [initiative.initiator, *initiative.co_initiators.all()],
            "is_team": is_team,
            "is_moderator": is_moderator,
            "show_messages": is_team or is_moderator,
            "can_edit": perms.can_edit_initiative(user, initiative),
            "can_support": perms.can_support(user, initiative),
            "can_comment": perms.can_comment(user, initiative),
            "can_post_update": perms.can_post_update(user, initiative),
            "can_invite": perms.can_invite(user, initiative),
            "supported": supported,
            "team_actions": team_actions,
            "comments": selectors.visible_comments(initiative),
            "updates": selectors.initiative_updates(initiative),
            # The team and its moderators see every step; everyone else the public ones.
            "timeline": selectors.initiative_timeline(initiative, full=is_team or is_moderator),
            "comment_form": CommentForm(),
            "invites": initiative.invites.filter(accepted_at=None) if is_team else [],
            "app_sections": render_sections(
                sections.INITIATIVE, request, initiative=initiative, is_team=is_team
            ),
        },
    )


def _save_initiative(request, form, initiative=None):
    """Save as concept, or save and submit when the person pressed 'Indienen'."""
    data, photos = form.service_data(), form.cleaned_data.get("photos") or []
    text = form.cleaned_data.get("photo_text", "")
    if initiative is None:
        initiative = services.initiative_create(
            user=request.user, data=data, photos=photos, photo_text=text
        )
    else:
        initiative = services.initiative_edit(
            initiative=initiative, user=request.user, data=data, photos=photos, photo_text=text
        )
    return initiative


@login_required
def propose(request):
    allowed, reason = perms.can_propose(request.user)
    if not allowed:
        messages.error(request, reason)
        if not has_verified_email(request.user):
            return redirect("account_email")
        return redirect("my_overview")
    return _edit_form(request, None)


@login_required
def edit(request, pk: int):
    initiative = _visible_initiative(request, pk)
    if not perms.can_edit_initiative(request.user, initiative):
        if perms.is_team_member(request.user, initiative):
            messages.error(
                request, _("Een ingediend of gepubliceerd initiatief kunt u niet meer wijzigen.")
            )
            return redirect(initiative)
        raise Http404
    return _edit_form(request, initiative)


# What a resident reads after a step: what happened and what comes next.
DONE = {
    "submit": _("Uw initiatief is ingediend. Een moderator bekijkt het; u krijgt bericht."),
    "resubmit": _(
        "Uw initiatief is opnieuw ingediend. Een moderator bekijkt het; u krijgt bericht."
    ),
    "start": _("Uw initiatief staat nu in uitvoering."),
    "complete": _("Uw initiatief is afgerond. Dank u wel!"),
    "withdraw": _("Uw initiatief is ingetrokken."),
}


def _edit_form(request, initiative):
    submitting = "indienen" in request.POST
    status = 200
    if request.method == "POST":
        form = InitiativeForm(request.POST, request.FILES, instance=initiative, complete=submitting)
        if form.caught_by_honeypot:
            return redirect("initiatieven:overview")
        if initiative is None and over_limit(request, "initiative_propose"):
            form.add_error(
                None,
                _("U heeft vandaag al veel initiatieven ingediend. Probeer het morgen opnieuw."),
            )
            status = 429
        elif form.is_valid():
            new = initiative is None
            try:
                initiative = _save_initiative(request, form, initiative)
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    form.add_error(None, str(exc))
                else:
                    _errors_to_form(form, exc)
            else:
                if new:
                    count_accepted(request, "initiative_propose")
                if submitting:
                    name = "resubmit" if initiative.status == Status.TERUGGESTUURD else "submit"
                    try:
                        services.initiative_transition(
                            initiative=initiative, name=name, user=request.user
                        )
                    except (ValidationError, PermissionDenied) as exc:
                        _refused(request, exc)
                        return redirect("initiatieven:edit", pk=initiative.pk)
                    messages.success(
                        request,
                        _(
                            "Uw initiatief is ingediend. U hoort van ons zodra een "
                            "moderator ernaar gekeken heeft."
                        ),
                    )
                    return redirect(initiative)
                messages.success(
                    request,
                    _("Uw concept is opgeslagen. U kunt later verder gaan via Mijn overzicht."),
                )
                return redirect("initiatieven:edit", pk=initiative.pk)
        if status == 200 and form.errors:
            status = 400
    else:
        initial = {"wijk": request.user.wijk_id} if initiative is None else None
        form = InitiativeForm(instance=initiative, initial=initial)
    similar = []
    title = text_param(form["title"].value(), max_length=120)[0]
    wijk_id = int_param(form["wijk"].value())
    if title and wijk_id:
        similar = selectors.similar_initiatives(
            title=title, wijk_id=wijk_id, exclude_pk=getattr(initiative, "pk", None)
        )
    photos = list(initiative.photos.filter(update=None)) if initiative else []
    question = None
    if initiative is not None and initiative.status == Status.TERUGGESTUURD:
        question = next(
            (s for s in reversed(selectors.initiative_timeline(initiative)) if s["message"]), None
        )
    return render(
        request,
        "initiatieven/form.html",
        {
            "form": form,
            "initiative": initiative,
            "similar": similar,
            "photos": photos,
            "question": question,
        },
        status=status,
    )


def similar(request):
    """The list of look-alike initiatives shown while someone types a title."""
    found = selectors.similar_initiatives(
        title=text_param(request.GET.get("title"), max_length=120)[0],
        wijk_id=int_param(request.GET.get("wijk")),
        exclude_pk=int_param(request.GET.get("exclude")),
    )
    return render(request, "initiatieven/includes/similar.html", {"similar": found})


@require_POST
@login_required
def transition(request, pk: int, name: str):
    initiative = _visible_initiative(request, pk)
    if name not in TRANSITIONS:
        raise Http404
    try:
        services.initiative_transition(
            initiative=initiative,
            name=name,
            user=request.user,
            reason=free_text(request.POST.get("reason")),
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, DONE.get(name, _("Uw initiatief is bijgewerkt.")))
    return redirect(initiative)


@require_POST
@login_required
def support(request, pk: int):
    initiative = _visible_initiative(request, pk)
    withdraw = request.POST.get("action") == "withdraw"
    if over_limit(request, "initiative_support"):
        messages.error(
            request, _("U heeft te vaak op steunen gedrukt. Probeer het straks opnieuw.")
        )
        return redirect(initiative)
    try:
        if withdraw:
            services.support_withdraw(initiative=initiative, user=request.user)
            messages.success(request, _("U steunt dit initiatief niet meer."))
        else:
            services.support_add(initiative=initiative, user=request.user)
            messages.success(request, _("Bedankt voor uw steun!"))
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        count_accepted(request, "initiative_support")
    return redirect(initiative)


@login_required
def comment(request, pk: int):
    initiative = _visible_initiative(request, pk)
    if request.method != "POST":
        return redirect(initiative.get_absolute_url() + "#reageren")
    form = CommentForm(request.POST)
    if form.caught_by_honeypot:
        return redirect(initiative)
    if over_limit(request, "initiative_comment"):
        form.add_error(
            None,
            _("U heeft veel reacties kort na elkaar geplaatst. Wacht even en probeer het opnieuw."),
        )
    elif form.is_valid():
        try:
            new = services.comment_post(
                initiative=initiative, user=request.user, body=form.cleaned_data["body"]
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            count_accepted(request, "initiative_comment")
            messages.success(request, _("Uw reactie is geplaatst."))
            return redirect(initiative.get_absolute_url() + f"#reactie-{new.pk}")
    return render(
        request,
        "initiatieven/comment_form.html",
        {"initiative": initiative, "form": form},
        status=429 if form.non_field_errors() and not form.has_error("body") else 400,
    )


@login_required
def report(request, pk: int):
    comment_obj = get_object_or_404(
        Comment.objects.select_related("initiative__wijk", "author"), pk=pk
    )
    initiative = comment_obj.initiative
    if not perms.can_view_initiative(request.user, initiative):
        raise Http404
    allowed, reason = perms.can_report_comment(request.user, comment_obj)
    if not allowed:
        messages.error(request, reason)
        return redirect(initiative)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.caught_by_honeypot:
            return redirect(initiative)
        if over_limit(request, "initiative_report"):
            form.add_error(
                None, _("U heeft veel meldingen kort na elkaar gedaan. Probeer het later opnieuw.")
            )
            status = 429
        elif form.is_valid():
            try:
                services.comment_report(
                    comment=comment_obj,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    explanation=form.cleaned_data["explanation"],
                )
            except (ValidationError, PermissionDenied) as exc:
                _refused(request, exc)
                return redirect(initiative)
            count_accepted(request, "initiative_report")
            messages.success(request, _("Dank u. Een moderator bekijkt de reactie."))
            return redirect(initiative.get_absolute_url() + f"#reactie-{comment_obj.pk}")
        else:
            status = 400
    return render(
        request,
        "initiatieven/report_form.html",
        {"form": form, "comment": comment_obj, "initiative": initiative},
        status=status,
    )


@login_required
def progress_update(request, pk: int):
    initiative = _visible_initiative(request, pk)
    if not perms.can_post_update(request.user, initiative):
        raise Http404
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not form.caught_by_honeypot:
            try:
                update = services.progress_update_post(
                    initiative=initiative,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    photos=form.cleaned_data["photos"],
                    photo_text=form.cleaned_data["photo_text"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Uw voortgangsbericht staat online."))
                return redirect(initiative.get_absolute_url() + f"#update-{update.pk}")
        status = 400
    return render(
        request,
        "initiatieven/update_form.html",
        {"form": form, "initiative": initiative},
        status=status,
    )


@login_required
def invite(request, pk: int):
    initiative = _visible_initiative(request, pk)
    if not perms.can_invite(request.user, initiative):
        raise Http404
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not form.caught_by_honeypot:
            try:
                services.co_initiator_invite(
                    initiative=initiative, user=request.user, email=form.cleaned_data["email"]
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("De uitnodiging is verstuurd."))
                return redirect(initiative)
        status = 400
    return render(
        request,
        "initiatieven/invite_form.html",
        {"form": form, "initiative": initiative},
        status=status,
    )


@login_required
def invite_accept(request, token: str):
    if request.method == "POST":
        try:
            initiative = services.co_initiator_accept(token=token, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
            return redirect("my_overview")
        messages.success(request, _("U bent nu mede-initiatiefnemer."))
        return redirect(initiative)
    from .models import CoInitiatorInvite

    invitation = (
        CoInitiatorInvite.objects.select_related("initiative", "invited_by")
        .filter(token=token, accepted_at=None)
        .first()
    )
    return render(request, "initiatieven/invite_accept.html", {"invitation": invitation})


@require_POST
@login_required
def photo_delete(request, pk: int, photo_pk: int):
    initiative = _visible_initiative(request, pk)
    photo = get_object_or_404(Photo, pk=photo_pk, initiative=initiative)
    try:
        services.photo_delete(photo=photo, user=request.user)
    except PermissionDenied as exc:
        _refused(request, exc)
        return redirect(initiative)
    messages.success(request, _("De foto is verwijderd."))
    if perms.can_edit_initiative(request.user, initiative):
        return redirect("initiatieven:edit", pk=initiative.pk)
    return redirect(initiative)
