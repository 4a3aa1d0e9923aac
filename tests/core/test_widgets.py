"""QuickSelect writes the HTML Django's select templates write."""

from django import forms

from naikkelas.core.forms import QuickSelect


def _both(choices, value, attrs=None):
    django_html = forms.Select(attrs=attrs, choices=choices).render("size", value)
    quick_html = QuickSelect(attrs=attrs, choices=choices).render("size", value)
    return django_html, quick_html


def test_the_same_html_as_django_with_a_chosen_option():
    choices = [("", "Semua"), ("micro", "Mikro"), ("small", "Kecil"), ("medium", "Menengah")]
    django_html, quick_html = _both(choices, "small", {"id": "id_size", "class": "wide"})
    assert quick_html == django_html
    assert '<option value="small" selected>Kecil</option>' in quick_html


def test_the_same_html_for_groups_escaping_and_boolean_attributes():
    choices = [
        ("", "Semua"),
        ("Kuliner", [("C10", "Makanan & <minuman>"), ("C11", 'Minuman "segar"')]),
        ("Kriya", [("C13", "Tekstil")]),
    ]
    attrs = {"id": "id_kbli", "required": True, "disabled": False, "data-x": 'a"b'}
    django_html, quick_html = _both(choices, "C11", attrs)
    assert quick_html == django_html
    assert "&lt;minuman&gt;" in quick_html
    assert " required" in quick_html
    assert "disabled" not in quick_html


def test_the_same_html_without_a_value_and_for_numbers():
    django_html, quick_html = _both([(1, "Satu"), (2, "Dua")], None)
    assert quick_html == django_html
