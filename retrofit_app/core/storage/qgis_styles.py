"""Each layer's default QGIS style in the GeoPackage's `layer_styles`: Chinese field names, value lists, read-only overviews.

QGIS 3.22 (with GDAL 3.6) shows neither the aliases of `gpkg_data_columns` nor, for views,
read-only-ness; it does load a layer's default style from `layer_styles` (the table its own
"save style in database" makes). Ours carries only the form parts (`<aliases>`, ValueMap
editor widgets, the readOnly flag), so QGIS keeps drawing the layer with its own symbols.
A style the user saved as default is left the default; ours is replaced on each run.
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Mapping

# QGIS's own definition of the table (QgsOgrProvider saveStyle, as written by QGIS 3.22).
_TABLE = """CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  f_table_catalog TEXT(256),
  f_table_schema TEXT(256),
  f_table_name TEXT(256),
  f_geometry_column TEXT(256),
  styleName TEXT(30),
  styleQML TEXT,
  styleSLD TEXT,
  useAsDefault BOOLEAN,
  description TEXT,
  owner TEXT(30),
  ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)"""
# Our rows are known by this name (QGIS lists it in the layer's style menu).
STYLE_NAME = "老旧小区改造调查"
_DESCRIPTION = "字段中文名与取值列表 / Chinese field names and value lists"
_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"


def style_qml(
    aliases: Mapping[str, str], value_maps: Mapping[str, Mapping[str, str]], *, read_only: bool
) -> str:
    """A QML style holding only field aliases, ValueMap widgets (column -> code -> words) and
    the layer's readOnly flag, in the shape QGIS 3.22 writes them."""
    root = ET.Element("qgis", {"version": "3.22", "styleCategories": "LayerConfiguration|Fields|Forms",
                               "readOnly": "1" if read_only else "0"})  # fmt: skip
    fields = ET.SubElement(root, "fieldConfiguration")
    for column, words in value_maps.items():
        field = ET.SubElement(fields, "field", {"name": column, "configurationFlags": "None"})
        widget = ET.SubElement(field, "editWidget", {"type": "ValueMap"})
        config = ET.SubElement(ET.SubElement(widget, "config"), "Option", {"type": "Map"})
        listed = ET.SubElement(config, "Option", {"type": "List", "name": "map"})
        for code, word in words.items():
            entry = ET.SubElement(listed, "Option", {"type": "Map"})
            ET.SubElement(entry, "Option", {"value": code, "type": "QString", "name": word})
    names = ET.SubElement(root, "aliases")
    for column, alias in aliases.items():
        ET.SubElement(names, "alias", {"field": column, "name": alias})
    ET.indent(root, space=" ")
    return _DOCTYPE + ET.tostring(root, encoding="unicode") + "\n"


def _geometry_columns(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))


def write_default_styles(conn: sqlite3.Connection, styles: Mapping[str, str]) -> None:
    """Make `layer_styles` (registered in gpkg_contents as QGIS does) and put in our style for
    each layer of `styles` (table -> QML) that the file has; safe to run again."""
    geometry = _geometry_columns(conn)
    conn.execute(_TABLE)
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
        "VALUES ('layer_styles', 'attributes', 'layer_styles', '')"
    )
    conn.execute("DELETE FROM layer_styles WHERE styleName = ?", [STYLE_NAME])
    for table, qml in styles.items():
        if table not in geometry:
            continue
        theirs = conn.execute(
            "SELECT count(*) FROM layer_styles WHERE f_table_name = ? AND useAsDefault",
            [table],
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner) "
            "VALUES ('', '', ?, ?, ?, ?, '', ?, ?, '')",
            [table, geometry[table], STYLE_NAME, qml, 0 if theirs else 1, _DESCRIPTION],
        )
