# ruff: noqa: S608 -- the SQL here is built only from this module's constant names
"""Database objects of the registry that the models do not describe, kept by the database
itself so that every way of writing (services, bulk imports with COPY, the admin, a
cascade, a merge) keeps them right:

- ``Business.owner_names``: the owners' names and phones in one text, rewritten whenever
  an owner is added, changed, moved or removed (and whenever the business row is written,
  so a stale copy in a Python object can never overwrite it);
- the search indexes of ``Business.name`` and ``Business.owner_names``: pg_trgm GIN
  indexes on PostgreSQL (migration 0002 created the extension), an FTS5 table with the
  trigram tokenizer on SQLite, filled from the business table (external content) and
  kept current by triggers;
- ``CoachedCount``: the number of businesses each organisation coaches, kept by triggers
  on the coaching relations, so the office's whole list is counted exactly without
  counting a million rows on every page.

SQLite rebuilds a table when a migration changes it in ways ``ALTER TABLE`` cannot, and
the rebuild drops the table's triggers. :func:`install` therefore runs after every
``migrate`` (``post_migrate``): it puts back what is missing and refills or recounts what a
missing trigger may have let fall behind. Without FTS5 or its trigram tokenizer (SQLite
before 3.34) searches read every row instead (slower, same results). See
docs/decisions/0012.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

BUSINESS = "registry_business"
OWNER = "registry_businessowner"
COACHING = "registry_coachingrelation"
COUNTS = "registry_coachedcount"
FTS = "registry_business_fts"
FTS_COLUMNS = ("name", "owner_names")
PG_TRIGRAM = {
    # index -> (table, expression) as the ORM's icontains writes it
    "registry_business_name_trgm": (BUSINESS, 'UPPER("name"::text)'),
    "registry_business_owner_names_trgm": (BUSINESS, 'UPPER("owner_names"::text)'),
}
SEPARATOR = " | "


def owner_text(name: str, phone: str) -> str:
    """One owner in ``Business.owner_names`` (the same as the databases write it)."""
    return f"{name} {phone}".strip()


def owner_names(owners: list[tuple[str, str]]) -> str:
    """``Business.owner_names`` for (name, phone) pairs in the order of their ids."""
    return SEPARATOR.join(owner_text(name, phone) for name, phone in owners)


# --- SQLite ----------------------------------------------------------------------------------


def _sqlite_names(business: str) -> str:
    """The owner names of business ``business`` (an SQL expression), ordered by owner id."""
    return (
        f"(SELECT coalesce(group_concat(t, '{SEPARATOR}'), '') FROM (SELECT trim(name || ' ' "
        f"|| phone) AS t FROM {OWNER} WHERE business_id = {business} ORDER BY id))"
    )


def _sqlite_refresh(business: str) -> str:
    names = _sqlite_names(business)
    return (
        f"UPDATE {BUSINESS} SET owner_names = {names} "
        f"WHERE id = {business} AND owner_names IS NOT {names};"
    )


def _sqlite_index(business: str) -> str:
    """Index business ``business`` again (its name, its owners' names as they are now)."""
    return (
        f"DELETE FROM {FTS} WHERE rowid = {business}; "
        f"INSERT INTO {FTS}(rowid, name, owner_names) SELECT id, name, "
        f"{_sqlite_names(business)} FROM {BUSINESS} WHERE id = {business};"
    )


def _sqlite_reindex_owners(business: str) -> str:
    """After an owner of ``business`` changed: index it again if its owners' text did."""
    return (
        f"DELETE FROM {FTS} WHERE rowid = {business} AND owner_names IS NOT "
        f"{_sqlite_names(business)}; INSERT INTO {FTS}(rowid, name, owner_names) SELECT id, "
        f"name, {_sqlite_names(business)} FROM {BUSINESS} WHERE id = {business} "
        f"AND NOT EXISTS (SELECT 1 FROM {FTS} WHERE rowid = {business});"
    )


def _sqlite_triggers(*, search: bool) -> dict[str, str]:
    count_add = (
        f"INSERT INTO {COUNTS} (organisation_id, businesses) VALUES (new.organisation_id, 1) "
        "ON CONFLICT (organisation_id) DO UPDATE SET businesses = businesses + 1;"
    )
    count_remove = (
        f"UPDATE {COUNTS} SET businesses = businesses - 1 "
        "WHERE organisation_id = old.organisation_id;"
    )
    owners_new = _sqlite_refresh("new.business_id")
    owners_old = _sqlite_refresh("old.business_id")
    if search:
        owners_new += " " + _sqlite_reindex_owners("new.business_id")
        owners_old += " " + _sqlite_reindex_owners("old.business_id")
    triggers = {
        # the owners' names on their business (and in the search index)
        "registry_owner_names_insert": f"AFTER INSERT ON {OWNER} BEGIN {owners_new} END",
        "registry_owner_names_delete": f"AFTER DELETE ON {OWNER} BEGIN {owners_old} END",
        "registry_owner_names_update": (
            f"AFTER UPDATE OF name, phone, business_id ON {OWNER} BEGIN "
            f"{owners_old} {owners_new} END"
        ),
        # a business written with a stale copy of the names gets them back
        "registry_owner_names_business": (
            f"AFTER UPDATE ON {BUSINESS} WHEN new.owner_names IS NOT "
            f"{_sqlite_names('new.id')} BEGIN {_sqlite_refresh('new.id')} END"
        ),
        # the count of coached businesses
        f"{COUNTS}_insert": f"AFTER INSERT ON {COACHING} BEGIN {count_add} END",
        f"{COUNTS}_delete": f"AFTER DELETE ON {COACHING} BEGIN {count_remove} END",
        f"{COUNTS}_update": (
            f"AFTER UPDATE OF organisation_id ON {COACHING} "
            f"WHEN old.organisation_id <> new.organisation_id BEGIN {count_remove} {count_add} END"
        ),
    }
    if search:
        # The search table keeps its own copy of what it indexes, so a row is taken out by
        # its id alone, whatever the business row says at that moment.
        triggers.update(
            {
                f"{FTS}_insert": (
                    f"AFTER INSERT ON {BUSINESS} BEGIN INSERT INTO {FTS}(rowid, name, "
                    "owner_names) VALUES (new.id, new.name, new.owner_names); END"
                ),
                f"{FTS}_delete": (
                    f"AFTER DELETE ON {BUSINESS} BEGIN DELETE FROM {FTS} WHERE rowid = old.id; END"
                ),
                f"{FTS}_update": (
                    f"AFTER UPDATE OF name ON {BUSINESS} WHEN new.name IS NOT old.name "
                    f"BEGIN {_sqlite_index('new.id')} END"
                ),
            }
        )
    return triggers


def sqlite_has_trigram(cursor: Any) -> bool:
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
    except Exception:  # no FTS5, or no trigram tokenizer (SQLite < 3.34)
        return False
    cursor.execute("DROP TABLE temp.trigram_probe")
    return True


RECOUNT = [  # the count of coached businesses, from the coaching relations
    f"DELETE FROM {COUNTS}",
    f"INSERT INTO {COUNTS} (organisation_id, businesses) "
    f"SELECT organisation_id, count(*) FROM {COACHING} GROUP BY organisation_id",
]


def _install_sqlite(connection: BaseDatabaseWrapper, cursor: Any) -> list[str]:
    done: list[str] = []
    search = sqlite_has_trigram(cursor)
    triggers = _sqlite_triggers(search=search)
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    existing = {row[0] for row in cursor.fetchall()}
    missing = [name for name in triggers if name not in existing]
    if not missing:
        return done
    # Triggers whose bodies changed (with or without the search table) are made anew.
    for name in existing & set(_sqlite_triggers(search=True)):
        cursor.execute(f"DROP TRIGGER {name}")
    for name, body in triggers.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")
    cursor.execute(f"UPDATE {BUSINESS} SET owner_names = {_sqlite_names(BUSINESS + '.id')}")
    done.append("owner_names")
    for statement in RECOUNT:
        cursor.execute(statement)
    done.append(COUNTS)
    if search:
        cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(FTS_COLUMNS)}, tokenize='trigram')"
        )
        cursor.execute(
            f"INSERT INTO {FTS}(rowid, name, owner_names) "
            f"SELECT id, name, owner_names FROM {BUSINESS}"
        )
        done.append(FTS)
    return done


# --- PostgreSQL ------------------------------------------------------------------------------

_PG_NAMES = (
    f"SELECT business_id, string_agg(trim(name || ' ' || phone), '{SEPARATOR}' ORDER BY id) "
    f"AS names FROM {OWNER}"
)
PG_FUNCTIONS = [
    # a business row always carries its owners' names (a stale copy written back is fixed)
    f"""
CREATE OR REPLACE FUNCTION registry_owner_names_business() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.owner_names := coalesce((
        SELECT string_agg(trim(name || ' ' || phone), '{SEPARATOR}' ORDER BY id)
        FROM {OWNER} WHERE business_id = NEW.id
    ), '');
    RETURN NEW;
END $$
""",
    # owners written: their businesses' names again, once per statement (a COPY of
    # 100,000 owners is one update of the businesses whose text changed)
    f"""
CREATE OR REPLACE FUNCTION registry_owner_names_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {BUSINESS} AS b SET owner_names = coalesce(n.names, '')
    FROM (SELECT DISTINCT business_id FROM changed_owners) AS c
    LEFT JOIN ({_PG_NAMES} WHERE business_id IN (SELECT business_id FROM changed_owners)
               GROUP BY business_id) AS n ON n.business_id = c.business_id
    WHERE b.id = c.business_id AND b.owner_names IS DISTINCT FROM coalesce(n.names, '');
    RETURN NULL;
END $$
""",
    f"""
CREATE OR REPLACE FUNCTION {COUNTS}_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {COUNTS} (organisation_id, businesses)
        SELECT organisation_id, count(*) FROM new_rows GROUP BY organisation_id
        ON CONFLICT (organisation_id)
        DO UPDATE SET businesses = {COUNTS}.businesses + EXCLUDED.businesses;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE {COUNTS} AS c SET businesses = c.businesses - d.n
        FROM (SELECT organisation_id, count(*) AS n FROM old_rows GROUP BY organisation_id) d
        WHERE c.organisation_id = d.organisation_id;
    ELSE
        WITH d AS (
            SELECT organisation_id, sum(n) AS n FROM (
                SELECT organisation_id, 1 AS n FROM new_rows
                UNION ALL SELECT organisation_id, -1 FROM old_rows
            ) moved GROUP BY organisation_id HAVING sum(n) <> 0
        )
        INSERT INTO {COUNTS} (organisation_id, businesses)
        SELECT organisation_id, n FROM d
        ON CONFLICT (organisation_id)
        DO UPDATE SET businesses = {COUNTS}.businesses + EXCLUDED.businesses;
    END IF;
    RETURN NULL;
END $$
""",
]
PG_TRIGGERS = {
    # name -> (table, timing and transition tables, function)
    "registry_owner_names_business": (
        BUSINESS,
        "BEFORE UPDATE ON {table} FOR EACH ROW",
        "registry_owner_names_business",
    ),
    "registry_owner_names_insert": (
        OWNER,
        "AFTER INSERT ON {table} REFERENCING NEW TABLE AS changed_owners FOR EACH STATEMENT",
        "registry_owner_names_refresh",
    ),
    "registry_owner_names_update": (
        OWNER,
        "AFTER UPDATE ON {table} REFERENCING NEW TABLE AS changed_owners FOR EACH STATEMENT",
        "registry_owner_names_refresh",
    ),
    "registry_owner_names_moved": (
        OWNER,
        "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS changed_owners FOR EACH STATEMENT",
        "registry_owner_names_refresh",
    ),
    "registry_owner_names_delete": (
        OWNER,
        "AFTER DELETE ON {table} REFERENCING OLD TABLE AS changed_owners FOR EACH STATEMENT",
        "registry_owner_names_refresh",
    ),
    f"{COUNTS}_insert": (
        COACHING,
        "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
        f"{COUNTS}_apply",
    ),
    f"{COUNTS}_delete": (
        COACHING,
        "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
        f"{COUNTS}_apply",
    ),
    f"{COUNTS}_update": (
        COACHING,
        "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT",
        f"{COUNTS}_apply",
    ),
}


def _install_postgresql(cursor: Any) -> list[str]:
    done: list[str] = []
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid IN (to_regclass(%s), to_regclass(%s), "
        "to_regclass(%s)) AND NOT tgisinternal",
        [BUSINESS, OWNER, COACHING],
    )
    existing = {row[0] for row in cursor.fetchall()}
    missing = [name for name in PG_TRIGGERS if name not in existing]
    if missing:
        for function in PG_FUNCTIONS:
            cursor.execute(function)
        # no writes between the refill and the triggers that keep it from then on
        cursor.execute(f"LOCK TABLE {BUSINESS}, {OWNER}, {COACHING} IN SHARE MODE")
        if any(name.startswith("registry_owner_names") for name in missing):
            cursor.execute("DROP TRIGGER IF EXISTS registry_owner_names_business ON " + BUSINESS)
            cursor.execute(
                f"UPDATE {BUSINESS} AS b SET owner_names = n.names FROM ({_PG_NAMES} "
                "GROUP BY business_id) AS n "
                "WHERE b.id = n.business_id AND b.owner_names <> n.names"
            )
            cursor.execute(
                f"UPDATE {BUSINESS} AS b SET owner_names = '' WHERE owner_names <> '' "
                f"AND NOT EXISTS (SELECT 1 FROM {OWNER} WHERE business_id = b.id)"
            )
            missing = list(dict.fromkeys([*missing, "registry_owner_names_business"]))
            done.append("owner_names")
        if any(name.startswith(COUNTS) for name in missing):
            for statement in RECOUNT:
                cursor.execute(statement)
            done.append(COUNTS)
        for name in missing:
            table, when, function = PG_TRIGGERS[name]
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {name} {when.format(table=table)} EXECUTE FUNCTION {function}()"
            )
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cursor.fetchone() is None:
        return done  # no extension (see migration 0002): searches read every row
    # owners' names are searched on the business row now (owner_names)
    cursor.execute('DROP INDEX IF EXISTS "registry_businessowner_name_trgm"')
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [BUSINESS])
    indexes = {row[0] for row in cursor.fetchall()}
    for name, (table, expression) in PG_TRIGRAM.items():
        if name not in indexes:
            cursor.execute(
                f'CREATE INDEX "{name}" ON "{table}" USING gin (({expression}) gin_trgm_ops)'
            )
            done.append(name)
    return done


def install(connection: BaseDatabaseWrapper) -> list[str]:
    """Create what is missing (idempotent); returns what was created, refilled or
    recounted."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if not {BUSINESS, OWNER, COACHING, COUNTS} <= tables:
            return []  # the registry's tables are not there (yet)
        if connection.vendor == "sqlite":
            return _install_sqlite(connection, cursor)
        if connection.vendor == "postgresql":
            return _install_postgresql(cursor)
    return []


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _sqlite_triggers(search=True):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif connection.vendor == "postgresql":
            for name, (table, _when, _function) in PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for function in ("registry_owner_names_business", "registry_owner_names_refresh"):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
            cursor.execute(f"DROP FUNCTION IF EXISTS {COUNTS}_apply()")
            cursor.execute('DROP INDEX IF EXISTS "registry_business_owner_names_trgm"')
