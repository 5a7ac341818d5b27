"""The melding queue and a melding's page in the Wagtail admin, for staff who handle
meldingen: per neighbourhood (only the wijken in the person's reach) and "assigned to
me", filters, the working days left per term, bulk acknowledgement, and every action on
one melding. Views parse, call a service, and render; the services check permission
again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.fields import ids_param, int_param, text_param
from portal.pagination import paginate
from portal.permissions import wijken_in_reach
from portal.selectors import calendar_for
from portal.templatetags.portal_tags import term_badge

from . import services
from .forms import (
    AssignForm,
    ClassifyForm,
    CloseForm,
    CloseReferralForm,
    CostForm,
    ReferForm,
    TextForm,
)
from .models import Melding, MeldingStatus, Referral, ReferralOutcome, SignalType
from .permissions import can_handle_melding, handles_meldingen, meldingen_in_reach
from .transitions import AWAITING_ACKNOWLEDGEMENT, OPEN, transitions_from

S = MeldingStatus
PER_PAGE = 50


def _require_handler(request) -> None:
    if not handles_meldingen(request.user):
        raise PermissionDenied


def term_cells(melding, today, calendar) -> dict:
    """The badges of the two terms of a row: acknowledgement and answer."""
    paused = melding.paused_at is not None
    if melding.acknowledged_at is None and melding.status in AWAITING_ACKNOWLEDGEMENT:
        ack = term_badge(calendar.days_left(melding.acknowledge_due, today))
    else:
        ack = _("bevestigd")
    if melding.answered_at is not None:
        answer = _("beantwoord")
    elif melding.status in OPEN and melding.answer_due is not None:
        answer = term_badge(calendar.days_left(melding.answer_due, today), paused)
    else:
        answer = "–"
    return {"ack": ack, "answer": answer}


def queue_filters(request) -> dict:
    """The filters of the queue, read safely from the query string."""
    status = request.GET.get("status", "open")
    if status not in {"open", "all", *S.values}:
        status = "open"
    signal_type = request.GET.get("type", "")
    if signal_type not in SignalType.values:
        signal_type = ""
    query, _changed = text_param(request.GET.get("q"), max_length=40)
    return {
        "status": status,
        "type": signal_type,
        "wijk": int_param(request.GET.get("wijk")),
        "overdue": request.GET.get("overdue") == "1",
        "mine": request.GET.get("mine") == "1",
        "q": query.strip(),
    }


def queue_queryset(request, filters: dict):
    meldingen = meldingen_in_reach(Melding.objects.all(), request.user)
    if filters["status"] == "open":
        meldingen = meldingen.exclude(status=S.GESLOTEN)
    elif filters["status"] != "all":
        meldingen = meldingen.filter(status=filters["status"])
    if filters["type"]:
        meldingen = meldingen.filter(signal_type=filters["type"])
    if filters["wijk"]:
        meldingen = meldingen.filter(wijk_id=filters["wijk"])
    if filters["mine"]:
        meldingen = meldingen.filter(assigned_to=request.user)
    if filters["overdue"]:
        meldingen = meldingen.filter(queue_due__lt=timezone.now(), paused_at=None)
    if filters["q"]:
        meldingen = meldingen.filter(reference__icontains=filters["q"])
    return (
        meldingen.select_related("wijk", "assigned_to")
        .only(
            "reference",
            "signal_type",
            "status",
            "submitted_at",
            "acknowledge_due",
            "answer_due",
            "acknowledged_at",
            "answered_at",
            "paused_at",
            "queue_due",
            "reporter_id",
            "wijk__name",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "assigned_to__email",
        )
        .order_by(F("queue_due").asc(nulls_last=True), "-pk")
    )


def queue(request):
    _require_handler(request)
    filters = queue_filters(request)
    page = paginate(request, queue_queryset(request, filters), PER_PAGE)
    today, calendar = calendar_for(request)
    rows = [{"melding": m, **term_cells(m, today, calendar)} for m in page.object_list]
    query = request.GET.copy()
    query.pop("pagina", None)
    return TemplateResponse(
        request,
        "signalen/admin/melding_queue.html",
        {
            "page_title": _("Meldingen"),
            "page": page,
            "rows": rows,
            "filters": filters,
            "wijken": list(wijken_in_reach(request.user).only("pk", "name")),
            "statuses": S.choices,
            "types": SignalType.choices,
            "query": query.urlencode(),
        },
    )


@require_POST
def acknowledge_many(request):
    """Acknowledge the chosen meldingen: one service call each, in one transaction; those
    already acknowledged are left alone (a second click changes nothing)."""
    _require_handler(request)
    ids = ids_param(request.POST.getlist("ids"))
    chosen = list(
        meldingen_in_reach(Melding.objects.filter(pk__in=ids), request.user).order_by("pk")
    )
    if not chosen:
        messages.error(request, _("Kies een of meer meldingen."))
        return redirect("signalen_meldingen:index")
    done, refused = services.meldingen_acknowledge(meldingen=chosen, user=request.user)
    if done:
        messages.success(
            request,
            ngettext(
                "De ontvangst van %(count)d melding is bevestigd.",
                "De ontvangst van %(count)d meldingen is bevestigd.",
                len(done),
            )
            % {"count": len(done)},
        )
    else:
        messages.info(request, _("De gekozen meldingen waren al bevestigd."))
    for line in refused:
        messages.error(request, line)
    return redirect("signalen_meldingen:index")


def _melding(request, pk: int) -> Melding:
    _require_handler(request)
    melding = get_object_or_404(
        Melding.objects.select_related(
            "wijk", "complex", "reporter", "assigned_to", "pillar", "dossier"
        ),
        pk=pk,
    )
    if not can_handle_melding(request.user, melding):
        raise Http404
    return melding


def _forms(melding, data=None, name=None) -> dict:
    """The forms of the page; the one named `name` bound to `data` (a refused post)."""

    def bound(form_name):
        return data if form_name == name else None

    def ids(form_name):
        return {"auto_id": f"id_{form_name}_%s"}

    return {
        "assign": AssignForm(
            bound("assign"),
            **ids("assign"),
            people=services.handlers_reaching(melding.wijk_id).order_by(
                "first_name", "last_name", "email"
            ),
            initial={"assignee": melding.assigned_to_id},
        ),
        "note": TextForm(
            bound("note"), **ids("note"), label=_("Interne notitie (de melder ziet dit niet)")
        ),
        "feedback": TextForm(
            bound("feedback"), **ids("feedback"), label=_("Terugkoppeling aan de melder")
        ),
        "wait": TextForm(bound("wait"), **ids("wait"), label=_("Uw vraag aan de melder")),
        "reopen": TextForm(
            bound("reopen"), **ids("reopen"), label=_("Waarom weer in behandeling?")
        ),
        "close": CloseForm(bound("close"), **ids("close")),
        "refer": ReferForm(bound("refer"), **ids("refer")),
        "cost": CostForm(bound("cost"), **ids("cost")),
        "classify": ClassifyForm(
            bound("classify"),
            **ids("classify"),
            initial={"signal_type": melding.signal_type, "pillar": melding.pillar_id},
        ),
    }


def detail(request, pk: int, forms=None, status: int = 200):
    melding = _melding(request, pk)
    today, calendar = calendar_for(request)
    moves = {t.name for t in transitions_from(melding.status)}
    context = {
        "page_title": _("Melding %(reference)s") % {"reference": melding.reference},
        "melding": melding,
        "terms": term_cells(melding, today, calendar),
        "updates": list(melding.updates.select_related("author")),
        "photos": list(melding.photos.all()),
        "referrals": list(melding.referrals.select_related("partner")),
        "costs": list(melding.costs.all()),
        "moves": moves,
        "can_feedback": melding.reporter_id is not None
        and (melding.status == S.BEANTWOORD or "answer" in moves),
        "forms": forms or _forms(melding),
        "referral_outcomes": ReferralOutcome.choices,
        "queue_url": reverse("signalen_meldingen:index"),
    }
    return TemplateResponse(request, "signalen/admin/melding_detail.html", context, status=status)


def _run(request, melding, name: str, form, call):
    """Validate `form`, call the service; on a refusal show the page again with the
    message beside the form and everything typed kept."""
    back = redirect("signalen_meldingen:detail", pk=melding.pk)
    if form is not None and not form.is_valid():
        return None
    try:
        call(form.cleaned_data if form is not None else {})
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Dit mag u niet doen."))
        return back
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return back
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None
    messages.success(request, DONE[name])
    return back


DONE = {
    "acknowledge": _("De ontvangst is bevestigd; de melder krijgt de e-mail."),
    "assign": _("De melding is toegewezen."),
    "start": _("De melding is in behandeling."),
    "note": _("De notitie is toegevoegd."),
    "feedback": _("De terugkoppeling is verstuurd."),
    "wait": _("De vraag is verstuurd; de klok staat stil."),
    "resume": _("De behandeling gaat verder; de termijnen zijn opgeschoven."),
    "reopen": _("De melding is weer in behandeling."),
    "close": _("De melding is gesloten."),
    "refer": _("De doorverwijzing is vastgelegd."),
    "close_referral": _("De doorverwijzing is afgesloten."),
    "cost": _("De kosten zijn vastgelegd."),
    "polluted": _("De markering vervuilde woning is bijgewerkt."),
    "classify": _("De soort en de pijler zijn bijgewerkt."),
}


@require_POST
def action(request, pk: int, name: str):
    melding = _melding(request, pk)
    user = request.user
    if name not in DONE:
        raise Http404
    forms = _forms(melding, request.POST, name)
    form = forms.get(name)
    calls = {
        "acknowledge": lambda d: services.melding_acknowledge(melding=melding, user=user),
        "assign": lambda d: services.melding_assign(
            melding=melding, user=user, assignee=d["assignee"]
        ),
        "start": lambda d: services.melding_start(melding=melding, user=user),
        "note": lambda d: services.melding_note(melding=melding, user=user, text=d["text"]),
        "feedback": lambda d: services.melding_feedback(melding=melding, user=user, text=d["text"]),
        "wait": lambda d: services.melding_wait_on_reporter(
            melding=melding, user=user, question=d["text"]
        ),
        "resume": lambda d: services.melding_resume(melding=melding, user=user),
        "reopen": lambda d: services.melding_reopen(melding=melding, user=user, reason=d["text"]),
        "close": lambda d: services.melding_close(
            melding=melding, user=user, outcome=d["outcome"], note=d.get("note", "")
        ),
        "refer": lambda d: services.refer(
            subject=melding,
            partner=d["partner"],
            user=user,
            reason=d["reason"],
            follow_up_on=d.get("follow_up_on"),
        ),
        "cost": lambda d: services.record_cost(
            subject=melding,
            user=user,
            kind=d["kind"],
            amount=d["amount"],
            spent_on=d.get("spent_on"),
            description=d.get("description", ""),
        ),
        "classify": lambda d: services.melding_classify(
            melding=melding, user=user, signal_type=d["signal_type"], pillar=d.get("pillar")
        ),
        "polluted": lambda d: services.mark_polluted(
            subject=melding, user=user, polluted=request.POST.get("polluted") == "1"
        ),
    }
    if name == "close_referral":
        referral = get_object_or_404(
            Referral, pk=int_param(request.POST.get("referral")) or 0, melding=melding
        )
        form = CloseReferralForm(request.POST)
        calls[name] = lambda d: services.close_referral(
            referral=referral, user=user, outcome=d["outcome"]
        )
    response = _run(request, melding, name, form, calls[name])
    if response is None:
        messages.error(request, _("Niet alles is goed ingevuld; wat u invulde is bewaard."))
        return detail(request, pk, forms=forms, status=400)
    return response


def urlpatterns():
    return [
        path("meldingen/", queue, name="index"),
        path("meldingen/bevestigen/", acknowledge_many, name="acknowledge_many"),
        path("meldingen/<int:pk>/", detail, name="detail"),
        path("meldingen/<int:pk>/actie/<slug:name>/", action, name="action"),
    ]


def overdue_and_due_today(user):
    """For the dashboard panel: open meldingen in reach whose running term passed, and
    those due today (at most 15 each, read in one query)."""
    now = timezone.localtime()
    end_of_today = now.replace(hour=23, minute=59, second=59)
    rows = list(
        meldingen_in_reach(Melding.objects.filter(paused_at=None), user)
        .filter(queue_due__lte=end_of_today)
        .select_related("wijk")
        .only("reference", "signal_type", "status", "queue_due", "wijk__name")
        .order_by("queue_due", "pk")[:200]
    )
    overdue = [m for m in rows if m.queue_due < now][:15]
    today = [m for m in rows if m.queue_due >= now][:15]
    return overdue, today
