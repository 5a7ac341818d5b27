"""The resident side of resident groups (overview, group, meeting, join and RSVP) and the
HWZ moderator's own pages (outside the admin, limited to their groups). Views parse input,
call a service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.fields import safe_filename
from portal.page_cache import cache_public
from portal.pagination import paginate

from . import permissions as perms
from . import selectors, services
from .forms import (
    AnnouncementForm,
    GroupFilterForm,
    JoinForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
)
from .ical import group_calendar, meeting_calendar
from .models import Meeting, Membership, MembershipStatus, ResidentGroup, RsvpStatus

PER_PAGE = 12


def _refused(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _visible_group(request, slug: str) -> ResidentGroup:
    group = selectors.group_with_contacts(slug)
    if group is None or not (group.active or perms.can_moderate_group(request.user, group)):
        raise Http404
    return group


def _visible_meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("group__wijk"), pk=pk)
    if not perms.can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


# --- Public pages -----------------------------------------------------------------------


# The overview, a group's page and a meeting's page are the same for every anonymous
# visitor: kept in the page cache (portal.page_cache), which forgets them on any change
# of a group, membership, meeting or RSVP (participatie.signals).
@cache_public(query=("wijk", "soort", "pagina"))
def overview(request):
    form = GroupFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {}) or {}
    groups = selectors.public_groups(wijk=filters.get("wijk"), kind=filters.get("soort"))
    page = paginate(request, groups.order_by("name", "pk"), per_page=PER_PAGE)
    kept = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    return render(
        request,
        "participatie/overview.html",
        {
            "form": form,
            "page_obj": page,
            "extra": ("&" + urlencode(kept)) if kept else "",
            "filtered": bool(kept),
            "meetings": list(selectors.upcoming_meetings(limit=5)),
        },
    )


@cache_public
def group_detail(request, slug: str):
    group = _visible_group(request, slug)
    user = request.user
    membership = perms.open_membership(user, group)
    members_area = perms.can_see_members_area(user, group)
    can_moderate = perms.can_moderate_group(user, group)
    show_meetings = group.meetings_public or members_area
    context = {
        "group": group,
        "contacts": [m.user for m in group.contacts],
        "membership": membership,
        "can_join": perms.can_join(user, group),
        "join_form": JoinForm(),
        "members_area": members_area,
        "can_moderate": can_moderate,
        "show_meetings": show_meetings,
        "meetings": list(selectors.upcoming_meetings(group=group, public_only=False))
        if show_meetings
        else [],
        "member_count": selectors.member_count(group),
        "fund_applications": _fund_applications(group),
    }
    if members_area:
        context.update(
            {
                "announcements": selectors.announcements(group),
                "members": selectors.members_shown_to_members(group),
                "minutes": selectors.past_meetings_with_minutes(group),
            }
        )
    return render(request, "participatie/group.html", context)


def _fund_applications(group) -> list:
    """The group's applications to the fund and their public initiatives, as the fund
    shows them (its selector: this app does not read the fund's models)."""
    from fonds.selectors import group_fund_applications

    return group_fund_applications(group)


def group_feed(request, slug: str):
    """The group's meetings as an iCalendar feed (public meetings only: a calendar app
    fetches it without signing in)."""
    group = get_object_or_404(ResidentGroup, slug=slug, active=True)
    if not group.meetings_public:
        raise Http404
    meetings = (
        Meeting.objects.filter(
            group=group, ends_at__gt=timezone.now() - timezone.timedelta(days=90)
        )
        .select_related("group")
        .order_by("starts_at")
    )
    response = HttpResponse(group_calendar(group, meetings), content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{safe_filename(group.slug)}.ics"'
    return response


@cache_public
def meeting_detail(request, pk: int):
    meeting = _visible_meeting(request, pk)
    user = request.user
    current = selectors.my_rsvp(meeting, user)
    group = meeting.group
    members_area = perms.can_see_members_area(user, group)
    return render(
        request,
        "participatie/meeting.html",
        {
            "meeting": meeting,
            "group": group,
            "rsvp": current if current and current.status != RsvpStatus.CANCELLED else None,
            "can_rsvp": perms.can_rsvp(user, meeting, current),
            "waiting": selectors.waiting_count(meeting),
            "members_area": members_area,
            "can_moderate": perms.can_moderate_group(user, group),
        },
    )


def meeting_ics(request, pk: int):
    meeting = _visible_meeting(request, pk)
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar")
    response["Content-Disposition"] = (
        f'attachment; filename="{safe_filename(meeting.title, "bijeenkomst")}.ics"'
    )
    return response


@require_POST
@login_required
def join(request, slug: str):
    group = _visible_group(request, slug)
    form = JoinForm(request.POST)
    if form.caught_by_honeypot or not form.is_valid():
        messages.error(request, _("Uw aanmelding is niet verstuurd. Probeer het opnieuw."))
        return redirect(group)
    try:
        membership = services.request_to_join(
            group=group, user=request.user, show_name=form.cleaned_data["show_name"]
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        if membership.status == MembershipStatus.ACTIVE:
            messages.success(request, _("Welkom! U bent nu lid van deze groep."))
        else:
            messages.success(
                request,
                _("Uw aanmelding is verstuurd. De moderator laat u weten of u lid wordt."),
            )
    return redirect(group)


def _own_membership(request, group) -> Membership:
    membership = perms.open_membership(request.user, group)
    if membership is None:
        raise Http404
    return membership


@require_POST
@login_required
def leave(request, slug: str):
    group = _visible_group(request, slug)
    membership = _own_membership(request, group)
    try:
        services.leave(membership=membership, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("U bent geen lid meer van deze groep."))
    return redirect(group)


@require_POST
@login_required
def name_consent(request, slug: str):
    group = _visible_group(request, slug)
    membership = _own_membership(request, group)
    show = request.POST.get("show_name") == "1"
    services.set_name_consent(membership=membership, user=request.user, show=show)
    messages.success(
        request,
        _("Andere leden zien nu uw naam.") if show else _("Andere leden zien uw naam niet meer."),
    )
    return redirect(group)


@require_POST
@login_required
def rsvp(request, pk: int):
    meeting = _visible_meeting(request, pk)
    try:
        entry = services.rsvp(meeting=meeting, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        if entry.status == RsvpStatus.GOING:
            messages.success(request, _("U bent aangemeld. Tot dan!"))
        else:
            messages.success(
                request,
                _("De bijeenkomst is vol: u staat op de wachtlijst, plaats %(n)s.")
                % {"n": entry.position},
            )
    return redirect(meeting)


@require_POST
@login_required
def cancel_rsvp(request, pk: int):
    meeting = _visible_meeting(request, pk)
    try:
        services.cancel_rsvp(meeting=meeting, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("U bent afgemeld."))
    return redirect(meeting)


# --- The HWZ moderator's pages ----------------------------------------------------------


def _moderated_group(request, pk: int) -> ResidentGroup:
    group = get_object_or_404(ResidentGroup.objects.select_related("wijk"), pk=pk)
    if not perms.can_moderate_group(request.user, group):
        raise Http404
    return group


def _moderated_meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("group__wijk"), pk=pk)
    if not perms.can_moderate_group(request.user, meeting.group):
        raise Http404
    return meeting


@login_required
def moderator_home(request):
    groups = perms.moderated_groups(request.user)
    rows = list(selectors.moderator_group_rows(groups))
    if not rows and not (
        request.user.has_perm(perms.MODERATE_PERMISSION) or perms.can_manage_groups(request.user)
    ):
        raise PermissionDenied
    from fonds.selectors import advice_requests_for

    return render(
        request,
        "participatie/moderator/home.html",
        {
            "groups": rows,
            "requests": list(selectors.requests_of(groups)[:50]),
            "advice_requests": advice_requests_for(request.user),
        },
    )


@login_required
def moderator_group(request, pk: int):
    group = _moderated_group(request, pk)
    if request.method == "POST":
        membership = get_object_or_404(
            Membership.objects.select_related("group"),
            pk=_int(request.POST.get("membership")),
            group=group,
        )
        try:
            services.approve(membership=membership, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Toegelaten; de bewoner krijgt bericht."))
        return redirect("participatie:moderator_group", pk=group.pk)
    members = (
        Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("user__first_name", "pk")
    )
    now = timezone.now()
    meetings = Meeting.objects.filter(group=group).order_by("-starts_at")
    return render(
        request,
        "participatie/moderator/group.html",
        {
            "group": group,
            "requests": list(selectors.requests_of([group])),
            "members": list(members),
            "upcoming": [m for m in meetings[:50] if m.ends_at > now][::-1],
            "past": [m for m in meetings[:50] if m.ends_at <= now],
            "announcements": selectors.announcements(group, limit=5),
        },
    )


def _int(value) -> int:
    from portal.fields import int_param

    number = int_param(value)
    if number is None:
        raise Http404
    return number


def _form_page(request, template, context, form):
    """The form (again): 400 when it came back with errors, so nothing looks sent."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def moderator_decline(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("group__wijk", "user"), pk=pk)
    group = membership.group
    if not perms.can_moderate_group(request.user, group):
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not form.caught_by_honeypot:
        try:
            services.decline(
                membership=membership, user=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as exc:
            _refused(request, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
            return _form_page(
                request, "participatie/moderator/decline.html", {"membership": membership}, form
            )
        else:
            messages.success(request, _("Niet toegelaten; de bewoner leest uw reden."))
        return redirect("participatie:moderator_group", pk=group.pk)
    return _form_page(
        request, "participatie/moderator/decline.html", {"membership": membership}, form
    )


@login_required
def moderator_meeting_new(request, pk: int):
    group = _moderated_group(request, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not form.caught_by_honeypot:
        try:
            meeting = services.plan_meeting(
                group=group, user=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("De bijeenkomst is gepland; de leden krijgen bericht."))
            return redirect(meeting)
    return _form_page(request, "participatie/moderator/meeting_form.html", {"group": group}, form)


@login_required
def moderator_meeting_cancel(request, pk: int):
    meeting = _moderated_meeting(request, pk)
    form = ReasonForm(request.POST or None)
    context = {"meeting": meeting, "group": meeting.group}
    if request.method == "POST" and form.is_valid() and not form.caught_by_honeypot:
        try:
            services.cancel_meeting(
                meeting=meeting, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, _("De bijeenkomst is geannuleerd; wie zich aanmeldde, krijgt bericht.")
            )
            return redirect("participatie:moderator_group", pk=meeting.group_id)
    return _form_page(request, "participatie/moderator/cancel.html", context, form)


@login_required
def moderator_minutes(request, pk: int):
    meeting = _moderated_meeting(request, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    context = {"meeting": meeting, "group": meeting.group}
    if request.method == "POST" and form.is_valid() and not form.caught_by_honeypot:
        try:
            services.publish_minutes(
                meeting=meeting, user=request.user, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Het verslag staat op de site voor de leden."))
            return redirect(meeting)
    return _form_page(request, "participatie/moderator/minutes.html", context, form)


@login_required
def moderator_announce(request, pk: int):
    group = _moderated_group(request, pk)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not form.caught_by_honeypot:
        try:
            services.announce(
                group=group,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Het bericht gaat naar de leden."))
            return redirect("participatie:moderator_group", pk=group.pk)
    return _form_page(request, "participatie/moderator/announce.html", {"group": group}, form)


def moderator_url() -> str:
    return reverse("participatie:moderator")
