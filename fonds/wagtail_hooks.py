from wagtail import hooks

from portal import sections

from .viewsets import FundGroup


@hooks.register("register_admin_viewset")
def register_fund():
    return FundGroup()


@hooks.register(sections.DEMO_DATA)
def demo_data(*, scale, wijken):
    from . import demo

    demo.load(scale=scale, wijken=wijken)
