"""What `check` remembers of the checks of a file on this computer, for `check --quick`.

Photos are immutable: once a check has hashed a photo's original and found it whole, a quick
check hashes only the photos added after it. The record is kept in the user's data folder, not
in the project (check only reads the project): per file, its identity on disk (a restored or
copied file is a new file, checked in full), the last photo_data row hashed whole and that row's
uuid, and when the last full check was made.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from retrofit_app.core.settings import data_dir

_FILE = "checks.json"


@dataclass(frozen=True)
class CheckRecord:
    identity: str  # device and inode of the file when it was checked
    photos_upto: int  # photo_data rows up to this one were hashed whole
    upto_uuid: str  # that row's uuid: the same rows are still there
    full_at: str  # local time of the last full check ("" when none was made)


def identity(path: Path) -> str:
    found = Path(path).stat()
    return f"{found.st_dev}:{found.st_ino}"


def _records() -> dict[str, dict]:
    try:
        found = json.loads((data_dir() / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _key(path: Path) -> str:
    return str(Path(path).resolve())


def earlier(path: Path) -> CheckRecord | None:
    """The record of this very file (same place, same file on disk), if any."""
    found = _records().get(_key(path))
    try:
        record = CheckRecord(**found) if isinstance(found, dict) else None
    except TypeError:
        return None
    return record if record and record.identity == identity(path) else None


def remember(path: Path, record: CheckRecord) -> None:
    """Kept for the next quick check (files no longer there forgotten); a record that cannot be
    written only makes the next quick check hash more."""
    records = {key: found for key, found in _records().items() if Path(key).exists()}
    records[_key(path)] = asdict(record)
    target = data_dir() / _FILE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{_FILE}.{os.getpid()}.part")
        partial.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        pass


def now() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
