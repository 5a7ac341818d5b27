from wagtail import hooks

from .viewsets import NeighbourhoodGroup, SuspensionViewSet


@hooks.register("register_admin_viewset")
def register_neighbourhoods():
    return NeighbourhoodGroup()


@hooks.register("register_admin_viewset")
def register_suspensions():
    return SuspensionViewSet()
