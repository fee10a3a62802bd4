"""Every bound on what a user's file may hold, in one place: the constant, its value, what it bounds.

A reader that meets a larger input refuses it with a sentence (core/messages.py)
before spending time or memory on it. Add new limits here, one line each.
"""

from __future__ import annotations

MB = 1024 * 1024

# Household rosters (core/consultation/roster.py). A real estate has at most a few thousand flats.
ROSTER_MAX_BYTES = 50 * MB  # a roster file (CSV or XLSX) on disk
ROSTER_MAX_ROWS = 50_000  # data rows in a roster (the header and blank rows not counted)
ROSTER_MAX_LINES = 200_000  # rows read from a roster, blank rows included

# XLSX workbooks (core/xlsx_guard.py), checked from the zip's directory before openpyxl reads them.
XLSX_MAX_EXPANDED_BYTES = 256 * MB  # all parts together, as the zip declares them uncompressed
XLSX_MAX_RATIO = 200  # uncompressed / compressed size of one part larger than XLSX_RATIO_FLOOR
XLSX_RATIO_FLOOR = 1 * MB  # parts smaller than this are not held to XLSX_MAX_RATIO
XLSX_MAX_PARTS = 10_000  # files inside the workbook's zip

# Exports (core/table_files.py).
XLSX_MAX_CELL_CHARS = 32_767  # characters in one XLSX cell (Excel's own limit; longer text is cut)

# Text a person types (core/text_limits.py): refused past these lengths, in characters.
NAME_MAX_CHARS = 100  # estate, building, unit, owner, tenant and place names; codes; who reviewed
ADDRESS_MAX_CHARS = 200  # addresses, photo captions, building structure, contact lines
NOTE_MAX_CHARS = 2_000  # notes, reasons, opinions, review notes, defect descriptions
PRINT_MAX_CHARS = NOTE_MAX_CHARS  # a report prints at most this much of one text (old files), then "…"

# JSON files: GeoJSON (core/geo/geojson_read.py) and checklist templates (core/checklists/templates.py).
JSON_MAX_DEPTH = 32  # nested arrays/objects (a MultiPolygon feature needs 8, a template 7)
JSON_MAX_NUMBER_CHARS = 40  # characters of one number ("118.123456789" has 13)
GEOJSON_MAX_BYTES = 64 * MB  # a GeoJSON file on disk
GEOJSON_MAX_VERTICES = 20_000  # positions in one feature's geometry (a real boundary has hundreds)
TEMPLATE_MAX_BYTES = 2 * MB  # a checklist template file (the shipped ones are about 30 KB)
TEMPLATE_MAX_ITEMS = 2_000  # items in one template (the shipped ones have about 40)
TEMPLATE_MAX_VERSION = 1_000_000  # a template's version number

# Report options (core/reports/options.py).
DOC_NUMBER_MAX_CHARS = 100  # a document number pattern
