"""The curators' synonyms page and service: permissions, validation, and a search that
uses a new group at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from naikkelas.catalog import indexing
from naikkelas.catalog.models import SynonymGroup
from naikkelas.catalog.services.synonyms import (
    synonym_group_create,
    synonym_group_delete,
    synonym_group_update,
    synonym_words,
)
from naikkelas.core.models import AuditEntry, Role
from tests.core.test_pages import assert_csp_clean
from tests.factories import member
from tests.factories.catalog import created

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def count(client, query):
    html = client.get("/katalog/", {"q": query}).content.decode()
    start = html.index('data-testid="result-count">') + len('data-testid="result-count">')
    return html[start : html.index("<", start)]


def test_a_new_group_makes_jamu_find_herbal_products(
    client, owner, business, surakarta, django_capture_on_commit_callbacks
):
    curator = member(surakarta, Role.CURATOR)
    created(business, actor=owner, name="Minuman Herbal Jahe Merah", category="kuliner-minuman")
    indexing.rebuild()
    assert count(client, "jamu") == "0 produk"
    with django_capture_on_commit_callbacks(execute=True):  # the engine gets the groups
        synonym_group_create(actor=curator, organisation=surakarta, terms="Jamu, herbal")
    assert count(client, "jamu") == "1 produk"
    assert count(client, "herbal") == "1 produk"
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="synonyms.create")
    assert entry.changes == {"terms": [None, "jamu, herbal"]}


def test_words_are_cleaned_and_a_group_needs_two():
    assert synonym_words(" Kripik ,keripik,  KRIPIK , ") == ["kripik", "keripik"]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            "jamu",
            "Tulis paling sedikit dua kata yang sama artinya, dipisah koma: jamu, herbal.",
        ),
        (
            "jamu, jamu",
            "Tulis paling sedikit dua kata yang sama artinya, dipisah koma: jamu, herbal.",
        ),
        (
            "Herbal, empon-empon",
            "“herbal” sudah ada di kelompok “jamu, herbal”: satu kata hanya boleh di satu "
            "kelompok. Tambahkan kata lainnya ke kelompok itu.",
        ),
    ],
)
def test_invalid_groups_are_refused_with_a_clear_message(surakarta, terms, message):
    curator = member(surakarta, Role.CURATOR)
    synonym_group_create(actor=curator, organisation=surakarta, terms="jamu, herbal")
    with pytest.raises(ValidationError) as error:
        synonym_group_create(actor=curator, organisation=surakarta, terms=terms)
    assert error.value.messages == [message]
    assert SynonymGroup.objects.count() == 1


def test_a_group_is_changed_and_removed_and_a_leader_may_not(surakarta):
    curator = member(surakarta, Role.CURATOR)
    leader = member(surakarta, Role.LEADER)
    group = synonym_group_create(actor=curator, organisation=surakarta, terms="jamu, herbal")
    group = synonym_group_update(
        actor=curator, organisation=surakarta, group=group, terms="jamu, herbal, empon-empon"
    )
    assert group.words == ["jamu", "herbal", "empon-empon"]
    with pytest.raises(PermissionDenied):
        synonym_group_create(actor=leader, organisation=surakarta, terms="kripik, keripik")
    with pytest.raises(PermissionDenied):
        synonym_group_delete(actor=leader, organisation=surakarta, group=group)
    synonym_group_delete(actor=curator, organisation=surakarta, group=group)
    assert SynonymGroup.objects.count() == 0


def test_the_page_for_curators_officers_and_admins_only(client, surakarta, kediri):
    url = f"/o/{surakarta.slug}/catalog/synonyms/"
    for role in (Role.CURATOR, Role.OFFICER, Role.ADMIN):
        client.force_login(member(surakarta, role))
        response = client.get(url)
        assert response.status_code == 200
        assert_csp_clean(response)
    client.force_login(member(surakarta, Role.LEADER))
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "add", "terms": "jamu, herbal"}).status_code == 403
    client.force_login(member(kediri, Role.CURATOR))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert SynonymGroup.objects.count() == 0


def test_a_curator_adds_changes_and_removes_on_the_page(client, surakarta):
    client.force_login(member(surakarta, Role.CURATOR))
    url = f"/o/{surakarta.slug}/catalog/synonyms/"
    assert client.post(url, {"action": "add", "terms": "Kripik, keripik"}).status_code == 302
    group = SynonymGroup.objects.get()
    assert group.terms == "kripik, keripik"
    refused = client.post(url, {"action": "add", "terms": "keripik, ceriping"})
    assert refused.status_code == 422
    assert "“keripik” sudah ada di kelompok “kripik, keripik”" in refused.content.decode()
    response = client.post(
        url, {"action": "save", "group": group.pk, "terms": "kripik, keripik, ceriping"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.terms == "kripik, keripik, ceriping"
    assert client.post(url, {"action": "delete", "group": group.pk}).status_code == 302
    assert SynonymGroup.objects.count() == 0
