"""Timestamps as the project file stores them (ISO 8601, UTC, seconds)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown_minute(stamp: str) -> str:
    """A stored timestamp as a sentence shows it: "2026-12-01 18:02" in this computer's time;
    the text itself when it is no timestamp."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return f"{when:%Y-%m-%d %H:%M}"
