import pytest

from naikkelas.core.phones import phone_display, phone_to_e164


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0271) 712345", "+62271712345"),
        ("12345", None),
        ("", None),
        ("bukan nomor", None),
    ],
)
def test_phone_to_e164(raw, expected):
    assert phone_to_e164(raw) == expected


def test_phone_display_reads_like_an_indonesian_number():
    assert phone_display("+6281234567890") == "0812-3456-7890"
