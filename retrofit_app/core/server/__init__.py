"""The district server (issue 26): PostgreSQL with PostGIS as a district's shared store,
every laptop still working offline on its own GeoPackage.

  connection.py  psycopg 3: a libpq URL opened, its failures in sentences (unreachable,
                 refused password, no database, no PostGIS, a newer server)
  tables.py      the server's schema made from the project file's own tables: real geometry
                 columns (EPSG:4326), uuids unique, references as foreign keys, Chinese
                 comments; its version and revision in retrofit_meta
  rows.py        rows of the project file's tables as the server takes them and back
                 (GeoPackage geometry <-> EWKB), read from and written to a SQLite file
  publish.py     `server init`: a project's records into a new server schema (COPY)
  sync.py        `server clone` and `sync`: a laptop's copy is a field copy (core/exchange)
                 of a mirror of the server kept beside it; a sync refreshes the mirror,
                 merges the copy into it with the field merge's rules, pushes the
                 difference in one server transaction guarded by the revision, and hands
                 the copy out again

The server is only ever written in one transaction per command; a push over a revision
that moved meanwhile is refused by the server and the sync pulls and tries again.
"""
