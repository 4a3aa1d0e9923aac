"""Indonesian phone numbers as people write them, to E.164 (plain Python)."""

from __future__ import annotations

import phonenumbers


def phone_to_e164(raw: str, region: str = "ID") -> str | None:
    """``0812-3456-7890``, ``+62 812 3456 7890``, ``62812…`` -> ``+6281234567890``.

    Returns None when the text is not a possible phone number."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if not text.startswith("+") and digits.startswith("62") and len(digits) >= 10:
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """``+6281234567890`` -> ``0812-3456-7890`` the way Indonesians read it."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code != 62:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = "0" + str(number.national_number)
    if len(national) >= 10 and national.startswith("08"):
        return f"{national[:4]}-{national[4:8]}-{national[8:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
