"""The fund's notices to residents write their dates out."""

import pytest
from django.utils import timezone

from portal.templatetags.portal_tags import datum_lang


@pytest.mark.django_db
def test_the_submission_notice_writes_the_date_out(make_application, applicant):
    from fonds import services
    from fonds.models import Status
    from portal.models import Notification

    application = make_application(status=Status.CONCEPT)
    services.application_submit(application=application, user=applicant)
    application.refresh_from_db()
    body = Notification.objects.filter(recipient=applicant).latest("pk").body
    assert datum_lang(application.acknowledge_due) in body
    assert timezone.localtime(application.acknowledge_due).strftime("%d-%m-%Y") not in body
