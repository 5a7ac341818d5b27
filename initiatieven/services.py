"""Every write to initiatives. Each function checks permission, changes the data inside
a transaction, leaves history, and announces itself through the portal's messenger.
Refusals raise ValidationError or PermissionDenied with a Dutch message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal import sections
from portal.abuse import count_accepted, over_limit
from portal.models import ParticipationMeasure
from portal.notifications import absolute_url, interpolate, notify, redact, send_email
from portal.roles import staff_signature
from portal.services import measure_impose

from . import notifications as events
from . import permissions as perms
from .models import (
    CoInitiatorInvite,
    Comment,
    CommentReport,
    ConceptReadLog,
    Initiative,
    Photo,
    ProgressUpdate,
    Status,
    Support,
)
from .selectors import moderators_of_wijk
from .transitions import TRANSITIONS

MAX_PHOTOS = 5
EDITABLE_FIELDS = ("title", "description", "needs", "estimated_cost", "wijk", "complex", "pillar")


def _save(obj, *, user, reason: str) -> None:
    """Save `obj` with its history row saying who did it and why."""
    obj._history_user = user
    obj._change_reason = str(reason)
    obj.save()


def _delete(obj, *, user, reason: str) -> None:
    """Delete `obj`; its history keeps the last state, who removed it and why."""
    obj._history_user = user
    obj._change_reason = str(reason)
    obj.delete()


def _refuse(allowed_reason: tuple[bool, str]) -> None:
    allowed, reason = allowed_reason
    if not allowed:
        raise PermissionDenied(reason)


def _team(initiative) -> list:
    return [initiative.initiator, *initiative.co_initiators.all()]


def _add_photos(*, initiative, user, photos, update=None, alt_text: str = "") -> None:
    if not photos:
        return
    existing = initiative.photos.filter(update=update).count()
    if existing + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _(
                    "Er passen hoogstens %(max)s foto's bij. Er staan er al %(count)s; "
                    "verwijder er eerst een."
                )
                % {"max": MAX_PHOTOS, "count": existing}
            }
        )
    for offset, clean in enumerate(photos):
        photo = Photo(
            initiative=initiative,
            update=update,
            alt_text=(alt_text or initiative.title)[:200],
            sort_order=existing + offset,
            uploaded_by=user,
        )
        photo.image.save(clean.image.name, clean.image, save=False)
        photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
        _save(photo, user=user, reason=_("Foto toegevoegd"))


@transaction.atomic
def initiative_create(*, user, data: dict, photos=(), photo_text: str = "") -> Initiative:
    """A new initiative, saved as a concept of which `user` is the initiator."""
    _refuse(perms.can_propose(user))
    initiative = Initiative(initiator=user, status=Status.CONCEPT)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(initiative, field, data[field])
    initiative.full_clean()
    initiative._history_user = user
    initiative._change_reason = "Concept aangemaakt"
    initiative.save()
    _add_photos(initiative=initiative, user=user, photos=photos, alt_text=photo_text)
    return initiative


@transaction.atomic
def initiative_edit(
    *, initiative: Initiative, user, data: dict, photos=(), photo_text: str = ""
) -> Initiative:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not perms.can_edit_initiative(user, initiative):
        raise PermissionDenied(_("Dit initiatief kunt u nu niet wijzigen."))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(initiative, field, data[field])
    initiative.full_clean()
    initiative._history_user = user
    initiative._change_reason = "Gewijzigd"
    initiative.save()
    _add_photos(initiative=initiative, user=user, photos=photos, alt_text=photo_text)
    return initiative


@transaction.atomic
def concept_read_log(*, initiative: Initiative, user, view: str) -> ConceptReadLog:
    """Record that an administrator opened a private concept (the only role that may)."""
    if not perms.can_inspect_private_concept(user):
        raise PermissionDenied(_("Alleen een beheerder kan een concept inzien."))
    return ConceptReadLog.objects.create(initiative=initiative, user=user, view=view[:50])


@transaction.atomic
def photo_delete(*, photo: Photo, user) -> None:
    initiative = Initiative.objects.select_for_update().get(pk=photo.initiative_id)
    allowed = (
        perms.can_edit_initiative(user, initiative)
        if photo.update_id is None
        else perms.is_team_member(user, initiative)
    ) or perms.can_moderate_initiative(user, initiative)
    if not allowed:
        raise PermissionDenied(_("Deze foto kunt u niet verwijderen."))
    files = [(f.storage, f.name) for f in (photo.image, photo.thumbnail) if f]
    _delete(photo, user=user, reason=_("Foto verwijderd"))
    # The files go once the deletion is committed, so a rollback leaves nothing broken.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _announce_transition(initiative, transition, user, reason: str) -> None:
    url = initiative.get_absolute_url()
    team = _team(initiative)
    title = _("Uw initiatief “%(title)s”: %(status)s") % {
        "title": initiative.title,
        "status": initiative.get_status_display().lower(),
    }
    bodies = {
        "submit": _("Het is ingediend. Een moderator bekijkt het en laat u weten wat er gebeurt."),
        "resubmit": _("Het is opnieuw ingediend. Een moderator bekijkt het opnieuw."),
        "publish": _("Het staat nu op de site. Buurtbewoners kunnen het steunen en reageren."),
        "send_back": _(
            "De moderator heeft een vraag. Pas uw initiatief aan en dien het opnieuw in."
        ),
        "reject": _("Het wordt niet gepubliceerd. Hieronder leest u waarom."),
        "take_offline": _("Het staat niet meer op de site. Hieronder leest u waarom."),
        "start": _("De uitvoering is begonnen."),
        "complete": _("Het initiatief is afgerond. Dank aan iedereen die meedeed!"),
        "withdraw": _("Het initiatief is ingetrokken."),
    }
    moderator_move = transition.name in ("publish", "send_back", "reject", "take_offline")
    sender_label = staff_signature(user) if moderator_move else ""
    notify(
        event=events.STATUS_CHANGED.name,
        recipients=team,
        title=title,
        body=bodies[transition.name],
        url=url,
        message=reason if moderator_move else "",
        sender_label=sender_label,
        exclude=None if moderator_move else user,
    )
    if transition.name in ("submit", "resubmit", "withdraw") and not initiative.is_private:
        notify(
            event=events.SUBMITTED.name,
            recipients=moderators_of_wijk(initiative.wijk_id),
            title=interpolate(
                _("Initiatief “%(title)s” in %(wijk)s: %(status)s"),
                {
                    "title": initiative.title,
                    "wijk": initiative.wijk.name,
                    "status": initiative.get_status_display().lower(),
                },
            ),
            url=reverse("initiatieven_initiative:inspect", args=[initiative.pk]),
            exclude=user,
        )
    if transition.name in ("start", "complete"):
        supporters = [s.user for s in initiative.supports.select_related("user")]
        notify(
            event=events.UPDATED.name,
            recipients=supporters,
            title=interpolate(
                _("“%(title)s”, dat u steunt: %(status)s"),
                {"title": initiative.title, "status": initiative.get_status_display().lower()},
            ),
            url=url,
            exclude=user,
        )


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, name: str, user, reason: str = ""
) -> Initiative:
    """Make the move `name` of transitions.TRANSITIONS, if `user` may make it now."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Onbekende actie."))
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("wijk")
        .get(pk=initiative.pk)
    )
    _refuse(perms.can_transition(user, initiative, transition))
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise ValidationError({"reason": _("Schrijf erbij waarom; de initiatiefnemer leest het.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Houd het bericht onder de 2000 tekens.")})
    if transition.name in ("submit", "resubmit"):
        missing = initiative.missing_for_submission()
        if missing:
            raise ValidationError(missing)
    now = timezone.now()
    initiative.status = transition.target
    if transition.target == Status.INGEDIEND:
        initiative.submitted_at = now
    if transition.target == Status.GEPUBLICEERD and initiative.published_at is None:
        initiative.published_at = now
    initiative._history_user = user
    initiative._change_reason = reason or str(transition.label)
    initiative.save()
    _announce_transition(initiative, transition, user, reason)
    for hook in hooks.get_hooks(sections.INITIATIVE_MOVED):
        hook(initiative=initiative, name=transition.name, user=user, reason=reason)
    return initiative


@transaction.atomic
def support_add(*, initiative: Initiative, user) -> None:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _refuse(perms.can_support(user, initiative))
    try:
        with transaction.atomic():
            _save(Support(initiative=initiative, user=user), user=user, reason=_("Steun gegeven"))
    except IntegrityError as exc:
        raise ValidationError(_("U steunt dit initiatief al.")) from exc
    Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") + 1)


@transaction.atomic
def support_withdraw(*, initiative: Initiative, user) -> None:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    support = Support.objects.filter(initiative=initiative, user=user).first()
    if support is None:
        raise ValidationError(_("U steunde dit initiatief niet."))
    _delete(support, user=user, reason=_("Steun ingetrokken"))
    Initiative.objects.filter(pk=initiative.pk, support_count__gt=0).update(
        support_count=F("support_count") - 1
    )


def _comment_url(comment) -> str:
    """Where a comment is read; also how notifications about it are found again."""
    return comment.initiative.get_absolute_url() + f"#reactie-{comment.pk}"


@transaction.atomic
def comment_post(*, initiative: Initiative, user, body: str) -> Comment:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _refuse(perms.can_comment(user, initiative))
    comment = Comment(initiative=initiative, author=user, body=(body or "").strip())
    comment.full_clean()
    _save(comment, user=user, reason=_("Reactie geplaatst"))
    Initiative.objects.filter(pk=initiative.pk).update(comment_count=F("comment_count") + 1)
    notify(
        event=events.COMMENTED.name,
        recipients=_team(initiative),
        title=interpolate(_("Nieuwe reactie op “%(title)s”"), {"title": initiative.title}),
        body=comment.body[:500],
        url=_comment_url(comment),
        exclude=user,
    )
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, user, reason: str, explanation: str = "") -> CommentReport:
    _refuse(perms.can_report_comment(user, comment))
    report = CommentReport(comment=comment, reporter=user, reason=reason, explanation=explanation)
    report.full_clean(exclude=["comment", "reporter"])
    try:
        with transaction.atomic():
            _save(report, user=user, reason=report.get_reason_display())
    except IntegrityError as exc:
        raise ValidationError(_("U heeft deze reactie al gemeld.")) from exc
    if not comment.reports.exclude(pk=report.pk).filter(resolved_at=None).exists():
        # The first open report tells the wijk's moderators; later ones join the same case.
        notify(
            event=events.REPORTED.name,
            recipients=moderators_of_wijk(comment.initiative.wijk_id),
            title=interpolate(
                _("Gemelde reactie bij “%(title)s”"), {"title": comment.initiative.title}
            ),
            body=comment.body[:300],
            url=reverse("initiatieven_comment:inspect", args=[comment.pk]),
        )
    return report


@transaction.atomic
def comment_hide(*, comment: Comment, user, reason: str) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("initiative")
        .get(pk=comment.pk)
    )
    if not perms.can_moderate_comment(user, comment):
        raise PermissionDenied(_("U mag reacties in deze wijk niet modereren."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf erbij waarom; de schrijver leest het.")})
    if comment.is_hidden:
        raise ValidationError(_("Deze reactie is al verborgen."))
    now = timezone.now()
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now, user, reason
    _save(comment, user=user, reason=reason)
    _resolve_reports(comment, user=user, outcome=CommentReport.Outcome.HIDDEN, reason=reason)
    # Its text travels no further: what others were told about it loses the text.
    gone = _("Deze reactie is verborgen door een moderator.")
    redact(event=events.COMMENTED.name, url_endswith=f"#reactie-{comment.pk}", body=gone)
    redact(
        event=events.REPORTED.name,
        url_endswith=reverse("initiatieven_comment:inspect", args=[comment.pk]),
        body=gone,
    )
    notify(
        event=events.COMMENT_HIDDEN.name,
        recipients=[comment.author],
        title=interpolate(
            _("Uw reactie bij “%(title)s” is verborgen"), {"title": comment.initiative.title}
        ),
        body=interpolate(_("Uw reactie was: “%(body)s”"), {"body": comment.body[:300]}),
        url=comment.initiative.get_absolute_url() + f"#reactie-{comment.pk}",
        message=reason,
        sender_label=staff_signature(user),
    )
    return comment


def _resolve_reports(comment, *, user, outcome: str, reason: str) -> int:
    """Close every open report of `comment`, each saved with its own history row."""
    now = timezone.now()
    reports = list(comment.reports.select_for_update().filter(resolved_at=None))
    for report in reports:
        report.resolved_at, report.resolved_by, report.outcome = now, user, outcome
        _save(report, user=user, reason=reason)
    return len(reports)


@transaction.atomic
def comment_reports_dismiss(*, comment: Comment, user, reason: str = "") -> int:
    """The reports were not justified: the comment stays. Returns how many were closed."""
    if not perms.can_moderate_comment(user, comment):
        raise PermissionDenied(_("U mag reacties in deze wijk niet modereren."))
    reason = (reason or "").strip()[:2000] or str(CommentReport.Outcome.DISMISSED.label)
    return _resolve_reports(
        comment, user=user, outcome=CommentReport.Outcome.DISMISSED, reason=reason
    )


@transaction.atomic
def comment_author_measure(
    *, comment: Comment, user, scope: str, duration: str, reason: str
) -> ParticipationMeasure:
    """Take `scope` away from the comment's author for `duration` (never the account
    itself), and hide the comment if it is still shown."""
    if not perms.can_moderate_comment(user, comment):
        raise PermissionDenied(_("U mag reacties in deze wijk niet modereren."))
    measure = measure_impose(
        user=comment.author, by=user, scope=scope, duration=duration, reason=reason
    )
    if not comment.is_hidden:
        comment_hide(comment=comment, user=user, reason=reason)
    return measure


@transaction.atomic
def progress_update_post(
    *, initiative: Initiative, user, body: str, photos=(), photo_text: str = ""
) -> ProgressUpdate:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not perms.can_post_update(user, initiative):
        raise PermissionDenied(_("Alleen het team kan voortgang melden bij een gepubliceerd idee."))
    update = ProgressUpdate(initiative=initiative, author=user, body=(body or "").strip())
    update.full_clean()
    _save(update, user=user, reason=_("Voortgang gemeld"))
    _add_photos(initiative=initiative, user=user, photos=photos, update=update, alt_text=photo_text)
    supporters = [s.user for s in initiative.supports.select_related("user")]
    notify(
        event=events.UPDATED.name,
        recipients=[*supporters, *_team(initiative)],
        title=interpolate(_("Nieuws over “%(title)s”"), {"title": initiative.title}),
        body=update.body[:500],
        url=initiative.get_absolute_url() + f"#update-{update.pk}",
        exclude=user,
    )
    return update


@transaction.atomic
def co_initiator_invite(*, initiative: Initiative, user, email: str) -> CoInitiatorInvite:
    if not perms.can_invite(user, initiative):
        raise PermissionDenied(_("Alleen de initiatiefnemer kan mensen uitnodigen."))
    email = (email or "").strip().lower()
    if email == user.email.lower():
        raise ValidationError({"email": _("U bent zelf al initiatiefnemer.")})
    if initiative.co_initiators.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Deze persoon is al mede-initiatiefnemer.")})
    if initiative.invites.filter(email__iexact=email, accepted_at=None).count() >= 1:
        raise ValidationError({"email": _("Deze persoon is al uitgenodigd.")})
    if initiative.invites.count() >= 20:
        raise ValidationError({"email": _("U kunt niet meer mensen uitnodigen.")})
    if over_limit(None, "initiative_invite", user=user):
        raise ValidationError(
            {"email": _("U heeft vandaag al veel mensen uitgenodigd. Probeer het morgen opnieuw.")}
        )
    invite = CoInitiatorInvite(initiative=initiative, email=email, invited_by=user)
    _save(invite, user=user, reason=_("Uitgenodigd als mede-initiatiefnemer"))
    count_accepted(None, "initiative_invite", user=user)
    link = absolute_url(reverse("initiatieven:invite_accept", args=[invite.token]))
    # The invitee has no language of their own yet: the one the inviter writes in.
    language = translation.get_language()
    transaction.on_commit(
        lambda: send_email(
            to=email,
            subject=_("Uitnodiging voor het initiatief “%(title)s”") % {"title": initiative.title},
            template="initiatieven/email/invite.txt",
            context={"initiative": initiative, "inviter": user, "link": link},
            language=language,
        )
    )
    return invite


@transaction.atomic
def co_initiator_accept(*, token: str, user) -> Initiative:
    invite = (
        CoInitiatorInvite.objects.select_for_update(of=("self",))
        .select_related("initiative")
        .filter(token=token)
        .first()
    )
    if invite is None or invite.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is niet (meer) geldig."))
    initiative = invite.initiative
    if initiative.status in (Status.AFGEWEZEN, Status.INGETROKKEN):
        raise ValidationError(_("Dit initiatief loopt niet meer."))
    addresses = {
        a.lower()
        for a in user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
    }
    if invite.email.lower() not in addresses:
        raise PermissionDenied(
            _("Deze uitnodiging is voor %(email)s. Log in met dat e-mailadres om hem aan te nemen.")
            % {"email": invite.email}
        )
    if user.pk != initiative.initiator_id:
        initiative.co_initiators.add(user)
    invite.accepted_at, invite.accepted_by = timezone.now(), user
    _save(invite, user=user, reason=_("Uitnodiging aangenomen"))
    notify(
        event=events.TEAM_JOINED.name,
        recipients=[initiative.initiator],
        title=interpolate(
            _("%(name)s doet mee met “%(title)s”"),
            {"name": user.get_full_name() or user.email, "title": initiative.title},
        ),
        url=initiative.get_absolute_url(),
        exclude=user,
    )
    return initiative
