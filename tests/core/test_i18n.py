from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

from naikkelas.core.i18n import catalogues, compile_catalogue


def _catalogue_files():
    files = []
    for locale_dir in settings.LOCALE_PATHS:
        files += catalogues(Path(locale_dir))
    return files


def test_there_is_an_indonesian_catalogue():
    assert [p.parts[-3] for p in _catalogue_files()] == ["id"]


def test_every_message_is_translated_and_not_fuzzy():
    for po_path in _catalogue_files():
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        untranslated = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
        assert untranslated == [], po_path


def test_committed_mo_files_match_their_po_files():
    """Run `naikkelas manage compilemessages_babel` after editing a .po file."""
    for po_path in _catalogue_files():
        assert po_path.with_suffix(".mo").read_bytes() == compile_catalogue(po_path), po_path
