from wagtail import hooks

from .viewsets import NeighbourhoodGroup, SuspensionViewSet


@hooks.register("register_admin_viewset")
def register_neighbourhoods():
    return NeighbourhoodGroup()


@hooks.register("register_admin_viewset")
def register_suspensions():
    return SuspensionViewSet()


@hooks.register("insert_global_admin_css")
def admin_css():
    """Our admin templates' looks, as classes (no style attributes: see portal/csp.py)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
