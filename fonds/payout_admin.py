"""The payouts in the Wagtail admin ("Uitbetalingen" in the fund's menu): the list of
tranches with filters and the bulk moves (the back office prepares, a coordinator
approves), one move on one tranche from the application's page, and the coordinator's
form to change a grant's split. Every view checks on the server, per object, that the
person's role reaches the application's wijk and that they are not involved in it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from portal.fields import MoneyField, free_text, ids_param, int_param
from portal.permissions import can_act_in_wijk, in_reach, wijken_in_reach

from . import permissions as perms
from . import services
from .models import Application
from .models.payouts import PAYOUT_OPEN, Payout, PayoutStatus

PAGE_SIZE = 50
MAX_DATE = dt.date(2100, 1, 1)


def may_see_payouts(user) -> bool:
    return user.is_authenticated and (
        user.has_perm(perms.PREPARE_PAYOUT) or user.has_perm(perms.APPROVE_PAYOUT)
    )


def _check_role(request) -> None:
    if not may_see_payouts(request.user):
        raise PermissionDenied


def payouts_for(user):
    """The tranches `user` may see and move: in the wijken their role reaches, of
    applications they are not involved in."""
    return perms.exclude_involved(
        in_reach(Payout.objects.all(), user, "application__wijk"), user, prefix="application__"
    )


class PayoutFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Alle statussen")), *PayoutStatus.choices],
    )
    wijk = forms.TypedChoiceField(
        label=gettext_lazy("Wijk"), required=False, coerce=int, empty_value=None
    )
    due_before = forms.DateField(
        label=gettext_lazy("Te betalen vóór"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    mine = forms.BooleanField(label=gettext_lazy("Wacht op mijn goedkeuring"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wijken = wijken_in_reach(user).order_by("name").values_list("pk", "name")
        self.fields["wijk"].choices = [("", _("Alle wijken")), *wijken]

    def clean_due_before(self):
        day = self.cleaned_data.get("due_before")
        if day is not None and not (dt.date(2000, 1, 1) <= day <= MAX_DATE):
            raise ValidationError(_("Kies een datum tussen 2000 en 2100."))
        return day


def filtered_payouts(request):
    """The list's tranches and its filter form (a wrong filter is named, not fatal)."""
    user = request.user
    form = PayoutFilterForm(request.GET or None, user=user)
    payouts = payouts_for(user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            payouts = payouts.filter(status=data["status"])
        if data["wijk"]:
            payouts = payouts.filter(application__wijk_id=data["wijk"])
        if data["due_before"]:
            payouts = payouts.filter(due_date__lt=data["due_before"])
        if data["mine"]:
            payouts = payouts.filter(status=PayoutStatus.KLAAR).exclude(prepared_by=user)
    return form, payouts


def _row(payout, user, can_prepare: bool, can_approve: bool) -> dict:
    choosable = (can_prepare and payout.status in (PayoutStatus.GEPLAND, PayoutStatus.MISLUKT)) or (
        can_approve and payout.status == PayoutStatus.KLAAR and payout.prepared_by_id != user.pk
    )
    return {"payout": payout, "choosable": choosable}


def payout_index(request):
    """The tranches, soonest due first, with the filters and the bulk moves."""
    _check_role(request)
    user = request.user
    form, payouts = filtered_payouts(request)
    payouts = payouts.select_related(
        "application", "application__wijk", "prepared_by", "approved_by"
    ).order_by("due_date", "pk")
    page = Paginator(payouts, PAGE_SIZE).get_page(int_param(request.GET.get("p")) or 1)
    can_prepare = user.has_perm(perms.PREPARE_PAYOUT)
    can_approve = user.has_perm(perms.APPROVE_PAYOUT)
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "fonds/admin/payouts_index.html",
        {
            "page_title": _("Uitbetalingen"),
            "form": form,
            "page": page,
            "rows": [_row(p, user, can_prepare, can_approve) for p in page.object_list],
            "can_prepare": can_prepare,
            "can_approve": can_approve,
            "query": query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _report(request, done, refused, message) -> None:
    if done:
        messages.success(request, message % {"count": len(done)})
    for line in refused:
        messages.error(request, line)


@require_POST
def payout_bulk(request, name: str):
    """Prepare (back office) or approve (coordinator) the chosen tranches: each its own
    step; the ones that cannot (approving one's own, a status moved on) are named with the
    reason, the others are done."""
    _check_role(request)
    user = request.user
    back = reverse("fonds_payouts:index")
    query = str(request.POST.get("query", ""))[:500]
    if query and "\n" not in query and "\r" not in query:
        back = f"{back}?{query}"
    ids = ids_param(request.POST.getlist("ids"))[: PAGE_SIZE * 4]
    chosen = list(
        payouts_for(user)
        .filter(pk__in=ids)
        .select_related("application", "application__wijk")
        .order_by("due_date", "pk")
    )
    if not chosen:
        messages.error(request, _("Kies een of meer uitbetalingen."))
        return redirect(back)
    if name == "prepare":
        if not user.has_perm(perms.PREPARE_PAYOUT):
            raise PermissionDenied
        done, refused = services.payouts_prepare(payouts=chosen, user=user)
        message = ngettext(
            "%(count)d uitbetaling is klaargezet voor goedkeuring.",
            "%(count)d uitbetalingen zijn klaargezet voor goedkeuring.",
            len(done),
        )
        _report(request, done, refused, message)
    elif name == "approve":
        if not user.has_perm(perms.APPROVE_PAYOUT):
            raise PermissionDenied
        done, refused = services.payouts_approve(payouts=chosen, user=user)
        message = ngettext(
            "%(count)d uitbetaling is goedgekeurd.",
            "%(count)d uitbetalingen zijn goedgekeurd.",
            len(done),
        )
        _report(request, done, refused, message)
    else:
        raise Http404
    return redirect(back)


def _payout_in_reach(request, pk: int) -> Payout:
    payout = get_object_or_404(Payout.objects.select_related("application__wijk"), pk=pk)
    if not can_act_in_wijk(request.user, payout.application.wijk_id):
        raise Http404
    return payout


ACTION_DONE = {
    "prepare": gettext_lazy("De uitbetaling is klaargezet; een coördinator keurt haar goed."),
    "approve": gettext_lazy(
        "De uitbetaling is goedgekeurd en gaat mee in het volgende betaalbestand."
    ),
    "send_back": gettext_lazy("De uitbetaling staat weer op gepland."),
}


@require_POST
def payout_action(request, pk: int, name: str):
    """One move on one tranche, from the application's page."""
    _check_role(request)
    payout = _payout_in_reach(request, pk)
    user = request.user
    try:
        if name == "prepare":
            services.payout_prepare(payout=payout, user=user)
        elif name == "approve":
            services.payout_approve(payout=payout, user=user)
        elif name == "send_back":
            services.payout_send_back(
                payout=payout,
                user=user,
                reason=free_text(request.POST.get("reason"), max_length=200),
            )
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(str(m) for m in getattr(exc, "messages", None) or [exc]))
    else:
        messages.success(request, str(ACTION_DONE[name]))
    return redirect(
        reverse("fonds_application:inspect", args=[payout.application_id]) + "#uitbetalingen"
    )


# --- the coordinator changes the split --------------------------------------------------


class TrancheForm(forms.Form):
    amount = MoneyField(label=gettext_lazy("Bedrag"), required=False)
    due_date = forms.DateField(
        label=gettext_lazy("Te betalen op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    after_report = forms.BooleanField(
        label=gettext_lazy("Pas na de verantwoording"), required=False
    )

    def clean(self):
        data = super().clean()
        amount, due = data.get("amount"), data.get("due_date")
        if amount is not None and due is None and "due_date" not in self.errors:
            self.add_error("due_date", _("Vul de datum in waarop deze tranche betaald wordt."))
        if due is not None and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Vul het bedrag van deze tranche in."))
        if due is not None and not (dt.date(2000, 1, 1) <= due <= MAX_DATE):
            self.add_error("due_date", _("Kies een datum tussen 2000 en 2100."))
        return data


TrancheFormSet = forms.formset_factory(
    TrancheForm,
    extra=0,
    max_num=services.payouts.MAX_TRANCHES,
    validate_max=True,
    absolute_max=services.payouts.MAX_TRANCHES,
)


class PlanReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Waarom verandert het plan?"),
        max_length=300,
        widget=forms.TextInput,
    )

    def clean_reason(self):
        reason = free_text(self.cleaned_data["reason"], max_length=300)
        if not reason or "\n" in reason or "\r" in reason:
            raise ValidationError(_("Schrijf op één regel op waarom het plan verandert."))
        return reason


def _application_for_plan(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("wijk"), pk=pk)
    if not can_act_in_wijk(request.user, application.wijk_id):
        raise Http404
    if not perms.can_approve_payout(request.user, application):
        raise PermissionDenied
    return application


def plan_change(request, pk: int):
    """The coordinator's form for the split of what is still to be paid: the open
    tranches, and room for two more. A refusal shows beside the form, with everything
    typed kept."""
    application = _application_for_plan(request, pk)
    open_payouts = list(application.payouts.filter(status__in=PAYOUT_OPEN).order_by("number"))
    fixed = list(
        application.payouts.exclude(status__in=[*PAYOUT_OPEN, PayoutStatus.GEANNULEERD]).order_by(
            "number"
        )
    )
    initial = [
        {"amount": p.amount, "due_date": p.due_date, "after_report": p.after_report}
        for p in open_payouts
    ] + [{}, {}]
    status = 200
    if request.method == "POST":
        formset = TrancheFormSet(request.POST, prefix="tranches")
        reason_form = PlanReasonForm(request.POST)
        if formset.is_valid() and reason_form.is_valid():
            tranches = [
                (
                    f.cleaned_data["amount"],
                    f.cleaned_data["due_date"],
                    f.cleaned_data["after_report"],
                )
                for f in formset.forms
                if f.cleaned_data.get("amount") is not None
            ]
            try:
                services.payout_plan_change(
                    application=application,
                    user=request.user,
                    tranches=tranches,
                    reason=reason_form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                formset_error = " ".join(exc.messages)
                reason_form.add_error(None, formset_error)
            except PermissionDenied as exc:
                reason_form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het betaalplan is gewijzigd."))
                return redirect(
                    reverse("fonds_application:inspect", args=[application.pk]) + "#uitbetalingen"
                )
        status = 400
    else:
        formset = TrancheFormSet(initial=initial, prefix="tranches")
        reason_form = PlanReasonForm()
    return TemplateResponse(
        request,
        "fonds/admin/payout_plan.html",
        {
            "page_title": _("Betaalplan wijzigen: %(reference)s")
            % {"reference": application.reference},
            "application": application,
            "formset": formset,
            "reason_form": reason_form,
            "fixed": fixed,
            "plan_total": services.plan_total(application),
            "fixed_total": services.fixed_total(application),
        },
        status=status,
    )


# --- the menu item and the URLs -------------------------------------------------------


class PayoutMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_payouts(request.user)


class PayoutViewSet(ViewSet):
    """ "Uitbetalingen" in the fund's menu, for the back office and coordinators."""

    name = "fonds_payouts"
    url_prefix = "fonds/uitbetalingen"
    icon = "tasks"
    menu_label = gettext_lazy("Uitbetalingen")
    menu_item_class = PayoutMenuItem

    def get_urlpatterns(self):
        return [
            path("", payout_index, name="index"),
            path("samen/<slug:name>/", payout_bulk, name="bulk"),
            path("<int:pk>/<slug:name>/", payout_action, name="action"),
            path("plan/<int:pk>/", plan_change, name="plan"),
        ]
