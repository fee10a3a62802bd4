"""Personal columns a field copy carries masked or blank, and the office's full values put back in a merge.

A field copy carries owners' ID and phone numbers masked by default
(privacy.PERSONAL_NUMBERS), blank with "no personal data", in full only when
asked. Its app_meta records which (MASKED_KEY). When the copy comes back, a
masked number the field did not touch must not overwrite the office's full
number, and a number the field typed must come through. So before the merge
compares anything, restore_office_values puts the office's full value back in
its scratch copies of the base and the field copy wherever a column still holds
just what the package was given of it: the untouched number is then no change
at all, and a number the field changed is a change from the office's value.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from retrofit_app.core.exchange.store.scratch_copies import file_meta, put_back_office_values
from retrofit_app.core.privacy import OWNER_DRAWINGS, PERSONAL_NUMBERS

MASKED_KEY = "package_masked_columns"
MASKED, BLANK = "masked", "blank"
# The schema version from which audit entries are masked when written (migrations.py).
_AUDIT_MASKED_SINCE = 2
# Packages made before MASKED_KEY said only this: "0" had the numbers blanked, "1" full.
_OLD_PERSONAL_KEY = "package_personal_data"
# Owners' drawings (privacy.OWNER_DRAWINGS) are left out of a copy without personal data.
# Signatures are never changed, only withdrawn: the office keeps its drawings through a merge.
DRAWINGS = {key: blank for key, (blank, _rows) in OWNER_DRAWINGS.items()}


def column_rules(*, personal_data: bool, full_numbers: bool) -> dict[str, str]:
    """{"table.column": MASKED or BLANK} for a package made with these choices."""
    if personal_data and full_numbers:
        return {}
    rule = MASKED if personal_data else BLANK
    rules = {f"{table}.{column}": rule for table, column in PERSONAL_NUMBERS}
    if not personal_data:
        rules.update({f"{table}.{column}": BLANK for table, column in DRAWINGS})
    return rules


def rules_of(meta: dict[str, str]) -> dict[str, str]:
    """The column rules a package's app_meta records (only known columns and rules are kept)."""
    if MASKED_KEY not in meta:  # an old package: numbers only (it knew no signatures)
        blank = meta.get(_OLD_PERSONAL_KEY) == "0"
        return {f"{t}.{c}": BLANK for t, c in PERSONAL_NUMBERS} if blank else {}
    try:
        found = json.loads(meta[MASKED_KEY])
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    allowed: dict[str, tuple[str, ...]] = {f"{t}.{c}": (MASKED, BLANK) for t, c in PERSONAL_NUMBERS}
    allowed.update({f"{t}.{c}": (BLANK,) for t, c in DRAWINGS})  # a drawing is never "masked"
    return {k: v for k, v in found.items() if k in allowed and v in allowed[k]}


def as_sent(rule: str, table: str, column: str, value: Any) -> Any:
    """What a package made under `rule` holds for the office's `value`."""
    if rule == BLANK:
        return DRAWINGS.get((table, column), "")
    return PERSONAL_NUMBERS[table, column](value)


def restore_office_values(base: Path, field: Path, office: Path) -> None:
    """In the merge's scratch copies `base` and `field`, put the office's value back wherever a
    masked or blanked column holds just what the package was given of it.

    The rules are read from the base: it is the office's own snapshot of the
    package (its hash checked), so the field cannot declare other columns masked.
    A copy handed out before schema 2 has its audit entries masked in both scratch
    copies, as the office's and the migrated field copy's are: no audit change.
    """
    meta = file_meta(base)
    rules = rules_of(meta)
    audit_unmasked = int(meta.get("schema_version") or 0) < _AUDIT_MASKED_SINCE
    if not rules and not audit_unmasked:
        return
    sent = functools.lru_cache(maxsize=None)(as_sent)  # each office value masked once for both
    for copy in (base, field):
        put_back_office_values(copy, office, rules, sent, mask_audit=audit_unmasked)
