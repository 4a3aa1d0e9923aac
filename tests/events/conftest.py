"""Fixtures of the events tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from freezegun import freeze_time


@pytest.fixture
def evening_of_the_event_day():
    """The clock at 20:00 in Jakarta on today's date, still ticking.

    Tests that scan tickets at 10:00–17:00 of an event held today need those times to be in
    the past: the check-in service treats a scan from the future as made now. Without this
    the tests failed whenever they ran between midnight and the afternoon in Jakarta."""
    today = timezone.localdate()
    evening = dt.datetime.combine(today, dt.time(20, 0), tzinfo=ZoneInfo("Asia/Jakarta"))
    with freeze_time(evening, tick=True):
        yield evening
