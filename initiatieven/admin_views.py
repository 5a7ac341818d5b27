"""The moderation pages in the Wagtail admin: the initiative and the reported comment,
each with its actions as buttons that call a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import InspectView

from portal.fields import free_text
from portal.models import MeasureScope, ParticipationMeasure
from portal.services import duration_choices, measure_end_text
from portal.viewsets import ReadableInspectMixin

from . import permissions as perms
from . import selectors, services
from .models import Comment, Initiative
from .transitions import MODERATION_TRANSITIONS, TRANSITIONS, transitions_from


def _refused(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


class InitiativeInspectView(ReadableInspectMixin, InspectView):
    template_name = "initiatieven/admin/initiative_inspect.html"

    def get_fields(self):
        return ["title", "status", "wijk", "pillar", "initiator", "estimated_cost"]

    def get(self, request, *args, **kwargs):
        if self.object.is_private:
            # Only an administrator gets here (InitiativeViewSet._inspect_scoped); the
            # read is logged before anything of the concept is shown.
            services.concept_read_log(initiative=self.object, user=request.user, view="inspect")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        user = self.request.user
        context.update(
            {
                "initiative": initiative,
                "actions": [
                    t
                    for t in transitions_from(initiative.status)
                    if t.name in MODERATION_TRANSITIONS + ("start", "complete")
                    and perms.can_transition(user, initiative, t)[0]
                ],
                "timeline": selectors.initiative_timeline(initiative),
                "photos": list(initiative.photos.filter(update=None)),
                "co_initiators": list(initiative.co_initiators.all()),
                "comments": selectors.visible_comments(initiative).prefetch_related("reports"),
            }
        )
        return context


# What a moderator reads after a move: what happened, in a sentence.
DONE = {
    "publish": _("“%(title)s” is gepubliceerd. De initiatiefnemers hebben bericht gekregen."),
    "send_back": _("De vraag is naar de initiatiefnemers van “%(title)s” gestuurd."),
    "reject": _("“%(title)s” is afgewezen. De initiatiefnemers hebben de reden gekregen."),
    "take_offline": _(
        "“%(title)s” is offline gehaald. De initiatiefnemers hebben bericht gekregen."
    ),
    "start": _("“%(title)s” staat nu in uitvoering."),
    "complete": _("“%(title)s” is afgerond."),
}


@require_POST
def moderate(request, pk: int, name: str):
    """One moderation move on an initiative (the viewset has checked the wijk)."""
    initiative = get_object_or_404(Initiative, pk=pk)
    if name not in TRANSITIONS:
        raise PermissionDenied
    try:
        services.initiative_transition(
            initiative=initiative,
            name=name,
            user=request.user,
            reason=free_text(request.POST.get("reason")),
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        done = DONE.get(name, _("“%(title)s” is bijgewerkt."))
        messages.success(request, done % {"title": initiative.title})
    return redirect("initiatieven_initiative:inspect", pk=initiative.pk)


class CommentInspectView(ReadableInspectMixin, InspectView):
    template_name = "initiatieven/admin/comment_inspect.html"

    def get_fields(self):
        return ["body", "author", "initiative", "created_at", "hidden_at", "hidden_reason"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comment"] = self.object
        context["reports"] = self.object.reports.select_related("reporter", "resolved_by")
        context["scopes"] = MeasureScope.choices
        context["durations"] = duration_choices(self.request.user)
        context["author_measures"] = [
            (measure, measure_end_text(measure))
            for measure in ParticipationMeasure.objects.in_force().filter(
                user_id=self.object.author_id
            )
        ]
        return context


@require_POST
def comment_action(request, pk: int, name: str):
    comment = get_object_or_404(Comment.objects.select_related("initiative__wijk", "author"), pk=pk)
    reason = free_text(request.POST.get("reason"))
    try:
        if name == "hide":
            services.comment_hide(comment=comment, user=request.user, reason=reason)
            messages.success(
                request, _("De reactie is verborgen en de schrijver is op de hoogte gebracht.")
            )
        elif name == "dismiss":
            services.comment_reports_dismiss(comment=comment, user=request.user, reason=reason)
            messages.success(request, _("De meldingen zijn afgehandeld; de reactie blijft staan."))
        elif name == "measure":
            measure = services.comment_author_measure(
                comment=comment,
                user=request.user,
                scope=request.POST.get("scope", ""),
                duration=request.POST.get("duration", ""),
                reason=reason,
            )
            messages.success(
                request,
                _("Maatregel opgelegd (%(scope)s, %(until)s); de reactie is verborgen.")
                % {"scope": measure.get_scope_display(), "until": measure_end_text(measure)},
            )
        else:
            raise PermissionDenied
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("initiatieven_comment:inspect", pk=comment.pk)
