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
