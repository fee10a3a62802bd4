"""Field copies and merging: hand estates to colleagues, merge their work back (pygeodiff).

Everything of the feature is in this folder:
  export.py          hand out a field copy (a package) and keep its snapshot, the base
  merge.py           merge a package back, all or nothing
  changesets.py      pygeodiff's part: the field's changeset, rebased onto the office, read back
  masked_columns.py  personal numbers a package carries masked, the office's put back in a merge
  files.py           where packages' bases live, copied and hashed
  conflicts.py       the conflicts a merge records, decided by a person
  conflict_words.py  a conflict in words a person knows
  store/             the feature's SQL, and only SQL: the office's exchange records, a package's
                     rows and schema, the lane check, the settling of a merge's scratch copies,
                     the apply of the changeset in the office's transaction

Why store/ is here and not under core/storage: a newcomer finds the whole feature in one
place, and store/ keeps the rule core/storage keeps (SQL lives there only, it imports no
service, the window and the command line never import it; .importlinter checks both).
pygeodiff only ever writes scratch copies: it bundles its own SQLite, and two SQLite
copies with one file open break each other's locks.
"""
