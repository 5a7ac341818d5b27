"""Every form that creates something or changes a state carries a submission token, and
old tokens are forgotten."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from portal.models import SubmissionToken
from portal.tasks import forget_submission_tokens

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
# Signing out changes nothing that could be made twice.
EXEMPT = {"account_logout"}


def _templates():
    for folder in ("portal", "cms", "initiatieven", "fonds", "templates"):
        yield from (settings.BASE_DIR / folder).rglob("*.html")


def test_every_post_form_of_ours_carries_a_submission_token():
    missing = []
    for path in _templates():
        for form in FORM.findall(Path(path).read_text()):
            opening = form.split(">", 1)[0]
            if 'method="post"' not in opening.lower() or any(n in opening for n in EXEMPT):
                continue
            if "{% submission_token %}" not in form:
                missing.append(f"{path.relative_to(settings.BASE_DIR)}: {opening[:90]}")
    assert not missing, "POST forms without {% submission_token %}:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_tokens_older_than_a_day_are_forgotten():
    old = SubmissionToken.objects.create(owner="user:1", token="a" * 32, location="/")
    fresh = SubmissionToken.objects.create(owner="user:1", token="b" * 32, location="/")
    SubmissionToken.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=25)
    )
    assert forget_submission_tokens() == 1
    assert list(SubmissionToken.objects.all()) == [fresh]
    assert "portal.forget_submission_tokens" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_sqlite_writers_wait_instead_of_failing():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 20
