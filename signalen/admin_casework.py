"""Contact log and dossiers in the admin (sigstaff).

Pages for staff in the Wagtail admin, all behind the two-factor rule and the casework
privacy rule (signalen.case_permissions), checked on the server for every object:

- the quick contact form (a phone in the street), the contact list per wijk with
  filters, one contact, and "my follow-ups due";
- dossiers: list, open one, its page with one timeline of everything linked and the
  actions; every opening of a dossier's page writes a DossierRead row;
- for the coordinator: the read log per dossier and across dossiers, and the open
  referrals per partner (overdue follow-ups first), closing one with an outcome;
- dashboard panels, the menu, and the demo data of contacts and dossiers.

Every list and page reads a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks

from portal import sections
from portal.fields import free_text, int_param, parse_amount, text_param

from . import case_permissions as access
from . import casework
from .case_forms import (
    DATE_FORMATS,
    PRIVACY_WARNING,
    ContactForm,
    DossierForm,
    now_for_input,
    open_partners,
)
from .models import (
    ContactChannel,
    ContactMoment,
    ContactTopic,
    Cost,
    CostKind,
    Dossier,
    DossierOutcome,
    DossierRead,
    DossierStatus,
    DossierSubject,
    Melding,
    Referral,
    ReferralOutcome,
    SignalType,
)

PAGE_SIZE = 50
ALL_WIJKEN = "alle"
LAST_CHANNEL_KEY = "signalen_last_channel"
DRAFT_KEY = "signalen_dossier_draft"


# --- access ---------------------------------------------------------------------------


def _casework(view):
    """Only people whose role works with contacts and dossiers reach these pages."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.uses_casework(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _overseer(view):
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.is_overseer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _visible_or_404(queryset, request, pk):
    pk = int_param(pk)
    obj = access.visible(queryset, request.user).filter(pk=pk).first() if pk else None
    if obj is None:
        raise Http404
    return obj


def _no_werkgebied(request) -> bool:
    return access.uses_casework(request.user) and not access.casework_reach(request.user)


def _page(request, queryset):
    number = int_param(request.GET.get("p"), maximum=100_000) or 1
    paginator = Paginator(queryset, PAGE_SIZE)
    if number > paginator.num_pages:
        number = paginator.num_pages
    return paginator.page(number)


class Window:
    """One page of a list that never counts all its rows (a count would grow with the
    log): it reads one row more than it shows to know whether a next page exists."""

    paginator = None  # the pager shows "Pagina n" without a total

    def __init__(self, request, queryset, size: int = PAGE_SIZE):
        self.number = int_param(request.GET.get("p"), maximum=10_000) or 1
        rows = list(queryset[(self.number - 1) * size : self.number * size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in ("p", *names):
        query.pop(name, None)
    return query.urlencode()


def _choice_param(request, name, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in choices else ""


# --- contacts -------------------------------------------------------------------------


def _contact_defaults(request) -> dict:
    """Now, the person's own wijk (their werkgebied, else the wijk of their last contact),
    and the channel they used last."""
    user = request.user
    last = (
        ContactMoment.objects.filter(logged_by=user)
        .order_by("-created_at", "-pk")
        .values("wijk_id", "channel")
        .first()
    )
    reach = access.casework_reach(user)
    wijk = None
    if last and access.can_see_wijk(user, last["wijk_id"]):
        wijk = last["wijk_id"]
    elif reach and reach != access.ALL:
        wijk = min(reach)
    else:
        from .case_permissions import role_facts

        mine = sorted(role_facts(user).werkgebied)
        wijk = mine[0] if mine else None
    channel = request.session.get(LAST_CHANNEL_KEY) or (last["channel"] if last else "")
    return {
        "happened_at": now_for_input(),
        "wijk": wijk,
        "channel": channel if channel in ContactChannel.values else ContactChannel.STRAAT,
    }


def _put_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@_casework
def contact_log(request):
    """The quick contact form: one screen on a phone, sensible defaults, one button."""
    if _no_werkgebied(request):
        return _no_werkgebied_page(request, _("Contact vastleggen"))
    initial = _contact_defaults(request)
    dossier = None
    dossier_pk = int_param(request.GET.get("dossier") or request.POST.get("dossier"))
    if dossier_pk:
        dossier = (
            access.visible(Dossier.objects.select_related("wijk"), request.user)
            .filter(pk=dossier_pk, status=DossierStatus.OPEN)
            .first()
        )
        if dossier is not None:
            initial.update(
                wijk=dossier.wijk_id, complex=dossier.complex_id, address=dossier.address
            )
    form = ContactForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact = casework.log_contact(
                    user=request.user,
                    happened_at=data["happened_at"],
                    wijk=data["wijk"],
                    complex=data["complex"],
                    address=data["address"],
                    channel=data["channel"],
                    topics=data["topics"],
                    pillar=data["pillar"] or _default_pillar(data["topics"]),
                    summary=data["summary"],
                    follow_up_on=data["follow_up_on"],
                    partner=data["partner"],
                    referral_reason=data["referral_reason"],
                    referral_follow_up=data["referral_follow_up"],
                    dossier=dossier,
                )
            except ValidationError as exc:
                _put_errors(form, exc)
            except PermissionDenied:
                form.add_error("wijk", _("U werkt niet in deze wijk."))
            else:
                request.session[LAST_CHANNEL_KEY] = contact.channel
                messages.success(
                    request,
                    _("Het contact is vastgelegd.")
                    + (
                        " "
                        + _("Het is doorverwezen naar %(partner)s.")
                        % {"partner": data["partner"].name}
                        if data["partner"]
                        else ""
                    ),
                )
                if dossier is not None:
                    return redirect("signalen_case:dossier", pk=dossier.pk)
                return redirect(reverse("signalen_case:contact_log") + "?vastgelegd=1")
        status = 400
    return TemplateResponse(
        request,
        "signalen/case/contact_form.html",
        {
            "form": form,
            "dossier": dossier,
            "warning": PRIVACY_WARNING,
            "page_title": _("Contact vastleggen"),
            "header_icon": "comment",
        },
        status=status,
    )


def _default_pillar(topics):
    from .models import default_pillar

    return default_pillar(topics[0]) if topics else None


def _no_werkgebied_page(request, title):
    return TemplateResponse(
        request,
        "signalen/case/no_werkgebied.html",
        {"page_title": title, "header_icon": "warning"},
        status=403,
    )


def _contacts(request):
    return access.visible(ContactMoment.objects.all(), request.user)


CONTACT_FILTERS = ("wijk", "kanaal", "onderwerp", "mijn", "opvolgen", "q")


@_casework
def contact_list(request):
    """The contact log per wijk, newest first, with filters; "my follow-ups due" is the
    list of the person's own contacts whose follow-up date has come."""
    user = request.user
    contacts = _contacts(request)
    wijken = list(access.wijken_for_casework(user).order_by("name").only("pk", "name"))
    mine = request.GET.get("mijn") == "1"
    due = request.GET.get("opvolgen") == "1"
    chosen_wijk = request.GET.get("wijk", "")
    wijk_id = int_param(chosen_wijk)
    reach = access.casework_reach(user)
    if not wijk_id and chosen_wijk != ALL_WIJKEN and reach != access.ALL and wijken:
        if not (mine or due):
            # The log of one wijk at a time, the first of the person's own: it reads in
            # the (wijk, moment) index's order. "Alle wijken" shows every wijk of theirs.
            wijk_id = wijken[0].pk
    if wijk_id:
        contacts = contacts.filter(wijk_id=wijk_id)
    channel = _choice_param(request, "kanaal", ContactChannel.values)
    if channel:
        contacts = contacts.filter(channel=channel)
    topic = _choice_param(request, "onderwerp", SignalType.values)
    if topic:
        # Per row a look-up in the (contact, signal_type) unique index: no list of every
        # contact with the topic, which would grow with the log.
        contacts = contacts.filter(
            Exists(ContactTopic.objects.filter(contact=OuterRef("pk"), signal_type=topic))
        )
    if due:
        contacts = contacts.filter(logged_by=user, follow_up_on__lte=timezone.localdate()).order_by(
            "follow_up_on", "pk"
        )
    else:
        if mine:
            contacts = contacts.filter(logged_by=user)
        contacts = contacts.order_by("-happened_at", "-pk")
    query, cleaned = text_param(request.GET.get("q"), max_length=100)
    if query:
        contacts = contacts.filter(Q(address__icontains=query) | Q(summary__icontains=query))
    page = Window(
        request,
        contacts.select_related("wijk", "complex", "logged_by", "dossier").prefetch_related(
            "topics"
        ),
    )
    if due:
        title = _("Mijn opvolgingen")
    else:
        title = _("Contacten")
    return TemplateResponse(
        request,
        "signalen/case/contact_list.html",
        {
            "page_title": title,
            "header_icon": "comment",
            "page": page,
            "contacts": page.object_list,
            "wijken": wijken,
            "channels": ContactChannel.choices,
            "topics": SignalType.choices,
            "chosen": {
                "wijk": wijk_id,
                "kanaal": channel,
                "onderwerp": topic,
                "mijn": mine,
                "opvolgen": due,
                "q": query,
            },
            "query_cleaned": cleaned,
            "paging_query": _query_without(request),
            "today": timezone.localdate(),
            "no_werkgebied": _no_werkgebied(request),
        },
    )


@_casework
def contact_detail(request, pk):
    contact = _visible_or_404(
        ContactMoment.objects.select_related(
            "wijk", "complex", "pillar", "logged_by", "dossier"
        ).prefetch_related(
            "topics", Prefetch("referrals", queryset=Referral.objects.select_related("partner"))
        ),
        request,
        pk,
    )
    dossiers = []
    if contact.dossier_id is None:
        dossiers = list(
            access.visible(Dossier.objects.filter(wijk_id=contact.wijk_id), request.user)
            .filter(status=DossierStatus.OPEN)
            .order_by("-opened_at")[:30]
        )
    return TemplateResponse(
        request,
        "signalen/case/contact_detail.html",
        {
            "page_title": _("Contact van %(date)s") % {"date": _local_text(contact.happened_at)},
            "header_icon": "comment",
            "contact": contact,
            "dossiers": dossiers,
            "today": timezone.localdate(),
        },
    )


@_casework
@require_POST
def contact_action(request, pk, name):
    contact = _visible_or_404(ContactMoment.objects.all(), request, pk)
    try:
        if name == "opgevolgd":
            casework.complete_follow_up(
                user=request.user, contact=contact, note=free_text(request.POST.get("note"))
            )
            messages.success(request, _("De opvolging is afgerond."))
        elif name == "koppelen":
            dossier = _visible_or_404(Dossier.objects.all(), request, request.POST.get("dossier"))
            casework.link_signal(user=request.user, dossier=dossier, contact=contact)
            messages.success(
                request,
                _("Het contact is gekoppeld aan dossier %(reference)s.")
                % {"reference": dossier.reference},
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("signalen_case:contact", pk=contact.pk)


def _local_text(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y H:i") if moment else "–"


# --- dossiers -------------------------------------------------------------------------


@_casework
def dossier_list(request):
    user = request.user
    dossiers = access.visible(Dossier.objects.all(), user)
    wijk_id = int_param(request.GET.get("wijk"))
    if wijk_id:
        dossiers = dossiers.filter(wijk_id=wijk_id)
    status = _choice_param(request, "status", DossierStatus.values)
    if status:
        dossiers = dossiers.filter(status=status)
    subject = _choice_param(request, "onderwerp", DossierSubject.values)
    if subject:
        dossiers = dossiers.filter(subject=subject)
    query, cleaned = text_param(request.GET.get("q"), max_length=100)
    if query:
        upper = query.upper()
        if upper.startswith("D-"):
            dossiers = dossiers.filter(reference__startswith=upper)
        else:
            dossiers = dossiers.filter(Q(title__icontains=query) | Q(address__icontains=query))
    dossiers = dossiers.select_related("wijk", "complex", "opened_by").order_by("-opened_at", "-pk")
    page = _page(request, dossiers)
    page.object_list = _count_signals(page.object_list)
    return TemplateResponse(
        request,
        "signalen/case/dossier_list.html",
        {
            "page_title": _("Leefbaarheidsdossiers"),
            "header_icon": "folder-open-inverse",
            "page": page,
            "dossiers": page.object_list,
            "wijken": list(access.wijken_for_casework(user).order_by("name").only("pk", "name")),
            "statuses": DossierStatus.choices,
            "subjects": DossierSubject.choices,
            "chosen": {"wijk": wijk_id, "status": status, "onderwerp": subject, "q": query},
            "query_cleaned": cleaned,
            "paging_query": _query_without(request),
            "no_werkgebied": _no_werkgebied(request),
        },
    )


def _count_signals(dossiers) -> list:
    """melding_count and contact_count on each dossier of a page: two grouped queries
    for the page's dossiers only (counting for every dossier would grow with the data)."""
    dossiers = list(dossiers)
    ids = [dossier.pk for dossier in dossiers]
    per = {}
    for model, name in ((Melding, "melding_count"), (ContactMoment, "contact_count")):
        per[name] = dict(
            model.objects.filter(dossier_id__in=ids)
            .values("dossier_id")
            .annotate(n=Count("pk"))
            .values_list("dossier_id", "n")
        )
    for dossier in dossiers:
        dossier.melding_count = per["melding_count"].get(dossier.pk, 0)
        dossier.contact_count = per["contact_count"].get(dossier.pk, 0)
    return dossiers


@_casework
def dossier_create(request):
    """Open a dossier: empty, or from a melding or a contact (?melding= / ?contact=)."""
    if _no_werkgebied(request):
        return _no_werkgebied_page(request, _("Dossier openen"))
    user = request.user
    source_melding = source_contact = None
    params = request.POST if request.method == "POST" else request.GET
    if params.get("melding"):
        source_melding = _visible_or_404(
            Melding.objects.select_related("wijk", "complex", "dossier"), request, params["melding"]
        )
    elif params.get("contact"):
        source_contact = _visible_or_404(
            ContactMoment.objects.select_related("wijk", "complex", "dossier"),
            request,
            params["contact"],
        )
    source = source_melding or source_contact
    initial = {}
    if source is not None:
        initial = {
            "wijk": source.wijk_id,
            "complex": source.complex_id,
            "address": source.address,
            "subject": DossierSubject.ADRES if source.address else DossierSubject.COMPLEX,
            "pillar": source.pillar_id,
        }
    form = DossierForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = casework.open_dossier(
                    user=user,
                    subject=data["subject"],
                    title=data["title"],
                    wijk=data["wijk"],
                    complex=data["complex"],
                    address=data["address"],
                    pillar=data["pillar"],
                    melding=source_melding,
                    contact=source_contact,
                )
            except ValidationError as exc:
                _put_errors(form, exc)
            except PermissionDenied:
                form.add_error("wijk", _("U werkt niet in deze wijk."))
            else:
                messages.success(
                    request,
                    _("Dossier %(reference)s is geopend.") % {"reference": dossier.reference},
                )
                return redirect("signalen_case:dossier", pk=dossier.pk)
        status = 400
    return TemplateResponse(
        request,
        "signalen/case/dossier_form.html",
        {
            "page_title": _("Dossier openen"),
            "header_icon": "folder-open-inverse",
            "form": form,
            "source_melding": source_melding,
            "source_contact": source_contact,
        },
        status=status,
    )


def dossier_timeline(dossier, *, meldingen, contacts, instruments, referrals, costs) -> list:
    """Everything that happened in the dossier, oldest first: its status changes (from
    its history), the meldingen and contacts gathered in it, the instruments applied,
    the referrals and costs (also of its meldingen and contacts)."""
    from portal.templatetags.portal_tags import euro

    def day(value):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(12, 0)))

    events = []
    previous = None
    for record in dossier.history.select_related("history_user").order_by("history_date", "pk"):
        if previous is None:
            events.append(
                {
                    "when": record.history_date,
                    "kind": _("Dossier geopend"),
                    "text": record.title,
                    "who": record.history_user,
                }
            )
        elif record.status != previous.status:
            events.append(
                {
                    "when": record.history_date,
                    "kind": _("Gesloten")
                    if record.status == DossierStatus.GESLOTEN
                    else _("Heropend"),
                    "text": (
                        str(DossierOutcome(record.outcome).label) + " – "
                        if record.status == DossierStatus.GESLOTEN and record.outcome
                        else ""
                    )
                    + (record.history_change_reason or ""),
                    "who": record.history_user,
                }
            )
        elif record.polluted_home != previous.polluted_home:
            events.append(
                {
                    "when": record.history_date,
                    "kind": _("Vervuilde woning"),
                    "text": _("Gemarkeerd als vervuilde woning")
                    if record.polluted_home
                    else _("Markering vervuilde woning weggehaald"),
                    "who": record.history_user,
                }
            )
        previous = record
    for melding in meldingen:
        events.append(
            {
                "when": melding.submitted_at,
                "kind": _("Melding"),
                "text": f"{melding.get_signal_type_display()}: {melding.description[:200]}",
                "ref": melding.reference,
                "url": _melding_url(melding),
            }
        )
    for contact in contacts:
        events.append(
            {
                "when": contact.happened_at,
                "kind": _("Contact (%(channel)s)") % {"channel": contact.get_channel_display()},
                "text": contact.summary[:300],
                "who": contact.logged_by,
                "url": reverse("signalen_case:contact", args=[contact.pk]),
            }
        )
    for applied in instruments:
        events.append(
            {
                "when": day(applied.applied_on),
                "date_only": True,
                "kind": _("Instrument ingezet"),
                "text": f"{applied.instrument.name}"
                + (f": {applied.result}" if applied.result else ""),
                "who": applied.recorded_by,
            }
        )
    for referral in referrals:
        events.append(
            {
                "when": day(referral.referred_on),
                "date_only": True,
                "kind": _("Doorverwezen naar %(partner)s") % {"partner": referral.partner.name},
                "text": referral.reason
                + (
                    " – "
                    + _("afgesloten: %(outcome)s") % {"outcome": referral.get_outcome_display()}
                    if referral.closed_at
                    else ""
                ),
                "who": referral.created_by,
            }
        )
    for cost in costs:
        events.append(
            {
                "when": day(cost.spent_on),
                "date_only": True,
                "kind": _("Kosten: %(kind)s") % {"kind": cost.get_kind_display()},
                "text": f"{euro(cost.amount)}"
                + (f" – {cost.description}" if cost.description else ""),
                "who": cost.recorded_by,
            }
        )
    events.sort(key=lambda event: event["when"])
    return events


def _melding_url(melding) -> str:
    return reverse("signalen_meldingen:detail", args=[melding.pk])


def _dossier_parts(dossier):
    meldingen = list(dossier.meldingen.order_by("submitted_at", "pk"))
    contacts = list(dossier.contacts.select_related("logged_by").order_by("happened_at", "pk"))
    instruments = list(
        dossier.instruments.select_related("instrument", "recorded_by").order_by("applied_on", "pk")
    )
    # By the ids of what the dossier holds: each part of the OR walks its own foreign-key
    # index, whatever the number of referrals and costs in the database.
    melding_ids = [melding.pk for melding in meldingen]
    contact_ids = [contact.pk for contact in contacts]
    referrals = list(
        Referral.objects.filter(
            Q(dossier=dossier) | Q(melding_id__in=melding_ids) | Q(contact_id__in=contact_ids)
        )
        .select_related("partner", "created_by")
        .order_by("referred_on", "pk")
    )
    costs = list(
        Cost.objects.filter(Q(dossier=dossier) | Q(melding_id__in=melding_ids))
        .select_related("recorded_by")
        .order_by("spent_on", "pk")
    )
    return meldingen, contacts, instruments, referrals, costs


def _draft(request, dossier) -> dict:
    draft = request.session.pop(DRAFT_KEY, None)
    if not isinstance(draft, dict) or draft.get("pk") != dossier.pk:
        return {}
    return draft


@_casework
def dossier_detail(request, pk):
    """A dossier's page: its facts, one timeline of everything linked, and the actions.
    Every opening writes a row in its read log."""
    from decimal import Decimal

    from cms.models import Instrument

    dossier = _visible_or_404(
        Dossier.objects.select_related("wijk", "complex", "pillar", "opened_by"), request, pk
    )
    casework.record_dossier_read(user=request.user, dossier=dossier)
    meldingen, contacts, instruments, referrals, costs = _dossier_parts(dossier)
    is_open = dossier.status == DossierStatus.OPEN
    linkable_contacts = linkable_meldingen = []
    if is_open:
        linkable_contacts = list(
            ContactMoment.objects.filter(wijk_id=dossier.wijk_id, dossier=None)
            .order_by("-happened_at", "-pk")
            .only("pk", "happened_at", "channel", "address", "summary")[:30]
        )
        linkable_meldingen = list(
            Melding.objects.filter(wijk_id=dossier.wijk_id, dossier=None)
            .exclude(reference=None)
            .order_by("-submitted_at", "-pk")
            .only("pk", "reference", "signal_type", "address", "submitted_at")[:30]
        )
    return TemplateResponse(
        request,
        "signalen/case/dossier_detail.html",
        {
            "page_title": f"{dossier.reference}: {dossier.title}",
            "header_icon": "folder-open-inverse",
            "dossier": dossier,
            "is_open": is_open,
            "timeline": dossier_timeline(
                dossier,
                meldingen=meldingen,
                contacts=contacts,
                instruments=instruments,
                referrals=referrals,
                costs=costs,
            ),
            "meldingen": meldingen,
            "contacts": contacts,
            "cost_total": sum((c.amount for c in costs), Decimal("0")),
            "open_referrals": [r for r in referrals if r.closed_at is None],
            "linkable_contacts": linkable_contacts,
            "linkable_meldingen": linkable_meldingen,
            "instrument_choices": list(
                Instrument.objects.filter(live=True, locale__language_code=_site_language())
                .order_by("name")
                .only("pk", "name")
            ),
            "partners": list(open_partners().only("pk", "name")),
            "cost_kinds": CostKind.choices,
            "outcomes": DossierOutcome.choices,
            "today": timezone.localdate(),
            "draft": _draft(request, dossier),
            "can_read_log": access.is_overseer(request.user),
        },
    )


def _site_language():
    from django.conf import settings

    return settings.LANGUAGE_CODE


def _date(value, field: str, *, required: bool = True):
    text = str(value or "").strip()
    if not text:
        if required:
            raise ValidationError({field: _("Vul een datum in.")})
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:20], fmt).date()
        except ValueError:
            continue
    raise ValidationError({field: _("Vul een datum in als dd-mm-jjjj.")})


def _instrument(value):
    from cms.models import Instrument

    pk = int_param(value)
    instrument = Instrument.objects.filter(pk=pk, live=True).first() if pk else None
    if instrument is None:
        raise ValidationError({"instrument": _("Kies een instrument uit de catalogus.")})
    return instrument


def _partner(value):
    from cms.models import Partner

    pk = int_param(value)
    partner = Partner.objects.filter(pk=pk).first() if pk else None
    if partner is None:
        raise ValidationError({"partner": _("Kies een partner uit de lijst.")})
    if partner.archived:
        raise ValidationError(
            {"partner": _("Deze partner is gearchiveerd en krijgt geen nieuwe doorverwijzingen.")}
        )
    return partner


DOSSIER_DONE = {
    "koppelen": gettext_lazy("Het signaal is aan het dossier gekoppeld."),
    "ontkoppelen": gettext_lazy("Het signaal is uit het dossier gehaald."),
    "instrument": gettext_lazy("Het ingezette instrument is vastgelegd."),
    "doorverwijzen": gettext_lazy("De doorverwijzing is vastgelegd."),
    "kosten": gettext_lazy("De kosten zijn vastgelegd."),
    "vervuild": gettext_lazy("De markering vervuilde woning is bijgewerkt."),
    "sluiten": gettext_lazy("Het dossier is gesloten."),
    "heropenen": gettext_lazy("Het dossier is weer open."),
}
DRAFT_FIELDS = (
    "instrument",
    "applied_on",
    "result",
    "partner",
    "reason",
    "follow_up_on",
    "kind",
    "amount",
    "spent_on",
    "description",
    "outcome",
    "close_reason",
    "reopen_reason",
)


@_casework
@require_POST
def dossier_action(request, pk, name):
    """One action on a dossier (its wijk checked first); a refusal goes back to the page
    with the message and what was typed."""
    from . import services

    if name not in DOSSIER_DONE:
        raise Http404
    dossier = _visible_or_404(Dossier.objects.all(), request, pk)
    data, user = request.POST, request.user
    try:
        if name in ("koppelen", "ontkoppelen"):
            service = casework.link_signal if name == "koppelen" else casework.unlink_signal
            melding_ids = [int_param(v) for v in data.getlist("melding") if int_param(v)]
            contact_ids = [int_param(v) for v in data.getlist("contact") if int_param(v)]
            if not melding_ids and not contact_ids:
                raise ValidationError(_("Kies een of meer meldingen of contacten."))
            meldingen = access.visible(Melding.objects.all(), user).filter(pk__in=melding_ids)
            contacts = access.visible(ContactMoment.objects.all(), user).filter(pk__in=contact_ids)
            for melding in meldingen:
                service(user=user, dossier=dossier, melding=melding)
            for contact in contacts:
                service(user=user, dossier=dossier, contact=contact)
        elif name == "instrument":
            casework.apply_instrument(
                user=user,
                dossier=dossier,
                instrument=_instrument(data.get("instrument")),
                applied_on=_date(data.get("applied_on"), "applied_on"),
                result=free_text(data.get("result"), max_length=2001),
            )
        elif name == "doorverwijzen":
            reason = free_text(data.get("reason"), max_length=2001)
            if not reason:
                raise ValidationError({"reason": _("Schrijf waarom u doorverwijst.")})
            if len(reason) > 2000:
                raise ValidationError({"reason": _("Houd de reden kort: hoogstens 2000 tekens.")})
            services.refer(
                user=user,
                subject=dossier,
                partner=_partner(data.get("partner")),
                reason=reason,
                follow_up_on=_date(data.get("follow_up_on"), "follow_up_on", required=False),
            )
        elif name == "kosten":
            kind = data.get("kind", "")
            if kind not in CostKind.values:
                raise ValidationError({"kind": _("Kies de soort kosten.")})
            amount = parse_amount(data.get("amount", ""))
            if amount is None:
                raise ValidationError({"amount": _("Vul een bedrag in.")})
            services.record_cost(
                user=user,
                subject=dossier,
                kind=kind,
                amount=amount,
                spent_on=_date(data.get("spent_on"), "spent_on"),
                description=free_text(data.get("description"), max_length=200).replace("\n", " "),
            )
        elif name == "vervuild":
            services.mark_polluted(user=user, subject=dossier, polluted=data.get("polluted") != "0")
        elif name == "sluiten":
            casework.close_dossier(
                user=user,
                dossier=dossier,
                outcome=data.get("outcome", ""),
                reason=free_text(data.get("close_reason"), max_length=1000),
            )
        elif name == "heropenen":
            casework.reopen_dossier(
                user=user, dossier=dossier, reason=free_text(data.get("reopen_reason"))
            )
    except (ValidationError, PermissionDenied) as exc:
        request.session[DRAFT_KEY] = {
            "pk": dossier.pk,
            "action": name,
            **{key: str(data.get(key, ""))[:5000] for key in DRAFT_FIELDS},
        }
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, str(DOSSIER_DONE[name]))
    return redirect(reverse("signalen_case:dossier", args=[dossier.pk]) + f"#{name}")


# --- the coordinator's pages ------------------------------------------------------------


@_overseer
def dossier_reads(request, pk):
    """Who opened this dossier's page, when (newest first). Reading the log is itself a
    read of the dossier and written in it."""
    dossier = _visible_or_404(Dossier.objects.select_related("wijk"), request, pk)
    casework.record_dossier_read(user=request.user, dossier=dossier)
    reads = dossier.reads.select_related("user").order_by("-read_at", "-pk")
    page = _page(request, reads)
    return TemplateResponse(
        request,
        "signalen/case/reads.html",
        {
            "page_title": _("Leeslog van %(reference)s") % {"reference": dossier.reference},
            "header_icon": "view",
            "dossier": dossier,
            "page": page,
            "reads": page.object_list,
            "paging_query": _query_without(request),
        },
    )


@_overseer
def recent_reads(request):
    reads = DossierRead.objects.select_related("user", "dossier", "dossier__wijk").order_by(
        "-read_at", "-pk"
    )
    page = _page(request, reads)
    return TemplateResponse(
        request,
        "signalen/case/reads.html",
        {
            "page_title": _("Recente inzagen in dossiers"),
            "header_icon": "view",
            "page": page,
            "reads": page.object_list,
            "paging_query": _query_without(request),
        },
    )


def _referral_subject(referral) -> tuple[str, str]:
    """(text, admin url) of what was referred."""
    if referral.dossier_id:
        return referral.dossier.reference or "", reverse(
            "signalen_case:dossier", args=[referral.dossier_id]
        )
    if referral.contact_id:
        return _("contact van %(date)s") % {"date": _local_text(referral.contact.happened_at)}, (
            reverse("signalen_case:contact", args=[referral.contact_id])
        )
    if referral.melding_id:
        return referral.melding.reference or "", _melding_url(referral.melding)
    return "", ""


@_overseer
def referrals(request):
    """Open referrals per partner: counts, then the list with overdue follow-ups first."""
    from cms.models import Partner

    today = timezone.localdate()
    open_ = Referral.objects.filter(closed_at=None)
    partner_id = int_param(request.GET.get("partner"))
    counts = list(
        Partner.objects.filter(referrals__closed_at=None)
        .annotate(
            open_count=Count("referrals"),
            overdue_count=Count("referrals", filter=Q(referrals__follow_up_on__lt=today)),
        )
        .order_by("-overdue_count", "-open_count", "name")
    )
    listed = open_.filter(partner_id=partner_id) if partner_id else open_
    listed = listed.select_related(
        "partner", "created_by", "dossier", "contact", "melding"
    ).order_by(F("follow_up_on").asc(nulls_last=True), "referred_on", "pk")
    page = _page(request, listed)
    rows = []
    for referral in page.object_list:
        text, url = _referral_subject(referral)
        rows.append(
            {
                "referral": referral,
                "subject": text,
                "url": url,
                "overdue": referral.follow_up_on is not None and referral.follow_up_on < today,
            }
        )
    return TemplateResponse(
        request,
        "signalen/case/referrals.html",
        {
            "page_title": _("Open doorverwijzingen per partner"),
            "header_icon": "group",
            "counts": counts,
            "rows": rows,
            "page": page,
            "partner_id": partner_id,
            "outcomes": ReferralOutcome.choices,
            "paging_query": _query_without(request),
        },
    )


@_overseer
@require_POST
def referral_close(request, pk):
    from . import services

    referral = Referral.objects.filter(pk=int_param(pk) or 0).first()
    if referral is None:
        raise Http404
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in ReferralOutcome.values:
            raise ValidationError(_("Kies de uitkomst van de doorverwijzing."))
        services.close_referral(user=request.user, referral=referral, outcome=outcome)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("De doorverwijzing naar %(partner)s is afgesloten.")
            % {"partner": referral.partner.name},
        )
    back = reverse("signalen_case:referrals")
    partner = int_param(request.POST.get("partner"))
    return redirect(back + (f"?{urlencode({'partner': partner})}" if partner else ""))


# --- URLs, menu, panels ---------------------------------------------------------------

urlpatterns = [
    path("contacten/", contact_list, name="contacts"),
    path("contacten/nieuw/", contact_log, name="contact_log"),
    path("contacten/<int:pk>/", contact_detail, name="contact"),
    path("contacten/<int:pk>/<slug:name>/", contact_action, name="contact_action"),
    path("dossiers/", dossier_list, name="dossiers"),
    path("dossiers/nieuw/", dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/leeslog/", dossier_reads, name="dossier_reads"),
    path("dossiers/<int:pk>/actie/<slug:name>/", dossier_action, name="dossier_action"),
    path("leeslog/", recent_reads, name="reads"),
    path("doorverwijzingen/", referrals, name="referrals"),
    path("doorverwijzingen/<int:pk>/sluiten/", referral_close, name="referral_close"),
]


@hooks.register("register_admin_urls")
def casework_urls():
    return [path("signalen/", include((urlpatterns, "signalen_case"), namespace="signalen_case"))]


@hooks.register("insert_global_admin_css")
def casework_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/casework.css"))


@hooks.register("register_admin_menu_item")
def casework_menu():
    from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

    class CaseworkItem(MenuItem):
        def is_shown(self, request):
            return access.uses_casework(request.user)

    class OverseerItem(MenuItem):
        def is_shown(self, request):
            return access.is_overseer(request.user)

    class CaseworkMenu(SubmenuMenuItem):
        def is_shown(self, request):
            return access.uses_casework(request.user)

    items = [
        CaseworkItem(
            _("Contact vastleggen"), reverse("signalen_case:contact_log"), icon_name="plus", order=1
        ),
        CaseworkItem(
            _("Contacten"), reverse("signalen_case:contacts"), icon_name="comment", order=2
        ),
        CaseworkItem(
            _("Mijn opvolgingen"),
            reverse("signalen_case:contacts") + "?opvolgen=1",
            icon_name="date",
            order=3,
        ),
        CaseworkItem(
            _("Dossiers"),
            reverse("signalen_case:dossiers"),
            icon_name="folder-open-inverse",
            order=4,
        ),
        OverseerItem(
            _("Doorverwijzingen per partner"),
            reverse("signalen_case:referrals"),
            icon_name="group",
            order=5,
        ),
        OverseerItem(
            _("Leeslog van dossiers"), reverse("signalen_case:reads"), icon_name="view", order=6
        ),
    ]
    return CaseworkMenu(
        _("Contacten en dossiers"),
        Menu(items=items),
        icon_name="folder-open-inverse",
        order=205,
    )


@hooks.register("construct_homepage_panels")
def casework_panels(request, panels):
    from .case_panels import panels_for

    panels.extend(panels_for(request))


@hooks.register(sections.DEMO_DATA)
def casework_demo_data(*, scale, wijken):
    from .case_demo import load

    load(scale=scale, wijken=wijken)
