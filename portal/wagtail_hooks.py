from wagtail import hooks

from .viewsets import NeighbourhoodGroup


@hooks.register("register_admin_viewset")
def register_neighbourhoods():
    return NeighbourhoodGroup()
