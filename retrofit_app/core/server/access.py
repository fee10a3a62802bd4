"""Who may do what on the district server (issue 26 point 4), kept by PostgreSQL itself.

Each user signs in as their own role. `server grant` gives a role one district (or, for the
city, every district, read only). Row-level security on every table whose rows belong to an
estate lets a district role see and write only its own district's rows: estates by their
district, the rest through the uuid references up to their estate (units -> buildings ->
estates and so on), checked on reading (USING) and on writing (WITH CHECK). The audit log and
the evidence chain are append-only for every role but the owner: INSERT and SELECT only.
The owner (who published) is not bound by these policies (PostgreSQL exempts a table's owner).
"""

from __future__ import annotations

import itertools
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.server.connection import connect, shown
from retrofit_app.core.server.tables import (
    DEFAULT_SCHEMA,
    META,
    SYNC_LOG,
    Table,
    _q,
    qualified,
    server_meta,
)

ROLES = "district_roles"
ALL_DISTRICTS = "*"
APPEND_ONLY = ("audit_log", "evidence_chain", SYNC_LOG)


def policy_statements(schema: str, tables: list[Table]) -> list[str]:
    """The role table, the two checks and a policy per estate-owned table."""
    s = _q(schema)
    out = [
        f"CREATE TABLE {s}.{ROLES} (role_name text NOT NULL, district_uuid text NOT NULL, "
        "writes boolean NOT NULL, PRIMARY KEY (role_name, district_uuid))",
        f"""CREATE FUNCTION {s}.may_see_district(d text) RETURNS boolean LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
              SELECT EXISTS (SELECT 1 FROM {s}.{ROLES} r WHERE r.role_name = session_user
                             AND (r.district_uuid = '{ALL_DISTRICTS}' OR r.district_uuid = d)) $$""",
        f"""CREATE FUNCTION {s}.may_see_estate(e text) RETURNS boolean LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
              SELECT {s}.may_see_district((SELECT district_uuid FROM {s}.estates WHERE uuid = e)) $$""",
    ]
    return out + table_policies(schema, tables, tables)


def table_policies(schema: str, tables: list[Table], every: list[Table]) -> list[str]:
    """Row-level security on each of `tables` that belongs to an estate (`every`: all the
    project's tables, through whose references a row reaches its estate)."""
    out: list[str] = []
    by_name = {t.name: t for t in every}
    chosen = {t.name for t in tables}
    aliases = (f"a{n}" for n in itertools.count(1))
    for table in tables:
        check = _belongs(schema, table, _q(table.name), by_name, aliases)
        if check is None:
            continue
        t = qualified(schema, table.name)
        out.append(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
        out.append(f"CREATE POLICY own_district ON {t} USING ({check}) WITH CHECK ({check})")
    if "owners" in chosen and "household_owners" in by_name:
        # Owners (their ID and phone numbers) are seen only through a household the role may
        # see; a new owner may be written before its link to a household (the push's order).
        linked = _belongs(schema, by_name["household_owners"], "ho", by_name, aliases)
        t = qualified(schema, "owners")
        out.append(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
        out.append(
            f"CREATE POLICY own_district ON {t} USING (EXISTS (SELECT 1 FROM "
            f"{qualified(schema, 'household_owners')} ho WHERE ho.owner_uuid = {_q('owners')}.uuid "
            f"AND {linked})) WITH CHECK (true)"
        )
    return out


def _belongs(
    schema: str, table: Table, ref: str, by_name: dict[str, Table], aliases: Any
) -> str | None:
    """The SQL that says a row (its columns as ref.column) belongs to a district the role has."""
    s = _q(schema)
    if table.name == "estates":
        return f"{s}.may_see_district({ref}.district_uuid)"
    if table.name == "plan_targets":
        return f"{s}.may_see_district({ref}.district_uuid)"
    for column, parent in table.references:
        if parent == "estates":
            return f"{s}.may_see_estate({ref}.{_q(column)})"
    for column, parent in table.references:
        if parent in by_name and parent != table.name:
            alias = next(aliases)
            inner = _belongs(schema, by_name[parent], alias, by_name, aliases)
            if inner is not None:
                return (f"EXISTS (SELECT 1 FROM {qualified(schema, parent)} {alias} "
                        f"WHERE {alias}.uuid = {ref}.{_q(column)} AND {inner})")  # fmt: skip
    return None


def grant_statements(schema: str, tables: list[Table], role: str, *, writes: bool) -> list[str]:
    """What `role` may do: read everything the policies let it see, and (a district's role) write
    it, the audit log and the evidence chain only appended to."""
    s, r = _q(schema), _q(role)
    out = [f"GRANT USAGE ON SCHEMA {s} TO {r}", f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}"]
    if writes:
        out.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}")
        for table in tables:
            kinds = "INSERT" if table.name in APPEND_ONLY else "INSERT, UPDATE, DELETE"
            out.append(f"GRANT {kinds} ON {qualified(schema, table.name)} TO {r}")
        out.append(f"GRANT INSERT ON {qualified(schema, SYNC_LOG)} TO {r}")
        out.append(f"GRANT UPDATE ON {qualified(schema, META)} TO {r}")
    return out


def _district_uuid(conn: Any, schema: str, name: str, server: str) -> str:
    found = conn.execute(
        f"SELECT uuid FROM {qualified(schema, 'districts')} WHERE name = %s", (name,)
    ).fetchone()
    if found is None:
        raise RetrofitError(ErrorCode.SERVER_NO_SUCH_DISTRICT, server=server, district=name)
    return str(found[0])


def grant(url: str, role: str, *, district: str | None, schema: str = DEFAULT_SCHEMA) -> None:
    """Let the existing PostgreSQL role `role` work on `district` (a name), or read every district
    (district None: the city). Run by the schema's owner; one transaction."""
    with connect(url) as conn:
        server_meta(conn, schema, shown(url))
        names = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))]  # fmt: skip
        tables = [Table(n, [], [], []) for n in names if n not in (META, SYNC_LOG, ROLES)]
        with conn.transaction():
            uuid = (
                ALL_DISTRICTS
                if district is None
                else _district_uuid(conn, schema, district, shown(url))
            )
            for statement in grant_statements(schema, tables, role, writes=district is not None):
                conn.execute(statement)
            conn.execute(
                f"INSERT INTO {qualified(schema, ROLES)} (role_name, district_uuid, writes) "
                "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (role, uuid, district is not None),
            )
