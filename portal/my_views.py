"""'Mijn overzicht': a signed-in person's own page, their messages and preferences.
Each domain app adds its section through portal.sections.MY_OVERVIEW."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import MeasureObjectionForm, NotificationPreferencesForm
from .models import Notification, ParticipationMeasure
from .pagination import paginate
from .sections import MY_OVERVIEW, render_sections


@login_required
def overview(request):
    sections = render_sections(MY_OVERVIEW, request)
    # The five newest messages and, on each, how many of all are unread: one query (the
    # window counts the whole set before the limit).
    notifications = list(
        request.user.notifications.annotate(
            unread_total=Window(Count("pk", filter=Q(read_at=None)))
        )[:5]
    )
    unread = notifications[0].unread_total if notifications else 0
    return render(
        request,
        "portal/my_overview.html",
        {"sections": sections, "notifications": notifications, "unread": unread},
    )


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
