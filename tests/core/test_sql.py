"""The hand-written INSERT and UPDATE store what save() stores."""

import datetime as dt

import pytest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from naikkelas.core import sql
from naikkelas.core.models import ApiToken
from naikkelas.events.models import Scan, Ticket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_insert_fills_the_key_and_the_automatic_fields():
    user = UserFactory()
    used = dt.datetime(2026, 12, 1, 9, 30, 15, 250000, tzinfo=dt.UTC)
    token = ApiToken(user=user, name="Pintu timur", prefix="nk_abc", key_hash="a" * 64)
    token.last_used_at = used
    before = timezone.now()
    sql.insert(token)
    assert token.pk is not None
    assert not token._state.adding
    stored = ApiToken.objects.get(pk=token.pk)
    assert (stored.user_id, stored.name, stored.prefix, stored.key_hash) == (
        user.pk,
        "Pintu timur",
        "nk_abc",
        "a" * 64,
    )
    assert stored.last_used_at == used
    assert stored.revoked_at is None
    # auto_now_add, as save() sets it
    assert before <= stored.created_at <= timezone.now()
    assert stored.created_at == token.created_at


def test_insert_gives_each_row_its_own_key():
    user = UserFactory()
    first = ApiToken(user=user, name="a", prefix="p1", key_hash="1" * 64)
    second = ApiToken(user=user, name="b", prefix="p2", key_hash="2" * 64)
    sql.insert(first)
    sql.insert(second)
    assert first.pk != second.pk
    assert set(ApiToken.objects.values_list("name", flat=True)) == {"a", "b"}


def test_update_writes_only_the_named_fields():
    user = UserFactory()
    token = ApiToken.objects.create(user=user, name="lama", prefix="p", key_hash="3" * 64)
    revoked = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
    token.revoked_at = revoked
    token.name = "baru"  # not named: not written
    assert sql.update(token, ["revoked_at"]) == 1
    stored = ApiToken.objects.get(pk=token.pk)
    assert (stored.revoked_at, stored.name) == (revoked, "lama")
    token.revoked_at = None
    assert sql.update(token, ["revoked_at", "name"]) == 1
    stored = ApiToken.objects.get(pk=token.pk)
    assert (stored.revoked_at, stored.name) == (None, "baru")


def test_update_of_a_deleted_row_changes_nothing():
    token = ApiToken.objects.create(user=UserFactory(), name="x", prefix="p", key_hash="4" * 64)
    ApiToken.objects.filter(pk=token.pk).delete()
    assert sql.update(token, ["name"]) == 0


def test_the_models_written_by_hand_have_no_receivers():
    # signals are not sent by sql.insert/update: a receiver added later would be skipped
    for model in (Scan, Ticket):
        assert not pre_save.has_listeners(model)
        assert not post_save.has_listeners(model)


def test_fetch_builds_typed_objects_with_their_extra_columns():
    user = UserFactory(name="Ratna")
    token = ApiToken.objects.create(user=user, name="Gerbang", prefix="p", key_hash="5" * 64)
    query = (
        f"SELECT {sql.columns(ApiToken, 't')}, u.name FROM core_apitoken t "
        "JOIN core_user u ON u.id = t.user_id WHERE t.key_hash = %s"
    )
    rows = sql.fetch(ApiToken, query, ["5" * 64])
    assert len(rows) == 1
    found, extra = rows[0]
    assert extra == ("Ratna",)
    assert (found.pk, found.user_id, found.name) == (token.pk, user.pk, "Gerbang")
    # the database's converters ran: an aware datetime on SQLite as on PostgreSQL
    assert found.created_at == token.created_at
    assert timezone.is_aware(found.created_at)
    assert not found._state.adding


def test_fetch_of_some_fields_leaves_the_others_to_load_when_read(django_assert_num_queries):
    user = UserFactory(name="Dewi")
    query = "SELECT id, is_active FROM core_user WHERE id = %s"
    ((found, extra),) = sql.fetch(type(user), query, [user.pk], fields=["id", "is_active"])
    assert extra == ()
    assert found.is_active is True  # an integer on SQLite, converted
    with django_assert_num_queries(1):
        assert found.name == "Dewi"


def test_fetch_of_nothing_is_an_empty_list():
    query = "SELECT " + sql.columns(ApiToken, "t") + " FROM core_apitoken t WHERE t.id = %s"
    assert sql.fetch(ApiToken, query, [-1]) == []
