-- The schema of a new project file: an OGC GeoPackage 1.3 in WGS-84 plus the
-- app's attribute tables. The one source of truth; storage/create.py runs it.
-- Column types keep to the GeoPackage list (INTEGER, REAL, TEXT, BLOB, ...).
-- Every app record has a fid (integer key, may change in a merge) and a uuid
-- (stable identity); references between tables always go through uuids.

PRAGMA application_id = 1196444487;  -- 'GPKG'
PRAGMA user_version = 10300;         -- GeoPackage 1.3 (read by GDAL 3.x without warnings)

-- ---------------------------------------------------------------- GeoPackage core
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
INSERT INTO gpkg_spatial_ref_sys VALUES
 ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
 ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
 ('WGS 84 geodetic', 4326, 'EPSG', 4326,
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
  'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');

CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);

CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);

-- ---------------------------------------------------------------- app metadata
CREATE TABLE app_meta (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL
);

-- ---------------------------------------------------------------- places
-- District, street and community uuids are derived from their names
-- (uuid5), so two field copies that both add "玄武区" agree on its identity.
CREATE TABLE districts (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
CREATE TABLE streets (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  district_uuid TEXT NOT NULL REFERENCES districts(uuid),
  name TEXT NOT NULL
);
CREATE TABLE communities (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  street_uuid TEXT NOT NULL REFERENCES streets(uuid),
  name TEXT NOT NULL
);

-- ---------------------------------------------------------------- estates (features)
CREATE TABLE estates (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  uuid TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  district_uuid TEXT REFERENCES districts(uuid),
  street_uuid TEXT REFERENCES streets(uuid),
  community_uuid TEXT REFERENCES communities(uuid),
  year_built INTEGER,
  stage TEXT NOT NULL DEFAULT 'surveyed'
    CHECK (stage IN ('surveyed','design','construction','acceptance','accepted')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX estates_district ON estates(district_uuid, street_uuid);

CREATE TABLE estate_boundaries (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom MULTIPOLYGON,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL UNIQUE REFERENCES estates(uuid) ON DELETE CASCADE
);

CREATE TABLE buildings (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom GEOMETRY,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  name TEXT NOT NULL,
  storeys INTEGER,
  year_built INTEGER,
  structure TEXT NOT NULL DEFAULT '',
  safety_grade TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX buildings_estate ON buildings(estate_uuid);

CREATE TABLE units (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  building_uuid TEXT NOT NULL REFERENCES buildings(uuid) ON DELETE CASCADE,
  name TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX units_building ON units(building_uuid);

-- ---------------------------------------------------------------- households and owners
CREATE TABLE households (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  unit_uuid TEXT NOT NULL REFERENCES units(uuid) ON DELETE CASCADE,
  room TEXT NOT NULL,
  floor INTEGER,
  area REAL,                                 -- registered exclusive area, m²
  kind TEXT NOT NULL DEFAULT 'individual'
    CHECK (kind IN ('individual','developer_unsold','organisation')),
  rented INTEGER NOT NULL DEFAULT 0,
  tenant_name TEXT NOT NULL DEFAULT '',
  tenant_opinion TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  -- A flat the roster import kept although it could not accept its row as it stands:
  -- consultation/blocking.FLAT_PROBLEMS codes, comma-separated (NULL: nothing to settle).
  -- Last, as the schema 2 -> 3 migration adds it.
  problems TEXT,
  UNIQUE (unit_uuid, room)
);

CREATE TABLE owners (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL DEFAULT '',        -- ID card number or organisation code
  phone TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX owners_id_number ON owners(id_number);

CREATE TABLE household_owners (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  household_uuid TEXT NOT NULL REFERENCES households(uuid) ON DELETE CASCADE,
  owner_uuid TEXT NOT NULL REFERENCES owners(uuid) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (household_uuid, owner_uuid)
);
CREATE INDEX household_owners_owner ON household_owners(owner_uuid);

-- ---------------------------------------------------------------- checklists
CREATE TABLE checklist_templates (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  template_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('estate','building','unit')),
  body TEXT NOT NULL,                        -- the template JSON as imported
  imported_at TEXT NOT NULL,
  UNIQUE (template_id, version)
);

CREATE TABLE checklists (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  template_uuid TEXT NOT NULL REFERENCES checklist_templates(uuid),
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('estate','building','unit')),
  target_uuid TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (template_uuid, target_uuid)
);
CREATE INDEX checklists_estate ON checklists(estate_uuid);

CREATE TABLE checklist_answers (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  checklist_uuid TEXT NOT NULL REFERENCES checklists(uuid) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('survey','design','completion')),
  value TEXT,                                -- JSON-encoded answer
  note TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT '',
  answered_at TEXT NOT NULL,
  UNIQUE (checklist_uuid, item_id, stage)
);

CREATE TABLE defects (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  checklist_uuid TEXT REFERENCES checklists(uuid) ON DELETE SET NULL,
  item_id TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  responsible TEXT NOT NULL DEFAULT '',
  deadline TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','rectified','verified')),
  -- 'answer': opened by a failed answer, withdrawn again if that answer is corrected
  -- before anyone works on it; 'manual': entered by a person.
  source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','answer')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX defects_estate ON defects(estate_uuid);
CREATE INDEX defects_item ON defects(checklist_uuid, item_id);

-- ---------------------------------------------------------------- consultations
CREATE TABLE consultations (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  subject TEXT NOT NULL DEFAULT 'elevator',
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('unit','building','estate')),
  scope_uuid TEXT NOT NULL,
  rule_set TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  notice_start TEXT,
  notice_days INTEGER,
  -- collecting → notice (public notice running) → no_objection | disputed → done
  status TEXT NOT NULL DEFAULT 'collecting'
    CHECK (status IN ('collecting','notice','no_objection','disputed','done')),
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT,
  review_note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (subject, scope_uuid)
);
CREATE INDEX consultations_estate ON consultations(estate_uuid);

CREATE TABLE votes (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  consultation_uuid TEXT NOT NULL REFERENCES consultations(uuid) ON DELETE CASCADE,
  household_uuid TEXT NOT NULL REFERENCES households(uuid) ON DELETE CASCADE,
  choice TEXT NOT NULL CHECK (choice IN ('agree','object','abstain','unreached')),
  method TEXT NOT NULL DEFAULT '' CHECK (method IN ('','in_person','phone','sms','post')),
  asked_on TEXT,
  objection TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',           -- the objection's reason (light, noise, privacy, ...)
  cost_share TEXT NOT NULL DEFAULT '',
  proof_photo_uuid TEXT,
  recorded_by TEXT NOT NULL DEFAULT '',
  -- committee review of this vote: verified, or disputed with mediation notes
  review_state TEXT NOT NULL DEFAULT '' CHECK (review_state IN ('','verified','disputed')),
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT,
  review_note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (consultation_uuid, household_uuid)
);
CREATE INDEX votes_household ON votes(household_uuid);

-- What residents say besides votes: suggestions and complaints (per household or
-- anonymous), written objections received during a public notice, and the
-- satisfaction survey after completion (满意 / 基本满意 / 不满意).
CREATE TABLE opinions (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  household_uuid TEXT REFERENCES households(uuid) ON DELETE SET NULL,  -- NULL: anonymous
  consultation_uuid TEXT REFERENCES consultations(uuid) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('suggestion','complaint','notice_objection','satisfaction')),
  category TEXT NOT NULL DEFAULT '',         -- parking, lighting, drainage, ebike_charging, ...
  rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('','satisfied','basically_satisfied','dissatisfied')),
  text TEXT NOT NULL DEFAULT '',
  received_on TEXT,
  recorded_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX opinions_estate ON opinions(estate_uuid, kind);

-- ---------------------------------------------------------------- photos (features)
CREATE TABLE photos (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  uuid TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  building_uuid TEXT,
  unit_uuid TEXT,
  household_uuid TEXT,
  checklist_uuid TEXT,
  item_id TEXT NOT NULL DEFAULT '',
  defect_uuid TEXT,
  stage_tag TEXT NOT NULL DEFAULT 'before' CHECK (stage_tag IN ('before','during','after')),
  caption TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  mime TEXT NOT NULL DEFAULT '',
  taken_at TEXT,
  lon REAL,
  lat REAL,
  camera TEXT NOT NULL DEFAULT '',
  width INTEGER,
  height INTEGER,
  byte_size INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL DEFAULT '',
  annotation TEXT NOT NULL DEFAULT '',       -- JSON list of shapes drawn over the photo; '' = none
  deleted_at TEXT
);
CREATE INDEX photos_estate ON photos(estate_uuid);

-- The bytes live apart from the feature table so QGIS reads photo points fast.
CREATE TABLE photo_data (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  photo_uuid TEXT NOT NULL UNIQUE REFERENCES photos(uuid) ON DELETE CASCADE,
  -- The small renditions come first: SQLite reaches a column stored after a large BLOB
  -- only by walking that BLOB's overflow pages, so reading 200 print renditions placed
  -- behind their originals cost 0.2 s (thumbnails alike) instead of ~0.04 s.
  thumbnail BLOB NOT NULL,
  print BLOB NOT NULL,
  annotated BLOB,                            -- print rendition with the annotation drawn on (reports use it)
  original BLOB NOT NULL
);

-- ---------------------------------------------------------------- audit trail
CREATE TABLE audit_log (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('insert','update','delete','restore')),
  table_name TEXT NOT NULL,
  record_uuid TEXT NOT NULL,
  old_values TEXT,                           -- JSON object of changed fields
  new_values TEXT
);
CREATE INDEX audit_record ON audit_log(record_uuid);

-- ---------------------------------------------------------------- field exchange (issue 8)
-- Field copies handed out (the base snapshot is kept beside the office file),
-- merges done (by changeset hash, so the same package merges once) and the
-- conflicts a person still has to decide. Never part of a package's changes.
CREATE TABLE exchange_packages (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,                 -- the package's identity (app_meta package_uuid)
  estates TEXT NOT NULL,                     -- JSON list of estate uuids
  personal_data INTEGER NOT NULL DEFAULT 1,
  base_file TEXT NOT NULL,                   -- file name under <project>.exchange/
  base_sha256 TEXT NOT NULL,
  exported_at TEXT NOT NULL,
  exported_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE exchange_merges (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  package_uuid TEXT NOT NULL,
  changeset_sha256 TEXT NOT NULL,
  summary TEXT NOT NULL,                     -- JSON: counts per table, conflicts
  merged_at TEXT NOT NULL,
  merged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exchange_merges_hash ON exchange_merges(changeset_sha256);
CREATE TABLE merge_conflicts (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  package_uuid TEXT NOT NULL,
  table_name TEXT NOT NULL,
  record_uuid TEXT NOT NULL,
  field TEXT NOT NULL,
  office_value BLOB,                         -- BLOB: no affinity, values kept as they were
  field_value BLOB,
  created_at TEXT NOT NULL,
  choice TEXT CHECK (choice IN ('office','field')),
  resolved_by TEXT NOT NULL DEFAULT '',
  resolved_at TEXT
);
CREATE INDEX merge_conflicts_open ON merge_conflicts(resolved_at, table_name);

-- ---------------------------------------------------------------- identity decisions (issue 15)
-- The committee's answer to an identity question (core/consultation/identity.py): are these
-- entries one person, these flats one buyer? The tally applies them; an estate's decisions
-- travel with it in a field copy. Last among the tables, as the schema 3 -> 4 migration adds it.
CREATE TABLE identity_decisions (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  question_key TEXT NOT NULL,                -- identity.Question.key: a hash of what was asked
  kind TEXT NOT NULL,                        -- identity.KINDS
  names TEXT NOT NULL DEFAULT '',            -- the entries as the question showed them (IDs masked)
  rooms TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL CHECK (decision IN ('same','different')),
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (estate_uuid, question_key)
);

-- ---------------------------------------------------------------- acceptances (issue 16)
-- One acceptance of an estate's works (first inspection, or re-inspection after rectification):
-- its dates, contract, the works actually done, the 文号 its report was given (unique in the
-- project; a second report of the same acceptance reuses it) and the parties who sign. They
-- travel with the estate in a field copy. Last among the tables, as the 5 -> 6 migration adds them.
CREATE TABLE acceptances (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'first' CHECK (kind IN ('first','reinspection')),
  inspected_on TEXT NOT NULL DEFAULT '',     -- the inspection date(s), ISO, several joined by ','
  started_on TEXT NOT NULL DEFAULT '',
  completed_on TEXT NOT NULL DEFAULT '',
  contract_name TEXT NOT NULL DEFAULT '',
  contract_number TEXT NOT NULL DEFAULT '',
  contract_price TEXT NOT NULL DEFAULT '',   -- as typed (元), e.g. 3865000.00
  funding TEXT NOT NULL DEFAULT '',          -- funding sources, as typed
  works TEXT NOT NULL DEFAULT '',            -- the works actually done, one a line
  doc_number TEXT NOT NULL DEFAULT '',       -- given by the first report; '' before
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX acceptances_estate ON acceptances(estate_uuid);
CREATE UNIQUE INDEX acceptances_doc_number ON acceptances(doc_number) WHERE doc_number <> '';

CREATE TABLE acceptance_parties (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  acceptance_uuid TEXT NOT NULL REFERENCES acceptances(uuid) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('client','surveyor','designer','contractor','supervisor',
    'street_office','community','residents','quality','property')),
  name TEXT NOT NULL DEFAULT '',             -- the organisation (residents: may stay empty)
  representative TEXT NOT NULL DEFAULT '',   -- who signs for it (residents: their names)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (acceptance_uuid, role)
);

-- ---------------------------------------------------------------- programme plan and management (issue 19)
-- What the programme's half-year, yearly and three-year reviews count: an estate's plan batch,
-- target and actual dates, money by funding source, contracts, added elevators and their dates,
-- works quantities, and the long-term management after the works. Dates are ISO (YYYY-MM-DD) or
-- '' while unknown; money is in 分 (fen) as an integer so sums are exact. They travel with the
-- estate in a field copy. Added by the 6 -> 7 migration.
CREATE TABLE estate_plans (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL UNIQUE REFERENCES estates(uuid) ON DELETE CASCADE,
  batch TEXT NOT NULL DEFAULT '',            -- 批次, as the plan names it, e.g. 2023年第一批
  plan_year INTEGER,                          -- the plan year the estate is counted in
  target_start TEXT NOT NULL DEFAULT '',
  target_completion TEXT NOT NULL DEFAULT '',
  started_on TEXT NOT NULL DEFAULT '',        -- actual start of works
  completed_on TEXT NOT NULL DEFAULT '',      -- actual completion (竣工)
  buildings_planned INTEGER,                  -- the plan's figures for the estate
  households_planned INTEGER,
  floor_area_m2 REAL,                         -- 改造建筑面积
  budget_fen INTEGER,                         -- total budget
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE estate_funds (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  source TEXT NOT NULL CHECK (source IN ('central','provincial','city','district','residents',
    'maintenance_fund','provident_fund','social_capital','other')),
  kind TEXT NOT NULL CHECK (kind IN ('budget','actual')),
  amount_fen INTEGER NOT NULL,
  recorded_on TEXT NOT NULL DEFAULT '',       -- when it was granted or paid, for period filters
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX estate_funds_estate ON estate_funds(estate_uuid);

CREATE TABLE estate_contracts (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  number TEXT NOT NULL DEFAULT '',
  contractor TEXT NOT NULL DEFAULT '',
  price_fen INTEGER,
  signed_on TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX estate_contracts_estate ON estate_contracts(estate_uuid);

CREATE TABLE estate_works (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  work TEXT NOT NULL,                         -- a code of core/programme, e.g. pipes, roofs
  quantity REAL NOT NULL,
  unit TEXT NOT NULL DEFAULT '',              -- m, ㎡, 个, 处 ...
  completed_on TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (estate_uuid, work)
);

CREATE TABLE elevators (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  building_uuid TEXT REFERENCES buildings(uuid) ON DELETE SET NULL,
  unit_uuid TEXT REFERENCES units(uuid) ON DELETE SET NULL,
  consented_on TEXT NOT NULL DEFAULT '',      -- the owners' consent (the notice ended without objection)
  approved_on TEXT NOT NULL DEFAULT '',       -- planning / construction approval
  started_on TEXT NOT NULL DEFAULT '',
  handed_over_on TEXT NOT NULL DEFAULT '',
  in_service_on TEXT NOT NULL DEFAULT '',     -- 特种设备使用登记
  registration_number TEXT NOT NULL DEFAULT '',
  cost_fen INTEGER,
  subsidy_fen INTEGER,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX elevators_estate ON elevators(estate_uuid);

CREATE TABLE elevator_cost_shares (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  elevator_uuid TEXT NOT NULL REFERENCES elevators(uuid) ON DELETE CASCADE,
  floor INTEGER NOT NULL,
  share_fen INTEGER NOT NULL,                 -- what each household on that floor pays
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (elevator_uuid, floor)
);

CREATE TABLE estate_management (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL UNIQUE REFERENCES estates(uuid) ON DELETE CASCADE,
  assembly_formed_on TEXT NOT NULL DEFAULT '',   -- 业主大会 first meeting; '' if none
  committee_formed_on TEXT NOT NULL DEFAULT '',  -- 业委会 (or 物业管理委员会) elected; '' if none
  committee_kind TEXT NOT NULL DEFAULT '' CHECK (committee_kind IN ('','owners_committee','property_committee')),
  committee_members INTEGER,
  committee_term_ends TEXT NOT NULL DEFAULT '',
  property_mode TEXT NOT NULL DEFAULT '' CHECK (property_mode IN ('','professional','self','trusteeship','street_fallback')),
  property_company TEXT NOT NULL DEFAULT '',
  property_contract_start TEXT NOT NULL DEFAULT '',
  property_contract_end TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE governance_meetings (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  held_on TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  decisions TEXT NOT NULL DEFAULT '',
  attendees INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX governance_meetings_estate ON governance_meetings(estate_uuid);

CREATE TABLE plan_targets (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  district_uuid TEXT REFERENCES districts(uuid),  -- NULL: the whole project
  period TEXT NOT NULL,                       -- 2025H1, 2025 or 2021-2023
  measure TEXT NOT NULL,                      -- a code of core/programme, e.g. estates_started
  target REAL NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (district_uuid, period, measure)
);

-- ---------------------------------------------------------------- evidence chain (issue 20)
-- Tamper-evident history (core/evidence/chain.py): every change made through the program to an
-- evidence record (canonical.EVIDENCE_TABLES) is an entry carrying the hash of the entry before it
-- in its chain and the record's fingerprint after the change. A file writes its own chain
-- (app_meta chain_id); a field copy starts its own, and a merge brings that chain in whole and
-- enters its head in the office's. Entries are only ever appended. Added by the 7 -> 8 migration.
CREATE TABLE evidence_chain (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  copy_id TEXT NOT NULL,                     -- the chain: app_meta chain_id of the file that wrote it
  seq INTEGER NOT NULL,                      -- 1, 2, 3 ... within the chain
  at TEXT NOT NULL,
  user_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,                      -- insert, update, delete, restore, genesis, merged, fork, merge
  table_name TEXT NOT NULL DEFAULT '',       -- '' for fork and merge (record_uuid names the other chain)
  record_uuid TEXT NOT NULL,
  content_hash TEXT,                         -- canonical.record_hash after the change; NULL: gone
  prev_hash TEXT,                            -- entry_hash of seq - 1; NULL for seq 1
  entry_hash TEXT NOT NULL,                  -- SHA-256 of the canonical JSON of the entry
  UNIQUE (copy_id, seq)
);

-- ---------------------------------------------------------------- report digests (issue 20)
-- A digest printed on a notice, acceptance or review report: SHA-256 of the canonical JSON of the
-- project's id and the sorted (table, uuid, record hash) of exactly the records the report was
-- built from (core/evidence/report_digest.py). Kept with that list, so `verify-report` can say
-- later which of them changed, went or came into the report's scope. Written once, never changed,
-- they travel with their estate (NULL: a report of several estates). Added by the 8 -> 9 migration.
CREATE TABLE report_digests (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  digest TEXT NOT NULL,                      -- 64 hex characters, lower case
  kind TEXT NOT NULL,                        -- the report: notice, acceptance, review, ...
  estate_uuid TEXT REFERENCES estates(uuid) ON DELETE CASCADE,
  project_id TEXT NOT NULL,                  -- app_meta project_uuid when it was built
  doc_number TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '{}',          -- JSON: what to gather again (scope_uuid, acceptance_uuid, ...)
  built_at TEXT NOT NULL,
  records TEXT NOT NULL,                     -- JSON list of [table, uuid, record hash, estate, place]
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX report_digests_digest ON report_digests(digest);

-- ---------------------------------------------------------------- signatures (issue 20)
-- A signature drawn on the window's pad: an owner's on a vote (the signed consent) or a party's
-- on an acceptance. Vector strokes, JSON [[[x, y, ms], ...], ...]: x and y in the pad's units
-- (0..width, 0..height, y down), ms since the first touch. Entered in the evidence chain; a
-- signature is never changed, only withdrawn (deleted_at) and drawn again. They travel with their
-- estate. Added by the 9 -> 10 migration.
CREATE TABLE signatures (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  vote_uuid TEXT REFERENCES votes(uuid) ON DELETE CASCADE,
  party_uuid TEXT REFERENCES acceptance_parties(uuid) ON DELETE CASCADE,
  signer TEXT NOT NULL,                      -- the name the signer gave, printed beside it
  strokes TEXT NOT NULL,
  width REAL NOT NULL,
  height REAL NOT NULL,
  signed_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  CHECK ((vote_uuid IS NULL) <> (party_uuid IS NULL))
);
CREATE INDEX signatures_vote ON signatures(vote_uuid);
CREATE INDEX signatures_party ON signatures(party_uuid);

-- ---------------------------------------------------------------- map layers for QGIS (issue 6)
-- Read-only views with place names instead of uuids, so QGIS and GDAL show readable attributes.
-- Views are not merged or diffed (pygeodiff reads tables only); they follow the tables.
CREATE VIEW estates_overview AS
SELECT e.fid AS fid, e.geom AS geom, e.code AS code, e.name AS name, d.name AS district,
       s.name AS street, c.name AS community, e.address AS address, e.year_built AS year_built,
       e.stage AS stage, e.note AS note
FROM estates e
LEFT JOIN districts d ON d.uuid = e.district_uuid
LEFT JOIN streets s ON s.uuid = e.street_uuid
LEFT JOIN communities c ON c.uuid = e.community_uuid
WHERE e.deleted_at IS NULL;

CREATE VIEW buildings_overview AS
SELECT b.fid AS fid, b.geom AS geom, b.name AS name, e.code AS estate_code, e.name AS estate_name,
       b.storeys AS storeys, b.year_built AS year_built, b.structure AS structure,
       b.safety_grade AS safety_grade, e.stage AS estate_stage
FROM buildings b JOIN estates e ON e.uuid = b.estate_uuid
WHERE b.deleted_at IS NULL AND e.deleted_at IS NULL;

CREATE VIEW photos_overview AS
SELECT p.fid AS fid, p.geom AS geom, e.code AS estate_code, e.name AS estate_name,
       p.stage_tag AS stage_tag, p.caption AS caption, p.file_name AS file_name, p.taken_at AS taken_at
FROM photos p JOIN estates e ON e.uuid = p.estate_uuid
WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL;

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
 ('estates_overview', 'features', 'estates_overview', '小区一览（只读）estates with place names', 4326),
 ('buildings_overview', 'features', 'buildings_overview', '楼栋一览（只读）buildings with their estate', 4326),
 ('photos_overview', 'features', 'photos_overview', '照片一览（只读）photo points with their estate', 4326);
INSERT INTO gpkg_geometry_columns VALUES
 ('estates_overview', 'geom', 'POINT', 4326, 0, 0),
 ('buildings_overview', 'geom', 'GEOMETRY', 4326, 0, 0),
 ('photos_overview', 'geom', 'POINT', 4326, 0, 0);

-- ---------------------------------------------------------------- registration
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
 ('estates', 'features', 'estates', '小区 estates', 4326),
 ('estate_boundaries', 'features', 'estate_boundaries', '小区边界 estate boundaries', 4326),
 ('buildings', 'features', 'buildings', '楼栋 buildings', 4326),
 ('photos', 'features', 'photos', '照片位置 photo locations', 4326);
INSERT INTO gpkg_geometry_columns VALUES
 ('estates', 'geom', 'POINT', 4326, 0, 0),
 ('estate_boundaries', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
 ('buildings', 'geom', 'GEOMETRY', 4326, 0, 0),
 ('photos', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
SELECT name, 'attributes', name, ''
FROM sqlite_master
WHERE type = 'table' AND name NOT LIKE 'gpkg_%' AND name NOT LIKE 'sqlite_%'
  AND name NOT IN (SELECT table_name FROM gpkg_contents);
