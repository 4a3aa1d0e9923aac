"""Date inputs (``type="date"``) read only ISO dates: a stored date shown in the Indonesian
format (``31-01-2027``) would appear empty and be lost when the form is saved again."""

import datetime as dt

from django.utils import translation

from naikkelas.events.forms import DayForm
from naikkelas.registry.forms import CertificateForm, CoachingForm


def test_stored_dates_are_written_iso_in_date_inputs_in_indonesian():
    with translation.override("id"):
        certificate = CertificateForm(initial={"expires_on": dt.date(2027, 1, 31)})
        coaching = CoachingForm(initial={"since": dt.date(2025, 3, 1)})
        day = DayForm(initial={"date": dt.date(2026, 12, 2)})
        assert 'value="2027-01-31"' in str(certificate["expires_on"])
        assert 'value="2025-03-01"' in str(coaching["since"])
        assert 'value="2026-12-02"' in str(day["date"])
