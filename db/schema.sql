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
  geom GEOMETRY,
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
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX defects_estate ON defects(estate_uuid);

-- ---------------------------------------------------------------- consultations
CREATE TABLE consultations (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  estate_uuid TEXT NOT NULL REFERENCES estates(uuid) ON DELETE CASCADE,
  subject TEXT NOT NULL DEFAULT 'elevator',
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('unit','building')),
  scope_uuid TEXT NOT NULL,
  rule_set TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  notice_start TEXT,
  notice_days INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','reviewed')),
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
  cost_share TEXT NOT NULL DEFAULT '',
  proof_photo_uuid TEXT,
  recorded_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  UNIQUE (consultation_uuid, household_uuid)
);
CREATE INDEX votes_household ON votes(household_uuid);

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
  deleted_at TEXT
);
CREATE INDEX photos_estate ON photos(estate_uuid);

-- The bytes live apart from the feature table so QGIS reads photo points fast.
CREATE TABLE photo_data (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  photo_uuid TEXT NOT NULL UNIQUE REFERENCES photos(uuid) ON DELETE CASCADE,
  original BLOB NOT NULL,
  thumbnail BLOB NOT NULL,
  print BLOB NOT NULL
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

-- ---------------------------------------------------------------- registration
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
 ('estates', 'features', 'estates', '小区 estates', 4326),
 ('estate_boundaries', 'features', 'estate_boundaries', '小区边界 estate boundaries', 4326),
 ('buildings', 'features', 'buildings', '楼栋 buildings', 4326),
 ('photos', 'features', 'photos', '照片位置 photo locations', 4326);
INSERT INTO gpkg_geometry_columns VALUES
 ('estates', 'geom', 'POINT', 4326, 0, 0),
 ('estate_boundaries', 'geom', 'GEOMETRY', 4326, 0, 0),
 ('buildings', 'geom', 'GEOMETRY', 4326, 0, 0),
 ('photos', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
SELECT name, 'attributes', name, ''
FROM sqlite_master
WHERE type = 'table' AND name NOT LIKE 'gpkg_%' AND name NOT LIKE 'sqlite_%'
  AND name NOT IN (SELECT table_name FROM gpkg_contents);
