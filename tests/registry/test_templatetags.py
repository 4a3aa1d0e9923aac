from django.utils import translation

from naikkelas.registry.templatetags.registry import evidence_text

PAIR = {
    "explanation": "same phone; address similarity 0.96",
    "fields": [
        {"field": "phone", "level": "same", "similarity": None, "text": "same phone"},
        {
            "field": "address",
            "level": "close",
            "similarity": 0.96,
            "text": "address similarity 0.96",
        },
        {"field": "email", "level": "missing", "similarity": None, "text": ""},
    ],
}


def test_evidence_reads_in_indonesian_and_english():
    with translation.override("id"):
        assert evidence_text(PAIR) == "nomor HP sama; alamat mirip (0.96)"
    with translation.override("en"):
        assert evidence_text(PAIR) == "same phone number; addresses alike (0.96)"
