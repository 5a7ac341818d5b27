"""'Mijn overzicht': a signed-in person's own page, their messages and preferences.
Each domain app adds its section through portal.sections.MY_OVERVIEW."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .forms import MeasureObjectionForm, NotificationPreferencesForm
from .models import Notification, ParticipationMeasure
from .pagination import paginate
from .sections import MY_OVERVIEW, address_pattern, per_language, render_sections


@login_required
def overview(request):
    sections = render_sections(MY_OVERVIEW, request)
    # The five newest messages and, on each, how many of all are unread: one query (the
    # window counts the whole set before the limit), only the columns shown.
    notifications = list(
        request.user.notifications.annotate(
            unread_total=Window(Count("pk", filter=Q(read_at=None)))
        ).values_list(*NOTIFICATION_COLUMNS, "unread_total")[:5]
    )
    unread = notifications[0][-1] if notifications else 0
    return render(
        request,
        "portal/my_overview.html",
        {
            "sections": sections,
            "intro": _intro_html(request.user),
            "messages_section": _messages_html(notifications, unread),
        },
    )


NOTIFICATION_COLUMNS = (
    "pk",
    "read_at",
    "created_at",
    "url",
    "title",
    "body",
    "message",
    "sender_label",
)


def _overview_parts() -> dict:
    """The constant markup of the overview's intro and messages, in the active language
    (made once per process and language; the same as portal/includes/notification_list.html
    with heading level 3)."""
    t_berichten = escape(_("Berichten"))
    t_nieuw = escape(_("Nieuw"))
    t_alle_berichten = escape(_("Alle berichten"))
    t_welke_berichten_krijg_ik = escape(_("Welke berichten krijg ik per e-mail?"))
    t_none_yet = escape(_("U heeft nog geen berichten."))
    return {
        "welcome": escape(
            _("Welkom, %(name)s. Hier ziet u wat u bij ons loopt en wat wij u lieten weten.")
        ),
        "open": (
            '<section aria-labelledby="berichten-title" class="fw-section">\n  '
            f'<h2 id="berichten-title" class="utrecht-heading-2">{t_berichten}'
        ),
        "list": '</h2>\n  <ul class="fw-list fw-notifications">',
        "new": f"<strong>{t_nieuw}</strong> · ",
        "open_url": address_pattern("my_notification_open"),
        "sender": escape(_("Bericht van %(sender)s")),
        "list_end": (
            "\n</ul>\n"
            f'    <p><a href="{reverse("my_notifications")}">{t_alle_berichten}</a>'
            f' · <a href="{reverse("my_preferences")}">'
            f"{t_welke_berichten_krijg_ik}</a></p>\n</section>"
        ),
        "empty": (f"</h2>\n  <p>{t_none_yet}</p>\n</section>"),
    }


def _intro_html(user) -> str:
    parts = per_language("portal:my_overview", _overview_parts)
    name = escape(user.first_name or user.email)
    return mark_safe(f'<p class="fw-lead">{parts["welcome"] % {"name": name}}</p>')  # noqa: S308


def _messages_html(notifications, unread: int) -> str:
    """The overview's newest messages, written out in Python (every value escaped)."""
    from .templatetags.portal_tags import datum_lang

    parts = per_language("portal:my_overview", _overview_parts)
    html = [parts["open"]]
    if unread:
        counted = ngettext("%(counter)s ongelezen", "%(counter)s ongelezen", unread)
        html.append(f' <span class="fw-badge">{escape(counted % {"counter": unread})}</span>')
    if not notifications:
        html.append(parts["empty"])
        return mark_safe("".join(html))  # noqa: S308
    html.append(parts["list"])
    for pk, read_at, created_at, url, title, body, message, sender_label, _unread in notifications:
        moment = timezone.localtime(created_at)
        heading = escape(title)
        if url:
            heading = f'<a href="{parts["open_url"].format(pk)}">{heading}</a>'
        html.append(
            f'\n  <li class="fw-card{"" if read_at else " fw-card--unread"}">\n'
            f'    <p class="fw-meta">{"" if read_at else parts["new"]}'
            f'<time datetime="{moment.isoformat()}">{escape(datum_lang(created_at, True))}'
            f"</time></p>\n"
            f'    <h3 class="utrecht-heading-3">{heading}</h3>\n'
        )
        if body:
            html.append(f"    <p>{escape(body)}</p>\n")
        if message:
            sender = parts["sender"] % {"sender": escape(sender_label)}
            html.append(
                '    <div class="fw-staff-message"><p class="fw-staff-message__sender">'
                f"{sender}</p>{linebreaks(message, autoescape=True)}</div>\n"
            )
        html.append("  </li>")
    html.append(parts["list_end"])
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


@login_required
def notification_list(request):
    page = paginate(request, request.user.notifications.all(), per_page=20)
    return render(request, "portal/notifications.html", {"page_obj": page})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("my_notifications")


@require_POST
@login_required
def notifications_mark_read(request):
    request.user.notifications.filter(read_at=None).update(read_at=timezone.now())
    messages.success(request, _("Alle berichten zijn als gelezen gemarkeerd."))
    return redirect("my_notifications")


@login_required
def preferences(request):
    form = NotificationPreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("my_preferences")
    return render(request, "portal/preferences.html", {"form": form})


@login_required
def measure_objection(request, pk: int):
    """Object to a measure on one's own account (someone else's answers 404)."""
    from .services import measure_object

    measure = get_object_or_404(ParticipationMeasure, pk=pk, user=request.user)
    form = MeasureObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                measure_object(
                    measure=measure, user=request.user, text=form.cleaned_data["objection"]
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            else:
                messages.success(
                    request,
                    _("Uw bezwaar is ontvangen. Een coördinator bekijkt het en laat u het weten."),
                )
                return redirect(reverse("my_overview") + "#maatregelen")
        status = 400
    return render(
        request,
        "portal/measure_objection.html",
        {"form": form, "measure": measure},
        status=status,
    )
