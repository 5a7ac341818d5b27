"""Dates in what residents read are written out, in Amsterdam time and their language."""

import datetime as dt

from django.utils import translation

from portal.templatetags.portal_tags import datum_lang


def test_a_date_is_written_out_in_dutch():
    assert datum_lang(dt.date(2026, 11, 30)) == "maandag 30 november 2026"


def test_a_moment_is_the_day_in_amsterdam_not_in_utc():
    late_evening_utc = dt.datetime(2026, 11, 29, 23, 31, tzinfo=dt.UTC)
    assert datum_lang(late_evening_utc) == "maandag 30 november 2026"
    assert datum_lang(late_evening_utc, True) == "maandag 30 november 2026 om 00:31"


def test_english_readers_get_english_names():
    with translation.override("en"):
        assert datum_lang(dt.date(2026, 11, 30)) == "Monday 30 November 2026"


def test_nothing_for_no_date():
    assert datum_lang(None) == ""
