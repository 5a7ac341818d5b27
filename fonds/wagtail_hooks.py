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


@hooks.register(sections.MY_OVERVIEW)
def my_applications(request, **context):
    from django.template.loader import render_to_string

    from .models import Application

    applications = Application.objects.filter(applicant=request.user).select_related("wijk")[:10]
    advice = request.user.has_perm("fonds.advise_application")
    return render_to_string(
        "fonds/includes/my_section.html",
        {"applications": applications, "advice": advice},
        request=request,
    )
