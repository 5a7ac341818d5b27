"""The money overview in the Wagtail admin ("Geldoverzicht", under the fund's menu): per
fund year a table per wijk, per wijk (or the whole year) the list of grants, per grant its
money page; the wijk table and the grants list also as CSV and XLSX. Read by the
coördinator and the back office (permissions.can_view_money), each in the wijken their
role reaches. Views parse, call fonds.money, render."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from portal.fields import int_param
from portal.permissions import reaches_every_wijk, wijken_in_reach

from . import money
from . import permissions as perms
from .models import Application, FundYear, Status

STATUS_LABELS = dict(Status.choices)
EXPORT_FORMATS = ("csv", "xlsx")


def money_view(view):
    """Only for people who may read the money overview; others get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not perms.can_view_money(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _year_or_404(year: int) -> FundYear:
    return get_object_or_404(FundYear, year=year)


def _wijken(request):
    return wijken_in_reach(request.user).order_by("name", "pk").only("pk", "name", "slug")


def _chosen_wijk(request):
    """The wijk of `?wijk=` when the reader's role reaches it; None for every wijk; 404
    for a wijk that does not exist or is out of reach."""
    raw = request.GET.get("wijk", "")
    if not raw:
        return None
    wijk_id = int_param(raw)
    wijk = _wijken(request).filter(pk=wijk_id).first() if wijk_id else None
    if wijk is None:
        raise Http404
    return wijk


# --- pages ------------------------------------------------------------------------------


@money_view
def overview(request):
    """The chosen year's money per wijk, with a total row."""
    years = money.fund_years()
    this_year = timezone.localdate().year
    asked = request.GET.get("jaar", "")
    year = int_param(asked, minimum=2000, maximum=2100) if asked else None
    asked_wrong = bool(asked) and year is None
    if year is None:
        year = this_year if this_year in years else (years[0] if years else this_year)
    fund_year = FundYear.objects.filter(year=year).first()
    context = {
        "page_title": _("Geldoverzicht"),
        "header_icon": "table",
        "years": years,
        "year": year,
        "asked_wrong": asked_wrong,
        "fund_year": fund_year,
    }
    if fund_year is not None:
        overview = money.year_overview(fund_year, _wijken(request))
        context.update(
            {
                "overview": overview,
                "has_shared": any(line.money.budget is None for line in overview.lines),
                "whole_fund": reaches_every_wijk(request.user),
            }
        )
    return TemplateResponse(request, "fonds/admin/money_overview.html", context)


@money_view
def grants(request, year: int):
    """The grants of a year (of one wijk with `?wijk=`), each with its figures."""
    fund_year = _year_or_404(year)
    wijk = _chosen_wijk(request)
    lines = money.year_grants(fund_year, _wijken(request), wijk)
    granted, total = money.grants_total(lines)
    query = f"?wijk={wijk.pk}" if wijk else ""
    return TemplateResponse(
        request,
        "fonds/admin/money_grants.html",
        {
            "page_title": _("Toekenningen in %(wijk)s, %(year)s")
            % {"wijk": wijk.name, "year": year}
            if wijk
            else _("Toekenningen in %(year)s") % {"year": year},
            "header_icon": "table",
            "year": year,
            "wijk": wijk,
            "lines": lines,
            "granted": granted,
            "total": total,
            "query": query,
        },
    )


@money_view
def grant(request, pk: int):
    """One grant's money: tranches, contributions, reclaims and the ledger."""
    application = get_object_or_404(Application.objects.select_related("wijk", "applicant"), pk=pk)
    if not perms.can_view_grant_money(request.user, application):
        raise Http404
    found = money.grant_money(application)
    year = next((entry.fund_year.year for entry in found.ledger), None)
    return TemplateResponse(
        request,
        "fonds/admin/money_grant.html",
        {
            "page_title": _("Geld van %(reference)s")
            % {"reference": application.reference or application.title},
            "header_icon": "table",
            "application": application,
            "found": found,
            "year": year,
            "can_open_application": perms.reaches_application(request.user, application),
        },
    )


# --- exports ----------------------------------------------------------------------------

# The money figures of a wijk and of a grant, in the same order in both tables.
MONEY_FIGURES = (
    (gettext_lazy("Vastgelegd"), "money"),
    (gettext_lazy("Uitbetaald"), "money"),
    (gettext_lazy("Nog te betalen"), "money"),
    (gettext_lazy("Vrijgevallen"), "money"),
    (gettext_lazy("Teruggevraagd"), "money"),
    (gettext_lazy("Terugontvangen"), "money"),
    (gettext_lazy("Teruggeboekt door de bank"), "money"),
    (gettext_lazy("Bijdragen via de website"), "money"),
    (gettext_lazy("Verdubbeld door het fonds"), "money"),
)

# The columns of the wijk table: (heading, kind) where kind is text, money or number.
WIJK_COLUMNS = (
    (gettext_lazy("Wijk"), "text"),
    (gettext_lazy("Budget"), "money"),
    *MONEY_FIGURES,
    (gettext_lazy("Beschikbaar"), "money"),
    (gettext_lazy("Toekenningen"), "number"),
)

GRANT_COLUMNS = (
    (gettext_lazy("Kenmerk"), "text"),
    (gettext_lazy("Activiteit"), "text"),
    (gettext_lazy("Wijk"), "text"),
    (gettext_lazy("Status"), "text"),
    (gettext_lazy("Toegekend"), "money"),
    *MONEY_FIGURES,
    (gettext_lazy("Tranches betaald"), "number"),
    (gettext_lazy("Tranches"), "number"),
    (gettext_lazy("Laatst betaald op"), "date"),
)


def _figures(row: money.MoneyRow) -> list:
    return [getattr(row, name) for name in money.FIGURES]


def wijk_rows(overview: money.YearOverview) -> list[list]:
    """The wijk table as rows of values (Decimal, int, str, date or None), total last.
    A wijk without a share of its own has no budget; it may use what is left of the
    undivided part of the year."""
    rows = []
    for line in overview.lines:
        available = (
            line.money.available if line.money.budget is not None else overview.shared_available
        )
        rows.append(
            [line.wijk.name, line.money.budget, *_figures(line.money), available, line.grants]
        )
    total = overview.total
    rows.append(
        [
            _("Totaal %(year)s") % {"year": overview.fund_year.year},
            total.budget,
            *_figures(total),
            total.available,
            overview.grants,
        ]
    )
    return rows


def grant_rows(lines: list[money.GrantLine]) -> list[list]:
    rows = [
        [
            line.application.reference or "",
            line.application.title,
            line.application.wijk.name,
            str(STATUS_LABELS.get(line.application.status, line.application.status)),
            line.granted,
            *_figures(line.money),
            line.tranches_paid,
            line.tranches,
            line.last_paid_on,
        ]
        for line in lines
    ]
    granted, total = money.grants_total(lines)
    rows.append(
        [
            _("Totaal"),
            "",
            "",
            "",
            granted,
            *_figures(total),
            sum(line.tranches_paid for line in lines),
            sum(line.tranches for line in lines),
            None,
        ]
    )
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (a title that starts
    with "=" or "+"), without the control characters a spreadsheet file cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_response(columns, rows, filename: str) -> HttpResponse:
    """A CSV as Dutch Excel opens it with a double click: UTF-8 with a byte order mark
    (else Excel reads it as Windows-1252 and mangles "ë" and "€"), ";" between the
    columns (Dutch Excel's list separator) and a decimal comma without thousands
    separators (1250,50), dates as dd-mm-jjjj."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(heading) for heading, _kind in columns])
    for row in rows:
        cells = []
        for value, (_heading, kind) in zip(row, columns, strict=True):
            if value is None or value == "":
                cells.append("")
            elif kind == "money":
                cells.append(f"{Decimal(value):.2f}".replace(".", ","))
            elif kind == "date":
                cells.append(value.strftime("%d-%m-%Y"))
            elif kind == "number":
                cells.append(str(value))
            else:
                cells.append(_safe_text(value))
        writer.writerow(cells)
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


EURO_FORMAT = '"€" #,##0.00;-"€" #,##0.00'
DATE_FORMAT = "DD-MM-YYYY"


def xlsx_response(columns, rows, filename: str, title: str) -> HttpResponse:
    """An XLSX: amounts as numbers with a euro number format, dates as dates, the
    headings bold and frozen, the total row bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _safe_text(title)[:31]
    sheet.append([str(heading) for heading, _kind in columns])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append([None] * len(columns))
        number = sheet.max_row
        for index, (value, (_heading, kind)) in enumerate(zip(row, columns, strict=True), 1):
            cell = sheet.cell(row=number, column=index)
            if value is None or value == "":
                continue
            if kind == "money":
                cell.value = Decimal(value)
                cell.number_format = EURO_FORMAT
            elif kind == "date":
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif kind == "number":
                cell.value = int(value)
            else:
                cell.value = _safe_text(value)
                cell.data_type = "s"  # never a formula, whatever the text
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for index, (heading, kind) in enumerate(columns, 1):
        width = 14 if kind != "text" else 24
        sheet.column_dimensions[get_column_letter(index)].width = max(width, len(str(heading)) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _export(columns, rows, filename: str, title: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        return csv_response(columns, rows, filename)
    return xlsx_response(columns, rows, filename, title)


@money_view
def overview_export(request, year: int, fmt: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    fund_year = _year_or_404(year)
    overview = money.year_overview(fund_year, _wijken(request))
    return _export(
        WIJK_COLUMNS,
        wijk_rows(overview),
        f"geldoverzicht-{year}-per-wijk",
        _("Per wijk %(year)s") % {"year": year},
        fmt,
    )


@money_view
def grants_export(request, year: int, fmt: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    fund_year = _year_or_404(year)
    wijk = _chosen_wijk(request)
    lines = money.year_grants(fund_year, _wijken(request), wijk)
    name = f"toekenningen-{year}" + (f"-{wijk.slug or wijk.pk}" if wijk else "")
    return _export(
        GRANT_COLUMNS,
        grant_rows(lines),
        name,
        _("Toekenningen %(year)s") % {"year": year},
        fmt,
    )


# --- the admin menu and URLs ------------------------------------------------------------


class MoneyMenuItem(MenuItem):
    def is_shown(self, request):
        return perms.can_view_money(request.user)


class MoneyViewSet(ViewSet):
    """ "Geldoverzicht" in the fund's menu, for those who may read it."""

    name = "fonds_money"
    url_prefix = "fonds/geld"
    icon = "table"
    menu_label = gettext_lazy("Geldoverzicht")
    menu_item_class = MoneyMenuItem

    @property
    def menu_url(self):
        return reverse("fonds_money:overview")

    def get_urlpatterns(self):
        return [
            path("", overview, name="overview"),
            path("<int:year>/toekenningen/", grants, name="grants"),
            path("toekenning/<int:pk>/", grant, name="grant"),
            path("<int:year>/per-wijk.<slug:fmt>", overview_export, name="overview_export"),
            path("<int:year>/toekenningen.<slug:fmt>", grants_export, name="grants_export"),
        ]
