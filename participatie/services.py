"""Every write to resident groups, memberships, meetings and announcements. Each function
checks permission, changes the data inside a transaction, leaves history (who and why),
and tells the people concerned through the portal's messenger, in their own language.
Refusals raise ValidationError or PermissionDenied with a Dutch message."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import interpolate, notify
from portal.roles import HWZ_MODERATOR, staff_signature

from . import notifications as events
from . import permissions as perms
from .models import (
    Announcement,
    Meeting,
    Membership,
    MembershipRole,
    MembershipStatus,
    ResidentGroup,
    Rsvp,
    RsvpStatus,
)
from .transitions import MEETING_TRANSITIONS, MEMBERSHIP_TRANSITIONS

MAX_REASON = 2000
MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "agenda", "capacity")


def _save(obj, *, user, reason) -> None:
    """Save `obj` with its history row saying who did it and why."""
    obj._history_user = user if user is not None and user.is_authenticated else None
    obj._change_reason = str(reason)
    obj.save()


def _refuse(allowed_reason: tuple[bool, str]) -> None:
    allowed, reason = allowed_reason
    if not allowed:
        raise PermissionDenied(reason)


def _must_moderate(user, group) -> None:
    if not perms.can_moderate_group(user, group):
        raise PermissionDenied(_("U bent geen moderator van deze groep."))


def _check_source(transition, status: str, label) -> None:
    if status not in transition.sources:
        raise ValidationError(
            _("Dit kan niet meer: de status is nu “%(status)s”.") % {"status": label}
        )


def _reason(reason: str, required: bool) -> str:
    text = (reason or "").strip()[:MAX_REASON]
    if required and not text:
        raise ValidationError({"reason": _("Schrijf de reden op; de bewoner leest die.")})
    return text


def group_moderators(group) -> list:
    """The people who act on a group's requests: its assigned HWZ moderators."""
    return [
        m.user
        for m in group.memberships.filter(
            status=MembershipStatus.ACTIVE, role=MembershipRole.MODERATOR
        ).select_related("user")
    ]


def _active_members(group) -> list:
    return [
        m.user
        for m in group.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user")
    ]


# --- Groups (staff, in the admin) -------------------------------------------------------


@transaction.atomic
def group_save(*, group: ResidentGroup, user, reason: str = "") -> ResidentGroup:
    """Start a group or change its details (staff who manage groups in its wijk)."""
    if not perms.can_manage_groups(user) or not perms.can_act_in_wijk(user, group.wijk_id):
        raise PermissionDenied(_("U mag geen bewonersgroepen in deze wijk beheren."))
    created = group.pk is None
    group.full_clean()
    _save(group, user=user, reason=reason or (_("Groep gestart") if created else _("Gewijzigd")))
    return group


# --- Memberships ------------------------------------------------------------------------


@transaction.atomic
def request_to_join(*, group: ResidentGroup, user, show_name: bool = False) -> Membership:
    """`user` asks to join; an open group takes them at once. A second request while one
    is open is refused (the group's row is locked, and a unique constraint backs it)."""
    group = ResidentGroup.objects.select_for_update().get(pk=group.pk)
    _refuse(perms.can_join(user, group))
    now = timezone.now()
    membership = Membership(
        group=group,
        user=user,
        status=MembershipStatus.ACTIVE if group.open_membership else MembershipStatus.REQUESTED,
        show_name_to_members=bool(show_name),
        requested_at=now,
        decided_at=now if group.open_membership else None,
    )
    try:
        with transaction.atomic():
            _save(
                membership,
                user=user,
                reason=_("Lid geworden (open groep)") if group.open_membership else _("Aangemeld"),
            )
    except IntegrityError as exc:
        raise ValidationError(_("U heeft zich al aangemeld bij deze groep.")) from exc
    url = group.get_absolute_url()
    if group.open_membership:
        notify(
            event=events.MEMBERSHIP.name,
            recipients=[user],
            title=interpolate(_("Welkom bij “%(group)s”"), {"group": group.name}),
            body=_("U bent nu lid. Op de pagina van de groep vindt u berichten en bijeenkomsten."),
            url=url,
        )
    else:
        notify(
            event=events.MEMBERSHIP.name,
            recipients=[user],
            title=interpolate(_("Uw aanmelding bij “%(group)s”"), {"group": group.name}),
            body=_(
                "De moderator van de groep bekijkt uw aanmelding en laat u weten of u lid wordt."
            ),
            url=url,
        )
        from django.urls import reverse

        notify(
            event=events.JOIN_REQUEST.name,
            recipients=group_moderators(group),
            title=interpolate(_("Nieuwe aanmelding bij “%(group)s”"), {"group": group.name}),
            body=_("Een bewoner wil lid worden. Keur de aanmelding goed of wijs haar af."),
            url=reverse("participatie:moderator_group", args=[group.pk]),
            exclude=user,
        )
    return membership


def _locked_membership(membership) -> Membership:
    return (
        Membership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)
    )


@transaction.atomic
def approve(*, membership: Membership, user) -> Membership:
    membership = _locked_membership(membership)
    _must_moderate(user, membership.group)
    transition = MEMBERSHIP_TRANSITIONS["approve"]
    _check_source(transition, membership.status, membership.get_status_display())
    membership.status = transition.target
    membership.decided_at = timezone.now()
    membership.decided_by = user
    _save(membership, user=user, reason=_("Toegelaten"))
    notify(
        event=events.MEMBERSHIP.name,
        recipients=[membership.user],
        title=interpolate(_("U bent lid van “%(group)s”"), {"group": membership.group.name}),
        body=_("Uw aanmelding is goedgekeurd. Welkom!"),
        url=membership.group.get_absolute_url(),
        sender_label=staff_signature(user),
    )
    return membership


@transaction.atomic
def decline(*, membership: Membership, user, reason: str) -> Membership:
    membership = _locked_membership(membership)
    _must_moderate(user, membership.group)
    transition = MEMBERSHIP_TRANSITIONS["decline"]
    _check_source(transition, membership.status, membership.get_status_display())
    reason = _reason(reason, transition.reason_required)
    membership.status = transition.target
    membership.decline_reason = reason
    membership.decided_at = timezone.now()
    membership.decided_by = user
    _save(membership, user=user, reason=reason)
    notify(
        event=events.MEMBERSHIP.name,
        recipients=[membership.user],
        title=interpolate(_("Uw aanmelding bij “%(group)s”"), {"group": membership.group.name}),
        body=_("U wordt geen lid van deze groep. Hieronder leest u waarom."),
        url=membership.group.get_absolute_url(),
        message=reason,
        sender_label=staff_signature(user),
    )
    return membership


@transaction.atomic
def leave(*, membership: Membership, user) -> Membership:
    """The member ends their membership (or withdraws their request), at any time. Their
    places at the group's coming meetings are freed for the waiting list."""
    membership = _locked_membership(membership)
    if membership.user_id != user.pk:
        raise PermissionDenied(_("Alleen het lid zelf kan het lidmaatschap opzeggen."))
    transition = MEMBERSHIP_TRANSITIONS["leave"]
    _check_source(transition, membership.status, membership.get_status_display())
    membership.status = transition.target
    membership.ended_at = timezone.now()
    _save(membership, user=user, reason=_("Opgezegd door het lid"))
    if not membership.group.meetings_public:
        for rsvp_ in Rsvp.objects.filter(
            meeting__group=membership.group,
            meeting__starts_at__gt=timezone.now(),
            user=user,
            status__in=(RsvpStatus.GOING, RsvpStatus.WAITING),
        ):
            cancel_rsvp(meeting=rsvp_.meeting, user=user)
    return membership


@transaction.atomic
def set_name_consent(*, membership: Membership, user, show: bool) -> Membership:
    membership = _locked_membership(membership)
    if membership.user_id != user.pk:
        raise PermissionDenied(_("Alleen het lid zelf kan dit kiezen."))
    membership.show_name_to_members = bool(show)
    _save(
        membership,
        user=user,
        reason=_("Naam zichtbaar voor leden") if show else _("Naam verborgen voor leden"),
    )
    return membership


@transaction.atomic
def set_role(*, group: ResidentGroup, person, role: str, user, reason: str = "") -> Membership:
    """Give `person` a role in `group` (staff). Someone who is not a member yet becomes an
    active member with that role; a moderator must hold the HWZ-moderator role."""
    group = ResidentGroup.objects.select_for_update().get(pk=group.pk)
    if not perms.can_manage_groups(user) or not perms.can_act_in_wijk(user, group.wijk_id):
        raise PermissionDenied(_("U mag geen rollen in deze groep toewijzen."))
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Kies een bestaande rol.")})
    if role == MembershipRole.MODERATOR and not person.groups.filter(name=HWZ_MODERATOR).exists():
        raise ValidationError(
            {"role": _("Alleen iemand met de rol HWZ-moderator kan moderator van een groep zijn.")}
        )
    membership = (
        Membership.objects.select_for_update()
        .filter(
            group=group,
            user=person,
            status__in=(MembershipStatus.REQUESTED, MembershipStatus.ACTIVE),
        )
        .first()
    )
    now = timezone.now()
    if membership is None:
        membership = Membership(group=group, user=person, requested_at=now)
    membership.status = MembershipStatus.ACTIVE
    membership.decided_at = membership.decided_at or now
    membership.decided_by = membership.decided_by or user
    membership.role = role
    _save(
        membership,
        user=user,
        reason=reason or interpolate(_("Rol: %(role)s"), {"role": MembershipRole(role).label}),
    )
    return membership


@transaction.atomic
def set_moderators(*, group: ResidentGroup, moderators, user) -> None:
    """Make exactly `moderators` the group's HWZ moderators (staff): new ones become
    active members with the role; those taken off keep no role in the group."""
    if not perms.can_manage_groups(user) or not perms.can_act_in_wijk(user, group.wijk_id):
        raise PermissionDenied(_("U mag geen moderatoren in deze groep toewijzen."))
    wanted = {person.pk: person for person in moderators}
    current = Membership.objects.select_for_update().filter(
        group=group, status=MembershipStatus.ACTIVE, role=MembershipRole.MODERATOR
    )
    for membership in current:
        if membership.user_id in wanted:
            wanted.pop(membership.user_id)
            continue
        membership.status = MembershipStatus.ENDED
        membership.ended_at = timezone.now()
        _save(membership, user=user, reason=_("Niet langer moderator van de groep"))
    for person in wanted.values():
        set_role(group=group, person=person, role=MembershipRole.MODERATOR, user=user)


# --- Meetings ---------------------------------------------------------------------------


def meeting_errors(data: dict) -> dict:
    """What is wrong with a meeting's details, per field (Dutch); empty when nothing."""
    errors = {}
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and starts <= timezone.now():
        errors["starts_at"] = _("Een bijeenkomst plant u in de toekomst.")
    if starts and starts > timezone.now() + timedelta(days=2 * 365):
        errors["starts_at"] = _("Plan een bijeenkomst hoogstens twee jaar vooruit.")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("Het einde ligt na het begin.")
    if starts and ends and ends - starts > timedelta(days=1):
        errors["ends_at"] = _("Een bijeenkomst duurt hoogstens een dag.")
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _(
            "Er is minstens één plaats nodig; laat het veld leeg voor geen maximum."
        )
    if not data.get("place") and not data.get("online_url"):
        errors["place"] = _("Vul een plaats of een link voor online deelnemen in.")
    return errors


def _check_meeting(data: dict) -> None:
    if errors := meeting_errors(data):
        raise ValidationError(errors)


@transaction.atomic
def plan_meeting(*, group: ResidentGroup, user, data: dict) -> Meeting:
    _must_moderate(user, group)
    if not group.active:
        raise ValidationError(_("Deze groep is niet meer actief."))
    _check_meeting(data)
    meeting = Meeting(group=group, created_by=user)
    for field in MEETING_FIELDS:
        if field in data:
            value = data[field]
            setattr(meeting, field, "" if value is None and field != "capacity" else value)
    meeting.full_clean()
    _save(meeting, user=user, reason=_("Gepland"))
    recipients = _active_members(group)
    notify(
        event=events.MEETING_NEWS.name,
        recipients=recipients,
        title=interpolate(
            _("Nieuwe bijeenkomst van “%(group)s”: %(title)s"),
            {"group": group.name, "title": meeting.title},
        ),
        body=_("Meld u aan op de pagina van de bijeenkomst."),
        url=meeting.get_absolute_url(),
        exclude=user,
        attachment=f"meeting-ics:{meeting.pk}",
    )
    return meeting


def _locked_meeting(meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, user, reason: str) -> Meeting:
    meeting = _locked_meeting(meeting)
    _must_moderate(user, meeting.group)
    transition = MEETING_TRANSITIONS["cancel"]
    _check_source(transition, meeting.status, meeting.get_status_display())
    reason = _reason(reason, transition.reason_required)
    meeting.status = transition.target
    meeting.cancel_reason = reason
    _save(meeting, user=user, reason=reason)
    signed_up = [
        r.user
        for r in meeting.rsvps.filter(
            status__in=(RsvpStatus.GOING, RsvpStatus.WAITING)
        ).select_related("user")
    ]
    notify(
        event=events.MEETING_NEWS.name,
        recipients=signed_up,
        title=interpolate(
            _("Geannuleerd: %(title)s (%(group)s)"),
            {"title": meeting.title, "group": meeting.group.name},
        ),
        body=_("Deze bijeenkomst gaat niet door. Hieronder leest u waarom."),
        url=meeting.get_absolute_url(),
        message=reason,
        sender_label=staff_signature(user),
        exclude=user,
    )
    return meeting


@transaction.atomic
def rsvp(*, meeting: Meeting, user) -> Rsvp:
    """Sign `user` up: a place while there is one, else the end of the waiting list. The
    meeting's row is locked, so two people never take the last place both."""
    meeting = _locked_meeting(meeting)
    current = Rsvp.objects.select_for_update().filter(meeting=meeting, user=user).first()
    _refuse(perms.can_rsvp(user, meeting, current))
    entry = current or Rsvp(meeting=meeting, user=user)
    if meeting.is_full:
        last = meeting.rsvps.filter(status=RsvpStatus.WAITING).aggregate(m=Max("position"))["m"]
        entry.status = RsvpStatus.WAITING
        entry.position = (last or 0) + 1
        reason = _("Op de wachtlijst")
    else:
        entry.status = RsvpStatus.GOING
        entry.position = None
        Meeting.objects.filter(pk=meeting.pk).update(going_count=F("going_count") + 1)
        meeting.going_count += 1
        reason = _("Aangemeld")
    entry.reminded_at = None
    _save(entry, user=user, reason=reason)
    if entry.status == RsvpStatus.GOING:
        title = interpolate(_("U bent aangemeld: %(title)s"), {"title": meeting.title})
        body = _("Tot dan! U krijgt de dag ervoor een herinnering.")
    else:
        title = interpolate(_("Op de wachtlijst: %(title)s"), {"title": meeting.title})
        body = _(
            "De bijeenkomst is vol. Komt er een plaats vrij, dan krijgt u die en laten wij "
            "het u weten."
        )
    notify(
        event=events.RSVP.name,
        recipients=[user],
        title=title,
        body=body,
        url=meeting.get_absolute_url(),
        attachment=f"meeting-ics:{meeting.pk}" if entry.status == RsvpStatus.GOING else "",
    )
    entry.meeting = meeting
    return entry


@transaction.atomic
def cancel_rsvp(*, meeting: Meeting, user) -> Rsvp:
    """`user` cancels; a freed place goes to the first on the waiting list, who is told."""
    meeting = _locked_meeting(meeting)
    entry = (
        Rsvp.objects.select_for_update()
        .filter(meeting=meeting, user=user, status__in=(RsvpStatus.GOING, RsvpStatus.WAITING))
        .first()
    )
    if entry is None:
        raise ValidationError(_("U bent niet aangemeld voor deze bijeenkomst."))
    was_going = entry.status == RsvpStatus.GOING
    entry.status = RsvpStatus.CANCELLED
    entry.position = None
    _save(entry, user=user, reason=_("Afgemeld"))
    if was_going:
        Meeting.objects.filter(pk=meeting.pk).update(going_count=F("going_count") - 1)
        meeting.going_count -= 1
        if not meeting.is_cancelled and meeting.starts_at > timezone.now():
            _move_up(meeting)
    return entry


def _move_up(meeting: Meeting) -> None:
    """Give free places to the waiting list, first come first served (meeting locked)."""
    while not meeting.is_full:
        first = (
            Rsvp.objects.select_for_update()
            .filter(meeting=meeting, status=RsvpStatus.WAITING)
            .select_related("user")
            .order_by("position", "pk")
            .first()
        )
        if first is None:
            return
        first.status = RsvpStatus.GOING
        first.position = None
        _save(first, user=None, reason=_("Van de wachtlijst: er kwam een plaats vrij"))
        Meeting.objects.filter(pk=meeting.pk).update(going_count=F("going_count") + 1)
        meeting.going_count += 1
        notify(
            event=events.PLACE_FREE.name,
            recipients=[first.user],
            title=interpolate(_("Er is een plaats voor u: %(title)s"), {"title": meeting.title}),
            body=_(
                "Iemand heeft zich afgemeld; u stond bovenaan de wachtlijst en bent nu "
                "aangemeld. Kunt u toch niet? Meld u dan af, zodat de volgende de plaats krijgt."
            ),
            url=meeting.get_absolute_url(),
            attachment=f"meeting-ics:{meeting.pk}",
        )


@transaction.atomic
def publish_minutes(*, meeting: Meeting, user, minutes: str) -> Meeting:
    meeting = _locked_meeting(meeting)
    _must_moderate(user, meeting.group)
    if meeting.is_cancelled:
        raise ValidationError(_("Van een geannuleerde bijeenkomst is er geen verslag."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Het verslag publiceert u na de bijeenkomst."))
    text = (minutes or "").strip()
    if not text:
        raise ValidationError({"minutes": _("Schrijf het verslag.")})
    first_time = meeting.minutes_published_at is None
    meeting.minutes = text
    meeting.minutes_published_at = timezone.now()
    meeting.minutes_by = user
    _save(
        meeting,
        user=user,
        reason=_("Verslag gepubliceerd") if first_time else _("Verslag gewijzigd"),
    )
    if first_time:
        notify(
            event=events.MINUTES.name,
            recipients=_active_members(meeting.group),
            title=interpolate(_("Verslag: %(title)s"), {"title": meeting.title}),
            body=_("Het verslag van de bijeenkomst staat op de site."),
            url=meeting.get_absolute_url(),
            exclude=user,
        )
    return meeting


# --- Announcements ----------------------------------------------------------------------


@transaction.atomic
def announce(*, group: ResidentGroup, user, title: str, body: str) -> Announcement:
    """A message to every active member, sent by a task once this is committed."""
    _must_moderate(user, group)
    announcement = Announcement(group=group, author=user, title=title, body=body)
    announcement.full_clean()
    _save(announcement, user=user, reason=_("Verstuurd aan de leden"))

    def queue():
        from .tasks import send_announcement

        send_announcement.delay(announcement.pk)

    transaction.on_commit(queue)
    return announcement


def deliver_announcement(*, announcement: Announcement, member) -> bool:
    """Tell one member of one announcement, at most once: the delivery row, the message
    in their list and the e-mail (unless they turned such e-mails off) commit together.
    Returns False when they had it already. An e-mail that fails undoes the row, so a
    retry tells them then."""
    from portal.tasks import send_notification_emails

    from .models import AnnouncementDelivery

    with transaction.atomic():
        _delivery, created = AnnouncementDelivery.objects.get_or_create(
            announcement=announcement, user=member
        )
        if not created:
            return False
        sent = notify(
            event=events.ANNOUNCEMENT.name,
            recipients=[member],
            title=interpolate(
                _("%(group)s: %(title)s"),
                {"group": announcement.group.name, "title": announcement.title},
            ),
            body=announcement.body,
            url=announcement.group.get_absolute_url(),
            sender_label=staff_signature(announcement.author) if announcement.author else "",
        )
        # Sent now, inside the transaction: the e-mail task queued by notify() finds it
        # e-mailed and leaves it.
        send_notification_emails.run([n.pk for n in sent if n.pk])
    return True
