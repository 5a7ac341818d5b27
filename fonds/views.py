"""The resident side of the fund ("Bijdrage aanvragen", "Mijn aanvragen") and the HWZ
moderator's advice pages. Views parse, call a service or selector, and render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.fields import ids_param, int_param
from portal.permissions import has_verified_email, in_reach

from . import blank_form, selectors, services
from . import permissions as perms
from .forms import (
    AdviceForm,
    AnswerForm,
    ApplicationForm,
    BudgetLineFormSet,
    ConflictForm,
    ContributionFormSet,
    formset_total,
    without_messages,
)
from .models import Application, HwzAdvice, Status
from .transitions import TRANSITIONS

FORM_FIELDS = ApplicationForm.Meta.fields


def _own(request, pk: int) -> Application:
    """The signed-in resident's own application; anyone else's answers 404."""
    return get_object_or_404(
        # the accountability report rides along (w5-report): no query of its own
        Application.objects.select_related("wijk", "pillar", "report"),
        pk=pk,
        applicant=request.user,
    )


def put_errors(form, exc: ValidationError) -> list[str]:
    """Show a service's refusal beside the form's fields (the rest at the top), also on a
    freshly loaded, unbound form. The budget's mistakes are returned instead, for beside
    the budget."""
    from django.forms.utils import ErrorDict

    if form._errors is None:
        form._errors, form.cleaned_data = ErrorDict(), {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return []
    budget = []
    for field, errors in exc.message_dict.items():
        if field == "budget_lines":
            budget.extend(errors)
        else:
            form.add_error(field if field in form.fields else None, errors)
    return budget


@login_required
def apply(request):
    if not has_verified_email(request.user):
        messages.error(
            request, _("Bevestig eerst uw e-mailadres; daarna kunt u een bijdrage aanvragen.")
        )
        return redirect("account_email")
    return _form(request, None)


@login_required
def edit(request, pk: int):
    application = _own(request, pk)
    if application.status != Status.CONCEPT:
        messages.info(request, _("Deze aanvraag is ingediend en kan niet meer worden gewijzigd."))
        return redirect("fonds:mine_detail", pk=pk)
    return _form(request, application)


def _form(request, application):
    user = request.user
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, instance=application, user=user)
        lines = BudgetLineFormSet(request.POST, instance=application, prefix="regels")
        others = ContributionFormSet(request.POST, instance=application, prefix="bijdragen")
        if form.caught_by_honeypot:
            return redirect("my_overview")
        if adding := request.POST.get("toevoegen"):
            return _render_with_one_more(request, form, lines, others, application, adding)
        if form.is_valid() and lines.is_valid() and others.is_valid():
            data = {k: form.cleaned_data[k] for k in FORM_FIELDS}
            try:
                application = services.application_save_draft(
                    application=application,
                    user=user,
                    data=data,
                    lines=lines,
                    contributions=others,
                    attachments=form.cleaned_data["attachments"],
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                return _refused(request, exc, form, lines, others, application)
            if "indienen" in request.POST:
                try:
                    application = services.application_submit(application=application, user=user)
                except ValidationError as exc:
                    form = ApplicationForm(instance=application, user=user)
                    lines = BudgetLineFormSet(instance=application, prefix="regels")
                    others = ContributionFormSet(instance=application, prefix="bijdragen")
                    return _refused(request, exc, form, lines, others, application)
                else:
                    messages.success(
                        request,
                        _("Uw aanvraag is ingediend met kenmerk %(reference)s.")
                        % {"reference": application.reference},
                    )
                    return redirect("fonds:mine_detail", pk=application.pk)
            else:
                messages.success(
                    request, _("Uw aanvraag is opgeslagen als concept. U kunt later verder gaan.")
                )
                return redirect("fonds:edit", pk=application.pk)
        else:
            status = 400
    else:
        initiative_id = int_param(request.GET.get("initiatief"))
        if application is None and not initiative_id:
            # a new, empty form: kept in the cache, with this person's parts filled in
            return render(
                request,
                "fonds/form.html",
                {"kept_form": blank_form.html(request), "application": None},
            )
        initial = {"wijk": user.wijk_id}
        if initiative_id:
            initial.update(
                {
                    "initiative": initiative_id,
                    "applicant_kind": Application.ApplicantKind.INITIATIVE,
                }
            )
        form = ApplicationForm(
            instance=application, user=user, initial=initial if application is None else None
        )
        lines = BudgetLineFormSet(instance=application, prefix="regels")
        others = ContributionFormSet(instance=application, prefix="bijdragen")
    return _render_form(request, form, lines, others, application, status=status)


def with_one_more(form, lines, others, adding: str):
    """*Regel toevoegen* without JavaScript: the form as typed, one more line in the
    formset named by `adding` (focused), and no messages. Returns (lines, others)."""
    if adding == others.prefix:
        others = others.with_one_more()
    else:
        lines = lines.with_one_more()
    without_messages(form, lines, others)
    grown = others if adding == others.prefix else lines
    if grown.forms:
        grown.forms[-1].fields["description"].widget.attrs["autofocus"] = True
    return lines, others


def _render_with_one_more(request, form, lines, others, application, adding: str):
    lines, others = with_one_more(form, lines, others, adding)
    return _render_form(request, form, lines, others, application, status=200)


def _refused(request, exc: ValidationError, form, lines, others, application):
    """The service refused: the form again, with its reasons beside the fields they concern."""
    budget_errors = put_errors(form, exc)
    return _render_form(
        request, form, lines, others, application, status=400, budget_errors=budget_errors
    )


def _render_form(request, form, lines, others, application, *, status: int, budget_errors=()):
    return render(
        request,
        "fonds/form.html",
        blank_form.context(form, lines, others, application, budget_errors=budget_errors),
        status=status,
    )


def budget_display(lines, others) -> dict:
    """The three sums the form shows (and the script keeps up to date while typing)."""
    costs, other = formset_total(lines), formset_total(others)
    return {"costs": costs, "others": other, "requested": max(costs - other, Decimal("0"))}


@login_required
def mine(request):
    applications = selectors.own_applications(request.user)
    return render(request, "fonds/mine.html", {"applications": applications})


# What the applicant's page of one application reads of it (mine_detail): its texts, its
# status and terms, the decision, and of the report what the page and the timeline show.
MINE_DETAIL_FIELDS = (
    "reference",
    "applicant_id",
    "title",
    "activity_date",
    "amount_requested",
    "status",
    "acknowledge_due",
    "target_due",
    "answer_due",
    "acknowledged_at",
    "paused_since",
    "decided_at",
    "conditions",
    "decision_reason",
    "granted_amount",
    "report__application_id",
    "report__status",
    "report__due_date",
)


@login_required
def mine_detail(request, pk: int):
    from django.db.models import prefetch_related_objects

    from .selectors import (
        applicant_parts,
        budget_rows,
        money_parts,
        resident_next_step,
        resident_timeline,
    )

    # Only the columns the page shows or decides with, and of the report only its status
    # and due date: a read of all 65 costs more to build than to send.
    application = get_object_or_404(
        Application.objects.select_related("report").only(*MINE_DETAIL_FIELDS),
        pk=pk,
        applicant=request.user,
    )
    # The questions and letters, read once for the timeline and their own sections.
    prefetch_related_objects([application], *applicant_parts())
    parts = money_parts(application)
    timeline = resident_timeline(application, parts)
    lines, contributions = budget_rows(application)
    next_step = resident_next_step(application, parts)
    return render(
        request,
        "fonds/mine_detail.html",
        {
            "application": application,
            "timeline_items": resident_timeline_items(application, timeline, next_step),
            "next_step": next_step,
            # the plan money_parts read already: the payouts section needs no query of its own
            "payouts": parts.payouts,
            "term_runs": application.running_term_due() is not None,
            "lines": lines,
            "contributions": contributions,
            "questions": application.questions.all(),
            "letters": application.letters.all(),
            "answer_form": AnswerForm(),
            "can_withdraw": perms.can_transition(
                request.user, application, TRANSITIONS["withdraw"]
            )[0],
            # accountability reports (w5-report)
            "report": getattr(application, "report", None),
        },
    )


def resident_timeline_items(application, timeline, next_step) -> str:
    """The <li> items of the applicant's timeline (selectors.resident_timeline) and its
    next step, written out in Python with the markup the template wrote: a template loop
    with a translation, a link and two date filters per step cost more than building the
    timeline. Dates in Amsterdam time, as datum_lang writes them."""
    from django.template.defaultfilters import linebreaksbr
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe

    from portal.templatetags.portal_tags import datum_lang

    prefixes = {"planned": _("Gepland") + ": ", "problem": _("Actie nodig") + ": "}
    pdf = _("PDF")
    letter_url = None
    items = []
    for entry in timeline:
        local = timezone.localtime(entry.when)
        if entry.day_only:
            iso, shown = local.date().isoformat(), datum_lang(local.date())
        else:
            iso, shown = local.isoformat(), datum_lang(local, True)
        if entry.letter:
            if letter_url is None:
                letter_url = reverse("fonds:letter_pdf", args=[application.pk, 0])[: -len("0/")]
            title = format_html(
                '<a href="{}{}/">{}</a> <span class="fw-meta">({})</span>',
                letter_url,
                entry.letter.pk,
                entry.title,
                pdf,
            )
        else:
            title = conditional_escape(entry.title)
        sender = ""
        if entry.kind == "question" and entry.who:
            sender = " · " + _("Vraag van %(sender)s") % {"sender": conditional_escape(entry.who)}
        text = ""
        if entry.text:
            text = format_html("<br>{}", linebreaksbr(entry.text, autoescape=True))
        items.append(
            format_html(
                '<li data-kind="{}" data-state="{}"><strong>{}{}</strong><br>'
                '<span class="fw-meta"><time datetime="{}">{}</time>{}</span>{}</li>',
                entry.kind,
                entry.state,
                prefixes.get(entry.state, ""),
                title,
                iso,
                shown,
                mark_safe(sender),  # noqa: S308 - the sender is escaped above
                text,
            )
        )
    if next_step:
        due = ""
        if next_step.due:
            due = format_html(
                '<br><span class="fw-meta">{}</span>',
                _("uiterlijk %(date)s") % {"date": datum_lang(next_step.due)},
            )
        items.append(
            format_html(
                '<li data-kind="next"><strong>{}:</strong> {}{}</li>',
                _("Volgende stap"),
                next_step.text,
                due,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - each item is built by format_html


def letter_response(application: Application, letter_pk: int) -> HttpResponse:
    """The PDF of one of `application`'s letters (the caller has checked who may see it)."""
    from . import letters

    letter = get_object_or_404(application.letters.select_related("created_by"), pk=letter_pk)
    letter.application = application
    response = HttpResponse(letters.render_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.pdf_filename(letter)}"'
    return response


@login_required
def letter_pdf(request, pk: int, letter_pk: int):
    return letter_response(_own(request, pk), letter_pk)


@require_POST
@login_required
def answer(request, pk: int):
    application = _own(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.application_answer(
                application=application, user=request.user, answer=form.cleaned_data["answer"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Dank u voor uw antwoord. We gaan verder met uw aanvraag."))
            return redirect("fonds:mine_detail", pk=pk)
    else:
        messages.error(request, _("Schrijf uw antwoord op."))
    return redirect("fonds:mine_detail", pk=pk)


@require_POST
@login_required
def withdraw(request, pk: int):
    application = _own(request, pk)
    try:
        services.application_withdraw(application=application, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Uw aanvraag is ingetrokken."))
    return redirect("fonds:mine_detail", pk=pk)


@login_required
def advice_list(request):
    if not request.user.has_perm(perms.ADVISE):
        raise Http404
    applications = (
        perms.exclude_involved(
            in_reach(Application.objects.filter(status=Status.ADVIES_HWZ), request.user),
            request.user,
        )
        .select_related("wijk")
        .order_by("answer_due")
    )
    due = dict(
        HwzAdvice.objects.filter(application__in=applications, given_at=None, ended="")
        .order_by("requested_at", "pk")
        .values_list("application_id", "due")
    )
    for application in applications:
        application.advice_due = due.get(application.pk)
    return render(request, "fonds/advice_list.html", {"applications": applications})


@login_required
def advice(request, pk: int):
    """The HWZ adviser gives advice while it is asked; once given, the advice stays
    readable here (to the advisers of the wijk and the reviewers) instead of vanishing."""
    application = get_object_or_404(Application.objects.select_related("wijk", "pillar"), pk=pk)
    user = request.user
    if not (application.status == Status.ADVIES_HWZ and perms.can_advise(user, application)):
        given = application.advices.exclude(given_at=None).select_related("adviser")
        if not (perms.can_advise(user, application) or perms.can_review(user, application)):
            raise Http404
        if not given or request.method == "POST":
            raise Http404
        return render(
            request,
            "fonds/advice_given.html",
            {"application": application, "advices": given, "lines": application.budget_lines.all()},
        )
    form = AdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_give_advice(
                application=application,
                user=request.user,
                verdict=form.cleaned_data["verdict"],
                remarks=form.cleaned_data["remarks"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Dank u voor uw advies."))
            return redirect("fonds:advice_list")
    return render(
        request,
        "fonds/advice_form.html",
        {
            "application": application,
            "form": form,
            "lines": application.budget_lines.all(),
            "conflict_form": ConflictForm(),
            "asked": services.open_advice(application),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def advice_conflict(request, pk: int):
    """An HWZ adviser steps aside from an application (their own street, their group)."""
    application = get_object_or_404(Application.objects.select_related("wijk"), pk=pk)
    if not perms.can_advise(request.user, application):
        raise Http404
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef kort aan waarom u zich terugtrekt."))
        return redirect("fonds:advice", pk=pk)
    services.conflict_declare(
        application=application, user=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request, _("U heeft zich teruggetrokken. Een andere adviseur van de HWZ neemt het over.")
    )
    return redirect("fonds:advice_list")


# --- accountability reports (w5-report) ---------------------------------------------


def own_report(request, pk: int):
    """The signed-in resident's own application and its report (opened now for a grant
    that has none); anyone else's application, or one without a grant, answers 404."""

    application = _own(request, pk)
    report = getattr(application, "report", None)  # read with the application (_own)
    if report is None:
        try:
            report = services.report_open(application=application)
        except ValidationError as exc:
            raise Http404 from exc
    report.application = application
    return application, report


def _report_extra_rows(request) -> int | None:
    if request.method != "POST":
        return None
    return int_param(request.POST.get("extra_rows"), minimum=1, maximum=10)


@login_required
def report(request, pk: int):
    """The accountability report: saved as a draft at every press of a button (what is
    right is kept, also when another field has a mistake), submitted when complete."""
    from .forms import ReportForm, ReportReasonForm
    from .report_transitions import EDITABLE

    application, report = own_report(request, pk)
    editable = report.status in EDITABLE
    status = 200
    extra_rows = _report_extra_rows(request)
    if request.method == "POST" and request.POST.get("meer_regels"):
        extra_rows = (extra_rows or 3) + 1
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        report=report,
        extra_rows=extra_rows,
    )
    if request.method == "POST":
        if not editable:
            messages.info(request, _("Deze verantwoording kan niet meer worden gewijzigd."))
            return redirect("fonds:report", pk=pk)
        if request.POST.get("meer_regels"):
            from .forms import without_messages

            without_messages(form)
            return _render_report(request, application, report, form, ReportReasonForm(), 200)
        data, costs, extras_ok, files = form.valid_parts()
        remove = ids_param(request.POST.getlist("verwijder"))
        try:
            report = services.report_save_draft(
                report=report,
                user=request.user,
                data=data,
                costs=costs,
                files=files,
                remove=remove,
                keep_extras=not extras_ok,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            put_errors(form, exc)
            return _render_report(request, application, report, form, ReportReasonForm(), 400)
        if form.errors:
            messages.warning(
                request,
                _("Wat klopte is bewaard. Verbeter de velden met een melding en sla opnieuw op."),
            )
            status = 400
        elif "indienen" in request.POST:
            try:
                services.report_submit(report=report, user=request.user)
            except ValidationError as exc:
                put_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Uw verantwoording is ingediend. Dank u wel!"))
                return redirect("fonds:mine_detail", pk=pk)
        else:
            messages.success(
                request, _("Uw verantwoording is opgeslagen. U kunt later verder gaan.")
            )
            return redirect("fonds:report", pk=pk)
        # Show what is stored now (the files just added too), with what was typed.
        report.refresh_from_db()
        report.application = application
    return _render_report(request, application, report, form, ReportReasonForm(), status)


def _render_report(request, application, report, form, reason_form, status: int):
    from .models import ReportStatus
    from .report_transitions import EDITABLE

    files = list(report.files.all())
    costs = list(report.costs.select_related("budget_line"))
    return render(
        request,
        "fonds/report_form.html",
        {
            "application": application,
            "report": report,
            "form": form,
            "reason_form": reason_form,
            "editable": report.status in EDITABLE,
            "photos": [f for f in files if f.kind == "foto"],
            "receipts": [f for f in files if f.kind == "bon"],
            "costs": costs,
            "spent": sum((cost.amount for cost in costs), Decimal("0")),
            "asked_more": report.status == ReportStatus.AANVULLEN and report.review_note,
            "can_say_not_happened": report.status
            in (ReportStatus.OPEN, ReportStatus.AANVULLEN, ReportStatus.INGEDIEND),
        },
        status=status,
    )


@require_POST
@login_required
def report_not_happened(request, pk: int):
    from .forms import ReportForm, ReportReasonForm

    application, report = own_report(request, pk)
    reason_form = ReportReasonForm(request.POST)
    if reason_form.is_valid():
        try:
            services.report_not_happened(
                report=report, user=request.user, reason=reason_form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            reason_form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(
                request, _("U heeft doorgegeven dat de activiteit niet is doorgegaan.")
            )
            return redirect("fonds:mine_detail", pk=pk)
    form = ReportForm(report=report)
    return _render_report(request, application, report, form, reason_form, 400)


def report_file_response(report_file) -> HttpResponse:
    """One photo or receipt of a report, as a download (the caller checked who may)."""
    from django.http import FileResponse

    from portal.fields import safe_filename

    try:
        handle = report_file.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    extension = report_file.file.name.rsplit(".", 1)[-1].lower()
    name = safe_filename(report_file.name.rsplit(".", 1)[0], "bestand") + f".{extension}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_file(request, pk: int, file_pk: int):
    application, report = own_report(request, pk)
    return report_file_response(get_object_or_404(report.files, pk=file_pk))
