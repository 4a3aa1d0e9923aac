from naikkelas.core.templatetags.naikkelas import phone, rupiah


def test_phone_reads_like_an_indonesian_number():
    assert phone("+6281234567890") == "0812-3456-7890"
    assert phone(None) == ""


def test_rupiah_has_dots_between_thousands():
    assert rupiah(5_000_000) == "Rp5.000.000"
    assert rupiah(0) == "Rp0"
    assert rupiah(None) == "—"
