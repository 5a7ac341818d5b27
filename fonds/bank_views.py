"""The back office's pages for the bank in the Wagtail admin (under the fund's menu):
"Betaalbestanden" (make the SEPA file of every approved tranche, download it again) and
"Bankafschrift inlezen" (upload the bank's camt.053 and see what it matched). Both need
fonds.prepare_payout; the two-factor rule of the admin applies as everywhere."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from portal.fields import safe_filename

from .models import BankStatement, PaymentBatch, Payout, StatementLine
from .services import sepa, statements

PERMISSION = "fonds.prepare_payout"
PAGE_SIZE = 100
LINES_SHOWN = 500  # per outcome on a statement's page


def _check(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


class BatchForm(forms.Form):
    execution_date = forms.DateField(
        label=gettext_lazy("Uitvoeringsdatum"),
        help_text=gettext_lazy("De dag waarop de bank de betalingen uitvoert."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Vul een geldige datum in, zoals 30-11-2026.")},
    )

    def clean_execution_date(self):
        try:
            return sepa.check_execution_date(self.cleaned_data["execution_date"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["execution_date"]) from None


class StatementForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bankafschrift (camt.053, XML)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        error_messages={
            "required": gettext_lazy("Kies het bestand met het bankafschrift (camt.053)."),
            "empty": gettext_lazy("Het bestand is leeg."),
            "invalid": gettext_lazy("Kies het bestand met het bankafschrift (camt.053)."),
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    for name, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


# Betaalbestanden ------------------------------------------------------------------------


def batch_index(request):
    _check(request)
    batches = list(PaymentBatch.objects.select_related("created_by").defer("xml")[:PAGE_SIZE])
    return TemplateResponse(
        request,
        "fonds/admin/batch_index.html",
        {
            "batches": batches,
            "preview": sepa.batch_preview(),
            "page_title": _("Betaalbestanden"),
        },
    )


def batch_create(request):
    _check(request)
    from django.utils import timezone

    preview = sepa.batch_preview()
    if request.method == "POST":
        form = BatchForm(request.POST)
        if form.is_valid():
            try:
                batch = sepa.batch_export(
                    user=request.user, execution_date=form.cleaned_data["execution_date"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Het betaalbestand %(id)s is gemaakt met %(count)s betalingen.")
                    % {"id": batch.message_id, "count": batch.count},
                )
                return redirect("fonds_batches:detail", batch.pk)
    else:
        form = BatchForm(initial={"execution_date": timezone.localdate()})
    return TemplateResponse(
        request,
        "fonds/admin/batch_create.html",
        {"form": form, "preview": preview, "page_title": _("Betaalbestand maken")},
        status=400 if form.errors else 200,
    )


def batch_detail(request, pk: int):
    _check(request)
    batch = get_object_or_404(PaymentBatch.objects.select_related("created_by").defer("xml"), pk=pk)
    payouts = list(
        Payout.objects.filter(batch=batch)
        .select_related("application")
        .only(
            "number",
            "amount",
            "status",
            "end_to_end_id",
            "account_holder",
            "iban",
            "paid_on",
            "application__reference",
            "application__title",
        )
        .order_by("pk")[:LINES_SHOWN]
    )
    return TemplateResponse(
        request,
        "fonds/admin/batch_detail.html",
        {
            "batch": batch,
            "payouts": payouts,
            "more": max(batch.count - len(payouts), 0),
            "page_title": _("Betaalbestand %(id)s") % {"id": batch.message_id},
        },
    )


def batch_download(request, pk: int):
    _check(request)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        data = sepa.batch_file(batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("fonds_batches:detail", batch.pk)
    response = HttpResponse(data, content_type="application/xml")
    name = safe_filename(f"{batch.message_id}.xml", default="betaalbestand.xml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Bankafschriften ------------------------------------------------------------------------


def statement_index(request):
    _check(request)
    earlier = list(BankStatement.objects.select_related("imported_by")[:PAGE_SIZE])
    return TemplateResponse(
        request,
        "fonds/admin/statement_index.html",
        {"statements": earlier, "page_title": _("Bankafschriften")},
    )


def statement_upload(request):
    _check(request)
    if request.method == "POST":
        form = StatementForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                statement = statements.statement_import(
                    uploaded_file=form.cleaned_data["file"], user=request.user
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Het afschrift is ingelezen: %(matched)s gekoppeld, %(returned)s "
                        "teruggeboekt, %(unknown)s onbekend."
                    )
                    % {
                        "matched": statement.matched,
                        "returned": statement.returned,
                        "unknown": statement.unknown,
                    },
                )
                return redirect("fonds_statements:detail", statement.pk)
    else:
        form = StatementForm()
    return TemplateResponse(
        request,
        "fonds/admin/statement_upload.html",
        {"form": form, "page_title": _("Bankafschrift inlezen")},
        status=400 if form.errors else 200,
    )


def statement_detail(request, pk: int):
    _check(request)
    statement = get_object_or_404(BankStatement.objects.select_related("imported_by"), pk=pk)
    Outcome = StatementLine.Outcome
    lines = (
        StatementLine.objects.filter(statement=statement)
        .select_related("payout__application", "reclaim__application")
        .order_by("pk")
    )
    groups = []
    for outcome, title in (
        (Outcome.PAID, _("Betaald")),
        (Outcome.RETURNED, _("Teruggeboekt")),
        (Outcome.RECLAIM, _("Terugbetalingen ontvangen")),
        (Outcome.UNKNOWN, _("Niet gekoppeld")),
        (Outcome.DUPLICATE, _("Al eerder ingelezen")),
    ):
        shown = list(lines.filter(outcome=outcome)[: LINES_SHOWN + 1])
        groups.append(
            {
                "outcome": outcome,
                "title": title,
                "lines": shown[:LINES_SHOWN],
                "more": len(shown) > LINES_SHOWN,
            }
        )
    for group in groups:
        for line in group["lines"]:
            line.reason_text = (
                statements.return_reason_text(line.return_reason) if outcome_is_return(line) else ""
            )
    return TemplateResponse(
        request,
        "fonds/admin/statement_detail.html",
        {
            "statement": statement,
            "groups": groups,
            "page_title": _("Bankafschrift %(id)s")
            % {"id": statement.statement_id or statement.file_name},
        },
    )


def outcome_is_return(line) -> bool:
    return line.outcome == StatementLine.Outcome.RETURNED


# The menu items and URLs ----------------------------------------------------------------


class _PermittedMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class PaymentBatchViewSet(ViewSet):
    model = PaymentBatch  # for the tests that find every admin page of our models
    name = "fonds_batches"
    url_prefix = "fonds/betaalbestanden"
    icon = "download"
    menu_label = gettext_lazy("Betaalbestanden")
    menu_item_class = _PermittedMenuItem

    @property
    def menu_url(self):
        return reverse("fonds_batches:index")

    def get_urlpatterns(self):
        return [
            path("", batch_index, name="index"),
            path("maken/", batch_create, name="create"),
            path("<int:pk>/", batch_detail, name="detail"),
            path("<int:pk>/bestand/", batch_download, name="download"),
        ]


class BankStatementViewSet(ViewSet):
    model = BankStatement
    name = "fonds_statements"
    url_prefix = "fonds/bankafschriften"
    icon = "upload"
    menu_label = gettext_lazy("Bankafschrift inlezen")
    menu_item_class = _PermittedMenuItem

    @property
    def menu_url(self):
        return reverse("fonds_statements:index")

    def get_urlpatterns(self):
        return [
            path("", statement_index, name="index"),
            path("inlezen/", statement_upload, name="upload"),
            path("<int:pk>/", statement_detail, name="detail"),
        ]
