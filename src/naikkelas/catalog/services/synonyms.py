"""Search synonyms that curators keep (``jamu, herbal``; ``kripik, keripik``): add, change,
remove. The groups apply to the whole catalog; after each change the search engine gets
them again (``catalog/signals.py`` → the ``search_synonyms_update`` task →
``engine.set_synonyms``), so the next search uses them.

Who: people with ``edit_synonyms`` in an organisation (administrators, officers,
curators)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.catalog.models import SynonymGroup
from naikkelas.core.audit import audit_record
from naikkelas.core.models import Organisation, User
from naikkelas.core.permissions import can

MAX_LENGTH = 300


def synonym_words(terms: str) -> list[str]:
    """``"Jamu,  herbal ,jamu"`` → ``["jamu", "herbal"]``: lower case, spaces folded, each
    word once, in the order written."""
    words: list[str] = []
    for part in (terms or "").split(","):
        word = " ".join(part.split()).lower()
        if word and word not in words:
            words.append(word)
    return words


def _check(actor: User, organisation: Organisation) -> None:
    if not can(actor, organisation, "edit_synonyms"):
        raise PermissionDenied(_("Only curators, officers and administrators edit synonyms."))


def _clean(terms: str, *, exclude: int | None = None) -> str:
    words = synonym_words(terms)
    if len(words) < 2:
        raise ValidationError(
            {
                "terms": _(
                    "Write at least two words that mean the same, separated by commas: "
                    "jamu, herbal."
                )
            }
        )
    text = ", ".join(words)
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {"terms": _("At most %(max)d characters in one group.") % {"max": MAX_LENGTH}}
        )
    for group in SynonymGroup.objects.exclude(pk=exclude or 0):
        shared = [word for word in words if word in group.words]
        if shared:
            raise ValidationError(
                {
                    "terms": _(
                        "“%(word)s” is already in the group “%(group)s”: a word belongs to one "
                        "group only. Add the other words to that group instead."
                    )
                    % {"word": shared[0], "group": group.terms}
                }
            )
    return text


def synonym_group_create(*, actor: User, organisation: Organisation, terms: str) -> SynonymGroup:
    _check(actor, organisation)
    with transaction.atomic():
        text = _clean(terms)
        group = SynonymGroup.objects.create(terms=text, updated_by=actor)
        audit_record(
            actor=actor,
            action="synonyms.create",
            obj=group,
            organisation=organisation,
            before={},
            after={"terms": text},
        )
    return group


def synonym_group_update(
    *, actor: User, organisation: Organisation, group: SynonymGroup, terms: str
) -> SynonymGroup:
    _check(actor, organisation)
    with transaction.atomic():
        group = SynonymGroup.objects.select_for_update().get(pk=group.pk)
        before = group.terms
        group.terms = _clean(terms, exclude=group.pk)
        group.updated_by = actor
        group.save()
        audit_record(
            actor=actor,
            action="synonyms.update",
            obj=group,
            organisation=organisation,
            before={"terms": before},
            after={"terms": group.terms},
        )
    return group


def synonym_group_delete(*, actor: User, organisation: Organisation, group: SynonymGroup) -> None:
    _check(actor, organisation)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="synonyms.delete",
            obj=group,
            organisation=organisation,
            before={"terms": group.terms},
            after={},
        )
        group.delete()
