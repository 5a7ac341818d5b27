from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from . import sections
from .account_data import account_part
from .models import ParticipationMeasure
from .personal_data import HOOK as PERSONAL_DATA
from .viewsets import MeasureViewSet, NeighbourhoodGroup


@hooks.register("register_admin_viewset")
def register_neighbourhoods():
    return NeighbourhoodGroup()


@hooks.register("register_admin_viewset")
def register_measures():
    return MeasureViewSet()


@hooks.register("insert_global_admin_css")
def admin_css():
    """Our admin templates' looks, as classes (no style attributes: see portal/csp.py)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register(sections.MY_OVERVIEW, order=-10)
def my_measures(request, **context):
    """Measures on the resident's account: what, why, until when, and how to object.
    Shown only to someone who has (had) one: read only when their role facts (one query
    every request reads anyway) say there is one."""
    from .permissions import role_facts

    if not role_facts(request.user).has_measures:
        return None
    measures = list(ParticipationMeasure.objects.filter(user=request.user).order_by("-created_at"))
    if not measures:
        return None
    now = timezone.now()
    return render_to_string(
        "portal/includes/my_measures.html",
        {"measures": [(m, m.is_in_force(now)) for m in measures]},
        request=request,
    )


@hooks.register(PERSONAL_DATA, order=100)
def account_personal_data():
    return account_part()


@hooks.register(sections.MY_OVERVIEW, order=100)
def my_data(request, **context):
    """The resident's own data: profile, download and erasure (at the end of the page).
    The same links for everyone: rendered once per process and language."""
    return sections.per_language(
        "portal:my_data", lambda: render_to_string("portal/includes/my_data.html")
    )
